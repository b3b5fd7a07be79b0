// The DMARC reports page: files in (drop zone or picker), per-file status, then per domain a
// summary, the sources table (IP, reverse DNS, provider, messages, SPF and DKIM aligned,
// disposition, class), what to fix and the policy advice; CSV export. The reading and the
// lookups run in dmarc-worker.js. Every text goes through textContent: the reports and the DNS
// names are not ours.

import { acceptFiles, download, startToolPage } from './tools.js';
import { loadSettings, uiLanguage } from '../lib/ext.js';
import { resolversFor } from '../lib/doh.js';

const { t, lang } = await startToolPage('dmarc.html');

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const worker = new Worker(new URL('./dmarc-worker.js', import.meta.url), { type: 'module' });
/** @type {any} the latest analysis */
let analysis = null;
let reading = 0;

/**
 * An element with text and attributes.
 * @param {string} tag
 * @param {string | number} [text]
 * @param {Record<string, string>} [attrs]
 */
function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

/** `YYYY-MM-DD` (UTC) of seconds since 1970. @param {number} s */
const day = (s) => new Date(s * 1000).toISOString().slice(0, 10);

/** @param {number} n */
const fmt = (n) => n.toLocaleString(lang);

/** @param {number} share */
function percent(share) {
  const p = Math.floor(share * 1000) / 10;
  return `${p.toLocaleString(lang, { maximumFractionDigits: 1 })} %`;
}

/** The reverse-DNS cell's text. @param {any} ptr */
function ptrText(ptr) {
  switch (ptr?.state) {
    case 'found': return ptr.names.join(', ');
    case 'none': return t('dmarcPtrNone');
    case 'failed': return t('dmarcPtrFailed', ptr.reason);
    case 'pending': return t('dmarcPtrPending');
    default: return t('dmarcPtrSkipped');
  }
}

const CLASS_KEYS = { 'aligned-passing': 'dmarcClassAligned', 'yours-failing': 'dmarcClassYoursFailing', spoofing: 'dmarcClassSpoofing' };

/** "✓", "✗" or the aligned share of a source's messages. @param {number} aligned @param {number} count */
function alignedText(aligned, count) {
  if (aligned >= count) return '✓';
  if (aligned === 0) return '✗';
  return `${Math.floor((aligned * 100) / count)} %`;
}

/** @param {any} status */
function showFile(status) {
  const li = el('li', undefined, { 'data-state': status.error ? 'error' : 'read', 'data-file': status.file });
  li.append(el('strong', status.file), ' ');
  if (status.error) {
    li.append(el('span', status.trapped ? t('dmarcFileTrapped') : status.error, { class: 'bad' }));
  } else {
    const orgs = [...new Set(status.orgs.filter(Boolean))].join(', ');
    li.append(el('span', t('dmarcFileRead', status.reports, fmt(status.rows), fmt(status.messages), orgs || '—'), { class: 'good' }));
    for (const note of status.notes) li.append(el('div', note, { class: 'muted' }));
  }
  $('file-list').append(li);
}

/** @param {any} a the analysis */
function draw(a) {
  analysis = a;
  const root = $('domains');
  root.replaceChildren();
  for (const d of a.domains) {
    const section = el('section', undefined, { class: 'domain', 'data-domain': d.domain });
    section.append(el('h2', t('dmarcDomainHeading', d.domain, d.policy.p || 'none')));
    section.append(el('p', t('dmarcSummary', fmt(d.reports), day(d.begin), day(d.end), fmt(d.messages), fmt(d.dmarc_pass), fmt(d.legitimate), fmt(d.spoofed), percent(d.share)), { class: 'summary' }));

    const advice = el('ul', undefined, { class: 'advice' });
    for (const item of d.advice) {
      const li = el('li', undefined, { 'data-code': item.code });
      li.append(el('div', item.message), el('div', `→ ${item.fix}`, { class: 'muted' }));
      advice.append(li);
    }
    section.append(el('h3', t('dmarcAdviceHeading')), advice);

    const fixes = d.sources.filter((s) => s.class === 'yours-failing' && s.advice);
    if (fixes.length) {
      const list = el('ul', undefined, { class: 'fixes' });
      for (const s of fixes.slice(0, 20)) {
        const li = el('li', undefined, { 'data-code': s.advice.code, 'data-ip': s.ip });
        li.append(el('div', s.advice.message), el('div', `→ ${s.advice.fix}`, { class: 'muted' }));
        list.append(li);
      }
      section.append(el('h3', t('dmarcFixHeading')), list);
    }

    const table = el('table', undefined, { class: 'sources' });
    const head = el('tr');
    for (const [key, num] of [['dmarcColIp'], ['dmarcColPtr'], ['dmarcColProvider'], ['dmarcColCount', true], ['dmarcColSpf'], ['dmarcColDkim'], ['dmarcColDisposition'], ['dmarcColClass']]) {
      head.append(el('th', t(/** @type {string} */ (key)), num ? { class: 'num' } : {}));
    }
    table.append(el('thead'));
    table.tHead?.append(head);
    const body = el('tbody');
    for (const s of d.sources) {
      const row = el('tr', undefined, { 'data-ip': s.ip, 'data-class': s.class, 'data-ptr': s.ptr.state });
      const dispositions = Object.entries(s.dispositions).map(([k, n]) => `${k} ${fmt(/** @type {number} */ (n))}`).join(', ');
      row.append(
        el('td', s.ip),
        el('td', ptrText(s.ptr), { class: 'ptr' }),
        el('td', s.provider?.name ?? '', { class: 'provider' }),
        el('td', fmt(s.count), { class: 'num' }),
        el('td', alignedText(s.spf_aligned, s.count)),
        el('td', alignedText(s.dkim_aligned, s.count)),
        el('td', dispositions),
        el('td', t(CLASS_KEYS[s.class] ?? s.class), { class: s.class === 'spoofing' ? 'bad' : s.class === 'aligned-passing' ? 'good' : '' }),
      );
      body.append(row);
    }
    table.append(body);
    section.append(el('h3', t('dmarcSourcesHeading')), table);
    root.append(section);
  }
  $('export-section').hidden = a.domains.length === 0;
}

worker.onmessage = (event) => {
  const m = event.data;
  if (m.type === 'file') showFile(m.status);
  else if (m.type === 'analysis') {
    draw(m.analysis);
    const section = $('progress-section');
    section.hidden = m.done;
    /** @type {HTMLProgressElement} */ ($('progress')).value = m.asked ? m.answered / m.asked : 0;
    $('progress-text').textContent = t('dmarcProgress', m.answered, m.asked);
    if (m.done) {
      reading = Math.max(0, reading - 1);
      document.body.dataset.state = reading ? 'reading' : 'done';
    }
  } else if (m.type === 'error') {
    $('error').textContent = m.trapped ? t('dmarcTrapped') : m.message;
    reading = 0;
    document.body.dataset.state = 'done';
  }
};

acceptFiles($('drop'), /** @type {HTMLInputElement} */ ($('files')), async (files) => {
  $('error').textContent = '';
  reading++;
  document.body.dataset.state = 'reading';
  $('clear').removeAttribute('disabled');
  const settings = await loadSettings();
  const reverseDns = /** @type {HTMLInputElement} */ ($('reverse-dns')).checked;
  const resolvers = reverseDns ? resolversFor(settings, uiLanguage()) : [];
  const read = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
  worker.postMessage({ type: 'add', files: read, lang, resolvers, reverseDns }, read.map((f) => f.bytes));
});

$('clear').addEventListener('click', () => {
  worker.postMessage({ type: 'clear' });
  analysis = null;
  reading = 0;
  $('file-list').replaceChildren();
  $('domains').replaceChildren();
  $('export-section').hidden = true;
  $('progress-section').hidden = true;
  $('clear').setAttribute('disabled', '');
  delete document.body.dataset.state;
});

/** A CSV field, quoted when it needs to be; a leading = + - @ is defused for spreadsheets. @param {unknown} v */
function csvField(v) {
  let s = String(v ?? '');
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

$('export').addEventListener('click', () => {
  if (!analysis) return;
  const header = ['domain', 'ip', 'ptr', 'provider', 'count', 'spf_aligned', 'dkim_aligned', 'dmarc_pass', 'dispositions', 'class', 'advice'];
  const lines = [header.join(',')];
  for (const d of analysis.domains) {
    for (const s of d.sources) {
      const dispositions = Object.entries(s.dispositions).map(([k, n]) => `${k}:${n}`).join(' ');
      const ptr = s.ptr.state === 'found' ? s.ptr.names.join(' ') : s.ptr.state;
      lines.push([d.domain, s.ip, ptr, s.provider?.name ?? '', s.count, s.spf_aligned, s.dkim_aligned, s.dmarc_pass, dispositions, s.class, s.advice?.message ?? ''].map(csvField).join(','));
    }
  }
  download('dmarc-sources.csv', `${lines.join('\r\n')}\r\n`);
});
