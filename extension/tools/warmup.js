// The warm-up plan page. The plan comes from the full wasm module (`warmupPlan`, the same core
// as `mailhint warmup`), loaded here in the page rather than in a worker or the service worker:
// a plan is at most 90 days × 6 providers, computed in well under a millisecond, so there is no
// heavy work to keep off the main thread, and the pasted list never leaves this page (not even
// to our own service worker). Extension pages may run wasm (`'wasm-unsafe-eval'` in the CSP).
//
// Everything shown is built with createElement/textContent; the only links are the sources',
// opened by the user in a new tab.
//
// A trap in the module fails that one plan with words of our own, and the next plan is made by
// a fresh instance (full-module.js).

import { warmupPlan } from '../pkg/mailhint_full.js';
import { Trapped } from '../lib/wasm-module.js';
import { full } from './full-module.js';
import { download, startToolPage } from './tools.js';

const { t, lang } = await startToolPage('warmup.html');
// Compiled while the user fills the form; a failed load is tried again on submit.
full.ready();

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const form = /** @type {HTMLFormElement} */ ($('warmup-form'));
const volume = /** @type {HTMLInputElement} */ ($('volume'));
const start = /** @type {HTMLInputElement} */ ($('start'));
const newDomain = /** @type {HTMLInputElement} */ ($('new-domain'));
const newIp = /** @type {HTMLInputElement} */ ($('new-ip'));
const list = /** @type {HTMLTextAreaElement} */ ($('list'));
const error = $('error');
const result = $('result');

/** Today in the user's time zone, as `<input type=date>` writes it. */
function today() {
  const now = new Date();
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
start.value = today();

const number = (/** @type {number} */ n) => n.toLocaleString(lang);

/**
 * @param {string} tag
 * @param {string} [text]
 * @param {string} [className]
 */
function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** The badge that says whether a number is published or a convention. */
function badge(/** @type {string} */ provenance) {
  return provenance === 'published' ? el('span', t('warmupPublished'), 'badge published') : el('span', t('warmupConvention'), 'badge convention');
}

/** @type {{plan: any, csv: string, counted: number} | null} */
let current = null;

function show(/** @type {{plan: any, csv: string, counted: number}} */ made) {
  current = made;
  const { plan } = made;
  const summary = t('warmupSummary', number(plan.volume), plan.start, plan.days.length);
  $('summary').textContent = plan.providers.length ? `${summary} ${t('warmupListCounted', number(made.counted))}` : summary;

  const head = $('plan-head');
  head.replaceChildren(el('th', t('warmupDay'), 'num'), el('th', t('warmupDate')), el('th', t('warmupTotal'), 'num'));
  for (const p of plan.providers) head.append(el('th', p.name, 'num'));
  const columns = 3 + plan.providers.length;
  const body = $('plan-body');
  body.replaceChildren();
  for (const day of plan.days) {
    const row = el('tr');
    row.dataset.day = String(day.day);
    row.append(el('td', String(day.day), 'num'), el('td', day.date), el('td', number(day.total), 'num'));
    for (const cap of day.caps) row.append(el('td', number(cap), 'num'));
    body.append(row);
    for (const note of day.notes) {
      const noteRow = el('tr', undefined, 'note');
      noteRow.dataset.note = note.id;
      const cell = el('td', note.text);
      cell.colSpan = columns;
      noteRow.append(cell);
      body.append(noteRow);
    }
  }

  const figure = (/** @type {string} */ id) => plan.figures.find((/** @type {any} */ f) => f.id === id);
  $('providers-part').hidden = plan.providers.length === 0;
  const providers = $('providers-body');
  providers.replaceChildren();
  for (const p of plan.providers) {
    const line = el('td');
    const bulk = p.bulk_line ? figure(p.bulk_line) : null;
    if (bulk) line.append(badge(bulk.provenance), t('warmupPerDay', number(bulk.value)));
    else line.append(el('span', t('warmupNoNumber'), 'muted'));
    const row = el('tr');
    row.append(el('td', p.name), el('td', `${Math.round(p.share * 100)}%`, 'num'), el('td', number(p.target), 'num'), line, el('td', p.advice));
    providers.append(row);
  }

  const checkpoints = $('checkpoints');
  checkpoints.replaceChildren();
  for (const c of plan.checkpoints) {
    const item = el('li');
    item.dataset.checkpoint = c.id;
    const what = c.percent === null ? c.metric : `${c.metric} ≥ ${c.percent}%`;
    item.append(badge(c.provenance), el('strong', what), el('div', c.action));
    checkpoints.append(item);
  }

  const figures = $('figures-body');
  figures.replaceChildren();
  for (const f of plan.figures) {
    const value = { 'per-day': t('warmupPerDay', number(f.value)), percent: `${f.value}%`, factor: `×${f.value}`, days: t('warmupDays', f.value) }[f.unit];
    const source = plan.sources.find((/** @type {any} */ s) => s.id === f.source);
    const row = el('tr');
    row.dataset.figure = f.id;
    row.append(el('td', undefined), el('td', value, 'num'), el('td', f.what), el('td', source ? `${source.publisher}: ${source.title}` : f.why));
    /** @type {HTMLElement} */ (row.firstChild).append(badge(f.provenance));
    figures.append(row);
  }

  const sources = $('sources');
  sources.replaceChildren();
  for (const s of plan.sources) {
    const link = el('a', `${s.publisher}: ${s.title}`);
    link.setAttribute('href', s.url);
    link.setAttribute('target', '_blank');
    link.setAttribute('rel', 'noopener noreferrer');
    const item = el('li');
    item.id = `source-${s.id}`;
    item.append(link, el('span', s.url, 'url muted'), el('div', s.states));
    sources.append(item);
  }
  result.hidden = false;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  try {
    await full.ready();
    // An empty or non-numeric field gives NaN: the core says it is no whole number.
    const made = full.run(() => warmupPlan(volume.value.trim() === '' ? NaN : Number(volume.value), start.value, newDomain.checked, newIp.checked, list.value, lang));
    show(made);
  } catch (e) {
    current = null;
    result.hidden = true;
    error.textContent = e instanceof Trapped ? t('warmupTrapped') : e instanceof Error ? e.message : String(e);
    error.hidden = false;
  }
});

$('export').addEventListener('click', () => {
  if (current) download(`mailhint-warmup-${current.plan.start}.csv`, current.csv);
});

document.documentElement.dataset.ready = 'true';
