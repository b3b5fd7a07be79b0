// The Outlook on the web adapter (outlook.office.com, outlook.office365.com, outlook.live.com,
// outlook.cloud.microsoft).
//
// Outlook's compose (new message, inline reply, popped-out draft) is a Rooster editor, a
// `div[role=textbox][contenteditable=true]` in the main document, next to Fluent UI pickers
// (`.ms-BasePicker`) that hold the recipients as personas (`[data-selection-index]`). Outlook's
// own class names are hashed and change with every release, and its labels are localised
// ("Add a subject", "添加主题"), so this adapter keys on roles, Fluent's stable global class
// names and the order of the pickers, and uses labels only through the multilingual subject
// matcher of the kit (see generic.js). Selectors come from public extensions (toggl, Mailvelope);
// the places where no public source confirms the DOM are marked [unverified].
'use strict';

(() => {
  const MH = globalThis.mailhint;
  if (!MH) return;

  const HOSTS = /^(outlook\.office\.com|outlook\.office365\.com|outlook\.live\.com|outlook\.cloud\.microsoft)$/;
  const EDITOR = 'div[role=textbox][contenteditable=true]';
  const PICKER = '.ms-BasePicker';
  const PERSONA = '[data-selection-index]';
  // The kit lives in generic.js, which loads after this file; it is read when a method runs.
  const kit = () => MH.adapterKit;

  /**
   * Whether a `role=textbox` editable is a message body rather than a recipient well. Wells sit
   * inside a picker or combobox; bodies are multi-line (Rooster sets `aria-multiline=true`, but
   * older builds omit it, so only an explicit `false` excludes). [unverified for the 2025 UI]
   * @param {Element} el
   */
  function isBodyEditor(el) {
    if (el.closest(`${PICKER}, [role=combobox]`)) return false;
    if (el.getAttribute('aria-multiline') === 'false') return false;
    return !el.parentElement?.closest(EDITOR); // Only the outermost editor.
  }

  /**
   * The compose window around an editor: the smallest ancestor that also holds a recipient
   * picker, a persona or a subject field. An inline reply collapsed to a single line has none of
   * them, and then the editor itself is the root.
   * @param {Element} editor
   */
  function composeRootOf(editor) {
    for (let node = editor.parentElement; node && node.localName !== 'body'; node = node.parentElement) {
      if (node.getAttribute('role') === 'main') break; // The reading pane holds every compose.
      if (node.querySelector(`${PICKER}, ${PERSONA}`) || kit().findSubject(node)) return node;
    }
    return editor;
  }

  /**
   * The message body of a compose: among its body-like editors, those Rooster marks multi-line
   * win, then the tallest, so that a recipient well built as a textbox never passes for it.
   * @param {Element} root
   * @returns {HTMLElement | null}
   */
  function body(root) {
    if (root.matches(EDITOR)) return /** @type {HTMLElement} */ (root);
    let editors = Array.from(root.querySelectorAll(EDITOR)).filter(isBodyEditor);
    const multiline = editors.filter((e) => e.getAttribute('aria-multiline') === 'true');
    if (multiline.length) editors = multiline;
    let best = null;
    for (const e of editors) {
      if (!best || e.getBoundingClientRect().height > best.getBoundingClientRect().height) best = e;
    }
    return /** @type {HTMLElement | null} */ (best);
  }

  /**
   * The subject field: by the kit's multilingual matcher, else the one plain text input of the
   * compose that is not part of a picker (Outlook's subject has no stable name or id).
   * @param {Element} root
   * @returns {HTMLInputElement | null}
   */
  function subject(root) {
    const found = kit().findSubject(root);
    if (found) return found;
    const plain = Array.from(root.querySelectorAll('input:not([type]), input[type=text]')).find(
      (i) => !i.closest(`${PICKER}, [role=combobox]`) && i.getAttribute('role') !== 'combobox',
    );
    return /** @type {HTMLInputElement | null} */ (plain ?? null);
  }

  /**
   * Recipients grouped by field. Outlook renders To, Cc and Bcc as pickers in that order; the
   * order is the only unlocalised signal of which is which. [unverified: Bcc shown alone]
   * @param {Element} root
   * @returns {Record<'to' | 'cc' | 'bcc', {address: string, element: Element}[]>}
   */
  function recipientFields(root) {
    const pickers = Array.from(root.querySelectorAll(PICKER)).filter((p) => !p.parentElement?.closest(PICKER));
    /** @type {Record<'to' | 'cc' | 'bcc', {address: string, element: Element}[]>} */
    const fields = { to: [], cc: [], bcc: [] };
    if (pickers.length === 0) {
      fields.to = kit().recipientsFrom(root.querySelectorAll(PERSONA));
      return fields;
    }
    const names = /** @type {const} */ (['to', 'cc', 'bcc']);
    pickers.slice(0, 3).forEach((picker, i) => {
      fields[names[i]] = kit().recipientsFrom(picker.querySelectorAll(PERSONA));
    });
    return fields;
  }

  MH.registerAdapter({
    id: 'outlook',
    matches: (location) => HOSTS.test(location.hostname),
    findComposes(document) {
      const roots = new Set();
      for (const editor of document.querySelectorAll(EDITOR)) {
        if (isBodyEditor(editor) && kit().isVisible(editor)) roots.add(composeRootOf(editor));
      }
      return [...roots];
    },
    read(root) {
      const fields = Object.fromEntries(Object.entries(recipientFields(root)).map(([f, list]) => [f, list.map((r) => r.address)]));
      // Attachments: Outlook's attachment cards have no stable public selector. [unverified]
      return kit().draftOf({ body: body(root), subject: subject(root)?.value, fields });
    },
    body,
    subject,
    recipients: (root) => Object.values(recipientFields(root)).flat(),
    anchor: (root) => body(root) ?? root,
  });
})();
