// The badge, the panel and the field markers of one compose window.
//
// Everything lives in a closed shadow root of our own `<mailhint-badge>` host, appended to the
// top document's <body>: the page's styles cannot reach in, the page's scripts cannot read the
// findings, and the editor is never touched. The UI is built with createElement/textContent
// only: Gmail enforces Trusted Types, and no text from the email may ever become markup.
// The host carries the test contract: `data-mailhint-grade` (one decimal),
// `data-mailhint-codes` (the codes of the findings shown, space-separated) and
// `data-mailhint-clipped` (the limits the draft went past, `Report::clipped`'s `what`).
'use strict';

(() => {
  const MH = (globalThis.mailhint ??= {});
  if (MH.ui) return;

  /** Colour bands of the grade, best first: [lowest grade, colour, name]. */
  const BANDS = [
    [9, '#188038', 'great'],
    [7, '#5f9e2f', 'good'],
    [5, '#c49a00', 'fair'],
    [3, '#e37400', 'poor'],
    [0, '#d93025', 'bad'],
  ];

  const SEVERITY_COLOURS = { critical: '#b3001b', high: '#d93025', medium: '#e37400', low: '#c49a00', info: '#1a73e8' };

  /** Message keys of the severity names, spelt out so that the i18n test can see every key. */
  const SEVERITY_KEYS = {
    critical: 'contentSeverityCritical',
    high: 'contentSeverityHigh',
    medium: 'contentSeverityMedium',
    low: 'contentSeverityLow',
    info: 'contentSeverityInfo',
  };

  /** The order parts are listed in (the core's order), custom-word hints last. */
  const PARTS = ['subject', 'body', 'links', 'images', 'attachments', 'recipients', 'sender', 'headers', 'custom'];

  const CSS_TEXT = `
    :host { all: initial; }
    * { box-sizing: border-box; }
    /* Set on the containers, not on every element: the textarea copy must keep the field's font. */
    .badge, .panel { font-family: system-ui, "Segoe UI", Roboto, "PingFang SC", "Microsoft YaHei", sans-serif; }
    .panel button { font-family: inherit; }
    .badge { position: fixed; display: flex; align-items: center; gap: 4px; height: 26px; padding: 0 9px;
      border: 0; border-radius: 13px; color: #fff; font-size: 13px; font-weight: 600; cursor: pointer;
      box-shadow: 0 1px 3px rgba(0,0,0,.3); pointer-events: auto; line-height: 26px; }
    .badge:focus-visible { outline: 2px solid #1a73e8; outline-offset: 2px; }
    .badge[data-busy] .grade { opacity: .6; }
    .badge .logo { font-weight: 400; opacity: .85; font-size: 11px; }
    .panel { position: fixed; width: 360px; max-height: min(60vh, 520px); overflow: auto; background: #fff; color: #202124;
      border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.28); font-size: 13px; pointer-events: auto; }
    .panel[hidden] { display: none; }
    header { display: flex; align-items: center; justify-content: space-between; padding: 10px 12px; border-bottom: 1px solid #e0e0e0;
      position: sticky; top: 0; background: #fff; }
    header strong { font-size: 14px; }
    button.close { border: 0; background: none; font-size: 18px; cursor: pointer; color: #5f6368; padding: 0 4px; }
    h3 { margin: 10px 12px 4px; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: #5f6368; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { padding: 8px 12px; border-top: 1px solid #f1f3f4; cursor: pointer; }
    li:hover, li:focus-visible { background: #f8f9fa; outline: none; }
    .title { display: flex; gap: 6px; align-items: baseline; }
    .dot { flex: none; width: 8px; height: 8px; border-radius: 50%; margin-top: 4px; }
    .code { color: #5f6368; font-size: 11px; margin-left: auto; white-space: nowrap; }
    .quote { margin: 4px 0 0 14px; color: #3c4043; font-style: italic; overflow-wrap: anywhere; }
    .fix { margin: 4px 0 0 14px; color: #3c4043; }
    .actions { margin: 6px 0 0 14px; display: flex; gap: 8px; }
    .actions button { border: 1px solid #dadce0; background: #fff; border-radius: 4px; padding: 2px 8px; font-size: 12px;
      cursor: pointer; color: #1a73e8; }
    .actions button:hover { background: #f1f3f4; }
    .empty, .error { padding: 12px; color: #3c4043; }
    .error { color: #b3261e; }
    .clipped { padding: 8px 12px 0; color: #7a4f01; }
    .marker { position: fixed; height: 3px; border-radius: 2px; pointer-events: auto; cursor: pointer; opacity: .9; }
    .marker.dot { width: 10px; height: 10px; border-radius: 50%; }
  `;

  /** The box and font properties a textarea's hidden copy must share to wrap its text the same way. */
  const MIRRORED = [
    'border-top-width', 'border-right-width', 'border-bottom-width', 'border-left-width', 'border-style',
    'padding-top', 'padding-right', 'padding-bottom', 'padding-left', 'font-family', 'font-size', 'font-weight',
    'font-style', 'font-variant', 'font-stretch', 'line-height', 'letter-spacing', 'word-spacing', 'text-indent',
    'text-transform', 'tab-size', 'direction', 'text-align',
  ];

  /**
   * Styles shadow roots with `cssText`: one stylesheet shared by every root (constructable sheets
   * are not subject to the page's style-src), else a <style> element where they are refused.
   * @param {string} cssText
   * @returns {(shadow: ShadowRoot) => void}
   */
  function styleAdopter(cssText) {
    let sheet = null;
    return (shadow) => {
      try {
        sheet ??= new CSSStyleSheet();
        if (!sheet.cssRules.length) sheet.replaceSync(cssText);
        shadow.adoptedStyleSheets = [sheet];
      } catch {
        const style = document.createElement('style');
        style.textContent = cssText;
        shadow.append(style);
      }
    };
  }
  const adoptStyles = styleAdopter(CSS_TEXT);

  /** Shorthand for createElement with a class and text. */
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** The colour band of a grade. */
  const band = (grade) => BANDS.find(([min]) => grade >= min) ?? BANDS[BANDS.length - 1];

  /**
   * @typedef {object} ShownFinding
   * @property {string} code
   * @property {string} severity
   * @property {number} points
   * @property {string} message
   * @property {string} [fix]
   * @property {string} part
   * @property {string} [quote]
   * @property {boolean} [custom] a custom word, not a rule of the core
   *
   * @typedef {object} UiCallbacks
   * @property {(finding: ShownFinding) => void} onFinding   a finding was clicked
   * @property {(finding: ShownFinding) => void} onIgnoreHint
   * @property {(code: string) => void} onIgnoreRule
   */

  /**
   * Creates the UI of one compose window.
   * @param {UiCallbacks} callbacks
   */
  function create(callbacks) {
    const host = document.createElement('mailhint-badge');
    // Our host is fixed at the viewport's corner with no size: it never covers the page, and
    // its children position themselves in viewport coordinates.
    for (const [property, value] of [
      ['all', 'initial'], ['position', 'fixed'], ['top', '0'], ['left', '0'], ['width', '0'], ['height', '0'],
      ['z-index', '2147483000'], ['pointer-events', 'none'], ['display', 'block'],
    ]) host.style.setProperty(property, value, 'important');
    const shadow = host.attachShadow({ mode: 'closed' });
    adoptStyles(shadow);

    const badge = el('button', 'badge');
    badge.type = 'button';
    badge.setAttribute('aria-haspopup', 'dialog');
    badge.setAttribute('aria-expanded', 'false');
    const logo = el('span', 'logo', 'mailhint');
    const gradeText = el('span', 'grade', '…');
    badge.append(logo, gradeText);

    const panel = el('section', 'panel');
    panel.hidden = true;
    panel.setAttribute('role', 'dialog');
    panel.tabIndex = -1;

    const markers = el('div', 'markers');
    shadow.append(markers, panel, badge);
    document.body.append(host);

    /** @type {{grade: number, findings: ShownFinding[], clipped?: {what: string, message: string}[], error?: string}} */
    let state = { grade: NaN, findings: [] };
    /** @type {HTMLElement|null} the textarea copy `textRects` measures with */
    let mirror = null;
    /** @type {DOMRect|null} */
    let anchorRect = null;
    /** What the panel shows now; an identical analysis does not rebuild it (and lose the focus). */
    let rendered = '';

    badge.addEventListener('click', (event) => {
      event.stopPropagation();
      toggle(panel.hidden);
    });
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        toggle(false);
        badge.focus();
      }
    });
    // Clicks inside the shadow root must not reach Gmail's handlers, which would, for example,
    // close the compose window's menus or move the caret.
    for (const type of ['mousedown', 'click', 'keydown']) shadow.addEventListener(type, (e) => e.stopPropagation());

    // A click anywhere else, or Escape anywhere, closes the panel, as menus do.
    const onOutside = (event) => {
      if (!panel.hidden && !event.composedPath().includes(host)) toggle(false);
    };
    const onEscape = (event) => {
      if (!panel.hidden && event.key === 'Escape') toggle(false);
    };
    document.addEventListener('pointerdown', onOutside, true);
    document.addEventListener('keydown', onEscape, true);

    function toggle(open) {
      panel.hidden = !open;
      badge.setAttribute('aria-expanded', String(open));
      if (open) {
        render();
        place();
        panel.focus({ preventScroll: true });
      }
    }

    /** Draws the panel's content from the state. */
    function render() {
      const children = [];
      const header = el('header');
      const title = el('strong', '', MH.t('contentPanelTitle', Number.isFinite(state.grade) ? state.grade.toFixed(1) : '–'));
      const close = el('button', 'close', '×');
      close.type = 'button';
      close.setAttribute('aria-label', MH.t('contentClose'));
      close.addEventListener('click', () => toggle(false));
      header.append(title, close);
      children.push(header);
      if (state.error) children.push(el('div', 'error', MH.t('contentError')));
      for (const note of state.clipped ?? []) children.push(el('div', 'clipped', note.message));
      if (!state.findings.length && !state.error) children.push(el('div', 'empty', MH.t('contentNoHints')));
      const byPart = new Map();
      for (const finding of state.findings) {
        const part = finding.custom ? 'custom' : finding.part;
        if (!byPart.has(part)) byPart.set(part, []);
        byPart.get(part).push(finding);
      }
      const parts = [...byPart.keys()].sort((a, b) => rank(a) - rank(b));
      for (const part of parts) {
        children.push(el('h3', '', partLabel(part)));
        const list = el('ul');
        for (const finding of byPart.get(part)) list.append(item(finding));
        children.push(list);
      }
      // Rebuilding removes the focused element; keep the focus in the panel so that keyboard
      // users are not thrown back to the page.
      const hadFocus = !!shadow.activeElement && panel.contains(shadow.activeElement);
      panel.replaceChildren(...children);
      rendered = signature();
      if (hadFocus) panel.focus({ preventScroll: true });
    }

    const signature = () =>
      JSON.stringify([
        state.grade,
        state.error ?? '',
        (state.clipped ?? []).map((c) => c.message),
        state.findings.map((f) => [f.code, f.quote, f.message, f.fix, f.points]),
      ]);

    const rank = (part) => (PARTS.includes(part) ? PARTS.indexOf(part) : PARTS.length);

    function partLabel(part) {
      const key = `contentPart${part.charAt(0).toUpperCase()}${part.slice(1)}`;
      const label = MH.t(key);
      return label === key ? part : label;
    }

    /** One finding of the panel. */
    function item(finding) {
      const li = el('li');
      li.tabIndex = 0;
      const title = el('div', 'title');
      const dot = el('span', 'dot');
      dot.style.setProperty('background', SEVERITY_COLOURS[finding.severity] ?? SEVERITY_COLOURS.info);
      dot.title = MH.t(SEVERITY_KEYS[finding.severity] ?? 'contentSeverityInfo');
      const message = el('span', 'message', finding.message);
      const code = el('span', 'code', finding.custom ? '' : `${finding.code} · −${finding.points.toFixed(1)}`);
      title.append(dot, message, code);
      li.append(title);
      if (finding.quote && finding.quote.length <= 160 && !finding.message.includes(finding.quote)) {
        li.append(el('div', 'quote', `“${finding.quote}”`));
      }
      if (finding.fix) li.append(el('div', 'fix', finding.fix));
      const actions = el('div', 'actions');
      const ignoreHint = el('button', '', MH.t('contentIgnoreHint'));
      ignoreHint.type = 'button';
      ignoreHint.addEventListener('click', (event) => {
        event.stopPropagation();
        callbacks.onIgnoreHint(finding);
      });
      actions.append(ignoreHint);
      if (!finding.custom) {
        const ignoreRule = el('button', '', MH.t('contentIgnoreRule'));
        ignoreRule.type = 'button';
        ignoreRule.title = MH.t('contentIgnoreRuleTitle', finding.code);
        ignoreRule.addEventListener('click', (event) => {
          event.stopPropagation();
          callbacks.onIgnoreRule(finding.code);
        });
        actions.append(ignoreRule);
      }
      li.append(actions);
      const go = () => callbacks.onFinding(finding);
      li.addEventListener('click', go);
      li.addEventListener('keydown', (event) => {
        // Keys on the item's own buttons are theirs: preventing them here would cancel the click.
        if (event.target !== li) return;
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          go();
        }
      });
      return li;
    }

    /** Places the badge at the anchor's bottom-right corner, and the panel above it. */
    function place() {
      const rect = anchorRect;
      const visible = !!rect && rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.top < innerHeight;
      badge.style.setProperty('display', visible ? 'flex' : 'none');
      if (!visible) {
        panel.hidden = true;
        return;
      }
      const width = badge.offsetWidth || 90;
      const left = Math.max(4, Math.min(innerWidth - width - 4, rect.right - width - 8));
      const top = Math.max(4, Math.min(innerHeight - 30, rect.bottom - 34));
      badge.style.setProperty('left', `${left}px`);
      badge.style.setProperty('top', `${top}px`);
      if (!panel.hidden) {
        const panelWidth = Math.min(360, innerWidth - 8);
        panel.style.setProperty('width', `${panelWidth}px`);
        panel.style.setProperty('left', `${Math.max(4, Math.min(innerWidth - panelWidth - 4, left + width - panelWidth))}px`);
        // Above the badge when there is room, else below it.
        const height = panel.offsetHeight || 300;
        const above = top - height - 6;
        panel.style.setProperty('top', `${above >= 4 ? above : Math.min(innerHeight - height - 4, top + 32)}px`);
      }
    }

    return {
      host,
      /**
       * Shows a new analysis.
       * @param {{grade: number, findings: ShownFinding[], clipped?: {what: string, message: string}[], error?: string}} next
       */
      update(next) {
        state = next;
        const grade = Number.isFinite(next.grade) ? Math.round(next.grade * 10) / 10 : NaN;
        badge.removeAttribute('data-busy');
        if (Number.isFinite(grade)) {
          const [, colour, name] = band(grade);
          gradeText.textContent = grade.toFixed(1);
          badge.style.setProperty('background', colour);
          host.setAttribute('data-mailhint-grade', grade.toFixed(1));
          host.setAttribute('data-mailhint-band', name);
          badge.setAttribute('aria-label', MH.t('contentBadgeLabel', grade.toFixed(1), String(next.findings.length)));
        } else {
          gradeText.textContent = '?';
          badge.style.setProperty('background', '#5f6368');
          badge.setAttribute('aria-label', MH.t('contentError'));
        }
        // A failed analysis keeps the last grade and codes, and says so.
        host.toggleAttribute('data-mailhint-error', !!next.error);
        const codes = [...new Set(next.findings.filter((f) => !f.custom).map((f) => f.code))];
        host.setAttribute('data-mailhint-codes', codes.join(' '));
        host.setAttribute('data-mailhint-clipped', (next.clipped ?? []).map((c) => c.what).join(' '));
        badge.title = MH.t('contentBadgeLabel', Number.isFinite(grade) ? grade.toFixed(1) : '?', String(next.findings.length));
        if (!panel.hidden && signature() !== rendered) render();
        place();
      },
      /** Marks the badge as waiting for an analysis. */
      busy() {
        badge.setAttribute('data-busy', '');
      },
      /** @param {DOMRect|null} rect the anchor's box in the viewport */
      position(rect) {
        anchorRect = rect;
        place();
      },
      /**
       * Draws markers beside fields the Highlight API cannot reach (the subject input, recipient
       * chips): a short bar under the words or a dot at the field's end.
       * @param {{rect: DOMRect, severity: string, label: string, shape: 'bar'|'dot'}[]} list
       */
      markers(list) {
        const nodes = [];
        for (const { rect, severity, label, shape } of list) {
          if (!rect || rect.width <= 0 || rect.bottom < 0 || rect.top > innerHeight) continue;
          const marker = el('div', shape === 'dot' ? 'marker dot' : 'marker');
          marker.title = label;
          marker.style.setProperty('background', SEVERITY_COLOURS[severity] ?? SEVERITY_COLOURS.info);
          if (shape === 'dot') {
            marker.style.setProperty('left', `${rect.right - 16}px`);
            marker.style.setProperty('top', `${rect.top + rect.height / 2 - 5}px`);
          } else {
            marker.style.setProperty('left', `${rect.left}px`);
            marker.style.setProperty('top', `${rect.bottom - 2}px`);
            marker.style.setProperty('width', `${rect.width}px`);
          }
          marker.addEventListener('click', () => toggle(true));
          nodes.push(marker);
        }
        markers.replaceChildren(...nodes);
      },
      /**
       * Where characters `[start, end)` of a textarea's value are drawn (one rect per line), in
       * viewport coordinates. Text inside a textarea cannot hold a Range, so a hidden copy of the
       * field with the same box and font lays the text out inside our shadow root, never in the
       * page's field.
       * @param {HTMLTextAreaElement} field
       * @param {number} start
       * @param {number} end
       * @returns {DOMRect[]}
       */
      textRects(field, start, end) {
        const box = field.getBoundingClientRect();
        if (!box.width || !box.height) return [];
        const style = getComputedStyle(field);
        mirror ??= el('div', 'mirror');
        for (const property of MIRRORED) mirror.style.setProperty(property, style.getPropertyValue(property));
        // The copy has no scrollbar: its lines must be as wide as the field's text area.
        const borders = parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth);
        const scrollbar = Math.max(0, field.offsetWidth - field.clientWidth - borders);
        for (const [property, value] of [
          ['box-sizing', 'border-box'], ['border-color', 'transparent'],
          ['position', 'fixed'], ['visibility', 'hidden'], ['pointer-events', 'none'], ['white-space', 'pre-wrap'],
          ['overflow-wrap', 'break-word'], ['overflow', 'hidden'], ['left', `${box.left}px`], ['top', `${box.top}px`],
          ['width', `${box.width - scrollbar}px`], ['height', `${box.height}px`],
        ]) mirror.style.setProperty(property, value);
        const value = field.value;
        const words = el('span', '', value.slice(start, end));
        mirror.replaceChildren(document.createTextNode(value.slice(0, start)), words, document.createTextNode(value.slice(end)));
        shadow.append(mirror);
        const rects = [...words.getClientRects()];
        mirror.remove();
        // The field scrolls its text; the copy does not.
        return rects
          .map((r) => new DOMRect(r.left - field.scrollLeft, r.top - field.scrollTop, r.width, r.height))
          .filter((r) => r.bottom > box.top && r.top < box.bottom && r.width > 0);
      },
      open: () => toggle(true),
      isOpen: () => !panel.hidden,
      destroy() {
        document.removeEventListener('pointerdown', onOutside, true);
        document.removeEventListener('keydown', onEscape, true);
        host.remove();
      },
    };
  }

  MH.ui = { create, band, el, styleAdopter };
})();
