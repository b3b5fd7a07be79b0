// PLACEHOLDER: the gmail adapter (see ARCHITECTURE.md); replaced by its implementation.
