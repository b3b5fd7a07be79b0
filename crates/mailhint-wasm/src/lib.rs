//! The WebAssembly binding of `mailhint-core` for the browser extension's service worker.
//!
//! One coarse call per user action, results as plain JS objects (serde-wasm-bindgen's
//! JSON-compatible serializer, so they go straight into `postMessage` and storage), errors as
//! JS exceptions. No logic lives here.

use mailhint_core::{Lang, Mode, Options};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Options the extension passes: mode (`"one-to-one"` or `"campaign"`, or none for the draft's
/// own), language (`"en"` or `"zh-CN"`), and the codes of rules switched off.
fn options(mode: Option<String>, lang: Option<String>, disabled: Option<Vec<String>>) -> Result<Options, JsError> {
    let mode = match mode.as_deref() {
        None | Some("") => None,
        Some(m) => Some(Mode::parse(m).ok_or_else(|| JsError::new(&format!("unknown mode {m:?}")))?),
    };
    let lang = lang.as_deref().and_then(Lang::parse).unwrap_or_default();
    Ok(Options { mode, lang, only: None, disabled: disabled.unwrap_or_default() })
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

/// Lints a draft given as the extension's JSON (see `mailhint_core::input`); returns the report.
#[wasm_bindgen(js_name = checkDraft)]
pub fn check_draft(
    draft_json: &str,
    mode: Option<String>,
    lang: Option<String>,
    disabled: Option<Vec<String>>,
) -> Result<JsValue, JsError> {
    let report = mailhint_core::check_bytes(draft_json.as_bytes(), &options(mode, lang, disabled)?)
        .map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&report)
}

/// Lints a raw RFC 5322 message (a dropped `.eml`); returns the report.
#[wasm_bindgen(js_name = checkRaw)]
pub fn check_raw(
    raw: &[u8],
    mode: Option<String>,
    lang: Option<String>,
    disabled: Option<Vec<String>>,
) -> Result<JsValue, JsError> {
    let report =
        mailhint_core::check_bytes(raw, &options(mode, lang, disabled)?).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&report)
}

/// Every rule's documentation in `lang`, in catalog order.
#[wasm_bindgen(js_name = ruleDocs)]
pub fn rule_docs(lang: Option<String>) -> Result<JsValue, JsError> {
    let lang = lang.as_deref().and_then(Lang::parse).unwrap_or_default();
    let docs: Vec<_> = mailhint_core::rules::all().map(|r| r.describe(lang)).collect();
    to_js(&docs)
}

/// The version of the core, for the extension's about box.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
