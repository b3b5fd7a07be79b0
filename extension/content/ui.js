// PLACEHOLDER: ui.js of the content scripts; replaced by its implementation.
