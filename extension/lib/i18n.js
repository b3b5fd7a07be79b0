// Strings of the extension's pages, in the language chosen in the options.
//
// `chrome.i18n.getMessage` always answers in the browser's UI language, so it cannot honour the
// "language" setting. This module reads the same `_locales/<dir>/messages.json` catalogs from the
// extension package instead (they are part of the package: no network involved) and fills
// elements marked in the HTML:
//
//   <h1 data-i18n="optionsTitle">            → textContent
//   <input data-i18n-placeholder="key">      → placeholder attribute
//   <button data-i18n-title="key">           → title attribute
//   <button data-i18n-aria-label="key">      → aria-label attribute
//
// Text only ever goes through `textContent` and attributes: never HTML.

import { loadSettings, resourceUrl } from './ext.js';

/** @typedef {'en' | 'zh-CN'} Lang */
/** @typedef {{message: string, placeholders?: Record<string, {content: string}>}} Entry */

/** The `_locales` directory of each language the extension ships. */
const LOCALE_DIRS = /** @type {const} */ ({ en: 'en', 'zh-CN': 'zh_CN' });

/** Attributes filled from a key, by the data attribute that names the key. */
const ATTRIBUTE_KEYS = /** @type {const} */ ({
  'data-i18n-placeholder': 'placeholder',
  'data-i18n-title': 'title',
  'data-i18n-aria-label': 'aria-label',
});

/**
 * The language to show for a setting: the one chosen, or on `auto` Simplified Chinese when the
 * browser's language is Chinese and English otherwise (the same rule as the content scripts'
 * `MH.lang()`, so the pages and the hints agree).
 * @param {string | undefined} setting
 * @param {string} [browserLanguage]
 * @returns {Lang}
 */
export function resolveLang(setting, browserLanguage = navigator.language) {
  if (setting === 'en' || setting === 'zh-CN') return setting;
  return /^zh\b/i.test(browserLanguage ?? '') ? 'zh-CN' : 'en';
}

/** @type {Map<Lang, Promise<Record<string, Entry>>>} */
const catalogs = new Map();

/**
 * @param {Lang} lang
 * @returns {Promise<Record<string, Entry>>}
 */
function catalog(lang) {
  let pending = catalogs.get(lang);
  if (!pending) {
    pending = fetch(resourceUrl(`_locales/${LOCALE_DIRS[lang]}/messages.json`)).then((r) => r.json());
    catalogs.set(lang, pending);
  }
  return pending;
}

/**
 * Expands a catalog entry the way browsers do: `$name$` becomes its placeholder's content, then
 * `$1`…`$9` become the substitutions, and `$$` a dollar sign.
 * @param {Entry} entry
 * @param {string[]} subs
 */
export function expand(entry, subs) {
  const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name) => {
    const lower = name.toLowerCase();
    const found = Object.entries(entry.placeholders ?? {}).find(([k]) => k.toLowerCase() === lower);
    return found ? found[1].content : whole;
  });
  return named.replace(/\$(\$|[1-9])/g, (_, d) => (d === '$' ? '$' : String(subs[Number(d) - 1] ?? '')));
}

/**
 * @typedef {(key: string, ...subs: (string | number)[]) => string} Translate
 */

/**
 * Loads the catalog of `lang` (with English behind it, so a key missing in one language shows in
 * English rather than as nothing; the i18n test keeps both complete).
 * @param {Lang} lang
 * @returns {Promise<Translate>}
 */
export async function translator(lang) {
  const [own, en] = await Promise.all([catalog(lang), catalog('en')]);
  return (key, ...subs) => {
    const entry = own[key] ?? en[key];
    return entry ? expand(entry, subs.map(String)) : key;
  };
}

/**
 * Fills every marked element under `root` and sets the document's language.
 * @param {Translate} t
 * @param {Lang} lang
 * @param {ParentNode} [root]
 */
export function apply(t, lang, root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = t(/** @type {string} */ (el.getAttribute('data-i18n')));
  }
  for (const [data, attribute] of Object.entries(ATTRIBUTE_KEYS)) {
    for (const el of root.querySelectorAll(`[${data}]`)) {
      el.setAttribute(attribute, t(/** @type {string} */ (el.getAttribute(data))));
    }
  }
  document.documentElement.lang = lang;
}

/**
 * Loads the language of the stored settings and fills the page.
 * @returns {Promise<{t: Translate, lang: Lang}>}
 */
export async function localisePage() {
  const lang = resolveLang((await loadSettings()).lang);
  const t = await translator(lang);
  apply(t, lang);
  return { t, lang };
}
