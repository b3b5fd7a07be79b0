// PLACEHOLDER: textmap.js of the content scripts; replaced by its implementation.
