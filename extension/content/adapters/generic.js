// The generic adapter, and the small DOM kit the other webmail adapters share.
//
// The generic adapter handles any webmail the user switched on from the popup (and is the last
// resort on known hosts whose UI changed): it treats every visible rich-text editor, large
// <textarea>, or same-origin editor iframe (designMode or a contenteditable body, the way
// TinyMCE, CKEditor 4 and most Chinese webmails build theirs) as one compose window. The approach
// follows Mailvelope's scan for editable areas. It reads only the DOM and never writes to it.
//
// The kit is published as `mailhint.adapterKit`. This file is the last adapter in the manifest,
// so the other adapters (loaded before it) use the kit only inside their methods, which the
// controller calls after every content script has run; they never touch it at load time.
'use strict';

(() => {
  const MH = globalThis.mailhint;
  if (!MH) return;

  /**
   * @typedef {{address: string, element: Element}} Recipient
   * @typedef {{name: string, size?: number, type?: string}} Attachment
   */

  /**
   * Words webmails use to label the subject field, in the UI languages our users meet. Matching
   * is done on `name`/`id` first; labels are only a fallback, and never English alone.
   */
  const SUBJECT_WORDS =
    /subject|主题|主題|主旨|标题|標題|betreff|objet|asunto|oggetto|assunto|onderwerp|件名|제목|тема|temat|konu|ämne|emne|aihe|predmet/i;

  /** An address somewhere in a string: the part in angle brackets first, else a bare token. */
  const ANGLE_ADDRESS = /<\s*([^<>\s]+@[^<>\s]+)\s*>/;
  const BARE_ADDRESS = /[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/;

  /** Editors are at least this big; smaller editable areas are one-line fields or tag inputs. */
  const MIN_EDITOR_HEIGHT = 40;
  const MIN_EDITOR_WIDTH = 120;

  /**
   * Whether an element takes up space on screen now. Hidden compose tabs (NetEase, Outlook) and
   * templates kept in the DOM are skipped this way.
   * @param {Element | null | undefined} el
   */
  function isVisible(el) {
    if (!el || !el.isConnected) return false;
    if (el.getClientRects().length === 0) return false;
    const view = el.ownerDocument.defaultView;
    return !view || view.getComputedStyle(el).visibility !== 'hidden';
  }

  /**
   * The document of a same-origin iframe, or null. Cross-origin frames throw or return null;
   * both are expected (ads, sandboxed previews) and mean "not an editor we can read".
   * @param {Element} iframe
   * @returns {Document | null}
   */
  function frameDocument(iframe) {
    try {
      return /** @type {HTMLIFrameElement} */ (iframe).contentDocument ?? null;
    } catch {
      return null;
    }
  }

  /**
   * The editable body of an editor iframe (designMode on, or a contenteditable body), or null.
   * @param {Element | null | undefined} iframe
   * @returns {HTMLElement | null}
   */
  function iframeEditorBody(iframe) {
    if (!iframe || iframe.localName !== 'iframe') return null;
    const doc = frameDocument(iframe);
    const body = doc?.body;
    if (!doc || !body) return null;
    return doc.designMode === 'on' || body.isContentEditable ? body : null;
  }

  /**
   * The draft's HTML, serialised from the DOM. `getHTML()` (Chrome 125, Firefox 128) serialises
   * the children the way the editor would send them; older Chromium falls back to XMLSerializer,
   * whose XHTML namespaces the core's HTML parser ignores.
   * @param {Element} el
   */
  function htmlOf(el) {
    if (typeof el.getHTML === 'function') return el.getHTML();
    const serializer = new XMLSerializer();
    return Array.from(el.childNodes, (n) => serializer.serializeToString(n)).join('');
  }

  /**
   * The body part of a draft: `html` for rich editors, `text` for a plain <textarea>.
   * @param {Element | null} body
   * @returns {{html?: string, text?: string}}
   */
  function bodyPart(body) {
    if (!body) return {};
    if (body.localName === 'textarea') return { text: /** @type {HTMLTextAreaElement} */ (body).value };
    return { html: htmlOf(body) };
  }

  /**
   * The address found in a string ("Maria <m@x.example>", "<m@x.example>", "m@x.example"), or ''.
   * @param {string | null | undefined} s
   */
  function addressIn(s) {
    if (!s) return '';
    const m = ANGLE_ADDRESS.exec(s) ?? BARE_ADDRESS.exec(s);
    return m ? (m[1] ?? m[0]).trim() : '';
  }

  /**
   * The address a recipient chip carries: its data attributes first (stable, unlocalised), then
   * its title, its accessible name and its text. Chips that show only a display name yield '',
   * and callers leave them out rather than send a name that the core would call invalid.
   * @param {Element} el
   */
  function chipAddress(el) {
    for (const attr of ['data-email', 'data-address', 'data-hovercard-id', 'addr', 'email', 'title', 'aria-label']) {
      const found = addressIn(el.getAttribute(attr));
      if (found) return found;
    }
    const text = addressIn(el.textContent);
    if (text) return text;
    // Chips that render a display name often keep the address on an inner element's tooltip.
    for (const inner of el.querySelectorAll('[data-email],[title],[aria-label]')) {
      for (const attr of ['data-email', 'title', 'aria-label']) {
        const found = addressIn(inner.getAttribute(attr));
        if (found) return found;
      }
    }
    return '';
  }

  /**
   * The draft kind told by the subject's prefix ("Re:", "回复：", "Fwd:", "转发：", "AW:", "WG:"),
   * or undefined for a new message. Webmails mark replies in localised text only, and the
   * prefix is the one signal they all share.
   * @param {string | null | undefined} subject
   * @returns {'reply' | 'forward' | undefined}
   */
  function kindFromSubject(subject) {
    const s = (subject ?? '').trim();
    if (/^(re|aw|sv|vs|antw|回复|回覆|答复|答覆)\s*[:：]/i.test(s)) return 'reply';
    if (/^(fw|fwd|wg|tr|rv|转发|轉寄|轉發)\s*[:：]/i.test(s)) return 'forward';
    return undefined;
  }

  /**
   * Recipients read from chip elements, deduplicated by element.
   * @param {Iterable<Element>} chips
   * @returns {Recipient[]}
   */
  function recipientsFrom(chips) {
    /** @type {Recipient[]} */
    const out = [];
    const seen = new Set();
    for (const element of chips) {
      if (seen.has(element)) continue;
      seen.add(element);
      const address = chipAddress(element);
      if (address) out.push({ address, element });
    }
    return out;
  }

  /**
   * A size as webmails print it ("1.2 MB", "(350K)", "2,5 Mo", "12 字节") in bytes, or undefined.
   * @param {string | null | undefined} s
   */
  function parseSize(s) {
    const m = /(\d+(?:[.,]\d+)?)\s*(bytes?|字节|[kmg]i?b?|[kmg]o|o|b)?(?![a-z])/i.exec(s ?? '');
    if (!m) return undefined;
    const value = Number(m[1].replace(',', '.'));
    const unit = (m[2] ?? 'b').toLowerCase()[0];
    const scale = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[unit] ?? 1;
    return Number.isFinite(value) ? Math.round(value * scale) : undefined;
  }

  /**
   * A MIME type guessed from a file name, for the rules on risky attachment types. The core also
   * looks at the extension itself, so unknown types are simply left out.
   * @param {string} name
   */
  function mimeOf(name) {
    const ext = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase();
    const known = {
      pdf: 'application/pdf', zip: 'application/zip', rar: 'application/vnd.rar', '7z': 'application/x-7z-compressed',
      doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      xls: 'application/vnd.ms-excel', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', exe: 'application/x-msdownload',
    };
    return ext ? known[ext] : undefined;
  }

  /**
   * One attachment entry of the draft format; size and type only when known.
   * @param {string} name
   * @param {string | null | undefined} sizeText
   * @returns {Attachment | null}
   */
  function attachment(name, sizeText) {
    const clean = name.replace(/\s+/g, ' ').trim();
    if (!clean) return null;
    /** @type {Attachment} */
    const a = { name: clean };
    const size = parseSize(sizeText);
    if (size !== undefined) a.size = size;
    const type = mimeOf(clean);
    if (type) a.type = type;
    return a;
  }

  /**
   * How strongly an <input> looks like a subject field: stable attributes score higher than
   * visible labels.
   * @param {HTMLInputElement} input
   */
  function subjectScore(input) {
    if (!['', 'text', 'search'].includes(input.getAttribute('type') ?? '')) return 0;
    if (input.type === 'hidden' || input.disabled) return 0;
    if (SUBJECT_WORDS.test(input.name) || SUBJECT_WORDS.test(input.id)) return 3;
    const labels = [input.getAttribute('aria-label'), input.placeholder, input.title,
      input.closest('[aria-label]')?.getAttribute('aria-label'),
      ...Array.from(input.labels ?? [], (l) => l.textContent)];
    return labels.some((l) => l && SUBJECT_WORDS.test(l)) ? 2 : 0;
  }

  /**
   * The subject <input> inside `scope`, by name/id, then by label in several languages.
   * @param {ParentNode | null | undefined} scope
   * @returns {HTMLInputElement | null}
   */
  function findSubject(scope) {
    if (!scope) return null;
    let best = null;
    let bestScore = 0;
    for (const input of scope.querySelectorAll('input')) {
      const score = subjectScore(/** @type {HTMLInputElement} */ (input));
      if (score > bestScore) [best, bestScore] = [input, score];
    }
    return /** @type {HTMLInputElement | null} */ (best);
  }

  /**
   * The nearest ancestor of `el` that holds a subject field: the compose window's container on
   * most webmails. Stops at <body> so that one compose never borrows another page's field.
   * @param {Element} el
   * @returns {Element | null}
   */
  function composeContainer(el) {
    for (let node = el.parentElement; node && node.localName !== 'body'; node = node.parentElement) {
      if (findSubject(node)) return node;
    }
    return el.closest('form');
  }

  /** Recipient fields of unknown webmails: address inputs and chips carrying an address. */
  const RECIPIENT_SELECTOR = [
    'input[type=email]', 'input[name=to i]', 'input[name=cc i]', 'input[name=bcc i]',
    'input[name*=recipient i]', 'textarea[name=to i]', 'textarea[name=cc i]', 'textarea[name=bcc i]',
    '[data-email]', '[data-address]', '[title*="@"]',
  ].join(',');

  /**
   * The address field a recipient element belongs to, told by the field's `name` (`cc`, `_bcc`,
   * `mail-cc`); chips without one count as To.
   * @param {Element} el
   * @returns {'to' | 'cc' | 'bcc'}
   */
  function fieldOf(el) {
    const name = (el.closest('[name]')?.getAttribute('name') ?? '').toLowerCase();
    if (/(^|[_-])bcc$/.test(name)) return 'bcc';
    if (/(^|[_-])cc$/.test(name)) return 'cc';
    return 'to';
  }

  /**
   * Recipients from plain address fields ("a@x, b@y") and address-carrying chips in `scope`.
   * A field holding several addresses yields one entry per address, all marked on the field.
   * @param {ParentNode | null} scope
   * @returns {Recipient[]}
   */
  function genericRecipients(scope) {
    if (!scope) return [];
    /** @type {Recipient[]} */
    const out = [];
    /** @type {Element[]} */
    const taken = [];
    for (const el of scope.querySelectorAll(RECIPIENT_SELECTOR)) {
      // Links and tooltips inside the message itself are not recipients, and a chip counts once
      // even when both it and an inner element carry the address.
      if (el.localName === 'a' || el.closest('[contenteditable]:not([contenteditable=false])')) continue;
      if (taken.some((t) => t.contains(el))) continue;
      taken.push(el);
      if (el.localName === 'input' || el.localName === 'textarea') {
        const value = /** @type {HTMLInputElement} */ (el).value;
        for (const part of value.split(/[,;]/)) {
          const address = addressIn(part);
          if (address) out.push({ address, element: el });
        }
      } else {
        out.push(...recipientsFrom([el]));
      }
    }
    return out;
  }

  /**
   * Whether an element is big enough to be a message editor rather than a one-line field.
   * @param {Element} el
   */
  function editorSized(el) {
    const r = el.getBoundingClientRect();
    return r.height >= MIN_EDITOR_HEIGHT && r.width >= MIN_EDITOR_WIDTH;
  }

  /**
   * The editors of one document, as compose roots: outermost visible contenteditable elements,
   * writable <textarea>s, and same-origin editor iframes (whose element is the root).
   * @param {Document} doc
   * @returns {Element[]}
   */
  function findEditors(doc) {
    /** @type {Element[]} */
    const roots = [];
    for (const el of doc.querySelectorAll('[contenteditable]:not([contenteditable=false])')) {
      const html = /** @type {HTMLElement} */ (el);
      if (!html.isContentEditable || el === doc.body || el === doc.documentElement) continue;
      if (el.parentElement?.isContentEditable) continue; // Only the outermost editable element.
      if (isVisible(el) && editorSized(el)) roots.push(el);
    }
    for (const el of doc.querySelectorAll('textarea')) {
      const ta = /** @type {HTMLTextAreaElement} */ (el);
      // Address textareas (Roundcube's hidden originals, some legacy webmails) are not bodies.
      if (ta.disabled || ta.readOnly || ta.matches(RECIPIENT_SELECTOR)) continue;
      if (isVisible(ta) && editorSized(ta)) roots.push(ta);
    }
    for (const el of doc.querySelectorAll('iframe')) {
      if (isVisible(el) && editorSized(el) && iframeEditorBody(el)) roots.push(el);
    }
    return roots.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  }

  /**
   * The editable body behind a generic root (the root itself, or its iframe's body).
   * @param {Element} root
   * @returns {HTMLElement | null}
   */
  function editorBody(root) {
    if (!root.isConnected) return null;
    if (root.localName === 'iframe') return iframeEditorBody(root);
    return /** @type {HTMLElement} */ (root);
  }

  /**
   * A whole draft read by the generic heuristics around one editor root. Adapters that only know
   * part of a webmail's structure (Alibaba) use this too.
   * @param {Element} root
   */
  function genericRead(root) {
    const container = composeContainer(root);
    const subject = findSubject(container);
    const kind = kindFromSubject(subject?.value);
    /** @type {Record<string, unknown>} */
    const draft = {};
    if (subject) draft.subject = subject.value;
    for (const r of genericRecipients(container)) {
      const field = fieldOf(r.element);
      draft[field] = [...(/** @type {string[] | undefined} */ (draft[field]) ?? []), r.address];
    }
    if (kind) draft.kind = kind;
    return { ...draft, ...bodyPart(editorBody(root)) };
  }

  /**
   * The draft of an adapter that knows where each part is: the body's HTML or text, the subject,
   * recipients by field (`to`, `cc`, `bcc`), attachments, and reply or forward from the subject.
   * Empty parts are left out, as the core's JSON format allows.
   * @param {{ body: Element | null, subject?: string, fields?: Record<string, string[]>, attachments?: object[] }} parts
   */
  function draftOf({ body, subject, fields = {}, attachments = [] }) {
    /** @type {Record<string, unknown>} */
    const draft = { ...bodyPart(body) };
    if (subject !== undefined) draft.subject = subject;
    for (const [field, addresses] of Object.entries(fields)) if (addresses.length) draft[field] = addresses;
    if (attachments.length) draft.attachments = attachments;
    const kind = kindFromSubject(subject);
    if (kind) draft.kind = kind;
    return draft;
  }

  /**
   * The draft of a compose window from the adapter's own finders, for webmails whose chips do not
   * tell To from Cc (NetEase, QQ): every recipient counts as To.
   * @param {Element} root
   * @param {{ body: (root: Element) => Element | null, subject: (root: Element) => HTMLInputElement | null,
   *   recipients: (root: Element) => {address: string}[], attachments: (root: Element) => object[] }} finders
   */
  function draftFrom(root, { body, subject, recipients, attachments }) {
    return draftOf({
      body: body(root),
      subject: subject(root)?.value,
      fields: { to: recipients(root).map((r) => r.address) },
      attachments: attachments(root),
    });
  }

  MH.adapterKit = {
    SUBJECT_WORDS, isVisible, kindFromSubject, frameDocument, iframeEditorBody, htmlOf, bodyPart, addressIn, chipAddress,
    recipientsFrom, parseSize, attachment, findSubject, composeContainer, genericRecipients, findEditors,
    editorBody, genericRead, draftOf, draftFrom,
  };

  MH.registerAdapter({
    id: 'generic',
    // Content scripts only run on the webmails in the manifest and on the sites the user switched
    // on, so the generic adapter accepts any page; the controller tries it last.
    matches: () => true,
    findComposes: (document) => findEditors(document),
    read: (root) => genericRead(root),
    body: (root) => editorBody(root),
    subject: (root) => findSubject(composeContainer(root)),
    recipients: (root) => genericRecipients(composeContainer(root)),
    anchor: (root) => root,
  });
})();
