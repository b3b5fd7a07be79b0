// Highlights: wavy underlines by severity through the CSS Custom Highlight API.
//
// The highlight registry belongs to a document, so each compose window's ranges go into the
// registry of the document its editor lives in (the iframe's own for iframe editors). Several
// compose windows can share a document and a registry entry: every controller owns a "layer",
// the ranges it contributed, and each registry entry is the union of the layers of its document.
'use strict';

(() => {
  const MH = (globalThis.mailhint ??= {});
  if (MH.highlights) return;

  /** Severities, most serious first; each is a registry name `mailhint-<severity>`. */
  const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

  /** A higher priority paints on top where hints overlap. */
  const PRIORITY = { critical: 5, high: 4, medium: 3, low: 2, info: 1, flash: 6 };

  /** @type {WeakMap<Document, Map<object, Map<string, Range[]>>>} layers by document */
  const layersByDocument = new WeakMap();

  /**
   * Whether the Highlight API is there (Chrome 105+, Firefox 140+). False for the document of a
   * frame that was replaced or removed: Firefox turns a content script's references into such a
   * document into dead objects, which throw on any access ("can't access dead object").
   */
  function supported(doc = document) {
    try {
      const win = doc.defaultView;
      return !!(win && win.CSS && 'highlights' in win.CSS && typeof win.Highlight === 'function');
    } catch {
      return false;
    }
  }

  /**
   * The windows through which a document's highlight registry is reached: its window as the
   * content script sees it (an Xray wrapper in Firefox) and, in Firefox only, the same window
   * without the Xray (`wrappedJSObject`). Firefox (seen in 153 ESR) can give a content script the
   * `CSS` namespace of a frame's previous document after the frame's document was replaced (an
   * editor iframe whose srcdoc or src changed, once the drawing code is hot in the JIT): its
   * registry then throws "No document associated to this global". The unwrapped window reaches
   * the current registry; the page shares that registry anyway.
   * @param {Document} doc
   * @returns {any[]}
   */
  function windowsOf(doc) {
    const win = /** @type {any} */ (doc.defaultView);
    const unwrapped = win?.wrappedJSObject;
    return unwrapped && unwrapped !== win ? [win, unwrapped] : [win];
  }

  /**
   * Runs `draw(win)` with the first window of `windowsOf(doc)` it succeeds with.
   * @param {Document} doc
   * @param {(win: any) => void} draw
   * @returns {boolean} whether it succeeded
   */
  function withWindow(doc, draw) {
    try {
      for (const win of windowsOf(doc)) {
        try {
          draw(win);
          return true;
        } catch {
          // Try the next way in; a document that is gone fails every way.
        }
      }
    } catch {
      // A dead document (Firefox): nothing to draw in.
    }
    return false;
  }

  /**
   * Rebuilds the registry entries of one document from its layers. A document that went away
   * meanwhile has nothing left to paint, so failures are dropped.
   * @param {Document} doc
   */
  function repaint(doc) {
    if (!supported(doc)) return;
    const layers = layersByDocument.get(doc) ?? new Map();
    withWindow(doc, (win) => {
      for (const severity of SEVERITIES) {
        const name = `mailhint-${severity}`;
        const ranges = [];
        for (const layer of layers.values()) ranges.push(...(layer.get(severity) ?? []));
        if (!ranges.length) {
          win.CSS.highlights.delete(name);
          continue;
        }
        // The Highlight constructor must come from the editor's window: a Highlight made in
        // another window is refused by that window's registry.
        const highlight = new win.Highlight(...ranges);
        highlight.priority = PRIORITY[severity];
        if (severity !== 'info') highlight.type = 'spelling-error';
        win.CSS.highlights.set(name, highlight);
      }
    });
  }

  /**
   * Replaces the ranges of one owner (a compose controller) in a document.
   * @param {object} owner
   * @param {Document} doc
   * @param {{severity: string, range: Range}[]} marks
   */
  function set(owner, doc, marks) {
    let layers = layersByDocument.get(doc);
    if (!layers) layersByDocument.set(doc, (layers = new Map()));
    /** @type {Map<string, Range[]>} */
    const layer = new Map();
    for (const { severity, range } of marks) {
      const key = SEVERITIES.includes(severity) ? severity : 'info';
      if (!layer.has(key)) layer.set(key, []);
      layer.get(key).push(range);
    }
    layers.set(owner, layer);
    repaint(doc);
  }

  /**
   * Removes everything one owner drew in a document.
   * @param {object} owner
   * @param {Document} doc
   */
  function clear(owner, doc) {
    const layers = layersByDocument.get(doc);
    if (!layers?.delete(owner)) return;
    repaint(doc);
  }

  /** @type {WeakMap<Document, number>} */
  const flashTimers = new WeakMap();

  /**
   * Shows a range in a stronger colour for a moment, after a click in the panel.
   * @param {Range} range
   * @param {number} [ms]
   */
  function flash(range, ms = 1400) {
    let doc;
    try {
      doc = range.startContainer.ownerDocument;
    } catch {
      return; // the range's document is gone (a dead object in Firefox)
    }
    if (!doc || !supported(doc)) return;
    withWindow(doc, (win) => {
      const highlight = new win.Highlight(range);
      highlight.priority = PRIORITY.flash;
      win.CSS.highlights.set('mailhint-flash', highlight);
    });
    clearTimeout(flashTimers.get(doc));
    flashTimers.set(doc, setTimeout(() => withWindow(doc, (win) => win.CSS.highlights.delete('mailhint-flash')), ms));
  }

  MH.highlights = { SEVERITIES, supported, set, clear, flash };
})();
