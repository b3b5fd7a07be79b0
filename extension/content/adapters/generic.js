// PLACEHOLDER: the generic adapter (see ARCHITECTURE.md); replaced by its implementation.
