// PLACEHOLDER: the aliyun adapter (see ARCHITECTURE.md); replaced by its implementation.
