// The QQ Mail and Tencent Exmail adapter (mail.qq.com, *.mail.qq.com, exmail.qq.com).
//
// Two UIs are live side by side:
// - The new UI (Vue, 2023+): the compose page `.mail-compose-page` in the main document, the body
//   `.mail-content-editor-inner` (a contenteditable div, no iframe), recipients
//   `.mail-compose-receivers div[data-email]`, attachments `.attach-card` with `.attach-name` +
//   `.attach-suffix`. Source: realbmail/bmail_extension content_qq.ts.
// - The classic UI (still served by Exmail for many tenants [unverified]): everything lives in
//   `iframe[name=mainFrame]`, whose compose form holds the editor iframe
//   `iframe.qmEditorIfrmEditArea` (an about:blank designMode document): nested iframes.
//   Source: the same project's 2024 code for "qq mail of old version".
// Neither source names the subject field or the classic recipient chips; those use the kit's
// heuristics and are marked [unverified].
'use strict';

(() => {
  const MH = globalThis.mailhint;
  if (!MH) return;

  const HOSTS = /^(mail\.qq\.com|.+\.mail\.qq\.com|exmail\.qq\.com)$/;
  const NEW_COMPOSE = '.mail-compose-page';
  const NEW_BODY = '.mail-content-editor-inner';
  const MAIN_FRAME = 'iframe[name=mainFrame]';
  const CLASSIC_EDITOR = 'iframe.qmEditorIfrmEditArea';
  const kit = () => MH.adapterKit;

  /**
   * The classic UI's compose document (inside mainFrame) when mainFrame shows a compose, else null.
   * The root of a classic compose is the mainFrame element itself: it is the one element of the
   * top document that stays in place while the compose lives, so the badge can sit beside it.
   * @param {Element} root
   * @returns {Document | null}
   */
  function classicDoc(root) {
    if (!root.matches(MAIN_FRAME)) return null;
    const doc = kit().frameDocument(root);
    return doc?.querySelector(CLASSIC_EDITOR) ? doc : null;
  }

  /** @param {Element} root */
  function body(root) {
    const doc = classicDoc(root);
    if (doc) return kit().iframeEditorBody(doc.querySelector(CLASSIC_EDITOR));
    const inner = root.querySelector(NEW_BODY);
    if (!inner) return null;
    // The editable element is the inner div itself in the builds we know; a nested
    // contenteditable child is accepted too, in case the wrapper moves. [unverified]
    const el = /** @type {HTMLElement} */ (inner);
    return el.isContentEditable ? el : /** @type {HTMLElement | null} */ (inner.querySelector('[contenteditable=true]'));
  }

  /**
   * The subject input: by name/id/label in the kit (classic QQ names it `subject`; the new UI's
   * placeholder reads "主题" or "Subject"). [unverified for the new UI]
   * @param {Element} root
   */
  function subject(root) {
    const doc = classicDoc(root);
    return kit().findSubject(doc ?? root);
  }

  /**
   * Recipients: `div[data-email]` in the new UI. The classic UI shows chips whose address is in
   * an attribute or their text; the kit's generic recipient scan reads those. [unverified]
   * @param {Element} root
   */
  function recipients(root) {
    const doc = classicDoc(root);
    if (doc) {
      const scope = doc.querySelector('form') ?? doc.body;
      return [...kit().recipientsFrom(scope.querySelectorAll('[addr]')), ...kit().genericRecipients(scope)];
    }
    return kit().recipientsFrom(root.querySelectorAll('.mail-compose-receivers div[data-email]'));
  }

  /** @param {Element} root */
  function attachments(root) {
    if (classicDoc(root)) return []; // The classic attachment list has no known selector. [unverified]
    const out = [];
    for (const card of root.querySelectorAll('.mail-compose-attach-cards .attach-card')) {
      const name = (card.querySelector('.attach-name')?.textContent ?? '') + (card.querySelector('.attach-suffix')?.textContent ?? '');
      const a = kit().attachment(name, card.querySelector('.attach-size')?.textContent);
      if (a) out.push(a);
    }
    return out;
  }

  MH.registerAdapter({
    id: 'qq',
    matches: (location) => HOSTS.test(location.hostname),
    findComposes(document) {
      const roots = Array.from(document.querySelectorAll(NEW_COMPOSE)).filter((r) => kit().isVisible(r) && body(r));
      for (const frame of document.querySelectorAll(MAIN_FRAME)) {
        if (kit().isVisible(frame) && classicDoc(frame)) roots.push(frame);
      }
      return roots;
    },
    read(root) {
      return kit().draftFrom(root, { body, subject, recipients, attachments });
    },
    body,
    subject,
    recipients,
    anchor: (root) => (classicDoc(root) ? root : root.querySelector(NEW_BODY) ?? root),
  });
})();
