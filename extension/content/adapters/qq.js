// PLACEHOLDER: the qq adapter (see ARCHITECTURE.md); replaced by its implementation.
