// PLACEHOLDER: the netease adapter (see ARCHITECTURE.md); replaced by its implementation.
