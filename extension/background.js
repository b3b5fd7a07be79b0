// The service worker: the only place the WebAssembly core runs (page CSPs block it in content
// scripts), and the one message router of the extension.
//
// The glue is imported statically: service workers forbid dynamic import().
import init, { checkDraft, checkRaw, ruleDocs, version } from './pkg/mailhint.js';

const ready = init({ module_or_path: new URL('./pkg/mailhint_bg.wasm', import.meta.url) });

/** Handlers by message type; each takes the message and returns a promise of the answer. */
const handlers = {
  async 'check-draft'({ draft, mode, lang, disabled }) {
    await ready;
    return { report: checkDraft(JSON.stringify(draft), mode ?? null, lang ?? null, disabled ?? null) };
  },
  async 'check-raw'({ raw, mode, lang, disabled }) {
    await ready;
    return { report: checkRaw(new TextEncoder().encode(raw), mode ?? null, lang ?? null, disabled ?? null) };
  },
  async 'rule-docs'({ lang }) {
    await ready;
    return { rules: ruleDocs(lang ?? null) };
  },
  async version() {
    await ready;
    return { version: version() };
  },
};

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only the extension's own pages and content scripts may ask.
  if (sender.id !== chrome.runtime.id) return false;
  const handler = handlers[message?.type];
  if (!handler) return false;
  handler(message).then(sendResponse, (error) => sendResponse({ error: String(error?.message ?? error) }));
  return true;
});
