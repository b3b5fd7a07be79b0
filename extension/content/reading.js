// Messages the user reads (not compose windows): a bounce opened in the webmail gets a
// diagnosis card (per recipient: hard or soft, the reason, what to do), and a message's raw
// source (Gmail's "Show original" page) gets the raw-message report (score out of 10 and its
// deductions).
//
// The adapter says where such a message is (`readingViews(doc, seen)` → `{root, kind, raw, insert?}`, skipping the roots in `seen`);
// this script sends the message's text to the service worker, which reads it in the browser:
// nothing of it leaves the machine (the report's DNS lookups send domain names and IPs only).
// The card lives in a closed shadow root in our own host element, appended to the view's root:
// the page's DOM is never touched otherwise, and no HTML is ever parsed (Trusted Types pages).
'use strict';

(() => {
  const MH = globalThis.mailhint;
  if (!MH?.adapters || !MH.ui) return;
  const adapter = MH.controller?.adapter ?? MH.adapters.find((a) => a.matches?.(location, document));
  if (!adapter?.readingViews) return;

  const CSS_TEXT = `
    :host { all: initial; display: block; margin: 12px 0; }
    .card { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans SC", sans-serif; color: #202124;
      border: 1px solid #dadce0; border-left: 4px solid #1a73e8; border-radius: 8px; padding: 10px 14px; background: #fff; max-width: 760px; }
    .card.hard { border-left-color: #d93025; } .card.soft { border-left-color: #f29900; }
    h2 { font-size: 14px; margin: 0 0 6px; font-weight: 600; }
    .brand { color: #5f6368; font-weight: 400; font-size: 12px; margin-left: 6px; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { padding: 6px 0; border-top: 1px solid #f1f3f4; } li:first-child { border-top: 0; }
    .kind { display: inline-block; font-size: 11px; font-weight: 600; border-radius: 4px; padding: 0 6px; margin-right: 6px; color: #fff; }
    .kind.hard { background: #d93025; } .kind.soft { background: #e37400; } .kind.not-a-bounce { background: #5f6368; }
    .who { font-weight: 600; } .reason { color: #5f6368; margin-left: 6px; }
    .meaning, .advice, .diag { margin: 3px 0 0; } .advice { font-weight: 500; }
    .diag { color: #5f6368; font-family: ui-monospace, monospace; font-size: 12px; overflow-wrap: anywhere; }
    .score { font-size: 22px; font-weight: 700; } .max { color: #5f6368; margin-left: 2px; }
    .points { display: inline-block; min-width: 3.2em; font-weight: 600; color: #d93025; }
    .muted { color: #5f6368; }
  `;
  // The badge's own helpers (ui.js, loaded before this script).
  const { el, styleAdopter } = MH.ui;
  const adoptStyles = styleAdopter(CSS_TEXT);

  /** A host element with a closed shadow root, put where the view says (else in its root). */
  function host(tag, view) {
    const node = document.createElement(tag);
    const shadow = node.attachShadow({ mode: 'closed' });
    adoptStyles(shadow);
    if (view.insert) view.insert(node);
    else view.root.append(node);
    return { node, shadow };
  }

  const KIND_KEYS = { hard: 'bounceKindHard', soft: 'bounceKindSoft', 'not-a-bounce': 'bounceKindNone' };

  /** The bounce card of a reading (`readBounce`'s answer). */
  function showBounce(view, reading) {
    const bounces = reading.bounces.filter((b) => b.kind !== 'not-a-bounce');
    const { node, shadow } = host('mailhint-bounce', view);
    const hard = bounces.some((b) => b.kind === 'hard');
    node.setAttribute('data-mailhint-kind', hard ? 'hard' : 'soft');
    node.setAttribute('data-mailhint-reasons', bounces.map((b) => b.reason).join(' '));
    const card = el('section', `card ${hard ? 'hard' : 'soft'}`);
    const title = el('h2', '', MH.t('bounceCardTitle'));
    title.append(el('span', 'brand', 'mailhint'));
    const list = el('ul');
    for (const b of bounces) {
      const item = el('li');
      const head = el('div');
      head.append(el('span', `kind ${b.kind}`, MH.t(KIND_KEYS[b.kind])), el('span', 'who', b.recipient || MH.t('bounceNoRecipient')), el('span', 'reason', b.reason));
      item.append(head, el('p', 'meaning', b.meaning), el('p', 'advice', b.advice));
      // The reply code once: most diagnostics begin with it.
      const codes = [b.status, b.diagnostic?.startsWith(b.reply_code ?? '\0') ? null : b.reply_code].filter(Boolean).join(' ');
      if (b.diagnostic || codes) item.append(el('p', 'diag', [codes, b.diagnostic].filter(Boolean).join('  ')));
      list.append(item);
    }
    card.append(title, list);
    shadow.append(card);
  }

  /** The raw-message report card (`message-report`'s answer). */
  function showReport(view, report) {
    const { node, shadow } = host('mailhint-report', view);
    node.setAttribute('data-mailhint-score', String(report.score));
    node.setAttribute('data-mailhint-codes', report.deductions.map((d) => d.code).join(' '));
    const card = el('section', 'card');
    const title = el('h2', '', MH.t('reportCardTitle'));
    title.append(el('span', 'brand', 'mailhint'));
    const score = el('p');
    score.append(el('span', 'score', report.score.toFixed(1)), el('span', 'max', MH.t('reportOutOf')));
    card.append(title, score);
    if (!report.deductions.length) card.append(el('p', 'muted', MH.t('reportNoDeductions')));
    const list = el('ul');
    for (const d of report.deductions) {
      const item = el('li');
      item.append(el('span', 'points', `−${d.points.toFixed(1)}`), el('span', 'who', d.code), el('span', 'reason', d.message));
      list.append(item);
    }
    card.append(list);
    // Lookups that failed: the score leaves those checks out, and says so.
    const unknown = report.facts?.unknown ?? [];
    if (unknown.length) card.append(el('p', 'muted', `${MH.t('reportUnknown')} ${unknown.join('; ')}`));
    card.append(el('p', 'muted', MH.t('reportDkimNote')));
    shadow.append(card);
  }

  /** Roots the adapter looked at already (a view's card is made once, and a message that is
   * no bounce is not read again on every change of the page). */
  const seen = new WeakSet();

  async function read(view) {
    let raw;
    try {
      raw = await view.raw();
    } catch {
      return;
    }
    if (typeof raw !== 'string' || !raw.trim() || !view.root.isConnected) return;
    const lang = MH.lang();
    if (view.kind === 'source') {
      const answer = await MH.send({ type: 'message-report', raw, lang });
      if (answer?.report && view.root.isConnected) showReport(view, answer.report);
      return;
    }
    const answer = await MH.send({ type: 'read-bounce', raw, lang });
    if (answer?.bounce?.is_bounce && view.root.isConnected) showBounce(view, answer.bounce);
  }

  function scan() {
    let views = [];
    try {
      views = adapter.readingViews(document, seen) ?? [];
    } catch {
      return;
    }
    for (const view of views) {
      seen.add(view.root);
      read(view);
    }
  }

  let timer = 0;
  const observer = new MutationObserver(() => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = 0;
      scan();
    }, 300);
  });
  (async () => {
    await MH.refreshLang?.();
    observer.observe(document.body ?? document.documentElement, { childList: true, subtree: true });
    scan();
  })();
})();
