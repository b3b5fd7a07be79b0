// The NetEase mail adapter (mail.163.com, mail.126.com, mail.yeah.net; qiye.163.com falls back to
// the generic heuristics inside the same adapter, see below).
//
// NetEase's compose is a module container `[id^="_dvModuleContainer_compose.ComposeModule"]`
// (one per compose tab; inactive tabs stay in the DOM, hidden). The body is an about:blank
// iframe `.APP-editor-iframe` whose <body> is the editable area; recipients are "email blocks"
// `.js-component-emailblock` showing `.nui-addr-email` ("<a@b>"); the subject is the
// `.nui-ipt-input` inside a wrapper whose aria-label names it (in Chinese). Attachments are
// `div[id$=_attachContent] .G0`, the file name in `.o0`. Sources: realbmail/bmail_extension
// (content_netease.ts) and an RPA flow for the subject; not checked against a live account.
'use strict';

(() => {
  const MH = globalThis.mailhint;
  if (!MH) return;

  const HOSTS = /^(mail\.163\.com|mail\.126\.com|mail\.yeah\.net|(.+\.)?qiye\.163\.com)$/;
  const COMPOSE = '[id^="_dvModuleContainer_compose.ComposeModule"]';
  const EDITOR_FRAME = 'iframe.APP-editor-iframe';
  const EMAIL_BLOCK = '.js-component-emailblock';
  const kit = () => MH.adapterKit;

  /** @param {Element} root */
  function body(root) {
    if (!root.matches(COMPOSE)) return kit().editorBody(root); // Generic root (NetEase Qiye).
    return kit().iframeEditorBody(root.querySelector(EDITOR_FRAME));
  }

  /**
   * The subject input. The wrapper's aria-label ("邮件主题输入框，请输入邮件主题") is matched by the
   * kit's multilingual subject words; when NetEase renames it, the fallback is the one
   * `.nui-ipt-input` that is not an address input (those sit inside the address rows, which
   * hold the email blocks). [unverified: the English UI's label]
   * @param {Element} root
   * @returns {HTMLInputElement | null}
   */
  function subject(root) {
    if (!root.matches(COMPOSE)) return kit().findSubject(kit().composeContainer(root));
    const found = kit().findSubject(root);
    if (found) return found;
    const plain = Array.from(root.querySelectorAll('input.nui-ipt-input')).find(
      (i) => !i.parentElement?.parentElement?.querySelector(EMAIL_BLOCK),
    );
    return /** @type {HTMLInputElement | null} */ (plain ?? null);
  }

  /**
   * The email blocks of the compose. NetEase does not mark To against Cc/Bcc with anything but
   * the localised row label, so every block counts as a To recipient (which only matters for
   * the rules that count visible recipients). [unverified]
   * @param {Element} root
   */
  function recipients(root) {
    if (!root.matches(COMPOSE)) return kit().genericRecipients(kit().composeContainer(root));
    const blocks = Array.from(root.querySelectorAll(EMAIL_BLOCK));
    return kit().recipientsFrom(blocks.map((b) => b.querySelector('.nui-addr-email') ?? b));
  }

  /** @param {Element} root */
  function attachments(root) {
    const out = [];
    for (const item of root.querySelectorAll('div[id$="_attachContent"] .G0')) {
      const name = item.querySelector('.o0')?.textContent ?? '';
      // The size is printed beside the name, e.g. "(1.2M)"; the rest of the item is buttons.
      const sizeText = (item.textContent ?? '').replace(name, '');
      const a = kit().attachment(name, sizeText);
      if (a) out.push(a);
    }
    return out;
  }

  MH.registerAdapter({
    id: 'netease',
    matches: (location) => HOSTS.test(location.hostname),
    findComposes(document) {
      const modules = Array.from(document.querySelectorAll(COMPOSE)).filter((m) => kit().isVisible(m));
      if (modules.length) return modules;
      // NetEase Qiye (mail.qiye.163.com) is a different product with no public DOM reference;
      // there the generic heuristics find the editor. [unverified]
      return /qiye\.163\.com$/.test(document.location?.hostname ?? '') ? kit().findEditors(document) : [];
    },
    read(root) {
      if (!root.matches(COMPOSE)) return kit().genericRead(root);
      return kit().draftFrom(root, { body, subject, recipients, attachments });
    },
    body,
    subject,
    recipients,
    anchor: (root) => (root.matches(COMPOSE) ? root.querySelector(EDITOR_FRAME) ?? root : root),
  });
})();
