// The content scripts' shared namespace, `globalThis.mailhint` (MH). Every other content script
// reads it; this file is the only one that touches `chrome.*` from a content script, so that the
// rest can be tested and reasoned about without the extension APIs.
//
// Content scripts are classic scripts that share one isolated world per frame: a second
// injection into the same frame (e.g. when the popup registers the scripts for a site that the
// manifest also matches) must not replace the state of the first, hence the early return.
'use strict';

(() => {
  if (globalThis.mailhint?.ready) return;

  /**
   * @typedef {object} Settings
   * @property {'one-to-one'|'campaign'} mode
   * @property {'auto'|'en'|'zh-CN'} lang
   * @property {string[]} disabledRules
   * @property {string[]} customWords
   * @property {string[]} sites
   */

  /** @type {Settings} */
  const DEFAULT_SETTINGS = Object.freeze({
    mode: 'one-to-one',
    lang: 'auto',
    disabledRules: [],
    customWords: [],
    sites: [],
  });

  /** @returns {typeof chrome | undefined} the extension API, absent when run outside a browser */
  const api = () => globalThis.chrome?.runtime?.id ? globalThis.chrome : undefined;

  /**
   * Sends a message to the service worker. A sleeping worker is woken by the message itself, but
   * the first message after an extension update or a worker restart can fail with "Receiving end
   * does not exist"; one retry after a short pause covers that. Never throws: callers get
   * `{error}` so a failed analysis can never break the page.
   * @param {object} message
   * @returns {Promise<any>}
   */
  async function send(message) {
    const chromeApi = api();
    if (!chromeApi) return { error: 'extension context unavailable' };
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        const answer = await chromeApi.runtime.sendMessage(message);
        if (answer !== undefined) return answer;
      } catch (error) {
        // The extension was reloaded or removed: this script is orphaned and must stay quiet.
        if (!api()) return { error: 'extension context invalidated' };
        if (attempt === 1) return { error: String(error?.message ?? error) };
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    return { error: 'no answer from the service worker' };
  }

  /**
   * The user's settings with defaults for whatever is missing or malformed.
   * @returns {Promise<Settings>}
   */
  async function settings() {
    let stored = {};
    try {
      stored = (await api()?.storage.sync.get('settings'))?.settings ?? {};
    } catch {
      // Storage can fail while the extension updates; the defaults are a safe answer.
    }
    const list = (value) => (Array.isArray(value) ? value.filter((v) => typeof v === 'string') : []);
    return {
      mode: stored.mode === 'campaign' ? 'campaign' : DEFAULT_SETTINGS.mode,
      lang: ['en', 'zh-CN'].includes(stored.lang) ? stored.lang : 'auto',
      disabledRules: list(stored.disabledRules),
      customWords: list(stored.customWords).map((w) => w.trim()).filter(Boolean),
      sites: list(stored.sites),
    };
  }

  /**
   * Updates the stored settings with `change(settings)`; returns the new settings.
   * @param {(s: Settings) => Settings} change
   */
  async function updateSettings(change) {
    const next = change(await settings());
    // Settings this script does not read (the DNS resolver of the options page) are kept.
    let stored = {};
    try {
      stored = (await api()?.storage.sync.get('settings'))?.settings ?? {};
    } catch {
      // As in settings(): write what we have.
    }
    await api()?.storage.sync.set({ settings: { ...stored, ...next } });
    return next;
  }

  /**
   * The hints the user dismissed one by one: `code + '\u0000' + quote` → true.
   * @returns {Promise<Record<string, true>>}
   */
  async function ignoredHints() {
    try {
      const stored = (await api()?.storage.local.get('ignoredHints'))?.ignoredHints;
      return stored && typeof stored === 'object' ? stored : {};
    } catch {
      return {};
    }
  }

  /**
   * Marks one hint as ignored.
   * @param {string} code
   * @param {string} quote
   */
  async function ignoreHint(code, quote) {
    const hints = await ignoredHints();
    hints[hintKey(code, quote)] = true;
    await api()?.storage.local.set({ ignoredHints: hints });
  }

  /** The key of one hint in `ignoredHints`. */
  const hintKey = (code, quote) => `${code}\u0000${quote ?? ''}`;

  /**
   * Calls `fn` once `ms` milliseconds have passed without another call. `flush()` runs a pending
   * call now, `cancel()` drops it.
   * @template {(...args: any[]) => void} F
   * @param {F} fn
   * @param {number} ms
   */
  function debounce(fn, ms) {
    let timer = 0;
    let lastArgs = [];
    const debounced = (...args) => {
      lastArgs = args;
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = 0;
        fn(...lastArgs);
      }, ms);
    };
    debounced.cancel = () => {
      clearTimeout(timer);
      timer = 0;
    };
    debounced.flush = () => {
      if (!timer) return;
      debounced.cancel();
      fn(...lastArgs);
    };
    return debounced;
  }

  /**
   * A localised string (`chrome.i18n.getMessage`), or the key itself when it is missing, so a
   * missing translation is visible rather than an empty label.
   * @param {string} key
   * @param {...(string|number)} subs
   */
  function t(key, ...subs) {
    try {
      return api()?.i18n.getMessage(key, subs.map(String)) || key;
    } catch {
      return key;
    }
  }

  /** The language cached from the settings, refreshed by `refreshLang`. */
  let cachedLang = 'auto';

  /**
   * The language of the hints: the user's choice, else the browser's (Simplified Chinese for any
   * `zh…` locale, English otherwise).
   * @returns {'en'|'zh-CN'}
   */
  function lang() {
    if (cachedLang === 'en' || cachedLang === 'zh-CN') return cachedLang;
    return /^zh/i.test(globalThis.navigator?.language ?? '') ? 'zh-CN' : 'en';
  }

  /** Reads the language choice from the settings into the cache `lang()` uses. */
  async function refreshLang() {
    cachedLang = (await settings()).lang;
    return lang();
  }

  /**
   * Calls `listener(newSettings, ignoredHintsChanged)` whenever the settings or the ignored hints
   * change in any tab or extension page.
   * @param {(settings: Settings|null, hintsChanged: boolean) => void} listener
   */
  function onSettingsChanged(listener) {
    api()?.storage.onChanged.addListener((changes, area) => {
      if (area === 'sync' && changes.settings) {
        settings().then((s) => {
          cachedLang = s.lang;
          listener(s, false);
        });
      } else if (area === 'local' && changes.ignoredHints) {
        listener(null, true);
      }
    });
  }

  /** A bounce's sender: the mail system itself. */
  const BOUNCE_SENDER = /^(mailer-daemon|postmaster|mail-daemon|mail delivery (sub)?system)\b/i;
  /** Fields of an RFC 3464 delivery-status part, as a message view shows it. */
  const DSN_FIELDS = /^(Final-Recipient|Original-Recipient|Reporting-MTA|Diagnostic-Code)\s*:/im;

  /**
   * Whether a message in a reading view looks like a bounce: sent by the mail system
   * (mailer-daemon, postmaster) or showing a delivery-status part. The core decides for real.
   * @param {string} sender the sender's address or name
   * @param {string} text what the view shows of the message
   * @param {boolean} [dsnPart] the view lists a message/delivery-status part
   */
  function looksLikeBounce(sender, text, dsnPart = false) {
    return BOUNCE_SENDER.test(String(sender ?? '').trim()) || dsnPart || DSN_FIELDS.test(text ?? '');
  }

  /**
   * A message as a reading view shows it, rebuilt as a plain-text RFC 5322 message for the core's
   * bounce reader (the webmail shows the text of the bounce, not its source).
   * @param {{from?: string, subject?: string, text: string}} parts
   */
  function messageOf({ from = '', subject = '', text }) {
    const header = (v) => String(v).replace(/[\r\n]+/g, ' ').trim();
    return `From: ${header(from)}\r\nSubject: ${header(subject)}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${String(text).replace(/\r?\n/g, '\r\n')}`;
  }

  /** @type {object[]} adapters in registration (= manifest) order, the generic one last */
  const adapters = [];

  const MH = Object.assign(globalThis.mailhint ?? {}, {
    ready: true,
    adapters,
    /** @param {object} adapter */
    registerAdapter(adapter) {
      if (adapter && typeof adapter.id === 'string' && !adapters.some((a) => a.id === adapter.id)) {
        adapters.push(adapter);
      }
    },
    send,
    settings,
    updateSettings,
    ignoredHints,
    ignoreHint,
    hintKey,
    debounce,
    t,
    lang,
    refreshLang,
    onSettingsChanged,
    looksLikeBounce,
    messageOf,
    /** The extension API is gone (extension reloaded): orphaned scripts stop working. */
    orphaned: () => !api(),
  });
  globalThis.mailhint = MH;
})();
