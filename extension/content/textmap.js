// Text ↔ DOM mapping for the compose body.
//
// The core reports spans in the body's *visible text*, which it builds from the HTML we send:
// white space collapsed, non-breaking spaces read as spaces, `\n` between blocks, text hidden
// with inline `display:none` left out. This file builds the same text from the live DOM while
// remembering, for every UTF-16 unit of it, which text node and offset it came from, so a span
// becomes a DOM Range without ever touching the editor.
//
// The pure parts (`normalise`, `locate`, `findWords`, `escape`) take no DOM and are unit-tested
// in Node (tests/extension/textmap.test.mjs); the DOM walkers feed them.
'use strict';

(() => {
  const MH = (globalThis.mailhint ??= {});
  if (MH.textmap) return;

  /** Elements that start and end a line, as the core's HTML renderer treats them. */
  const BLOCK = new Set([
    'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'CENTER', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET',
    'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI',
    'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL',
  ]);

  /** Elements whose content never renders as text. */
  const NOT_RENDERED = new Set([
    'HEAD', 'SCRIPT', 'STYLE', 'TITLE', 'TEMPLATE', 'NOSCRIPT', 'TEXTAREA', 'SELECT', 'OBJECT',
  ]);

  /** Elements with no end tag in HTML. */
  const VOID = new Set([
    'AREA', 'BASE', 'BR', 'COL', 'EMBED', 'HR', 'IMG', 'INPUT', 'LINK', 'META', 'PARAM', 'SOURCE', 'TRACK', 'WBR',
  ]);

  /** Rust's `char::is_whitespace` minus U+00A0, which HTML renders as a space but never collapses. */
  const SPACE = /[\t\n\v\f\r \u0085\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

  /**
   * @typedef {{text: string, node?: any} | {block: true}} Piece
   *   a run of raw text (from `node`, a Text node, when there is one), or a block boundary
   * @typedef {{text: string, nodes: any[], offsets: Int32Array}} TextMap
   *   the visible text, and for each UTF-16 unit the node and offset it came from
   *   (`nodes[i]` is null for the `\n` and spaces the normalisation made up)
   */

  /**
   * Builds the visible text from pieces exactly as the core does (html.rs `Renderer::text`,
   * `break_line`, `finish`).
   * @param {Piece[]} pieces
   * @returns {TextMap}
   */
  function normalise(pieces) {
    let text = '';
    const nodes = [];
    const offsets = [];
    const push = (unit, node, offset) => {
      text += unit;
      nodes.push(node);
      offsets.push(offset);
    };
    const popSpaces = () => {
      while (text.endsWith(' ')) {
        text = text.slice(0, -1);
        nodes.pop();
        offsets.pop();
      }
    };
    for (const piece of pieces) {
      if ('block' in piece) {
        popSpaces();
        if (text && !text.endsWith('\n')) push('\n', null, 0);
        continue;
      }
      const raw = piece.text;
      // Collapse runs of white space into one space mapped to the run's first unit.
      /** @type {[string, number][]} */
      const chunk = [];
      let inSpace = false;
      for (let i = 0; i < raw.length; i += 1) {
        const unit = raw[i];
        if (SPACE.test(unit)) {
          if (!inSpace) chunk.push([' ', i]);
          inSpace = true;
        } else {
          chunk.push([unit === '\u00a0' ? ' ' : unit, i]);
          inSpace = false;
        }
      }
      if (chunk.every(([unit]) => unit === ' ')) {
        if (chunk.length && text && !text.endsWith(' ') && !text.endsWith('\n')) push(' ', piece.node ?? null, chunk[0][1]);
        continue;
      }
      let from = 0;
      if (!text || text.endsWith('\n') || text.endsWith(' ')) {
        while (from < chunk.length && chunk[from][0] === ' ') from += 1;
      }
      for (let k = from; k < chunk.length; k += 1) push(chunk[k][0], piece.node ?? null, chunk[k][1]);
    }
    // The core trims the end of the text.
    while (/\s$/.test(text)) {
      text = text.slice(0, -1);
      nodes.pop();
      offsets.pop();
    }
    return { text, nodes, offsets: Int32Array.from(offsets) };
  }

  /**
   * Where a finding's words are in `text` (UTF-16 offsets), or null. The core's span is trusted
   * when the text there is the quote; otherwise the occurrence of the quote nearest the span's
   * start wins, so a small difference between our normalisation and the core's (an image's alt
   * text, an odd element) shifts nothing.
   * @param {string} text
   * @param {{span?: {start_utf16: number, end_utf16: number}, quote?: string}} finding
   * @returns {{start: number, end: number} | null}
   */
  function locate(text, finding) {
    const span = finding.span;
    let quote = typeof finding.quote === 'string' ? finding.quote : '';
    const spanOk = span && span.start_utf16 >= 0 && span.end_utf16 <= text.length && span.start_utf16 < span.end_utf16;
    if (!quote) return spanOk ? { start: span.start_utf16, end: span.end_utf16 } : null;
    if (spanOk && text.slice(span.start_utf16, span.end_utf16) === quote) {
      return { start: span.start_utf16, end: span.end_utf16 };
    }
    // A long quote may have been shortened with an ellipsis: match its beginning, keep its length.
    let length = quote.length;
    if (quote.endsWith('…')) {
      quote = quote.slice(0, -1).trimEnd();
      length = span ? Math.max(span.end_utf16 - span.start_utf16, quote.length) : quote.length;
    }
    if (!quote) return null;
    const near = span ? span.start_utf16 : 0;
    const found = nearest(text, quote, near) ?? nearest(text.toLowerCase(), quote.toLowerCase(), near);
    if (found === null) return null;
    return { start: found, end: Math.min(text.length, found + length) };
  }

  /** The index of the occurrence of `needle` in `hay` nearest to `near`, or null. */
  function nearest(hay, needle, near) {
    let best = null;
    for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + 1)) {
      if (best === null || Math.abs(i - near) < Math.abs(best - near)) best = i;
      if (i > near) break;
    }
    return best;
  }

  /** Whether a UTF-16 unit is part of a word (letters and digits of any script). */
  const WORD = /[\p{L}\p{N}_]/u;

  /**
   * Occurrences of the user's custom words in `text`, case-insensitive. Words made of letters
   * must stand alone (no match of "sale" in "wholesale"); CJK characters have no spaces between
   * words, so a word that starts or ends with one matches anywhere.
   * @param {string} text
   * @param {string[]} words
   * @returns {{start: number, end: number, word: string}[]}
   */
  function findWords(text, words) {
    const lower = text.toLowerCase();
    const found = [];
    for (const word of words) {
      const needle = word.trim().toLowerCase();
      if (!needle) continue;
      const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
      const checkStart = !cjk.test(needle[0]);
      const checkEnd = !cjk.test(needle[needle.length - 1]);
      for (let i = lower.indexOf(needle); i !== -1; i = lower.indexOf(needle, i + needle.length)) {
        const end = i + needle.length;
        if (checkStart && i > 0 && WORD.test(lower[i - 1]) && WORD.test(needle[0])) continue;
        if (checkEnd && end < lower.length && WORD.test(lower[end]) && WORD.test(needle[needle.length - 1])) continue;
        found.push({ start: i, end, word });
      }
    }
    return found.sort((a, b) => a.start - b.start);
  }

  /** Escapes text for an HTML text node or a double-quoted attribute value. */
  const escape = (s) => s.replace(/[&<>"\u00a0]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\u00a0': '&nbsp;' })[c]);

  /** Whether an element is hidden by its inline style, the only hiding the core can see. */
  function hiddenInline(element) {
    const style = element.style;
    return !!style && (style.display === 'none' || style.visibility === 'hidden' || style.visibility === 'collapse');
  }

  /**
   * The pieces of a body's visible text, in document order. `root` is the editable element (or
   * an iframe's body); a `<textarea>` gives its value as one piece with no node.
   * @param {Element} root
   * @returns {Piece[]}
   */
  function collect(root) {
    if (root.tagName === 'TEXTAREA') return [{ text: /** @type {HTMLTextAreaElement} */ (root).value.replace(/\n/g, ' \n ') }];
    /** @type {Piece[]} */
    const pieces = [];
    const walk = (node) => {
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) {
          pieces.push({ text: child.data, node: child });
        } else if (child.nodeType === 1) {
          const tag = child.tagName.toUpperCase();
          if (NOT_RENDERED.has(tag) || hiddenInline(child)) continue;
          const block = BLOCK.has(tag);
          if (block) pieces.push({ block: true });
          if (!VOID.has(tag)) walk(child);
          if (block) pieces.push({ block: true });
        }
      }
    };
    walk(root);
    return pieces;
  }

  /**
   * The visible text of a body element with its map back to the DOM.
   * @param {Element} root
   * @returns {TextMap}
   */
  function build(root) {
    if (root.tagName === 'TEXTAREA') {
      // A textarea's text keeps its line breaks; the core reads it as plain text.
      const value = /** @type {HTMLTextAreaElement} */ (root).value;
      return { text: value, nodes: Array(value.length).fill(null), offsets: new Int32Array(value.length) };
    }
    return normalise(collect(root));
  }

  /**
   * A DOM Range over `[start, end)` of a map's text, or null when no text node backs it (a
   * textarea, or a span made only of line breaks).
   * @param {TextMap} map
   * @param {number} start
   * @param {number} end
   * @returns {Range|null}
   */
  function rangeFor(map, start, end) {
    let first = start;
    while (first < end && !map.nodes[first]) first += 1;
    let last = end - 1;
    while (last >= first && !map.nodes[last]) last -= 1;
    if (first > last) return null;
    const startNode = map.nodes[first];
    const endNode = map.nodes[last];
    // A node that left the document since the map was built would make a dead range.
    if (!startNode.isConnected || !endNode.isConnected) return null;
    const range = startNode.ownerDocument.createRange();
    try {
      range.setStart(startNode, Math.min(map.offsets[first], startNode.length));
      range.setEnd(endNode, Math.min(map.offsets[last] + 1, endNode.length));
    } catch {
      return null;
    }
    return range;
  }

  /**
   * Serialises an element's content to HTML with DOM reads only. The extension never reads or
   * writes markup through the HTML-string properties (Trusted Types pages and our own invariant
   * forbid them), and this copy lets us shorten inline `data:` images, whose base64 can run to
   * megabytes, to their type and size.
   * @param {Element} root
   * @param {(src: string, bytes: number) => void} [onDataImage] told the size of each data: image
   * @returns {string}
   */
  function serialise(root, onDataImage) {
    if (root.tagName === 'TEXTAREA') return '';
    const out = [];
    const walk = (node) => {
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) {
          out.push(escape(child.data));
        } else if (child.nodeType === 1) {
          const tag = child.tagName.toLowerCase();
          if (tag === 'script' || tag === 'template') continue;
          out.push('<', tag);
          for (const attr of child.attributes) {
            let value = attr.value;
            if (attr.name === 'src' && value.startsWith('data:')) {
              const comma = value.indexOf(',');
              const bytes = Math.floor(((value.length - comma - 1) * 3) / 4);
              value = `${value.slice(0, Math.min(comma + 1, 64))}…`;
              onDataImage?.(value, bytes);
            }
            out.push(' ', attr.name, '="', escape(value), '"');
          }
          out.push('>');
          if (VOID.has(tag.toUpperCase())) continue;
          walk(child);
          out.push('</', tag, '>');
        }
      }
    };
    walk(root);
    return out.join('');
  }

  MH.textmap = { normalise, locate, findWords, escape, collect, build, rangeFor, serialise, BLOCK };
})();
