// The Roundcube adapter: Roundcube 1.6 with the elastic skin (the default since 1.4), self-hosted,
// so it is recognised by its DOM and never by its host name. The user switches a Roundcube origin
// on from the popup; the content scripts then run there like on the built-in webmails.
//
// Roundcube opens one compose per document (a full page, or an "extwin" popup window), so there is
// at most one compose root: the compose <form>. The body is either the plain-text <textarea
// id="composebody"> or, in HTML mode, the body of TinyMCE's same-origin iframe `#composebody_ifr`.
// Everything is read from the DOM only: the page's own `rcmail` object lives in the page's world,
// which content scripts cannot see, and reading it would also tie us to Roundcube's internals.
'use strict';

(() => {
  /** The content scripts' namespace (namespace.js); absent if it failed to load. */
  const MH = /** @type {any} */ (globalThis).mailhint;
  if (!MH || typeof MH.registerAdapter !== 'function') return;

  /**
   * @typedef {{name: string, size?: number, type?: string}} DraftAttachment
   * @typedef {{src: string, bytes?: number}} DraftImage
   * @typedef {{name?: string, address: string}} DraftAddress
   * @typedef {{
   *   subject?: string, from?: string, to?: DraftAddress[], cc?: DraftAddress[], bcc?: DraftAddress[],
   *   reply_to?: DraftAddress[],
   *   kind?: 'new'|'reply'|'forward', html?: string, text?: string,
   *   attachments?: DraftAttachment[], images?: DraftImage[]
   * }} Draft
   */

  const SEL = {
    subject: 'input#compose-subject[name="_subject"]',
    plainBody: 'textarea#composebody[name="_message"]',
    isHtml: 'input[name="_is_html"]',
    editorFrame: 'iframe#composebody_ifr',
    bodyContainer: '#composebodycontainer',
    from: '#_from',
    attachments: '#attachment-list > li',
  };

  /** The recipient fields: the form field Roundcube submits, and the row holding its chip widget. */
  const RECIPIENT_FIELDS = /** @type {const} */ ([
    ['to', '#_to', '#compose_to'],
    ['cc', '#_cc', '#compose_cc'],
    ['bcc', '#_bcc', '#compose_bcc'],
    ['reply_to', '#_replyto', '#compose_replyto'],
  ]);

  /** Top-level MIME types, to tell Roundcube's `type subtype ext` item classes from other classes. */
  const MIME_TOP = new Set(['application', 'audio', 'font', 'image', 'message', 'model', 'multipart', 'text', 'video']);

  /** Elements whose content is never part of the message we score. */
  const SKIP_ELEMENTS = new Set(['SCRIPT', 'TEMPLATE', 'NOSCRIPT']);

  /** HTML void elements: serialised without a closing tag. */
  const VOID_ELEMENTS = new Set([
    'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr',
  ]);

  /**
   * data: URIs longer than this are replaced in the draft by a short stand-in plus their size: the
   * core only needs the type and the size, and a draft with a multi-megabyte picture would
   * otherwise be copied to the service worker on every analysis.
   */
  const DATA_URI_KEEP = 256;

  /**
   * The compose form, found from the subject field (its `form` is the compose form whatever the
   * skin calls its containers).
   * @param {Document} doc
   * @returns {HTMLFormElement|null}
   */
  function composeForm(doc) {
    const subject = /** @type {HTMLInputElement|null} */ (doc.querySelector(SEL.subject));
    const form = subject && subject.form;
    return form && form.querySelector(SEL.plainBody) ? form : null;
  }

  /**
   * Whether the compose is in HTML mode. Roundcube keeps the hidden `_is_html` field in sync with
   * the editor toggle; in HTML mode the textarea stays in the DOM but its value is stale.
   * @param {Element} root
   * @returns {boolean}
   */
  function isHtmlMode(root) {
    const flag = /** @type {HTMLInputElement|null} */ (root.querySelector(SEL.isHtml));
    return !!flag && flag.value === '1';
  }

  /**
   * TinyMCE's editable body inside its iframe, once TinyMCE has written it.
   * @param {Element} root
   * @returns {HTMLElement|null}
   */
  function editorBody(root) {
    const frame = /** @type {HTMLIFrameElement|null} */ (root.querySelector(SEL.editorFrame));
    let doc = null;
    try {
      doc = frame && frame.contentDocument;
    } catch {
      return null; // Never expected (the iframe is same-origin), but a cross-origin frame throws.
    }
    const body = doc && doc.body;
    return body && body.isContentEditable ? body : null;
  }

  /**
   * The reply/forward state. Roundcube only exposes it in its page data (`rcmail.env`), which the
   * page sets from an inline `rcmail.set_env({...})` script; that script's text is part of the DOM,
   * so it is read from there, once per document (it does not change while the compose is open).
   * The URL does not help: Roundcube redirects every compose to `?_action=compose&_id=…`.
   * `compose_mode` is "reply" or "forward" for a new reply or forward; a reopened draft has mode
   * "draft", and is a reply when it carries the original's Message-ID (`reply_msgid`). A reopened
   * forward cannot be told from the page and counts as new.
   * @type {WeakMap<Document, 'new'|'reply'|'forward'>}
   */
  const kinds = new WeakMap();
  /**
   * @param {Document} doc
   * @returns {'new'|'reply'|'forward'}
   */
  function composeKind(doc) {
    let kind = kinds.get(doc);
    if (kind) return kind;
    kind = 'new';
    for (const script of Array.from(doc.scripts)) {
      if (script.src) continue;
      const text = script.textContent || '';
      const mode = /"compose_mode"\s*:\s*"([a-z]+)"/.exec(text);
      if (mode && (mode[1] === 'reply' || mode[1] === 'forward')) {
        kind = mode[1];
        break;
      }
      if (/"reply_msgid"\s*:\s*"/.test(text)) kind = 'reply';
    }
    kinds.set(doc, kind);
    return kind;
  }

  /**
   * @param {string} s
   * @returns {string}
   */
  function escapeText(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;');
  }

  /**
   * @param {string} s
   * @returns {string}
   */
  function escapeAttr(s) {
    return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/\u00a0/g, '&nbsp;');
  }

  /**
   * Serialises the editor's children to HTML. The extension never touches the DOM's HTML-string
   * properties (a meta-test checks the source for them), and this walk also leaves out what
   * TinyMCE adds for its own use and strips when it sends: `data-mce-*` attributes, "bogus"
   * elements such as the `<br>` that keeps an empty paragraph open, selection bookmarks, and the
   * U+FEFF characters of its caret containers (which would otherwise read as hidden characters).
   * Large data: URIs are shortened (see DATA_URI_KEEP) and reported in `images`.
   * @param {Node} parent
   * @param {DraftImage[]} images  receives the inline images met on the way
   * @returns {string}
   */
  function serializeChildren(parent, images) {
    let out = '';
    for (let node = parent.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === Node.TEXT_NODE) {
        const text = (node.nodeValue || '').replace(/\uFEFF/g, '');
        const rawText = node.parentNode && node.parentNode.nodeName === 'STYLE';
        out += rawText ? text : escapeText(text);
        continue;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      const el = /** @type {Element} */ (node);
      if (SKIP_ELEMENTS.has(el.nodeName)) continue;
      const bogus = el.getAttribute('data-mce-bogus');
      if (bogus === 'all' || el.getAttribute('data-mce-type') === 'bookmark') continue;
      if (bogus !== null) {
        out += serializeChildren(el, images);
        continue;
      }
      const tag = el.localName;
      let attrs = '';
      for (const attr of Array.from(el.attributes)) {
        if (attr.name.startsWith('data-mce-')) continue;
        let value = attr.value;
        if (tag === 'img' && attr.name === 'src') value = imageSource(value, images);
        attrs += ` ${attr.name}="${escapeAttr(value)}"`;
      }
      if (tag === 'img' && !el.hasAttribute('src')) images.push({ src: '' });
      out += `<${tag}${attrs}>`;
      if (VOID_ELEMENTS.has(tag)) continue;
      out += serializeChildren(el, images) + `</${tag}>`;
    }
    return out;
  }

  /**
   * Records an inline image and returns the `src` to put in the draft's HTML.
   * @param {string} src
   * @param {DraftImage[]} images
   * @returns {string}
   */
  function imageSource(src, images) {
    const trimmed = src.trim();
    if (/^data:/i.test(trimmed) && trimmed.length > DATA_URI_KEEP) {
      const comma = trimmed.indexOf(',');
      const meta = comma > 0 ? trimmed.slice(0, comma) : 'data:';
      const payload = comma > 0 ? trimmed.slice(comma + 1).replace(/\s+/g, '') : '';
      const bytes = /;base64$/i.test(meta) ? Math.floor((payload.length * 3) / 4) : payload.length;
      // The index keeps two pictures of the same type apart: the core matches sizes by `src`.
      const stand = `${meta},mailhint-inline-${images.length}`;
      images.push({ src: stand, bytes });
      return stand;
    }
    images.push({ src: trimmed });
    return src;
  }

  /**
   * Parses Roundcube's displayed size, e.g. "(19 B)", "(1.2 MB)", "(3,4 Mo)"; the unit labels are
   * localised, so only the number and the unit's first letter are used. Sizes are approximate
   * (Roundcube rounds them), which is enough for size rules.
   * @param {string} text
   * @returns {number|undefined}
   */
  function parseSize(text) {
    const m = /(\d+(?:[.,]\d+)?)\s*([kmgt]?)/i.exec(text);
    if (!m) return undefined;
    const n = parseFloat(m[1].replace(',', '.'));
    const unit = m[2].toLowerCase();
    const scale = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : unit === 't' ? 1024 ** 4 : 1;
    return Math.round(n * scale);
  }

  /**
   * The attachments listed in the compose's attachment pane (it sits beside the form, in the
   * layout's sidebar, hence the document-wide lookup). An item still uploading shows a progress
   * label instead of the file's name and is skipped until the upload has finished.
   * @param {Document} doc
   * @returns {DraftAttachment[]}
   */
  function readAttachments(doc) {
    /** @type {DraftAttachment[]} */
    const out = [];
    for (const li of Array.from(doc.querySelectorAll(SEL.attachments))) {
      const nameEl = li.querySelector('.attachment-name');
      const name = ((nameEl && nameEl.textContent) || '').trim();
      if (!name) continue;
      /** @type {DraftAttachment} */
      const item = { name };
      const sizeEl = li.querySelector('.attachment-size');
      const size = sizeEl ? parseSize(sizeEl.textContent || '') : undefined;
      if (size !== undefined) item.size = size;
      // Roundcube classes each item "<type> <subtype> <extension>" after the file's MIME type.
      const [top, sub] = Array.from(li.classList);
      if (top && sub && MIME_TOP.has(top)) item.type = `${top}/${sub}`;
      out.push(item);
    }
    return out;
  }

  /**
   * The sender: the selected identity (a <select>), or the free-text From field some
   * configurations show instead.
   * @param {Element} root
   * @returns {string}
   */
  function readFrom(root) {
    const el = root.querySelector(SEL.from);
    if (el instanceof HTMLSelectElement) {
      const option = el.selectedOptions[0];
      return option ? (option.textContent || '').trim() : '';
    }
    if (el instanceof HTMLInputElement) return el.value.trim();
    return '';
  }

  /**
   * @typedef {{name: string, address: string, element: Element}} Recipient
   */

  /**
   * Splits an address list ("A <a@x>, b@y, ") at commas and semicolons outside quotes and angle
   * brackets.
   * @param {string} list
   * @returns {string[]}
   */
  function splitList(list) {
    /** @type {string[]} */
    const parts = [];
    let current = '';
    let quoted = false;
    let angle = false;
    for (const c of list) {
      if (c === '"') quoted = !quoted;
      else if (c === '<') angle = true;
      else if (c === '>') angle = false;
      else if ((c === ',' || c === ';') && !quoted && !angle) {
        parts.push(current);
        current = '';
        continue;
      }
      current += c;
    }
    parts.push(current);
    return parts.map((p) => p.trim()).filter(Boolean);
  }

  /**
   * Splits one entry, "Name <address>", '"Name" <address>' or a bare address, into its parts. An
   * unparsable entry is kept as the address, as written, so the core can flag it.
   * @param {string} entry
   * @returns {{name: string, address: string}}
   */
  function parseMailbox(entry) {
    const m = /^(.*?)<([^<>]*)>[,;\s]*$/.exec(entry.trim());
    if (!m) return { name: '', address: entry.replace(/[,;\s]+$/, '').trim() };
    return { name: m[1].trim().replace(/^"(.*)"$/, '$1').trim(), address: m[2].trim() };
  }

  /**
   * The recipients of one field, each with the element that shows it. Roundcube's elastic skin
   * shows a chip per committed address (`li.recipient`, "Name <address>" in its title when named)
   * and a text input for what is being typed; it copies both into the hidden form field only on
   * a separator key or on `change`, so that field lags while the user types. The widget is read
   * instead, the way Roundcube itself builds the field. Without the widget (other skins), the
   * field itself is the visible input and is read directly.
   * @param {Element} root
   * @param {string} fieldSel
   * @param {string} rowSel
   * @returns {Recipient[]}
   */
  function fieldRecipients(root, fieldSel, rowSel) {
    /** @type {Recipient[]} */
    const out = [];
    const row = root.querySelector(rowSel);
    const widget = row && row.querySelector('ul.recipient-input');
    if (widget) {
      for (const li of Array.from(widget.children)) {
        if (li.matches('li.recipient')) {
          const { name, address } = parseMailbox(li.getAttribute('title') || li.textContent || '');
          out.push({ name: name === address ? '' : name, address, element: li });
          continue;
        }
        const input = li.querySelector('input');
        if (!input) continue;
        for (const entry of splitList(input.value)) out.push({ ...parseMailbox(entry), element: input });
      }
      return out;
    }
    const field = /** @type {HTMLTextAreaElement|HTMLInputElement|null} */ (root.querySelector(fieldSel));
    if (!field) return out;
    for (const entry of splitList(field.value)) out.push({ ...parseMailbox(entry), element: field });
    return out;
  }

  MH.registerAdapter({
    id: 'roundcube',

    /**
     * Roundcube is self-hosted, so only its DOM identifies it: the compose form's fields, or on
     * other screens the skin's task classes on <body> together with a Roundcube-only element or
     * its application script.
     * @param {Location} _location
     * @param {Document} doc
     * @returns {boolean}
     */
    matches(_location, doc) {
      if (composeForm(doc)) return true;
      const body = doc.body;
      if (!body || !/(^|\s)task-[a-z]+(\s|$)/.test(body.className)) return false;
      return !!doc.querySelector('#rcmloginuser, #messagelist, script[src*="program/js/app"]');
    },

    /**
     * @param {Document} doc
     * @returns {Element[]}
     */
    findComposes(doc) {
      const form = composeForm(doc);
      return form ? [form] : [];
    },

    /**
     * @param {Element} root
     * @returns {Draft}
     */
    read(root) {
      const doc = root.ownerDocument;
      /** @type {Draft} */
      const draft = { kind: composeKind(doc) };
      const subject = /** @type {HTMLInputElement|null} */ (root.querySelector(SEL.subject));
      draft.subject = subject ? subject.value : '';
      const from = readFrom(root);
      if (from) draft.from = from;
      for (const [key, fieldSel, rowSel] of RECIPIENT_FIELDS) {
        const list = fieldRecipients(root, fieldSel, rowSel);
        // Objects rather than "Name <address>" text: a display name may itself hold a comma.
        if (list.length) draft[key] = list.map(({ name, address }) => (name ? { name, address } : { address }));
      }
      if (isHtmlMode(root)) {
        const body = editorBody(root);
        /** @type {DraftImage[]} */
        const images = [];
        // While TinyMCE is still starting there is no body yet: report an empty HTML body rather
        // than the textarea, whose content is stale in HTML mode.
        draft.html = body ? serializeChildren(body, images) : '';
        const sized = images.filter((i) => i.bytes !== undefined);
        if (sized.length) draft.images = sized;
      } else {
        const textarea = /** @type {HTMLTextAreaElement|null} */ (root.querySelector(SEL.plainBody));
        draft.text = textarea ? textarea.value : '';
      }
      const attachments = readAttachments(doc);
      if (attachments.length) draft.attachments = attachments;
      return draft;
    },

    /**
     * @param {Element} root
     * @returns {HTMLElement|null}
     */
    body(root) {
      if (isHtmlMode(root)) return editorBody(root);
      return /** @type {HTMLTextAreaElement|null} */ (root.querySelector(SEL.plainBody));
    },

    /**
     * @param {Element} root
     * @returns {HTMLInputElement|null}
     */
    subject(root) {
      return /** @type {HTMLInputElement|null} */ (root.querySelector(SEL.subject));
    },

    /**
     * One entry per recipient of To, Cc, Bcc and Reply-To. The element is the address's chip; an
     * address not yet committed into a chip (no comma or Enter yet) points at the field's input.
     * @param {Element} root
     * @returns {{address: string, element: Element}[]}
     */
    recipients(root) {
      return RECIPIENT_FIELDS.flatMap(([, fieldSel, rowSel]) =>
        fieldRecipients(root, fieldSel, rowSel).map(({ address, element }) => ({ address, element })),
      );
    },

    /**
     * The body's container: present in both modes, and placed where the user looks while typing.
     * @param {Element} root
     * @returns {Element}
     */
    anchor(root) {
      return root.querySelector(SEL.bodyContainer) || root;
    },

    /**
     * A message being read (the preview frame `_action=preview` or the page `_action=show`):
     * the body `#messagebody`, the sender in the header (`#message-header` in elastic,
     * `.headers-table` in larry). A bounce (sent by mailer-daemon or postmaster, a
     * delivery-status part in the attachment list, or DSN fields in the text) is read from its
     * source, which Roundcube serves to the user (`_action=viewsource`, same origin: the message
     * only comes from the server that already holds it); failing that, from what the view shows.
     * A body in `seen` was looked at before and is skipped; every body looked at is added.
     * @param {Document} doc
     * @param {WeakSet<Element>} [seen]
     */
    readingViews(doc, seen = new WeakSet()) {
      const body = doc.body;
      if (!body || !/(^|\s)action-(preview|show)(\s|$)/.test(body.className)) return [];
      const content = doc.querySelector('#messagebody');
      if (!content?.parentElement || seen.has(content)) return [];
      seen.add(content);
      const header = doc.querySelector('#message-header, .headers-table, #messageheader') ?? doc;
      const sender = header.querySelector('.from a[href^="mailto:"], .from [title*="@"], a.rcmContactAddress, [title*="@"]');
      const from = (sender?.getAttribute('title') || sender?.getAttribute('href')?.replace(/^mailto:/i, '') || sender?.textContent || '').trim();
      const text = /** @type {HTMLElement} */ (content).innerText ?? content.textContent ?? '';
      const dsnPart = [...doc.querySelectorAll('#attachment-list li, .attachmentslist li')].some((li) =>
        /delivery-status|\.dsn\b|message\/global-delivery-status/i.test(`${li.className} ${li.textContent}`),
      );
      if (!MH.looksLikeBounce(from, text, dsnPart)) return [];
      const subject = header.querySelector('.subject, h2')?.textContent?.trim() ?? '';
      const params = new URLSearchParams(doc.location?.search ?? '');
      const uid = params.get('_uid');
      const mbox = params.get('_mbox') ?? 'INBOX';
      const shown = () => MH.messageOf({ from, subject, text });
      return [{
        root: content,
        kind: 'bounce',
        insert: (node) => content.before(node),
        async raw() {
          if (!uid) return shown();
          try {
            const url = new URL(doc.location.pathname, doc.location.origin);
            url.search = new URLSearchParams({ _task: 'mail', _action: 'viewsource', _uid: uid, _mbox: mbox }).toString();
            const response = await fetch(url, { credentials: 'same-origin' });
            const source = response.ok ? await response.text() : '';
            return /^[\x21-\x39\x3b-\x7e]+:/.test(source) ? source : shown();
          } catch {
            return shown();
          }
        },
      }];
    },
  });
})();
