// PLACEHOLDER: the roundcube adapter (see ARCHITECTURE.md); replaced by its implementation.
