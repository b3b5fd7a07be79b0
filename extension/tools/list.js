// The address-list checker page: takes the list (pasted or a file) and optional bounce files,
// hands them to its worker (list-worker.js) and draws what comes back: progress, a summary
// before and after, and the removed and doubtful rows as they settle (the first MAX_SHOWN; all
// of them are in the CSV download). Every string goes through textContent: the rows are the
// user's own addresses and DNS names.

import { acceptFiles, download, startToolPage } from './tools.js';
import { loadSettings, uiLanguage } from '../lib/ext.js';
import { BUDGET_MS } from '../lib/budget.js';
import { resolversFor } from '../lib/doh.js';

/** Rows drawn in the table at most: the download has them all. */
const MAX_SHOWN = 500;

const { t, lang } = await startToolPage('list.html');
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const paste = /** @type {HTMLTextAreaElement} */ ($('paste'));
const progress = /** @type {HTMLProgressElement} */ ($('progress'));
const rowsBody = $('rows');
const checkButton = /** @type {HTMLButtonElement} */ ($('check'));
const stopButton = /** @type {HTMLButtonElement} */ ($('stop'));
const cleanButton = /** @type {HTMLButtonElement} */ ($('download-clean'));
const removedButton = /** @type {HTMLButtonElement} */ ($('download-removed'));

/** @type {File | null} */ let listFile = null;
/** @type {File[]} */ let bounceFiles = [];
let shown = 0;
let listed = 0;
let baseName = 'list';
/** The input's header lines (0 or 1): row numbers are the file's line numbers, as the CLI's. */
let headerLines = 0;

const worker = new Worker(new URL('list-worker.js', import.meta.url), { type: 'module' });

acceptFiles($('list-drop'), /** @type {HTMLInputElement} */ ($('list-file')), (files) => {
  listFile = files[0];
  $('file-name').textContent = t('listFileChosen', listFile.name);
});
acceptFiles($('bounce-drop'), /** @type {HTMLInputElement} */ ($('bounce-files')), (files) => {
  bounceFiles = [...bounceFiles, ...files];
  $('bounce-names').textContent = bounceFiles.map((f) => f.name).join(', ');
});

/**
 * @param {string} tag
 * @param {string} [text]
 * @param {string} [className]
 */
function el(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

/** @param {string} status remove | doubtful | keep */
const statusWord = (status) => t(status === 'remove' ? 'listStatusRemove' : status === 'doubtful' ? 'listStatusDoubtful' : 'listStatusKeep');

/**
 * Appends settled rows to the table, up to MAX_SHOWN.
 * @param {{row: number, address: string, status: string, reasons: {code: string, name: string, label: string, detail: string}[]}[]} rows
 */
function drawRows(rows) {
  $('rows-section').hidden = false;
  listed += rows.length;
  const fragment = document.createDocumentFragment();
  for (const r of rows) {
    if (shown >= MAX_SHOWN) break;
    shown++;
    const tr = el('tr');
    tr.dataset.status = r.status;
    tr.dataset.reasons = r.reasons.map((x) => x.name).join(' ');
    tr.append(el('td', String(r.row + 1 + headerLines), 'num'), el('td', r.address || '—'), el('td', statusWord(r.status), r.status === 'remove' ? 'bad' : ''));
    const why = el('td');
    for (const reason of r.reasons) {
      const line = el('div');
      line.append(el('strong', reason.label), document.createTextNode(reason.detail ? ` — ${reason.detail}` : ''));
      why.append(line);
    }
    tr.append(why);
    fragment.append(tr);
  }
  rowsBody.append(fragment);
  $('rows-more').textContent = listed > shown ? t('listMoreRows', listed - shown) : '';
}

/** @param {any} s the core's Summary */
function drawSummary(s) {
  $('summary-section').hidden = false;
  $('before').textContent = t('listBefore', s.rows, s.domains);
  const body = $('by-reason');
  const fragment = document.createDocumentFragment();
  for (const [reason, count] of s.by_reason) {
    const tr = el('tr');
    tr.dataset.reason = reason;
    const status = reasons.get(reason)?.status ?? 'keep';
    tr.append(el('td', statusWord(status), status === 'remove' ? 'bad' : ''), el('td', String(count), 'num'), el('td', reasons.get(reason)?.label ?? reason));
    fragment.append(tr);
  }
  body.replaceChildren(fragment);
  $('after').textContent = s.pending ? t('listPendingAfter', s.pending) : t('listAfter', s.clean, s.doubtful, s.removed);
}

/** @type {Map<string, {code: string, name: string, status: string, label: string}>} every reason, by name, in the page's language */
const reasons = new Map();

/** @param {boolean} busy */
function setBusy(busy) {
  checkButton.disabled = busy;
  stopButton.hidden = !busy;
  cleanButton.disabled = busy;
  removedButton.disabled = busy;
}

worker.onmessage = ({ data }) => {
  switch (data.type) {
    case 'read': {
      const info = data.info;
      headerLines = info.hasHeader ? 1 : 0;
      for (const r of info.reasons) reasons.set(r.name, r);
      const notes = $('notes');
      notes.replaceChildren(
        el('li', t('listRead', info.rows, info.columns[info.emailColumn] ?? '', info.columns.length)),
        ...info.notes.map((/** @type {string} */ n) => el('li', n)),
        ...data.bounces.map((/** @type {any} */ b) => el('li', b.error ? t('listBounceError', b.name, b.error) : t('listBounceRead', b.name, b.count))),
      );
      break;
    }
    case 'rows':
      drawRows(data.rows);
      break;
    case 'progress': {
      const total = data.rows || 1;
      progress.max = total;
      progress.value = data.rowsDone;
      $('progress-text').textContent = t('listProgress', data.domainsDone, data.domains, data.rowsDone, data.rows);
      break;
    }
    case 'summary':
      drawSummary(data.summary);
      break;
    case 'done':
      setBusy(false);
      $('progress-text').textContent += ` — ${(data.stopped ? t('listStopped') : data.timedOut ? t('listTimedOut', BUDGET_MS.addressList / 60_000) : t('listDone'))}`;
      document.body.dataset.listState = 'done';
      break;
    case 'csv':
      download(`${baseName}-${data.which}.csv`, data.text);
      break;
    case 'error':
      setBusy(false);
      $('error').textContent = data.trapped ? t('listTrapped') : data.message;
      document.body.dataset.listState = 'error';
      break;
  }
};

checkButton.addEventListener('click', async () => {
  $('error').textContent = '';
  const text = paste.value;
  if (!listFile && !text.trim()) {
    $('error').textContent = t('listNoInput');
    return;
  }
  // At once, before the file is read: the previous run's "done" must not stand for this one.
  document.body.dataset.listState = 'running';
  setBusy(true);
  const bytes = listFile ? await listFile.arrayBuffer() : new TextEncoder().encode(text).buffer;
  baseName = listFile ? listFile.name.replace(/\.[^.]+$/, '') || 'list' : 'list';
  const bounces = await Promise.all(bounceFiles.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
  const resolvers = resolversFor(await loadSettings(), uiLanguage());
  rowsBody.replaceChildren();
  shown = listed = 0;
  $('rows-more').textContent = '';
  $('rows-section').hidden = true;
  $('progress-section').hidden = false;
  progress.removeAttribute('value');
  $('progress-text').textContent = t('listReading');
  worker.postMessage({ type: 'check', list: bytes, bounces, lang, resolvers }, [bytes, ...bounces.map((b) => b.bytes)]);
});

stopButton.addEventListener('click', () => worker.postMessage({ type: 'stop' }));
cleanButton.addEventListener('click', () => worker.postMessage({ type: 'csv', which: 'clean' }));
removedButton.addEventListener('click', () => worker.postMessage({ type: 'csv', which: 'removed' }));
