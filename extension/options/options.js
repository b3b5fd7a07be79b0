// The options page. Every control saves at once (there is no "save" button to forget), and the
// page follows changes made elsewhere, e.g. "ignore this rule" clicked in a compose window.

import { loadSettings, onSettingsChanged, requestHostAccess, send, updateSettings } from '../lib/ext.js';
import { apply, resolveLang, translator } from '../lib/i18n.js';
import { customUrl } from '../lib/doh.js';

/** Longest custom word kept, and most words: the whole settings object must fit one storage.sync item. */
const WORD_MAX_CHARS = 50;
const WORDS_MAX = 100;

/** The message key of each rule category the core reports (its names are English in both languages). */
const CATEGORY_KEYS = {
  Subject: 'optionsCategorySubject',
  Body: 'optionsCategoryBody',
  Formatting: 'optionsCategoryFormatting',
  'Images and HTML': 'optionsCategoryImages',
  'Hidden text': 'optionsCategoryHidden',
  Links: 'optionsCategoryLinks',
  Attachments: 'optionsCategoryAttachments',
  'Recipients and sender': 'optionsCategoryRecipients',
  Compliance: 'optionsCategoryCompliance',
};

const SEVERITY_KEYS = {
  critical: 'optionsSeverityCritical',
  high: 'optionsSeverityHigh',
  medium: 'optionsSeverityMedium',
  low: 'optionsSeverityLow',
  info: 'optionsSeverityInfo',
};

/**
 * @typedef {{code: string, name: string, category: string, severity: string, summary: string, fix: string, doc: string}} RuleDoc
 * @typedef {import('../lib/ext.js').Settings} Settings
 * @typedef {import('../lib/i18n.js').Translate} Translate
 */

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * @param {string} tag
 * @param {{class?: string, text?: string, attrs?: Record<string, string>}} [props]
 * @param {Node[]} [children]
 */
function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/** The page's state: the settings as last read or written, and the current language. */
const state = {
  /** @type {Settings} */ settings: /** @type {any} */ (null),
  /** @type {Translate} */ t: (key) => key,
  /** @type {'en' | 'zh-CN' | null} */ lang: null,
  /** @type {RuleDoc[]} */ rules: [],
};

let statusTimer = 0;
/**
 * @param {string} text
 * @param {boolean} [error]
 */
function showStatus(text, error = false) {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('error', error);
  clearTimeout(statusTimer);
  if (!error) statusTimer = setTimeout(() => (status.textContent = ''), 2000);
}

/**
 * Saves a change and re-renders from what was written; a refused write (storage quota, sync
 * switched off by policy) is reported and the page shows the stored settings again.
 * @param {(s: Settings) => void} change
 */
async function save(change) {
  try {
    await render(await updateSettings(change));
    showStatus(state.t('optionsSaved'));
  } catch {
    showStatus(state.t('optionsSaveFailed'), true);
    await render(await loadSettings());
  }
}

// --- rendering ---------------------------------------------------------------------------------

/**
 * Shows `settings`. Reloads the strings and the rule docs only when the language changed, and
 * updates the rule switches in place, so focus and scroll position survive a change.
 * @param {Settings} settings
 */
async function render(settings) {
  state.settings = settings;
  const lang = resolveLang(settings.lang);
  if (lang !== state.lang) {
    state.lang = lang;
    state.t = await translator(lang);
    apply(state.t, lang);
    await loadRules(lang);
  }
  for (const radio of document.querySelectorAll('input[name="mode"]')) {
    /** @type {HTMLInputElement} */ (radio).checked = /** @type {HTMLInputElement} */ (radio).value === settings.mode;
  }
  /** @type {HTMLSelectElement} */ ($('lang')).value = settings.lang;
  for (const radio of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('input[name="resolver"]'))) {
    radio.checked = radio.value === settings.resolver;
  }
  const urlInput = /** @type {HTMLInputElement} */ ($('resolver-url'));
  if (document.activeElement !== urlInput) urlInput.value = settings.resolverUrl;
  renderWords();
  await renderSites();
  updateRuleSwitches();
  document.body.dataset.ready = 'true'; // lets the end-to-end test wait for the page to settle
}

function renderWords() {
  const { customWords } = state.settings;
  const list = $('word-list');
  list.replaceChildren(
    ...customWords.map((word) => {
      const remove = el('button', {
        class: 'remove',
        text: '×',
        attrs: { type: 'button', 'aria-label': state.t('optionsWordsRemove', word), title: state.t('optionsWordsRemove', word) },
      });
      remove.addEventListener('click', () => save((s) => {
        s.customWords = s.customWords.filter((w) => w !== word);
      }));
      return el('li', {}, [el('span', { text: word }), remove]);
    }),
  );
  $('word-none').hidden = customWords.length > 0;
}

async function renderSites() {
  const { sites } = state.settings;
  const statuses = await Promise.all(sites.map((origin) => send({ type: 'site-status', url: origin })));
  const list = $('site-list');
  list.replaceChildren(
    ...sites.map((origin, i) => {
      const status = statuses[i];
      const row = el('li', { class: 'site' }, [el('span', { class: 'origin', text: origin })]);
      if (status.web && !status.granted) {
        // Settings sync across devices, permissions do not: a site switched on elsewhere needs
        // the user's permission on this device too.
        const grant = el('button', { text: state.t('optionsSitesGrant'), attrs: { type: 'button' } });
        grant.addEventListener('click', () => {
          requestHostAccess([status.pattern]).then(async (granted) => {
            if (granted) await send({ type: 'enable-site', origin });
            await render(await loadSettings());
          });
        });
        row.append(el('span', { class: 'muted', text: state.t('optionsSitesNoAccess') }), grant);
      }
      const remove = el('button', { class: 'secondary', text: state.t('optionsSitesRemove'), attrs: { type: 'button' } });
      remove.addEventListener('click', async () => {
        const answer = await send({ type: 'disable-site', origin });
        if (answer.error) showStatus(state.t('optionsSaveFailed'), true);
        else showStatus(state.t('optionsSaved'));
        await render(await loadSettings());
      });
      row.append(remove);
      return row;
    }),
  );
  $('site-none').hidden = sites.length > 0;
}

/** @param {'en' | 'zh-CN'} lang */
async function loadRules(lang) {
  const answer = await send({ type: 'rule-docs', lang });
  $('rules-error').hidden = !answer.error;
  state.rules = answer.error ? [] : answer.rules;
  const t = state.t;
  /** @type {Map<string, RuleDoc[]>} */
  const byCategory = new Map();
  for (const rule of state.rules) {
    if (!byCategory.has(rule.category)) byCategory.set(rule.category, []);
    byCategory.get(rule.category)?.push(rule);
  }
  const items = [];
  for (const [category, rules] of byCategory) {
    const key = CATEGORY_KEYS[/** @type {keyof CATEGORY_KEYS} */ (category)];
    items.push(el('li', { class: 'category', text: key ? t(key) : category }));
    for (const rule of rules) items.push(ruleRow(rule, t));
  }
  $('rule-list').replaceChildren(...items);
  filterRules();
}

/**
 * @param {RuleDoc} rule
 * @param {Translate} t
 */
function ruleRow(rule, t) {
  const id = `rule-${rule.code}`;
  const toggle = /** @type {HTMLInputElement} */ (el('input', { attrs: { type: 'checkbox', id, 'data-code': rule.code } }));
  toggle.addEventListener('change', () => save((s) => {
    const off = new Set(s.disabledRules);
    if (toggle.checked) off.delete(rule.code);
    else off.add(rule.code);
    s.disabledRules = [...off].sort();
  }));
  const severityKey = SEVERITY_KEYS[/** @type {keyof SEVERITY_KEYS} */ (rule.severity)];
  const label = el('label', { attrs: { for: id } }, [
    el('code', { text: rule.code }),
    el('span', { class: 'summary', text: rule.summary }),
    el('span', { class: `severity severity-${rule.severity}`, text: severityKey ? t(severityKey) : rule.severity }),
  ]);
  // The doc is Markdown; it is shown as plain preformatted text (never parsed into HTML).
  const details = el('details', {}, [
    el('summary', { text: t('optionsRuleDetails') }),
    el('p', { class: 'fix', text: rule.fix }),
    el('div', { class: 'doc', text: rule.doc }),
  ]);
  return el('li', { class: 'rule', attrs: { 'data-search': `${rule.code} ${rule.name} ${rule.summary}`.toLowerCase() } }, [
    toggle,
    el('div', {}, [label, details]),
  ]);
}

function updateRuleSwitches() {
  const off = new Set(state.settings.disabledRules);
  for (const toggle of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('#rule-list input[data-code]'))) {
    toggle.checked = !off.has(/** @type {string} */ (toggle.dataset.code));
  }
  const offKnown = state.rules.filter((r) => off.has(r.code)).length;
  $('rules-count').textContent = state.t('optionsRulesCount', state.rules.length - offKnown, state.rules.length);
}

function filterRules() {
  const query = /** @type {HTMLInputElement} */ ($('rule-filter')).value.trim().toLowerCase();
  for (const row of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#rule-list li.rule'))) {
    row.hidden = query !== '' && !(row.dataset.search ?? '').includes(query);
  }
}

// --- wiring ------------------------------------------------------------------------------------

/**
 * A custom word as stored: trimmed, inner whitespace collapsed, at most WORD_MAX_CHARS long.
 * @param {string} raw
 */
function cleanWord(raw) {
  return raw.replace(/\s+/g, ' ').trim().slice(0, WORD_MAX_CHARS);
}

function wire() {
  for (const radio of document.querySelectorAll('input[name="mode"]')) {
    radio.addEventListener('change', (e) => {
      const mode = /** @type {HTMLInputElement} */ (e.target).value === 'campaign' ? 'campaign' : 'one-to-one';
      save((s) => {
        s.mode = mode;
      });
    });
  }
  $('lang').addEventListener('change', (e) => {
    const value = /** @type {HTMLSelectElement} */ (e.target).value;
    const lang = value === 'en' || value === 'zh-CN' ? value : 'auto';
    save((s) => {
      s.lang = lang;
    });
  });
  $('word-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = /** @type {HTMLInputElement} */ ($('word-input'));
    const word = cleanWord(input.value);
    if (!word) return;
    if (state.settings.customWords.some((w) => w.toLowerCase() === word.toLowerCase())) {
      input.value = '';
      return;
    }
    if (state.settings.customWords.length >= WORDS_MAX) {
      showStatus(state.t('optionsWordsTooMany', WORDS_MAX), true);
      return;
    }
    input.value = '';
    save((s) => {
      if (!s.customWords.some((w) => w.toLowerCase() === word.toLowerCase())) s.customWords.push(word);
    });
  });
  $('rule-filter').addEventListener('input', filterRules);
  for (const radio of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('input[name="resolver"]'))) {
    radio.addEventListener('change', () => {
      $('resolver-error').hidden = true;
      // "Another resolver" takes effect with its URL, from the form below.
      if (radio.value === 'custom') {
        $('resolver-url').focus();
        return;
      }
      const resolver = /** @type {import('../lib/ext.js').Resolver} */ (radio.value);
      save((s) => {
        s.resolver = resolver;
      });
    });
  }
  $('resolver-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const url = customUrl(/** @type {HTMLInputElement} */ ($('resolver-url')).value);
    const error = $('resolver-error');
    if (!url) {
      error.textContent = state.t('optionsResolverBadUrl');
      error.hidden = false;
      return;
    }
    error.hidden = true;
    // The resolver's host needs a permission (only the presets are in the manifest); the
    // request must be the first step of the submit, while the user gesture lasts.
    const u = new URL(url);
    requestHostAccess([`${u.protocol}//${u.hostname}/*`]).then((granted) => {
      if (!granted) {
        error.textContent = state.t('optionsResolverPermissionDenied');
        error.hidden = false;
        render(state.settings);
        return;
      }
      save((s) => {
        s.resolver = 'custom';
        s.resolverUrl = url;
      });
    });
  });
  onSettingsChanged((settings) => {
    render(settings);
  });
}

async function main() {
  wire();
  await render(await loadSettings());
}

main();
