// The controller: finds the compose windows of the page, analyses each draft in the service
// worker as the user types, and shows the result in place (underlines, markers, badge, panel).
//
// It runs in the top frame only: every webmail we support has its compose windows' controls in
// the top document, and an editor inside an iframe is reached from there through the iframe's
// document (same origin). Content scripts also load in every frame for `highlights.css`.
'use strict';

(() => {
  const MH = globalThis.mailhint;
  if (!MH?.ready || MH.controller || window.top !== window) return;

  /**
   * Idle time after the last keystroke before the draft is analysed. Short enough that a hint
   * appears within 200 ms of a pause (analysis and drawing take about 10 ms for a 2 KB draft and
   * 50 ms for 50 KB, measured by `./build.sh bench`), long enough that a fast typist's burst
   * (keystrokes under 120 ms apart) is one analysis. The analysis runs in the service worker.
   */
  const DEBOUNCE_MS = 120;
  /** Least time between two scans of the page for compose windows. */
  const SCAN_MS = 250;
  /**
   * Whether a span is about the whole message (B14 "only N words next to a link" quotes it all):
   * such findings are listed, not underlined, or one wavy line would cover the draft.
   * @param {{start: number, end: number}} at
   * @param {number} length of the whole text
   */
  const coversWhole = (at, length) => {
    const span = at.end - at.start;
    return (span >= 0.95 * length && length > 40) || (span >= 0.8 * length && span > 80);
  };

  /** The events that say a draft may have changed; they reach the compose root or its frames. */
  const INPUT_EVENTS = ['input', 'change', 'paste', 'drop'];

  /**
   * Whether an event target is a frame element (`load` in the capture phase also comes from
   * images, scripts and stylesheets).
   * @param {EventTarget|null} target
   */
  const isFrame = (target) => {
    const name = /** @type {Element|null} */ (target)?.localName;
    return name === 'iframe' || name === 'frame';
  };

  /** Paint order of markers: the most serious last, on top. */
  const SEVERITY_RANK = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

  const adapter = MH.adapters.find((candidate) => {
    try {
      return candidate.matches(location, document);
    } catch {
      return false;
    }
  });
  if (!adapter) return;

  /** @type {any} the settings (namespace.js `Settings`), replaced when they change */
  let settings = { mode: 'one-to-one', lang: 'auto', disabledRules: [], customWords: [], sites: [] };
  /** @type {Record<string, true>} */
  let ignored = {};

  /** A canvas context for measuring text in `<input>` fields. */
  let measureContext = null;

  /**
   * Where characters `[start, end)` of an input's value are drawn, in viewport coordinates.
   * The text of an input cannot hold a Range, so we measure its font instead.
   * @param {HTMLInputElement} input
   * @param {number} start
   * @param {number} end
   * @returns {DOMRect|null}
   */
  function inputTextRect(input, start, end) {
    const rect = input.getBoundingClientRect();
    if (!rect.width) return null;
    const style = getComputedStyle(input);
    measureContext ??= document.createElement('canvas').getContext('2d');
    if (!measureContext) return rect;
    measureContext.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const value = input.value;
    const x0 = measureContext.measureText(value.slice(0, start)).width;
    const x1 = measureContext.measureText(value.slice(0, end)).width;
    const inner = rect.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft) - input.scrollLeft;
    const left = Math.max(rect.left, inner + x0);
    const right = Math.min(rect.right, inner + x1);
    if (right <= left) return null;
    // The bar goes just under the text line, not at the field's bottom border.
    const fontSize = parseFloat(style.fontSize) || 14;
    const bottom = Math.min(rect.bottom, rect.top + rect.height / 2 + fontSize * 0.75);
    return new DOMRect(left, bottom - 3, right - left, 3);
  }

  /** Rounds a grade as the core does: one decimal, within 0–10. */
  const gradeOf = (points) => Math.round(Math.min(10, Math.max(0, 10 - points)) * 10) / 10;

  /** One compose window. */
  class Compose {
    /** @param {Element} root */
    constructor(root) {
      this.root = root;
      this.lastJson = '';
      this.sequence = 0;
      /** @type {string|null} the From address's domain, for the popup's domain check */
      this.senderDomain = null;
      /** @type {any} the last report of the core */
      this.report = null;
      this.error = '';
      /**
       * The findings shown, each with where it is: a Range in the body, a span of the subject
       * or of a plain-text body, or an element (a recipient or attachment chip).
       * @type {{finding: any, range?: Range|null, element?: Element|null, subject?: {start: number, end: number}, textarea?: {start: number, end: number}}[]}
       */
      this.shown = [];
      /** @type {Document|null} the document whose highlight registry holds our ranges */
      this.drawnDocument = null;
      this.ui = MH.ui.create({
        onFinding: (finding) => this.reveal(finding),
        onIgnoreHint: (finding) => {
          MH.ignoreHint(finding.code, finding.quote ?? '');
        },
        onIgnoreRule: (code) => {
          MH.updateSettings((s) => ({ ...s, disabledRules: [...new Set([...s.disabledRules, code])] }));
        },
      });
      this.schedule = MH.debounce(() => this.analyse(false), DEBOUNCE_MS);
      // Input events bubble from the editor, the subject and the recipient fields to the root;
      // listening in the capture phase sees them even when Gmail stops their propagation.
      this.onInput = () => this.schedule();
      for (const type of INPUT_EVENTS) root.addEventListener(type, this.onInput, { capture: true, passive: true });
      // A frame that (re)loads in the compose window may hold a new editor document.
      this.onFrameLoad = (/** @type {Event} */ event) => {
        if (!isFrame(event.target)) return;
        this.watchBody();
        this.schedule();
      };
      root.addEventListener('load', this.onFrameLoad, { capture: true, passive: true });
      /** @type {Document[]} the frame documents we listen to: the editor's and those around it */
      this.listenedDocs = [];
      this.watchBody();
      this.layout();
      this.analyse(false);
    }

    /**
     * Input events in an iframe editor stay in the iframe's document and never reach the root:
     * listen on the documents between the editor and the page (Exmail's subject is in one, its
     * editor in another inside it). A frame's document can be replaced after it was found (an
     * iframe's initial about:blank gives way to its srcdoc or src; a webmail rewrites its
     * editor): frame loads in the root or in those documents look for the editor again.
     */
    watchBody() {
      const docs = [];
      let doc = adapter.body(this.root)?.ownerDocument ?? null;
      while (doc && doc !== document && !docs.includes(doc)) {
        docs.push(doc);
        doc = doc.defaultView?.frameElement?.ownerDocument ?? null;
      }
      if (docs.length === this.listenedDocs.length && docs.every((d, i) => d === this.listenedDocs[i])) return;
      this.unwatchDocs();
      for (const d of docs) {
        for (const type of INPUT_EVENTS) d.addEventListener(type, this.onInput, { capture: true, passive: true });
        d.addEventListener('load', this.onFrameLoad, { capture: true, passive: true });
      }
      this.listenedDocs = docs;
    }

    unwatchDocs() {
      for (const d of this.listenedDocs) {
        try {
          for (const type of INPUT_EVENTS) d.removeEventListener(type, this.onInput, { capture: true });
          d.removeEventListener('load', this.onFrameLoad, { capture: true });
        } catch {
          // A replaced document: Firefox makes it a dead object, and its listeners went with it.
        }
      }
      this.listenedDocs = [];
    }

    /**
     * Reads the draft and, when it changed, sends it to the service worker. Typing is never
     * blocked: reading is synchronous and short, the analysis runs in the worker.
     * @param {boolean} force analyse even when the draft did not change (settings changed)
     */
    async analyse(force) {
      if (MH.orphaned()) return stop();
      let draft;
      try {
        draft = adapter.read(this.root);
      } catch {
        // A half-rendered compose window; the next mutation or keystroke tries again.
        return;
      }
      const json = JSON.stringify(draft);
      this.senderDomain = domainOf(draft.from);
      if (json === this.lastJson && !force) {
        this.draw();
        return;
      }
      this.lastJson = json;
      const sequence = ++this.sequence;
      const body = adapter.body(this.root);
      const hasText = !!(draft.subject?.trim() || (body && MH.textmap.build(body).text));
      if (!hasText) {
        this.report = { grade: 10, points: 0, findings: [] };
        this.error = '';
        this.draw();
        return;
      }
      this.ui.busy();
      const message = {
        type: 'check-draft',
        draft,
        mode: settings.mode,
        lang: MH.lang(),
        disabled: settings.disabledRules,
      };
      const answer = await MH.send(message);
      // A newer analysis started while this one ran: its answer wins.
      if (sequence !== this.sequence || !this.ui) return;
      if (answer?.report) {
        this.report = answer.report;
        this.error = '';
      } else {
        // The reason may quote the draft (a parse error), so it is neither shown nor logged.
        // Forgetting the draft lets the next keystroke or DOM change try again.
        this.error = 'analysis failed';
        this.lastJson = '';
      }
      this.draw();
      // A recipient domain not looked up yet (R10): the hint is shown at once, and again once
      // the service worker has the DNS answers (it caches them, so this happens once per domain).
      if (answer?.dnsPending) {
        const later = await MH.send({ ...message, dns: 'wait' });
        if (sequence !== this.sequence || !this.ui || !later?.report) return;
        this.report = later.report;
        this.draw();
      }
    }

    /** Maps the findings to the page and updates highlights, markers, badge and panel. */
    draw() {
      if (!this.ui) return;
      this.watchBody();
      const body = adapter.body(this.root);
      const map = body ? MH.textmap.build(body) : { text: '', nodes: [], offsets: new Int32Array() };
      const subjectInput = adapter.subject(this.root);
      const subject = subjectInput?.value ?? '';
      const report = this.report ?? { grade: NaN, points: 0, findings: [] };
      const marks = [];
      const drawn = new Set();
      this.shown = [];
      let ignoredPoints = 0;

      for (const finding of report.findings ?? []) {
        if (ignored[MH.hintKey(finding.code, finding.quote ?? '')]) {
          ignoredPoints += finding.points;
          continue;
        }
        const entry = { finding };
        if (finding.part === 'subject') {
          const at = subject ? MH.textmap.locate(subject, finding) : null;
          if (at) entry.subject = at;
        } else if (finding.part === 'recipients') {
          entry.element = this.elementFor(adapter.recipients(this.root), (r) => r.address, finding);
        } else if (finding.part === 'attachments') {
          // `attachmentElements` is optional: adapters that cannot find the chips leave it out.
          const chips = adapter.attachmentElements?.(this.root) ?? [];
          entry.element = this.elementFor(chips, (c) => c.name, finding);
        } else if ((finding.span || finding.quote) && body?.tagName === 'TEXTAREA') {
          // A plain-text editor: marked beside the words, from a measured copy of the field.
          const at = MH.textmap.locate(map.text, finding);
          if (at && !coversWhole(at, map.text.length)) entry.textarea = at;
        } else if (finding.span || finding.quote) {
          const at = MH.textmap.locate(map.text, finding);
          if (at) {
            entry.range = MH.textmap.rangeFor(map, at.start, at.end);
            const whole = coversWhole(at, map.text.length);
            // Two findings on the same words (two L01 reasons for one link) are one underline.
            const key = `${finding.severity}:${at.start}:${at.end}`;
            if (entry.range && !whole && !drawn.has(key)) {
              drawn.add(key);
              marks.push({ severity: finding.severity, range: entry.range });
            }
          }
        }
        this.shown.push(entry);
      }

      // The user's own words to avoid: info hints with no points.
      const words = settings.customWords ?? [];
      if (words.length) {
        const custom = (text, where) =>
          MH.textmap.findWords(text, words).map(({ start, end, word }) => ({
            finding: {
              code: 'custom',
              severity: 'info',
              points: 0,
              message: MH.t('customWordHint', word),
              part: where,
              quote: text.slice(start, end),
              custom: true,
            },
            at: { start, end },
          }));
        for (const { finding, at } of custom(subject, 'subject')) {
          if (!ignored[MH.hintKey(finding.code, finding.quote)]) this.shown.push({ finding, subject: at });
        }
        for (const { finding, at } of custom(map.text, 'body')) {
          if (ignored[MH.hintKey(finding.code, finding.quote)]) continue;
          if (body?.tagName === 'TEXTAREA') {
            this.shown.push({ finding, textarea: at });
            continue;
          }
          const range = MH.textmap.rangeFor(map, at.start, at.end);
          if (range) marks.push({ severity: 'info', range });
          this.shown.push({ finding, range });
        }
      }

      if (this.drawnDocument && this.drawnDocument !== body?.ownerDocument) MH.highlights.clear(this, this.drawnDocument);
      this.drawnDocument = body?.ownerDocument ?? null;
      if (body) MH.highlights.set(this, body.ownerDocument, marks);
      // The core's own grade unless the user dismissed hints: then their points come back.
      let grade = ignoredPoints ? gradeOf((report.points ?? 0) - ignoredPoints) : report.grade;
      if (this.error || !Number.isFinite(report.grade)) grade = NaN;
      this.ui.update({
        grade,
        findings: this.shown.map((entry) => entry.finding),
        // Limits the draft went past: the core says what it did not read, in the user's language.
        clipped: report.clipped ?? [],
        error: this.error || undefined,
      });
      this.layout();
      tellPopup(Number.isFinite(grade) ? grade : null, this.shown.map((entry) => entry.finding.code), this.senderDomain);
    }

    /**
     * The element (recipient chip, attachment chip) a finding is about: the one whose label
     * the finding quotes, or whose label its message names.
     */
    elementFor(items, label, finding) {
      const needle = (finding.quote ?? '').toLowerCase();
      const message = (finding.message ?? '').toLowerCase();
      for (const item of items) {
        const text = label(item).trim().toLowerCase();
        if (text && ((needle && (needle.includes(text) || text.includes(needle))) || message.includes(text))) return item.element;
      }
      return null;
    }

    /** Places the badge and the markers; called on scroll, resize and after every analysis. */
    layout() {
      if (!this.ui) return;
      const anchor = adapter.anchor(this.root);
      this.ui.position(anchor && anchor.isConnected ? anchor.getBoundingClientRect() : null);
      const markers = [];
      const subjectInput = adapter.subject(this.root);
      const body = adapter.body(this.root);
      for (const { finding, subject, element, textarea } of this.shown) {
        const label = finding.message;
        if (textarea && body?.tagName === 'TEXTAREA') {
          for (const rect of this.ui.textRects(body, textarea.start, textarea.end)) {
            markers.push({ rect, severity: finding.severity, label, shape: 'bar' });
          }
        } else if (subject && subjectInput) {
          const rect = inputTextRect(subjectInput, subject.start, subject.end);
          if (rect) markers.push({ rect, severity: finding.severity, label, shape: 'bar' });
        } else if (element?.isConnected) {
          markers.push({ rect: element.getBoundingClientRect(), severity: finding.severity, label, shape: 'bar' });
        }
      }
      markers.sort((a, b) => (SEVERITY_RANK[a.severity] ?? 0) - (SEVERITY_RANK[b.severity] ?? 0));
      this.ui.markers(markers);
    }

    /** Scrolls a finding's words (or field) into view and flashes them. */
    reveal(finding) {
      const entry = this.shown.find((e) => e.finding === finding);
      if (!entry) return;
      if (entry.range?.startContainer.isConnected) {
        entry.range.startContainer.parentElement?.scrollIntoView({ block: 'center', behavior: 'smooth' });
        MH.highlights.flash(entry.range);
      } else if (entry.textarea) {
        adapter.body(this.root)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      } else if (entry.subject) {
        adapter.subject(this.root)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      } else if (entry.element?.isConnected) {
        entry.element.scrollIntoView({ block: 'center', behavior: 'smooth' });
      }
      setTimeout(() => this.layout(), 400);
    }

    /** Removes everything this compose window added to the page. */
    destroy() {
      this.schedule.cancel();
      for (const type of INPUT_EVENTS) this.root.removeEventListener(type, this.onInput, { capture: true });
      this.root.removeEventListener('load', this.onFrameLoad, { capture: true });
      this.unwatchDocs();
      if (this.drawnDocument) MH.highlights.clear(this, this.drawnDocument);
      this.ui?.destroy();
      this.ui = null;
    }
  }

  /** @type {Map<Element, Compose>} */
  const composes = new Map();

  /** Starts controllers for new compose windows and stops those of closed ones. */
  function scan() {
    let roots = [];
    try {
      roots = adapter.findComposes(document);
    } catch {
      roots = [];
    }
    const open = new Set(roots);
    for (const [root, compose] of composes) {
      if (!open.has(root) || !root.isConnected) {
        compose.destroy();
        composes.delete(root);
      }
    }
    for (const root of roots) if (!composes.has(root)) composes.set(root, new Compose(root));
    if (composes.size === 0) tellPopup(null, []);
  }

  // Nothing told yet reads as "no grade", so a page without compose windows sends nothing.
  let lastTold = JSON.stringify([null, [], null]);
  /**
   * Tells the background the grade and codes of the compose analysed last, for the toolbar
   * popup: never any text of the draft. Repeats of the same news are not sent.
   */
  function tellPopup(grade, codes, senderDomain = null) {
    const news = JSON.stringify([grade, [...new Set(codes)].filter((c) => /^[A-Z]\d{2}$/.test(c)), senderDomain]);
    if (news === lastTold) return;
    lastTold = news;
    const [g, c, d] = JSON.parse(news);
    MH.send({ type: 'report-updated', grade: g, codes: c, senderDomain: d });
  }

  /**
   * The domain of the From address (`Lily <lily@x-lighting.example>` → `x-lighting.example`),
   * for the popup's sender-domain check: the domain only, never the address.
   * @param {unknown} from
   */
  function domainOf(from) {
    if (typeof from !== 'string') return null;
    const m = /@([^\s<>@,;"']+)>?\s*$/.exec(from.trim());
    return m ? m[1].toLowerCase().replace(/\.$/, '') : null;
  }

  /** Runs `fn` at most once per `ms`, and once more after the last call of a burst. */
  function throttle(fn, ms) {
    let last = 0;
    let timer = 0;
    return () => {
      const wait = last + ms - Date.now();
      if (wait <= 0 && !timer) {
        last = Date.now();
        fn();
      } else if (!timer) {
        timer = setTimeout(() => {
          timer = 0;
          last = Date.now();
          fn();
        }, Math.max(wait, 0));
      }
    };
  }

  const throttledScan = throttle(scan, SCAN_MS);
  /** Compose windows whose DOM changed (a chip added, an attachment uploaded). */
  const touched = new Set();
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      // Our own host's attribute and children changes are no news.
      if (record.target.nodeName === 'MAILHINT-BADGE') continue;
      for (const [root, compose] of composes) if (root.contains(record.target)) touched.add(compose);
    }
    for (const compose of touched) compose.schedule();
    touched.clear();
    throttledScan();
  });

  let frame = 0;
  const relayout = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      for (const compose of composes.values()) compose.layout();
    });
  };

  /** @param {Event} event */
  function onFrameLoad(event) {
    if (isFrame(event.target)) throttledScan();
  }

  function stop() {
    observer.disconnect();
    document.removeEventListener('load', onFrameLoad, true);
    removeEventListener('scroll', relayout, true);
    removeEventListener('resize', relayout);
    for (const compose of composes.values()) compose.destroy();
    composes.clear();
  }

  async function start() {
    settings = await MH.settings();
    await MH.refreshLang();
    ignored = await MH.ignoredHints();
    MH.onSettingsChanged(async (next, hintsChanged) => {
      if (next) settings = next;
      if (hintsChanged) ignored = await MH.ignoredHints();
      for (const compose of composes.values()) {
        if (next) compose.analyse(true);
        else compose.draw();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'class', 'value', 'data-hovercard-id'] });
    // A compose window inside a frame (Exmail's mainFrame) appears when the frame loads, which
    // changes nothing in this document: the content script may have started before that (at
    // document_idle the frames can still be loading). A frame's `load` is seen in the capture
    // phase on the document: element `load` events never reach the window.
    document.addEventListener('load', onFrameLoad, { capture: true, passive: true });
    addEventListener('scroll', relayout, { capture: true, passive: true });
    addEventListener('resize', relayout, { passive: true });
    scan();
  }

  MH.controller = { adapter, composes, scan };
  start();
})();
