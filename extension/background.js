// The service worker: the only place the WebAssembly core runs (page CSPs block it in content
// scripts), and the one message router of the extension.
//
// It also keeps the last grade each tab's compose window reported (for the popup), and the
// content-script registrations of the sites the user switched on from the popup.
//
// The glue is imported statically: service workers forbid dynamic import().
import init, { checkDraft, checkRaw, ruleDocs, version } from './pkg/mailhint.js';

/**
 * The core, instantiated on first use: the worker also wakes for tab and permission events,
 * which have no need of the 3 MB module.
 * @type {Promise<unknown> | undefined}
 */
let instance;
function core() {
  instance ??= (() => {
    const start = performance.now();
    timing.initStart = start;
    return init({ module_or_path: new URL('./pkg/mailhint_bg.wasm', import.meta.url) }).then((exports) => {
      timing.initMs = performance.now() - start;
      performance.measure('mailhint:wasm-init', { start, end: start + timing.initMs });
      return exports;
    });
  })();
  return instance;
}

/**
 * The long docs of the rules by code, per language file, read once per worker from
 * extension/rules/<lang>.json: `mailhint rules --format json` writes them at build time, from
 * the same rule declarations the wasm is built from (which leaves the docs out, for size).
 * @type {Map<string, Promise<Map<string, string>>>}
 */
const docFiles = new Map();
/** @param {unknown} lang as the core's `Lang::parse` reads it: anything else is English */
function longDocs(lang) {
  const file = ['zh', 'zh-cn', 'zh-hans', 'zh_cn'].includes(String(lang ?? '').toLowerCase()) ? 'zh-CN' : 'en';
  let docs = docFiles.get(file);
  if (!docs) {
    docs = fetch(new URL(`./rules/${file}.json`, import.meta.url))
      .then((r) => {
        if (!r.ok) throw new Error(`rules/${file}.json: HTTP ${r.status}`);
        return r.json();
      })
      .then((/** @type {Array<{code: string, doc: string}>} */ list) => new Map(list.map((r) => [r.code, r.doc])));
    docs.catch(() => docFiles.delete(file)); // a failed read is retried on the next request
    docFiles.set(file, docs);
  }
  return docs;
}

/**
 * How long this worker took to start and to instantiate the core, in milliseconds since the
 * worker's time origin, for tests/bench/extension-bench.mjs: numbers only, never any draft.
 */
const timing = {
  /** background.js evaluated (its imports loaded), since the worker started. */
  evaluated: performance.now(),
  /** @type {number|null} when the first message needing the core started `init()` */
  initStart: null,
  /** @type {number|null} how long `init()` (fetch, compile, instantiate) took */
  initMs: null,
  /** @type {number|null} how long the first `checkDraft` took (the core's lazy set-up included) */
  firstCheckMs: null,
};

/** The storage.sync key of the settings (see extension/lib/ext.js for their shape). */
const SETTINGS_KEY = 'settings';

/** Prefix of the storage.session key that holds a tab's last report: `report:<tabId>`. */
const REPORT_PREFIX = 'report:';

/** storage.session key of the site whose permission the popup asked for last. */
const PENDING_SITE_KEY = 'pendingSite';

/** Prefix of the ids of the content scripts registered for a site switched on by the user. */
const SITE_SCRIPT_PREFIX = 'site:';

/**
 * @typedef {{
 *   type: string,
 *   [field: string]: unknown,
 * }} Message
 * @typedef {chrome.runtime.MessageSender} Sender
 * @typedef {{
 *   from: 'any' | 'content' | 'page',
 *   run: (message: any, sender: Sender) => Promise<unknown>,
 * }} Handler
 */

/**
 * Handlers by message type. `from` says who may ask: `content` a content script (it has a tab
 * and is not an extension page), `page` only the extension's own pages (popup, options), `any`
 * both. Web pages can never ask: the manifest has no `externally_connectable`, and the router
 * checks the sender's extension id as well.
 * @type {Record<string, Handler>}
 */
const handlers = {
  'check-draft': {
    from: 'any',
    async run({ draft, mode, lang, disabled }) {
      await core();
      const start = timing.firstCheckMs === null ? performance.now() : 0;
      const report = checkDraft(JSON.stringify(draft), mode ?? null, lang ?? null, disabled ?? null);
      if (start) timing.firstCheckMs = performance.now() - start;
      return { report };
    },
  },
  'check-raw': {
    from: 'any',
    async run({ raw, mode, lang, disabled }) {
      await core();
      return { report: checkRaw(new TextEncoder().encode(raw), mode ?? null, lang ?? null, disabled ?? null) };
    },
  },
  'rule-docs': {
    from: 'any',
    async run({ lang }) {
      const [, docs] = await Promise.all([core(), longDocs(lang)]);
      // The wasm gives code, name, category, severity, summary and fix; the long Markdown doc
      // comes from the JSON the build wrote (the wasm is built without the rule docs).
      const rules = /** @type {Array<{code: string, doc: string}>} */ (ruleDocs(lang ?? null));
      return { rules: rules.map((rule) => ({ ...rule, doc: docs.get(rule.code) ?? '' })) };
    },
  },
  // For the benchmark: the worker's start-up and instantiation times, the size of the core's
  // memory. Numbers only.
  timing: {
    from: 'any',
    async run() {
      const exports = instance ? /** @type {any} */ (await instance) : null;
      return { timing: { ...timing, uptime: performance.now(), wasmMemoryBytes: exports?.memory?.buffer?.byteLength ?? null } };
    },
  },
  version: {
    from: 'any',
    async run() {
      await core();
      return { version: version() };
    },
  },

  // A content script reports the grade of its compose window after every analysis, or
  // `grade: null` when no compose window is open any more. Only the grade and the codes are
  // kept (never any text of the draft), in session storage: gone when the browser closes.
  'report-updated': {
    from: 'content',
    async run({ grade, codes }, sender) {
      const key = REPORT_PREFIX + sender.tab?.id;
      if (typeof grade !== 'number' || !Number.isFinite(grade)) {
        await chrome.storage.session.remove(key);
        return { ok: true };
      }
      const list = Array.isArray(codes) ? codes.filter((c) => typeof c === 'string' && /^[A-Z]\d{2}$/.test(c)) : [];
      // The page's origin lets the popup describe the site even when the browser hides the
      // tab's address from the extension (it does without `tabs` or `activeTab`).
      const origin = webOrigin(sender.origin ?? sender.url);
      await chrome.storage.session.set({ [key]: { grade, codes: list, origin, at: Date.now() } });
      return { ok: true };
    },
  },
  // The popup asks for the last report of the tab it describes.
  'tab-report': {
    from: 'page',
    async run({ tabId }) {
      const key = REPORT_PREFIX + tabId;
      return { report: (await chrome.storage.session.get(key))[key] ?? null };
    },
  },
  // What the popup should offer for a page: nothing (not a web page), "already covered" (a
  // webmail of the manifest), "switched on", or the button that switches it on.
  'site-status': {
    from: 'page',
    async run({ url }) {
      const origin = webOrigin(url);
      if (!origin) return { web: false };
      await sitesSynced;
      const { sites } = await loadSettings();
      return {
        web: true,
        origin,
        pattern: originPattern(origin),
        covered: coveredByManifest(origin),
        enabled: sites.includes(origin),
        granted: await chrome.permissions.contains({ origins: [originPattern(origin)] }),
      };
    },
  },
  // Sent by the popup just after it asked the user for a site's permission (the request itself
  // must happen in the popup's click handler, where the user gesture is). The popup may be
  // closed while the browser's prompt is open (Firefox closes it), so the background finishes
  // the job when the permission arrives: see `permissions.onAdded` below.
  'site-requested': {
    from: 'page',
    async run({ origin }) {
      const site = webOrigin(origin);
      if (!site) return { error: 'not a web origin' };
      await chrome.storage.session.set({ [PENDING_SITE_KEY]: site });
      return { ok: true };
    },
  },
  // Called by the popup once the user granted the permission.
  'enable-site': {
    from: 'page',
    async run({ origin }) {
      return enableSite(origin);
    },
  },
  // From the options page: switches a site off and gives its permission back.
  'disable-site': {
    from: 'page',
    async run({ origin }) {
      await changeSettings((s) => {
        s.sites = s.sites.filter((o) => o !== origin);
      });
      await syncSites();
      const site = webOrigin(origin);
      // A covered webmail's access comes from the manifest and cannot be removed.
      if (site && !coveredByManifest(site)) {
        await chrome.permissions.remove({ origins: [originPattern(site)] }).catch(() => false);
      }
      return { ok: true };
    },
  },
};

/**
 * Whether `sender` may send a message that `handler` accepts.
 * @param {Handler} handler
 * @param {Sender} sender
 */
function allowed(handler, sender) {
  if (sender.id !== chrome.runtime.id) return false;
  const fromPage = typeof sender.url === 'string' && sender.url.startsWith(chrome.runtime.getURL(''));
  if (handler.from === 'page') return fromPage;
  if (handler.from === 'content') return !fromPage && sender.tab?.id !== undefined;
  return true;
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only the extension's own pages and content scripts may ask.
  if (sender.id !== chrome.runtime.id) return false;
  const handler = Object.hasOwn(handlers, message?.type) ? handlers[message.type] : undefined;
  if (!handler) return false;
  if (!allowed(handler, sender)) {
    sendResponse({ error: 'not allowed from this context' });
    return false;
  }
  handler.run(message, sender).then(sendResponse, (error) => sendResponse({ error: String(error?.message ?? error) }));
  return true;
});

// A tab's report goes with the tab. (A report left behind by a page the tab navigated away
// from is told apart by its origin in the popup; listening to every navigation instead would
// wake this worker for every page the user loads.)
chrome.tabs.onRemoved.addListener((tabId) => {
  chrome.storage.session.remove(REPORT_PREFIX + tabId);
});

// --- settings ---------------------------------------------------------------------------------

/**
 * @returns {Promise<{sites: string[]} & Record<string, unknown>>} the stored settings, with a
 *   valid `sites` list (the pages fill in the other defaults themselves)
 */
async function loadSettings() {
  const raw = (await chrome.storage.sync.get(SETTINGS_KEY))[SETTINGS_KEY];
  const settings = raw && typeof raw === 'object' ? { ...raw } : {};
  settings.sites = Array.isArray(settings.sites) ? settings.sites.filter((s) => typeof s === 'string') : [];
  return settings;
}

/** @param {(settings: {sites: string[]} & Record<string, unknown>) => void} change */
async function changeSettings(change) {
  const settings = await loadSettings();
  change(settings);
  await chrome.storage.sync.set({ [SETTINGS_KEY]: settings });
}

// --- sites switched on by the user ------------------------------------------------------------

/**
 * The origin of an http(s) URL, or null for anything else (browser pages, files, extensions).
 * @param {unknown} url
 */
function webOrigin(url) {
  if (typeof url !== 'string') return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * The match pattern of a site's permission and content scripts. Match patterns ignore the port
 * when they name none, so a webmail on `:8443` is covered too.
 * @param {string} origin
 */
function originPattern(origin) {
  const u = new URL(origin);
  return `${u.protocol}//${u.hostname}/*`;
}

/**
 * Whether a match pattern of the manifest (`https://*.example.com/*` style, as ours are) covers
 * the root of `origin`.
 * @param {string} pattern
 * @param {string} origin
 */
function patternCovers(pattern, origin) {
  const m = /^(\*|https?):\/\/(\*|(?:\*\.)?[^/*]+)\//.exec(pattern);
  if (!m) return false;
  const u = new URL(origin);
  const scheme = u.protocol.slice(0, -1);
  if (m[1] === '*' ? !['http', 'https'].includes(scheme) : m[1] !== scheme) return false;
  const host = m[2];
  if (host === '*') return true;
  if (host.startsWith('*.')) return u.hostname === host.slice(2) || u.hostname.endsWith(host.slice(1));
  return u.hostname === host;
}

/** @param {string} origin */
function coveredByManifest(origin) {
  const scripts = chrome.runtime.getManifest().content_scripts ?? [];
  return scripts.some((cs) => (cs.matches ?? []).some((p) => patternCovers(p, origin)));
}

/**
 * A file of the extension as `registerContentScripts` takes it: a path from the package's root.
 * Firefox's `getManifest()` gives the content scripts' files as absolute `moz-extension://` URLs
 * (Chromium keeps the manifest's relative paths), and Firefox's `registerContentScripts` refuses
 * absolute URLs.
 * @param {string} file
 */
function packagePath(file) {
  const root = chrome.runtime.getURL('');
  return file.startsWith(root) ? file.slice(root.length) : file;
}

/**
 * The registration of the content scripts for one site: the same files, frames and timing as the
 * manifest's content script, so a switched-on site behaves like a covered webmail.
 * @param {string} origin
 * @returns {chrome.scripting.RegisteredContentScript}
 */
function siteScript(origin) {
  const cs = chrome.runtime.getManifest().content_scripts?.[0] ?? {};
  return {
    id: SITE_SCRIPT_PREFIX + origin,
    matches: [originPattern(origin)],
    js: (cs.js ?? []).map(packagePath),
    css: (cs.css ?? []).map(packagePath),
    allFrames: true,
    matchOriginAsFallback: true,
    runAt: 'document_idle',
    persistAcrossSessions: true,
  };
}

/**
 * Switches a site on: adds it to `settings.sites` and registers its content scripts, provided
 * the user granted its permission.
 * @param {unknown} origin
 */
async function enableSite(origin) {
  const site = webOrigin(origin);
  if (!site) return { error: 'not a web origin' };
  if (!(await chrome.permissions.contains({ origins: [originPattern(site)] }))) {
    return { error: 'no permission for this site' };
  }
  await changeSettings((s) => {
    if (!s.sites.includes(site)) s.sites.push(site);
  });
  await syncSites();
  return { ok: true };
}

/**
 * Registers content scripts, dropping `matchOriginAsFallback` where the browser does not know it
 * (Firefox before it supported the key refuses the whole registration otherwise).
 * @param {chrome.scripting.RegisteredContentScript[]} scripts
 */
async function register(scripts) {
  try {
    await chrome.scripting.registerContentScripts(scripts);
  } catch (error) {
    if (!/matchOriginAsFallback/i.test(String(error?.message ?? error))) throw error;
    await chrome.scripting.registerContentScripts(scripts.map(({ matchOriginAsFallback, ...rest }) => rest));
  }
}

/**
 * Makes the registered content scripts match the settings: one registration per site that is
 * switched on and whose permission the user still grants, none for any other. Calls are chained
 * so that two reconciliations never race (a duplicate id would make registration fail).
 */
let syncing = Promise.resolve();
function syncSites() {
  syncing = syncing.then(reconcileSites).catch((error) => {
    console.warn('mailhint: could not update the sites switched on:', String(error?.message ?? error));
  });
  return syncing;
}

async function reconcileSites() {
  const { sites } = await loadSettings();
  const wanted = new Set();
  for (const origin of sites) {
    const site = webOrigin(origin);
    if (!site || coveredByManifest(site)) continue;
    if (await chrome.permissions.contains({ origins: [originPattern(site)] })) wanted.add(SITE_SCRIPT_PREFIX + site);
  }
  const registered = (await chrome.scripting.getRegisteredContentScripts())
    .map((s) => s.id)
    .filter((id) => id.startsWith(SITE_SCRIPT_PREFIX));
  const stale = registered.filter((id) => !wanted.has(id));
  if (stale.length) await chrome.scripting.unregisterContentScripts({ ids: stale });
  const missing = [...wanted].filter((id) => !registered.includes(id));
  if (missing.length) await register(missing.map((id) => siteScript(id.slice(SITE_SCRIPT_PREFIX.length))));
}

// Every start of the service worker re-checks the registrations (the browser keeps them across
// restarts, but the permission may have been withdrawn or the sites changed on another device
// meanwhile); so do permission and settings changes.
const sitesSynced = syncSites();
chrome.permissions.onAdded.addListener(async () => {
  // Only the site the popup asked for is switched on: other optional permissions (a later
  // feature may ask for a DNS resolver's) must not start content scripts anywhere.
  const pending = (await chrome.storage.session.get(PENDING_SITE_KEY))[PENDING_SITE_KEY];
  if (typeof pending === 'string' && (await chrome.permissions.contains({ origins: [originPattern(pending)] }))) {
    await chrome.storage.session.remove(PENDING_SITE_KEY);
    await enableSite(pending);
  }
  syncSites();
});
chrome.permissions.onRemoved.addListener(() => syncSites());
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'sync' && SETTINGS_KEY in changes) syncSites();
});
