// The service worker: the only place the WebAssembly core runs (page CSPs block it in content
// scripts), and the one message router of the extension.
//
// It also keeps the last grade each tab's compose window reported (for the popup), and the
// content-script registrations of the sites the user switched on from the popup.
//
// It also runs the DNS lookups of the sender-domain check (popup) and of R10 (compose windows)
// over DNS-over-HTTPS (lib/doh.js): the core says what it needs, this worker fetches it.
//
// Two WebAssembly modules (ARCHITECTURE.md, "crates/mailhint-wasm"): the *compose* module, all
// that compose windows need on every keystroke (`checkDraft`, R10's `DraftDns`, `ruleDocs`,
// `version`), and the *full* one, which also reads raw `.eml` files (`readBounce`, `MessageReport`) and runs the
// sender-domain check (`DomainCheck`). Each is instantiated on first use: a compose window never
// downloads or compiles the full module; the popup's domain check or a dropped file does.
//
// The glue of both is imported statically (service workers forbid dynamic import()); it is small
// JS, and neither module is fetched until its `init()`.
//
// A trap inside WebAssembly (a panic is one: the modules are built with panic=immediate-abort;
// so are running out of stack or memory) must not take hints down: the instance that trapped
// may be poisoned (its shadow stack pointer, its allocator, an object borrowed by the call), so
// the call fails as "could not analyse this" and the next one runs on a fresh instance of the
// compiled module (`reinstantiate`, which build.sh adds to the glue). See `WasmModule`.
import initCompose, { DraftDns, reinstantiate as reinstantiateCompose, ruleDocs, setPublicSuffixList, version } from './pkg/mailhint.js';
import initFull, { DomainCheck, MessageReport, readBounce, reinstantiate as reinstantiateFull } from './pkg/mailhint_full.js';
import { BUDGET_MS, CheckBudget } from './lib/budget.js';
import { CACHE_PREFIX, DohClient, resolversFor } from './lib/doh.js';
import { WasmModule } from './lib/wasm-module.js';

/**
 * The compose module. Instantiated on first use: the worker also wakes for tab and permission
 * events, which have no need of it. It is built without the Public Suffix List (47 KB gzipped
 * of the module; the list then updates without recompiling): the list is a file of the package,
 * fetched alongside and handed over before the first check, and again to a fresh instance.
 */
let publicSuffixList = '';
const compose = new WasmModule(
  'compose',
  () => {
    const start = performance.now();
    timing.initStart = start;
    const list = fetch(new URL('./pkg/public-suffix-list.txt', import.meta.url)).then((r) => {
      if (!r.ok) throw new Error(`pkg/public-suffix-list.txt: HTTP ${r.status}`);
      return r.text();
    });
    return Promise.all([initCompose({ module_or_path: new URL('./pkg/mailhint_bg.wasm', import.meta.url) }), list]).then(([exports, text]) => {
      setPublicSuffixList(text);
      publicSuffixList = text;
      timing.initMs = performance.now() - start;
      performance.measure('mailhint:wasm-init', { start, end: start + timing.initMs });
      return exports;
    });
  },
  () => {
    const exports = reinstantiateCompose();
    setPublicSuffixList(publicSuffixList);
    compose.loading = Promise.resolve(exports);
  },
);

/** The full module, instantiated on first use by the handlers that need it (`read-bounce`, `message-report`, the domain check). */
const full = new WasmModule(
  'full',
  () => {
    const start = performance.now();
    return initFull({ module_or_path: new URL('./pkg/mailhint_full_bg.wasm', import.meta.url) }).then((exports) => {
      timing.fullInitMs = performance.now() - start;
      performance.measure('mailhint:wasm-full-init', { start, end: start + timing.fullInitMs });
      return exports;
    });
  },
  () => {
    full.loading = Promise.resolve(reinstantiateFull());
  },
);

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
  /**
   * @type {number|null} how long the compose module's `init()` (fetch, compile, instantiate) and
   * the Public Suffix List's fetch and hand-over took
   */
  initMs: null,
  /** @type {number|null} how long the full module's `init()` took (null until a handler needs it) */
  fullInitMs: null,
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

/** What a domain name looks like (Unicode letters allowed, for IDNs). */
const DOMAIN_SHAPE = /^(?=.{1,253}$)[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u;

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
 * Handlers by message type. `from` says who may ask: `content` the content script of a tab's top
 * frame (the one that speaks for the tab), `page` only the extension's own pages (popup,
 * options, tools), `any` both; each handler is open to no more senders than use it (SECURITY.md).
 * Web pages can never ask: the manifest has no `externally_connectable`, and the router checks
 * the sender's extension id as well. A content script is reachable from its page through the
 * DOM only; what it sends (`check-draft`, `read-bounce`, `message-report`, `report-updated`) is
 * what the page shows, and none of it changes settings or permissions.
 * @type {Record<string, Handler>}
 */
const handlers = {
  // A draft from a compose window. Rules that read DNS (R10) get the answers cached so far; the
  // answer says `dnsPending` when some are missing, and the content script asks again with
  // `dns: 'wait'`, which looks them up (through the user's resolver) before answering.
  'check-draft': {
    from: 'any',
    async run({ draft, mode, lang, disabled, dns }) {
      await compose.ready();
      const start = timing.firstCheckMs === null ? performance.now() : 0;
      const report = await checkDraftWithDns(draft, mode ?? null, lang ?? null, disabled ?? null, dns === 'wait');
      if (start) timing.firstCheckMs = performance.now() - start;
      return { report, dnsPending: (report.lookups?.length ?? 0) > 0 };
    },
  },
  // The sender-domain check, for the popup and the options page: the whole check, answered when
  // it is complete. (The popup uses the `domain-check` port below for progress.)
  'domain-check': {
    from: 'page',
    async run(message) {
      return { report: await runDomainCheck(message, () => {}) };
    },
  },
  // A message the user opened (a content script sends its raw text: a bounce in the reading
  // view) or pasted/dropped in the popup: per recipient, hard or soft, the reason and what to
  // do. Read here, in the browser; nothing of it is sent anywhere.
  'read-bounce': {
    from: 'any',
    async run({ raw, lang }) {
      if (typeof raw !== 'string' || !raw) throw new Error('no message');
      await full.ready();
      return { bounce: full.run(() => readBounce(new TextEncoder().encode(raw), typeof lang === 'string' ? lang : null)) };
    },
  },
  // The raw-message report (score out of 10, deductions) of a message's source: Gmail's "Show
  // original" page or the popup. Its DNS lookups (SPF for the sending IP, PTR, blocklists) go
  // through the DoH client and its cache: only domain names and IPs leave the browser.
  'message-report': {
    from: 'any',
    async run(message) {
      return { report: await runMessageReport(message) };
    },
  },
  'rule-docs': {
    from: 'page',
    async run({ lang }) {
      const [, docs] = await Promise.all([compose.ready(), longDocs(lang)]);
      // The wasm gives code, name, category, severity, summary and fix; the long Markdown doc
      // comes from the JSON the build wrote (the wasm is built without the rule docs).
      const rules = /** @type {Array<{code: string, doc: string}>} */ (compose.run(() => ruleDocs(lang ?? null)));
      return { rules: rules.map((rule) => ({ ...rule, doc: docs.get(rule.code) ?? '' })) };
    },
  },
  // For the benchmark and the fault tests: the worker's start-up and instantiation times, the
  // size of each module's memory, the traps recovered from. Numbers only.
  timing: {
    from: 'page',
    async run() {
      const composeExports = compose.loading ? /** @type {any} */ (await compose.loading.catch(() => null)) : null;
      const fullExports = full.loading ? /** @type {any} */ (await full.loading.catch(() => null)) : null;
      return {
        timing: {
          ...timing,
          uptime: performance.now(),
          wasmMemoryBytes: composeExports?.memory?.buffer?.byteLength ?? null,
          fullWasmMemoryBytes: fullExports?.memory?.buffer?.byteLength ?? null,
          composeTraps: compose.traps,
          fullTraps: full.traps,
        },
      };
    },
  },
  version: {
    from: 'page',
    async run() {
      await compose.ready();
      return { version: compose.run(() => version()) };
    },
  },

  // A content script reports the grade of its compose window after every analysis, or
  // `grade: null` when no compose window is open any more. Only the grade and the codes are
  // kept (never any text of the draft), in session storage: gone when the browser closes.
  'report-updated': {
    from: 'content',
    async run({ grade, codes, senderDomain }, sender) {
      const key = REPORT_PREFIX + sender.tab?.id;
      if (typeof grade !== 'number' || !Number.isFinite(grade)) {
        await chrome.storage.session.remove(key);
        return { ok: true };
      }
      const list = Array.isArray(codes) ? codes.filter((c) => typeof c === 'string' && /^[A-Z]\d{2}$/.test(c)) : [];
      // The page's origin lets the popup describe the site even when the browser hides the
      // tab's address from the extension (it does without `tabs` or `activeTab`).
      const origin = webOrigin(sender.origin ?? sender.url);
      // The sender's domain only (never the address), for the popup's domain check.
      const domain = typeof senderDomain === 'string' && DOMAIN_SHAPE.test(senderDomain) ? senderDomain : null;
      await chrome.storage.session.set({ [key]: { grade, codes: list, origin, senderDomain: domain, at: Date.now() } });
      // A report that arrives as its tab closes would outlive the tab (`tabs.onRemoved` below
      // has run already): checked after writing, so that one of the two removes it.
      if (!(await chrome.tabs.get(sender.tab.id).then(Boolean, () => false))) await chrome.storage.session.remove(key);
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
  const fromPage = fromOwnPage(sender);
  if (handler.from === 'page') return fromPage;
  if (handler.from === 'content') return !fromPage && sender.tab?.id !== undefined && sender.frameId === 0;
  return true;
}

/**
 * Whether a sender is one of the extension's own pages: its URL and, where the browser gives it
 * (Chromium does), its origin are the package's. The origin is the browser's own
 * view of the document, which a frame's URL (`about:blank`, `blob:`) does not always show.
 * @param {Sender | undefined} sender
 */
function fromOwnPage(sender) {
  const root = chrome.runtime.getURL('');
  if (sender?.id !== chrome.runtime.id || typeof sender.url !== 'string' || !sender.url.startsWith(root)) return false;
  return sender.origin === undefined || sender.origin === new URL(root).origin;
}

// The popup's domain check with progress: the page connects a port named `domain-check`, posts
// `{domain, selectors?, ip?, lang?, fresh?}`, and receives `{type: 'progress', report, asked,
// answered}` after every round and `{type: 'done', report}` (or `{type: 'error', error}`).
// Closing the popup disconnects the port and stops the rounds.
chrome.runtime.onConnect.addListener((port) => {
  if (port.name !== 'domain-check') return;
  if (!fromOwnPage(port.sender)) {
    port.disconnect();
    return;
  }
  let closed = false;
  port.onDisconnect.addListener(() => {
    closed = true;
  });
  const post = (message) => {
    if (!closed) port.postMessage(message);
  };
  port.onMessage.addListener((message) => {
    runDomainCheck(message ?? {}, (progress) => post({ type: 'progress', ...progress }), () => closed)
      .then((report) => post({ type: 'done', report }))
      .catch((error) => post({ type: 'error', error: String(error?.message ?? error) }));
  });
});

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

// --- DNS over HTTPS: the sender-domain check and R10 ------------------------------------------

/** Lookup rounds a check may take (the core's `limits::MAX_LOOKUP_ROUNDS`). */
const MAX_ROUNDS = 40;

/** How long a failed lookup is not tried again by compose windows (keystrokes would retry it). */
const FAILURE_MEMORY_MS = 60_000;

/** How long an MTA-STS policy or BIMI logo fetch may take. */
const HTTPS_TIMEOUT_MS = 8_000;

/** Bytes of an HTTPS body handed to the core (its `limits::MAX_HTTPS_BODY_BYTES`). */
const HTTPS_MAX_BYTES = 64 * 1024;

/**
 * The DoH client for the resolver setting, made on first use and again when the setting changes.
 * @type {Promise<DohClient> | undefined}
 */
let doh;
function dohClient() {
  doh ??= loadSettings().then((settings) =>
    new DohClient({ resolvers: resolversFor(settings, chrome.i18n.getUILanguage()), storage: chrome.storage.session }),
  );
  return doh;
}

/** Lookups that failed lately, `name|type` → until when and why (compose windows only). */
const recentFailures = new Map();

chrome.storage.onChanged.addListener(async (changes, area) => {
  if (area !== 'sync' || !(SETTINGS_KEY in changes)) return;
  const before = changes[SETTINGS_KEY].oldValue ?? {};
  const after = changes[SETTINGS_KEY].newValue ?? {};
  if (before.resolver === after.resolver && before.resolverUrl === after.resolverUrl) return;
  // Another resolver: answers of the old one are not mixed with its answers.
  doh = undefined;
  recentFailures.clear();
  const stored = await chrome.storage.session.get(null);
  const keys = Object.keys(stored).filter((k) => k.startsWith(CACHE_PREFIX));
  if (keys.length) await chrome.storage.session.remove(keys);
});

/**
 * Answers one DNS request of the core into `target` (a DomainCheck's `answerDns`/`failDns`, or
 * a DraftDns's `answer`/`fail`), through the cache and the resolvers.
 * @param {DohClient} client
 * @param {{name: string, type: string, wire?: number[] | null}} request
 * @param {{
 *   answer: (name: string, type: string, bytes: Uint8Array) => number,
 *   fail: (name: string, type: string, reason: string) => void,
 *   notValidating?: () => void,
 * }} target
 * @param {boolean} fresh skip the cache
 */
async function resolveInto(client, request, target, fresh) {
  const { name, type, wire } = request;
  if (!wire) {
    target.fail(name, type, 'this name cannot be looked up');
    return;
  }
  try {
    const reply = await client.query(name, type, wire, { fresh });
    if (!reply.validating) target.notValidating?.();
    const ttl = target.answer(name, type, reply.bytes);
    await client.remember(name, type, reply, ttl);
  } catch (error) {
    target.fail(name, type, String(/** @type {Error} */ (error)?.message ?? error));
  }
}

/**
 * Fetches an MTA-STS policy or a BIMI logo for the domain check, if the user granted access to
 * every https site ("check MTA-STS and BIMI too"); without it the request fails as "not
 * permitted" and the check says it could not tell.
 * @param {Pick<DomainCheck, 'answerHttps' | 'failHttps'>} check
 * @param {string} url
 */
async function fetchHttps(check, url) {
  let target;
  try {
    target = new URL(url);
  } catch {
    check.failHttps(url, 'not a URL');
    return;
  }
  if (target.protocol !== 'https:') {
    check.failHttps(url, 'not HTTPS');
    return;
  }
  if (!(await chrome.permissions.contains({ origins: [`https://${target.hostname}/*`] }))) {
    check.failHttps(url, 'not permitted');
    return;
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), HTTPS_TIMEOUT_MS);
  try {
    // Redirects are not followed (RFC 8461 §3.3 forbids them for the policy): the core sees one.
    const response = await fetch(url, { redirect: 'manual', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer', signal: controller.signal });
    if (response.type === 'opaqueredirect') {
      check.answerHttps(url, 302, null, null, new Uint8Array());
      return;
    }
    check.answerHttps(url, response.status, response.headers.get('content-type'), response.headers.get('location'), await readCapped(response, HTTPS_MAX_BYTES));
  } catch {
    check.failHttps(url, controller.signal.aborted ? 'no answer in time' : 'could not connect (TLS or network error)');
  } finally {
    clearTimeout(timer);
  }
}

/**
 * At most `max` bytes of a response body (a logo may be large; the core reads only so much).
 * @param {Response} response
 * @param {number} max
 */
async function readCapped(response, max) {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks = [];
  let size = 0;
  while (size < max) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  reader.cancel().catch(() => {});
  const body = new Uint8Array(Math.min(size, max));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, body.length - at);
    body.set(part, at);
    at += part.length;
  }
  return body;
}

/**
 * Runs the sender-domain check round after round: each round's requests are fetched together
 * (the client keeps at most 8 in flight), then the core runs again over the answers.
 * @param {{domain?: unknown, selectors?: unknown, ip?: unknown, lang?: unknown, fresh?: unknown}} params
 * @param {(progress: {report: any, asked: number, answered: number, round: number}) => void} onProgress
 * @param {() => boolean} [stopped] true once nobody waits for the result any more
 */
async function runDomainCheck(params, onProgress, stopped = () => false) {
  const domain = typeof params.domain === 'string' ? params.domain.trim() : '';
  if (!domain) throw new Error('no domain');
  const selectors = Array.isArray(params.selectors) ? params.selectors.filter((s) => typeof s === 'string') : null;
  const ip = typeof params.ip === 'string' && params.ip.trim() ? params.ip.trim() : null;
  const lang = typeof params.lang === 'string' ? params.lang : null;
  const fresh = params.fresh === true;
  await full.ready();
  const client = await dohClient();
  const check = full.own(full.run(() => new DomainCheck(domain, selectors, ip, client.validating, lang)));
  let asked = 0;
  let answered = 0;
  return runRounds(check, client, BUDGET_MS.domainCheck, {
    stopped,
    onRound: (report, requests, round) => {
      asked += requests.length;
      onProgress({ report, asked, answered, round });
    },
    fetch: async (request, sink) => {
      await (request.kind === 'dns' ? resolveInto(client, request, sink, fresh) : fetchHttps(sink, request.url));
      answered++;
    },
  });
}

/**
 * The raw-message report of `params.raw`, round after round like the domain check.
 * @param {{raw?: unknown, lang?: unknown}} params
 */
async function runMessageReport(params) {
  if (typeof params.raw !== 'string' || !params.raw) throw new Error('no message');
  const lang = typeof params.lang === 'string' ? params.lang : null;
  await full.ready();
  const client = await dohClient();
  const report = full.own(full.run(() => new MessageReport(new TextEncoder().encode(params.raw), lang)));
  return runRounds(report, client, BUDGET_MS.messageReport, {
    fetch: (request, sink) =>
      request.kind === 'dns'
        ? resolveInto(client, request, sink, false)
        : sink.failHttps(request.url, 'not fetched for a message report'),
  });
}

/**
 * Drives a stepper of the full module (`DomainCheck`, `MessageReport`) to its report: each round
 * the core says what it needs, `fetch` gets it into the stepper (through a sink whose calls the
 * budget drops once it cut the request), and the next round starts; within one time budget and
 * `MAX_ROUNDS` rounds. The stepper is released at the end, whatever way it ends.
 * @param {any} stepper owned by `full`
 * @param {DohClient} client
 * @param {number} budgetMs
 * @param {{
 *   fetch: (request: any, sink: any) => Promise<unknown> | unknown,
 *   stopped?: () => boolean,
 *   onRound?: (report: unknown, requests: any[], round: number) => void,
 * }} how
 */
async function runRounds(stepper, client, budgetMs, { fetch, stopped = () => false, onRound = () => {} }) {
  const use = full.across(stepper);
  const sink = {
    answer: (n, t, b) => use(() => stepper.answerDns(n, t, b)),
    fail: (n, t, r) => use(() => stepper.failDns(n, t, r)),
    // One answer from a resolver that does not validate (a fallback) makes the AD bit
    // meaningless for the whole check: DNSSEC is then "unknown", never "unsigned".
    notValidating: stepper.resolverNotValidating ? () => use(() => stepper.resolverNotValidating()) : undefined,
    answerHttps: (...args) => use(() => stepper.answerHttps(...args)),
    failHttps: (url, reason) => use(() => stepper.failHttps(url, reason)),
  };
  const budget = new CheckBudget(budgetMs);
  try {
    for (let round = 1; ; round++) {
      const { report, requests } = use(() => stepper.step());
      if (!requests.length || round > MAX_ROUNDS || stopped()) return report;
      onRound(report, requests, round);
      await budget.round(
        requests,
        (request, guard) => Promise.resolve(fetch(request, guard(sink))),
        (request, reason) => (request.kind === 'dns' ? sink.fail(request.name, request.type, reason) : sink.failHttps(request.url, reason)),
      );
    }
  } finally {
    full.release(stepper);
  }
}

/**
 * The domains of a draft's recipients, as the draft JSON gives them ("Name <a@b.c>"), lowercase:
 * to hand cached answers to the core before its first run.
 * @param {any} draft
 */
function recipientDomains(draft) {
  const domains = new Set();
  for (const field of ['to', 'cc', 'bcc']) {
    for (const entry of Array.isArray(draft?.[field]) ? draft[field] : []) {
      const text = typeof entry === 'string' ? entry : String(entry?.address ?? '');
      for (const m of text.matchAll(/@([^\s<>,;"']+)/g)) domains.add(m[1].toLowerCase().replace(/\.$/, ''));
    }
  }
  return [...domains].slice(0, 50);
}

/**
 * Lints a draft with the DNS answers R10 needs: the cached ones always, fresh ones when `wait`.
 * @param {any} draft
 * @param {string | null} mode
 * @param {string | null} lang
 * @param {string[] | null} disabled
 * @param {boolean} wait look up what is missing (else answer from the cache only)
 */
async function checkDraftWithDns(draft, mode, lang, disabled, wait) {
  const json = JSON.stringify(draft);
  const client = await dohClient();
  /** The answers for the core, `name|type` → the reply's bytes or why there is none. */
  const given = new Map();
  const give = (/** @type {string} */ name, /** @type {string} */ type, /** @type {{bytes?: Uint8Array, reason?: string}} */ answer) =>
    given.set(`${name}|${type}`, { name, type, ...answer });
  // Every use of the core gets a store of its own, filled, used and freed in one synchronous
  // stretch: no store outlives an await, so a trap never strands one (see `WasmModule`).
  const withStore = (/** @type {(store: DraftDns) => any} */ use) =>
    compose.scoped(
      () => new DraftDns(),
      (store) => {
        for (const a of given.values()) {
          if (a.bytes) store.answer(a.name, a.type, a.bytes);
          else store.fail(a.name, a.type, a.reason);
        }
        return use(store);
      },
    );
  const lint = () => withStore((store) => store.checkDraft(json, mode, lang, disabled));
  // Failures are remembered a while, so that typing does not send the same doomed lookup
  // with every keystroke (successes are cached for their TTL by the client).
  const remembering = {
    answer: (/** @type {string} */ n, /** @type {string} */ t, /** @type {Uint8Array} */ b) => {
      give(n, t, { bytes: b });
      return compose.scoped(() => new DraftDns(), (store) => store.answer(n, t, b));
    },
    fail: (/** @type {string} */ n, /** @type {string} */ t, /** @type {string} */ r) => {
      recentFailures.set(`${n}|${t}`, { until: Date.now() + FAILURE_MEMORY_MS, reason: r });
      give(n, t, { reason: r });
    },
  };
  /** Gives the core what the cache and the memory of failures know; returns what is left. */
  const fromCache = async (/** @type {{name: string, type: string}[]} */ questions) => {
    const left = [];
    for (const q of questions) {
      const key = `${q.name}|${q.type}`;
      const hit = await client.cached(key);
      const failure = recentFailures.get(key);
      if (hit) give(q.name, q.type, { bytes: hit.bytes });
      else if (failure && failure.until > Date.now()) give(q.name, q.type, { reason: failure.reason });
      else left.push(q);
    }
    return left;
  };
  // Usually every answer is cached already: given before the first run, one run is enough.
  if (!(disabled ?? []).some((c) => String(c).toUpperCase() === 'R10')) {
    await fromCache(recipientDomains(draft).flatMap((name) => ['MX', 'A', 'AAAA'].map((type) => ({ name, type }))));
  }
  let report = lint();
  const budget = new CheckBudget(BUDGET_MS.draft);
  for (let round = 0; report.lookups?.length && round < 6; round++) {
    const left = await fromCache(report.lookups);
    if (left.length && !wait && left.length === report.lookups.length) break;
    if (left.length && wait) {
      const wires = withStore((store) => left.map((q) => store.wireQuery(q.name, q.type)));
      // A lookup the budget cut is not remembered as failed: the next run asks again (and joins
      // the request if it is still on its way, `DohClient.pending`).
      await budget.round(
        left.map((q, i) => ({ ...q, wire: wires[i] })),
        (request, guard) => resolveInto(client, request, guard(remembering), false),
        (q, reason) => give(q.name, q.type, { reason }),
      );
    }
    report = lint();
  }
  return report;
}
