// What the tool pages (list checker, warm-up plan, DMARC reports) share: their header with the
// tool bar, the page's language, a drop zone for files, and CSV downloads. Every string goes
// through `textContent` or attributes, never HTML: these pages show the user's own lists and
// reports, and receivers' DNS names.

import { localisePage } from '../lib/i18n.js';

/** The tools, in the order of the tool bar: page file and the message key of its name. */
export const TOOLS = /** @type {const} */ ([
  { page: 'list.html', key: 'toolsList' },
  { page: 'warmup.html', key: 'toolsWarmup' },
  { page: 'dmarc.html', key: 'toolsDmarc' },
]);

/**
 * Fills the page's strings in the chosen language and puts the tool bar at the top of `<header>`,
 * the current tool marked.
 * @param {string} page this page's file name, e.g. `list.html`
 * @returns {Promise<{t: import('../lib/i18n.js').Translate, lang: import('../lib/i18n.js').Lang}>}
 */
export async function startToolPage(page) {
  const { t, lang } = await localisePage();
  const nav = document.createElement('nav');
  nav.className = 'tools';
  nav.setAttribute('aria-label', t('toolsNav'));
  for (const tool of TOOLS) {
    const link = document.createElement('a');
    link.href = tool.page;
    link.textContent = t(tool.key);
    if (tool.page === page) link.setAttribute('aria-current', 'page');
    nav.append(link);
  }
  document.querySelector('header')?.prepend(nav);
  return { t, lang };
}

/**
 * Makes `zone` take dropped files and, through `picker` (an `<input type=file>`), chosen ones.
 * @param {HTMLElement} zone
 * @param {HTMLInputElement} picker
 * @param {(files: File[]) => void} onFiles
 */
export function acceptFiles(zone, picker, onFiles) {
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length) onFiles(files);
  });
  picker.addEventListener('change', () => {
    const files = [...(picker.files ?? [])];
    picker.value = '';
    if (files.length) onFiles(files);
  });
}

/**
 * Offers `text` as a file download (no network: a blob URL of this page).
 * @param {string} fileName
 * @param {string} text
 * @param {string} [type]
 */
export function download(fileName, text, type = 'text/csv;charset=utf-8') {
  // A byte-order mark, so that spreadsheet programs read UTF-8 CSV (Chinese names) correctly.
  const bom = type.startsWith('text/csv') ? '\uFEFF' : '';
  const url = URL.createObjectURL(new Blob([bom + text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
