// A hostile page's script (hostile-page.test.mjs): every way a web page might try to drive the
// mailhint extension. `globalThis.attack(extensionId)` runs them all and says what each got; the
// test then checks, on the extension's side, that nothing happened.
'use strict';

/** Names the page would like the extension to look up or switch on. */
const PAGE_CHOSEN = 'page-chosen.example';
const EVIL_ORIGIN = 'https://evil.example';

/** Every message shape the router knows, filled with the page's wishes. */
const MESSAGES = [
  { type: 'check-draft', draft: { subject: 'x', to: [`ceo@${PAGE_CHOSEN}`], text: 'x' }, dns: 'wait' },
  { type: 'domain-check', domain: PAGE_CHOSEN },
  { type: 'message-report', raw: `From: a@${PAGE_CHOSEN}\r\nTo: b@${PAGE_CHOSEN}\r\nSubject: x\r\n\r\nx\r\n` },
  { type: 'read-bounce', raw: 'x' },
  { type: 'report-updated', grade: 0, codes: ['S01'], senderDomain: PAGE_CHOSEN },
  { type: 'tab-report', tabId: 1 },
  { type: 'site-status', url: EVIL_ORIGIN },
  { type: 'site-requested', origin: EVIL_ORIGIN },
  { type: 'enable-site', origin: EVIL_ORIGIN },
  { type: 'disable-site', origin: 'https://mail.google.com' },
  { type: 'rule-docs', lang: 'en' },
  { type: 'timing' },
  { type: 'version' },
];

/** Runs `task` and says how it ended, in a word the test can compare. */
async function outcome(task) {
  try {
    const answer = await task();
    return `answered ${JSON.stringify(answer)}`;
  } catch (error) {
    return `threw ${error?.name ?? 'Error'}`;
  }
}

globalThis.attack = async (extensionId) => {
  const results = {};
  const runtime = globalThis.chrome?.runtime;
  results.runtime = typeof runtime?.sendMessage === 'function' ? 'messaging exposed' : 'no messaging';
  // 1. The extension's own channel, naming its id (needs `externally_connectable`, absent).
  results.sendMessage = [];
  for (const message of MESSAGES) {
    results.sendMessage.push(await outcome(() => runtime.sendMessage(extensionId, message)));
  }
  results.connect = await outcome(() => {
    const port = runtime.connect(extensionId, { name: 'domain-check' });
    port.postMessage({ domain: PAGE_CHOSEN });
    return 'connected';
  });
  // 2. Messages posted to the window, in the router's shapes and wrapped as a relay might expect.
  for (const message of MESSAGES) {
    window.postMessage(message, '*');
    window.postMessage({ source: 'mailhint', message }, '*');
    window.postMessage(JSON.stringify(message), '*');
    document.getElementById('inner').contentWindow.postMessage(message, '*');
  }
  // 3. Forged DOM events: the ones the content script listens to, on the compose window, the
  //    document and the window, and custom events named after the extension.
  const compose = document.getElementById('plain');
  const body = compose.querySelector('textarea');
  for (const type of ['input', 'change', 'paste', 'drop', 'load', 'scroll', 'resize']) {
    for (const target of [body, compose, document, window]) target.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
  }
  for (const name of ['mailhint', 'mailhint:check', 'mailhint:settings', 'mailhint-message', 'check-draft']) {
    document.dispatchEvent(new CustomEvent(name, { detail: MESSAGES[0], bubbles: true, composed: true }));
  }
  // 4. The hint UI: its host is ours to see, its inside is not.
  const badge = document.querySelector('mailhint-badge');
  results.badge = badge ? 'present' : 'absent';
  results.shadowRoot = badge ? String(badge.shadowRoot) : 'no badge';
  results.openShadow = badge ? await outcome(() => badge.attachShadow({ mode: 'open' })) : 'no badge';
  if (badge) {
    // Forged clicks and keys on the host: the buttons inside are out of the page's reach.
    badge.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    badge.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
  }
  // 5. The content scripts' namespace lives in their isolated world.
  results.namespace = typeof globalThis.mailhint;
  // 6. The extension's pages, framed (not web-accessible: the browser refuses).
  const framed = document.createElement('iframe');
  framed.src = `chrome-extension://${extensionId}/extension/options/options.html`;
  document.body.append(framed);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  results.framedOptions = await outcome(() => framed.contentWindow.document.body.textContent.slice(0, 40));
  return results;
};
