// The Gmail adapter (mail.google.com).
//
// Gmail's class names are obfuscated and change; its attributes are stabler. The adapter reads
// compose windows through the attributes Gmail's own markup relies on (`g_editable`,
// `name=subjectbox`, `name=from`, `data-hovercard-id`, `role`), and keeps the few class names
// that have been stable for years (`M9`, `AD`, `Ap`, `dL`/`vI`/`vJ`) as alternatives, never as
// the only way. It never depends on a label text: the UI is localised.
//
// Compose shapes: the popup window (`div.AD` in the bottom "mole" area, a `[role=dialog]`),
// the full-screen compose (the same `[role=dialog]` in a different container) and the inline
// reply or forward under a message (`.M9` inside the thread's message view `.ip`/`.AO`).
'use strict';

(() => {
  const MH = globalThis.mailhint;
  if (!MH?.registerAdapter) return;

  /** The editable body inside a compose root, most specific selector first. */
  const BODY_SELECTORS = ['.Ap [g_editable="true"]', '[g_editable="true"][contenteditable="true"]', 'div[contenteditable="true"][role="textbox"]', 'div[contenteditable="true"]'];

  /** Candidate compose roots: Gmail's compose class, then the popup/full-screen dialog. */
  const ROOT_SELECTORS = ['.M9', '.AD', '[role="dialog"]'];

  /** Address in a chip's attributes or text. */
  const ADDRESS = /[^\s<>"',;]+@[^\s<>"',;]+\.[^\s<>"',;]+/;

  /**
   * Parses Gmail's attachment size label ("(183K)", "1.2 MB", "183 KB") into bytes.
   * @param {string} label
   * @returns {number|undefined}
   */
  function parseSize(label) {
    const match = /([\d.,]+)\s*([KMG]?)(?:i?B)?/i.exec(label ?? '');
    if (!match) return undefined;
    const value = Number(match[1].replace(',', '.'));
    if (!Number.isFinite(value)) return undefined;
    const unit = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[match[2].toUpperCase()];
    return Math.round(value * unit);
  }

  /** Whether an element is rendered (Gmail keeps closed compose windows in the DOM, hidden). */
  const shown = (element) => !!element && element.getClientRects().length > 0;

  const adapter = {
    id: 'gmail',

    matches(location) {
      return location.hostname === 'mail.google.com';
    },

    findComposes(doc) {
      const roots = new Set();
      for (const selector of ROOT_SELECTORS) {
        for (const candidate of doc.querySelectorAll(selector)) {
          if (!adapter.body(candidate)) continue;
          // The popup's dialog, its `.AD` window and its `.M9` compose all hold the same editor;
          // the filter below keeps the innermost of them, the compose itself.
          roots.add(candidate);
        }
      }
      const list = [...roots].filter((root) => {
        if (!shown(adapter.body(root))) return false;
        // Drop a candidate when a candidate inside it already covers the same editor.
        return ![...roots].some((other) => other !== root && root.contains(other) && adapter.body(other) === adapter.body(root));
      });
      return list;
    },

    body(root) {
      for (const selector of BODY_SELECTORS) {
        const body = root.querySelector(selector);
        if (body) return body;
      }
      return null;
    },

    subject(root) {
      return root.querySelector('input[name="subjectbox"]') ?? root.querySelector('input[name="subject"]');
    },

    recipients(root) {
      /** @type {{address: string, element: Element, field: string}[]} */
      const found = [];
      const seen = new Set();
      const add = (address, element, field) => {
        const clean = (address ?? '').trim();
        if (!ADDRESS.test(clean) || seen.has(`${field}:${clean.toLowerCase()}`)) return;
        seen.add(`${field}:${clean.toLowerCase()}`);
        found.push({ address: clean, element, field });
      };
      for (const field of ['to', 'cc', 'bcc']) {
        // Peoplekit chips (2021+): the address is in `data-hovercard-id`; the listbox variant
        // also carries it on `[role=option]` with `data-name` for the display name.
        for (const chip of root.querySelectorAll(`[name="${field}"] [data-hovercard-id]`)) {
          add(chip.getAttribute('data-hovercard-id'), chip, field);
        }
        // The legacy recipient field keeps each address in a hidden input beside its chip.
        for (const input of root.querySelectorAll(`input[type="hidden"][name="${field}"]`)) {
          add(input.value, input.closest('.vR') ?? input.parentElement ?? input, field);
        }
      }
      return found;
    },

    /**
     * The attachment chips with their file names (optional adapter method: the controller
     * marks the chip a finding about an attachment names).
     * @returns {{name: string, element: Element}[]}
     */
    attachmentElements(root) {
      const chips = [];
      for (const element of root.querySelectorAll('div.dL')) {
        const name = element.querySelector('div.vI')?.textContent.trim();
        if (name) chips.push({ name, element });
      }
      return chips;
    },

    anchor(root) {
      return adapter.body(root) ?? root;
    },

    /** The draft as the core's JSON draft format, from the DOM only. */
    read(root) {
      const body = adapter.body(root);
      const subject = adapter.subject(root)?.value ?? '';
      const recipients = adapter.recipients(root);
      const names = new Map();
      for (const chip of root.querySelectorAll('[data-hovercard-id][data-name]')) {
        names.set(chip.getAttribute('data-hovercard-id'), chip.getAttribute('data-name'));
      }
      const mailbox = ({ address }) => {
        const name = names.get(address);
        return name && name !== address ? { name, address } : address;
      };
      const byField = (field) => recipients.filter((r) => r.field === field).map(mailbox);

      /** @type {{src: string, bytes?: number}[]} */
      const images = [];
      const dataImages = new Map();
      const html = body ? MH.textmap.serialise(body, (src, bytes) => dataImages.set(src, bytes)) : '';
      if (body) {
        for (const img of body.querySelectorAll('img[src]')) {
          const src = img.getAttribute('src');
          if (src.startsWith('data:')) {
            const short = `${src.slice(0, Math.min(src.indexOf(',') + 1, 64))}…`;
            images.push({ src: short, bytes: dataImages.get(short) });
          } else {
            images.push({ src });
          }
        }
      }

      const attachments = adapter.attachmentElements(root).map(({ name, element }) => {
        const size = parseSize(element.querySelector('div.vJ')?.textContent);
        return size === undefined ? { name } : { name, size };
      });

      /** @type {Record<string, unknown>} */
      const draft = { subject, kind: adapter.kind(root, subject), to: byField('to'), cc: byField('cc'), bcc: byField('bcc') };
      // Gmail's plain-text mode keeps a contenteditable; a textarea is read as text all the same.
      if (body?.tagName === 'TEXTAREA') draft.text = /** @type {HTMLTextAreaElement} */ (body).value;
      else draft.html = html;
      const from = root.querySelector('input[name="from"]')?.value?.trim();
      if (from) draft.from = from;
      if (attachments.length) draft.attachments = attachments;
      if (images.length) draft.images = images.slice(0, 50);
      return draft;
    },

    /**
     * New message, reply or forward. An inline compose under a message is an answer to it; a
     * popup is new unless its subject carries a reply or forward prefix (Gmail prefills one, in
     * the account's language) or the body quotes an earlier message.
     */
    kind(root, subject) {
      if (/^\s*(fwd?|wg|tr|转发|轉寄|轉發)\s*[:：]/i.test(subject)) return 'forward';
      if (/^\s*(re|aw|sv|antw|回复|答复|回覆)\s*[:：]/i.test(subject)) return 'reply';
      const inline = !root.closest('.AD') && !!root.closest('.ip, .AO, [role="listitem"]');
      if (inline) return 'reply';
      if (adapter.body(root)?.querySelector('.gmail_quote')) return 'reply';
      return 'new';
    },

    parseSize,

    /**
     * Messages being read: on the "Show original" page (`view=om`) the raw source in its
     * `pre#raw_message_text`, whose report goes above it; in a conversation, each open message
     * (`div.adn`: sender `span.gD[email]`, body `div.a3s`) that looks like a bounce, whose card
     * goes under its body. Only our host element is ever added, beside Gmail's own. A body in
     * `seen` was looked at before and is skipped (reading a body's text forces a layout); every
     * body looked at is added to it.
     * @param {Document} doc
     * @param {WeakSet<Element>} [seen]
     */
    readingViews(doc, seen = new WeakSet()) {
      const views = [];
      const params = new URLSearchParams(doc.location?.search ?? '');
      if (params.get('view') === 'om') {
        const pre = doc.querySelector('pre#raw_message_text, pre.raw_message_text') ?? (doc.querySelectorAll('pre').length === 1 ? doc.querySelector('pre') : null);
        if (pre?.parentElement && !seen.has(pre)) {
          seen.add(pre);
          views.push({ root: pre, kind: 'source', raw: () => pre.textContent ?? '', insert: (node) => pre.before(node) });
        }
        return views;
      }
      const subject = doc.querySelector('h2.hP')?.textContent ?? '';
      for (const message of doc.querySelectorAll('div.adn')) {
        const body = message.querySelector('div.a3s');
        if (!body?.parentElement || seen.has(body) || !shown(body)) continue;
        seen.add(body);
        const sender = message.querySelector('span.gD[email], [email]');
        const from = sender?.getAttribute('email') ?? '';
        const text = /** @type {HTMLElement} */ (body).innerText ?? body.textContent ?? '';
        if (!MH.looksLikeBounce(from, text) && !MH.looksLikeBounce(sender?.textContent ?? '', '')) continue;
        const name = sender?.getAttribute('name') ?? '';
        views.push({
          root: body,
          kind: 'bounce',
          raw: () => MH.messageOf({ from: name ? `${name} <${from}>` : from, subject, text }),
          insert: (node) => body.after(node),
        });
      }
      return views;
    },
  };

  MH.registerAdapter(adapter);
})();
