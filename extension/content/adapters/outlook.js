// PLACEHOLDER: the outlook adapter (see ARCHITECTURE.md); replaced by its implementation.
