// The one place where the extension's own pages (popup, options) touch the `chrome.*` APIs.
//
// Keeping every browser call here means the pages themselves are plain DOM code, the Firefox
// differences live in one file, and a reviewer can see at a glance which privileged APIs the
// pages use. Content scripts have their own small wrapper (extension/content/namespace.js).

/**
 * @typedef {'one-to-one' | 'campaign'} Mode
 * @typedef {'auto' | 'en' | 'zh-CN'} LangSetting
 * @typedef {{
 *   mode: Mode,
 *   lang: LangSetting,
 *   disabledRules: string[],
 *   customWords: string[],
 *   sites: string[],
 *   resolver: Resolver,
 *   resolverUrl: string,
 * }} Settings
 * @typedef {'auto' | 'cloudflare' | 'google' | 'alidns' | 'custom'} Resolver the DoH resolver
 *   of the domain check and R10 (`auto`: AliDNS first in Chinese browsers, else Cloudflare;
 *   extension/lib/doh.js)
 */

/** The storage.sync key that holds every setting (the shared design fixes it). */
export const SETTINGS_KEY = 'settings';

/** @type {Readonly<Settings>} */
export const DEFAULT_SETTINGS = Object.freeze({
  mode: 'one-to-one',
  lang: 'auto',
  disabledRules: [],
  customWords: [],
  sites: [],
  resolver: 'auto',
  resolverUrl: '',
});

/** The resolver choices of the options page. */
export const RESOLVERS = /** @type {const} */ (['auto', 'cloudflare', 'google', 'alidns', 'custom']);

/**
 * Fills in defaults and drops values of the wrong type, so a page never breaks on settings
 * written by an older version or edited by hand in the browser's storage inspector.
 * @param {unknown} raw
 * @returns {Settings}
 */
export function normaliseSettings(raw) {
  const s = /** @type {Record<string, unknown>} */ (raw && typeof raw === 'object' ? raw : {});
  const strings = (v) => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);
  return {
    mode: s.mode === 'campaign' ? 'campaign' : 'one-to-one',
    lang: s.lang === 'en' || s.lang === 'zh-CN' ? s.lang : 'auto',
    disabledRules: strings(s.disabledRules),
    customWords: strings(s.customWords),
    sites: strings(s.sites),
    resolver: RESOLVERS.includes(/** @type {any} */ (s.resolver)) ? /** @type {Resolver} */ (s.resolver) : 'auto',
    resolverUrl: typeof s.resolverUrl === 'string' ? s.resolverUrl : '',
  };
}

/** @returns {Promise<Settings>} */
export async function loadSettings() {
  const stored = await chrome.storage.sync.get(SETTINGS_KEY);
  return normaliseSettings(stored[SETTINGS_KEY]);
}

/**
 * Applies `change` to the stored settings and writes them back. Reading just before writing
 * keeps changes made meanwhile elsewhere (e.g. "ignore this rule" in a compose window).
 * @param {(settings: Settings) => void} change mutates the settings it is given
 * @returns {Promise<Settings>} the settings as written
 */
export async function updateSettings(change) {
  const settings = await loadSettings();
  change(settings);
  await chrome.storage.sync.set({ [SETTINGS_KEY]: settings });
  return settings;
}

/**
 * Calls `listener` with the new settings whenever they change (here or in another context).
 * @param {(settings: Settings) => void} listener
 */
export function onSettingsChanged(listener) {
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === 'sync' && SETTINGS_KEY in changes) listener(normaliseSettings(changes[SETTINGS_KEY].newValue));
  });
}

/**
 * Sends a message to the background's router. Resolves `{error}` instead of throwing, so a
 * page can show a message rather than fail silently; one retry covers a service worker that was
 * being restarted at that moment.
 * @param {{type: string} & Record<string, unknown>} message
 * @returns {Promise<any>}
 */
export async function send(message) {
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = await chrome.runtime.sendMessage(message);
      return answer ?? { error: 'no answer' };
    } catch (error) {
      if (attempt >= 1) return { error: String(error?.message ?? error) };
    }
  }
}

/**
 * The browser's own message lookup (UI language of the browser). Pages normally use
 * extension/lib/i18n.js, which honours the language chosen in the options instead.
 * @param {string} key
 * @param {string[]} [subs]
 */
export function browserMessage(key, subs) {
  return chrome.i18n.getMessage(key, subs);
}

/** @param {string} path a path inside the extension package */
export function resourceUrl(path) {
  return chrome.runtime.getURL(path);
}

/** The manifest as the browser loaded it. */
export function manifest() {
  return chrome.runtime.getManifest();
}

/**
 * The tab the popup describes: the active tab of the window the popup belongs to, or, when the
 * page was opened as `popup.html?tab=ID` (the end-to-end tests do so, as a popup cannot be
 * opened headless), that tab.
 *
 * `url` is only known when the extension may see the tab (its host permission, or `activeTab`
 * granted by the click on the toolbar button); otherwise it is undefined.
 * @returns {Promise<{id: number, url: string | undefined} | null>}
 */
export async function describedTab() {
  const wanted = Number(new URLSearchParams(location.search).get('tab'));
  try {
    const tab = Number.isInteger(wanted) && wanted > 0
      ? await chrome.tabs.get(wanted)
      : (await chrome.tabs.query({ active: true, currentWindow: true }))[0];
    return tab?.id === undefined ? null : { id: tab.id, url: tab.url };
  } catch {
    return null; // the tab was closed meanwhile
  }
}

/**
 * Asks the user for access to `origins` (match patterns). Must be called synchronously from a
 * click handler: browsers only show the prompt during a user gesture, so nothing may be awaited
 * before this call.
 * @param {string[]} origins
 * @returns {Promise<boolean>} whether access was granted
 */
export function requestHostAccess(origins) {
  return chrome.permissions.request({ origins });
}

/**
 * @param {string[]} origins match patterns
 * @returns {Promise<boolean>} whether the extension already has access to all of them
 */
export function hasHostAccess(origins) {
  return chrome.permissions.contains({ origins });
}

/** Opens the options page (in a tab, as the manifest asks) and closes nothing else. */
export function openOptions() {
  return chrome.runtime.openOptionsPage();
}

/**
 * Opens one of the between-messages tools (`extension/tools/<page>`) in a new tab.
 * @param {string} page e.g. `list.html`
 */
export function openTool(page) {
  return chrome.tabs.create({ url: chrome.runtime.getURL(`extension/tools/${page}`) });
}

/**
 * Opens a long-lived channel to the background (the domain check's progress).
 * @param {string} name
 * @returns {chrome.runtime.Port}
 */
export function connect(name) {
  return chrome.runtime.connect({ name });
}

/** storage.local key of the domain the popup checked last. */
const LAST_DOMAIN_KEY = 'lastDomain';

/** @returns {Promise<string | null>} the domain the popup checked last, on this device */
export async function lastDomain() {
  const value = (await chrome.storage.local.get(LAST_DOMAIN_KEY))[LAST_DOMAIN_KEY];
  return typeof value === 'string' && value ? value : null;
}

/** @param {string} domain */
export function rememberDomain(domain) {
  return chrome.storage.local.set({ [LAST_DOMAIN_KEY]: domain });
}

/** The browser's UI language (what the resolver default follows). */
export function uiLanguage() {
  return chrome.i18n.getUILanguage();
}
