// The DMARC reports page in real Chromium with the unpacked extension: real samples from
// ../shared/corpus/dmarc-reports (plain XML, gzip, zip, an email, and a broken one) are set on the
// file input; the page reads them in its worker (the full wasm module), shows each file's
// status, the sources table with reverse DNS answered by a real BIND behind dnsdist
// (tests/dns/start.sh over crates/mailhint-cli/tests/zones/dmarc.zone), the advice, and exports
// CSV. Every request that leaves is a DoH GET with one PTR question: no report content.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, distWithLoopbackResolver, dnsMissing, startDoh, stopDoh, launch, missing, screenshot, staleDist } from './harness.mjs';

/** Ports of this test's own DNS servers (not the defaults, nor the domain-popup test's). */
const DNS_ENV = {
  MAILHINT_DNS_STATE: join(ROOT, 'target', 'dns-e2e-dmarc'),
  MAILHINT_DNS_PORT: process.env.MAILHINT_E2E_DMARC_DNS_PORT ?? '15363',
  MAILHINT_DNSDIST_PORT: process.env.MAILHINT_E2E_DMARC_DNSDIST_PORT ?? '15364',
  MAILHINT_DOH_PORT: process.env.MAILHINT_E2E_DMARC_DOH_PORT ?? '18064',
};
const ZONE = join(ROOT, 'crates/mailhint-cli/tests/zones/dmarc.zone');

/** The report samples: ../shared beside the project, or beside the folder above (a worktree). */
function corpus() {
  const candidates = process.env.MAILHINT_SHARED
    ? [join(process.env.MAILHINT_SHARED, 'corpus/dmarc-reports')]
    : [join(ROOT, '../shared/corpus/dmarc-reports'), join(ROOT, '../../shared/corpus/dmarc-reports')];
  return candidates.find((d) => existsSync(join(d, 'aggregate'))) ?? '';
}

const CORPUS = corpus();
const skip = missing() || dnsMissing() || (CORPUS ? '' : 'the DMARC report corpus (../shared/corpus/dmarc-reports) is absent') || false;
if (!skip && staleDist()) throw new Error(staleDist());
if (skip) console.log(`SKIPPED dmarc-page e2e: ${skip}`);

const FILES = [
  'aggregate/old_draft_from_wiki.xml', // 72.150.241.94: an Amazon SES PTR in the test zone
  'aggregate/!example.com!1538204542!1538463818.xml', // 12.20.127.122: mail.ptr-test.example
  'aggregate/veeam.com!example.com!1530133200!1530219600.xml', // 199.230.200.36: no PTR
  'aggregate/fastmail.com!example.com!1516060800!1516147199!102675056.xml.gz',
  'aggregate/estadocuenta1.infonacot.gob.mx!example.com!1536853302!1536939702!2940.xml.zip',
  'aggregate/twilight.eml',
  'aggregate/invalid_xml.xml', // broken: a clear error
];

/** @type {string} */ let doh;
/** @type {string} */ let tmp;
let browser;

before(async () => {
  if (skip) return;
  doh = startDoh([ZONE], DNS_ENV);
  tmp = mkdtempSync(join(tmpdir(), 'mailhint-e2e-dmarc-'));
  const dist = distWithLoopbackResolver(tmp);
  browser = await launch({ hosts: [], port: 9, dist, direct: ['127.0.0.1'] });
  await browser.worker.evaluate((url) => chrome.storage.sync.set({ settings: { resolver: 'custom', resolverUrl: url, lang: 'en' } }), doh);
});

after(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  if (!skip) stopDoh(DNS_ENV);
});

/** The DNS question a DoH GET carries: [name, type]; fails unless it is exactly one question. */
function questionOf(url) {
  const u = new URL(url);
  assert.equal(`${u.origin}${u.pathname}`, doh, `${url} goes to the test resolver`);
  assert.deepEqual([...u.searchParams.keys()], ['dns'], `${url}: the question is the only parameter`);
  const bytes = Buffer.from(u.searchParams.get('dns') ?? '', 'base64url');
  assert.deepEqual([4, 6, 8, 10].map((i) => bytes.readUInt16BE(i)), [1, 0, 0, 0], 'one question, no other sections');
  const labels = [];
  let at = 12;
  while (bytes[at] !== 0) {
    labels.push(bytes.subarray(at + 1, at + 1 + bytes[at]).toString('latin1'));
    at += 1 + bytes[at];
  }
  assert.equal(bytes.length, at + 5, 'nothing after the question');
  return [labels.join('.'), bytes.readUInt16BE(at + 1)];
}

async function openPage() {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/extension/tools/dmarc.html`);
  await page.waitForSelector('nav.tools a[aria-current="page"]');
  return page;
}

test('reports dropped on the page: file status, sources with reverse DNS from the test resolver, advice, CSV', { skip, timeout: 120_000 }, async () => {
  const page = await openPage();
  await page.setInputFiles('#files', FILES.map((f) => join(CORPUS, f)));
  await page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
  await screenshot(page, 'dmarc-page');

  // One status line per file: six read, the broken one with its reason.
  const statuses = await page.$$eval('#file-list li', (lis) => lis.map((li) => [li.dataset.file, li.dataset.state, li.textContent]));
  assert.equal(statuses.length, FILES.length);
  for (const [file, state, text] of statuses) {
    if (file === 'invalid_xml.xml') {
      assert.equal(state, 'error', file);
      assert.match(text, /XML is malformed \(line 5, column \d+/);
    } else {
      assert.equal(state, 'read', `${file}: ${text}`);
      assert.match(text, /1 report\(s\), \d+ rows, \d+ messages/);
    }
  }

  // The sources: reverse DNS answered by BIND through dnsdist, providers from the PTR names.
  const row = (ip) => page.locator(`table.sources tr[data-ip="${ip}"]`);
  await assert.doesNotReject(row('72.150.241.94').waitFor());
  assert.equal(await row('72.150.241.94').locator('td.ptr').textContent(), 'a8-94.smtp-out.amazonses.com');
  assert.equal(await row('72.150.241.94').locator('td.provider').textContent(), 'Amazon SES');
  assert.equal(await row('72.150.241.94').getAttribute('data-class'), 'aligned-passing');
  assert.equal(await row('12.20.127.122').locator('td.ptr').textContent(), 'mail.ptr-test.example');
  assert.equal(await row('12.20.127.122').getAttribute('data-class'), 'spoofing');
  assert.equal(await row('199.230.200.36').getAttribute('data-ptr'), 'none');
  assert.equal(await row('199.230.200.36').locator('td.ptr').textContent(), 'no PTR record');

  // The domains and their advice.
  const domains = await page.$$eval('section.domain', (s) => s.map((x) => x.dataset.domain));
  assert.ok(domains.includes('example.com'), domains.join());
  const advice = await page.$$eval('section.domain[data-domain="example.com"] ul.advice li', (lis) => lis.map((li) => li.dataset.code));
  assert.ok(advice.some((c) => c.startsWith('DMARC-POLICY') || c === 'DMARC-NO-LEGIT-MAIL'), advice.join());
  assert.ok(advice.includes('DMARC-SPOOFING-TOTAL'), advice.join());

  // CSV export.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv, /^\uFEFFdomain,ip,ptr,provider,count/);
  assert.match(csv, /example\.com,72\.150\.241\.94,a8-94\.smtp-out\.amazonses\.com,Amazon SES,2,/);

  // What left the browser: DoH GETs with one PTR question each, nothing else.
  const out = browser.requests.filter((r) => !r.url.startsWith('chrome-extension:') && !r.url.startsWith('data:') && !r.url.startsWith('blob:'));
  assert.ok(out.length > 0, 'the page asked the resolver');
  for (const r of out) {
    assert.equal(r.method, 'GET', r.url);
    const [name, type] = questionOf(r.url);
    assert.equal(type, 12, `${name}: a PTR question`);
    assert.match(name, /\.in-addr\.arpa$|\.ip6\.arpa$/);
  }
  await page.close();
});

test('the page in Chinese, and with reverse DNS switched off', { skip, timeout: 60_000 }, async () => {
  await browser.worker.evaluate((url) => chrome.storage.sync.set({ settings: { resolver: 'custom', resolverUrl: url, lang: 'zh-CN' } }), doh);
  const before = browser.requests.length;
  const page = await openPage();
  assert.equal(await page.locator('h1').textContent(), 'DMARC 报告');
  await page.uncheck('#reverse-dns');
  // Hostile files beside real ones: entity expansion (billion laughs) and a gzip bomb (80 MB of
  // zeros in 80 KB) stop with a clear error; the page stays responsive and reads the rest.
  const laughs = join(tmp, 'laughs.xml');
  writeFileSync(laughs, '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><feedback>&b;</feedback>');
  const bomb = join(tmp, 'bomb.xml.gz');
  writeFileSync(bomb, gzipSync(Buffer.alloc(80 * 1024 * 1024, 0x20), { level: 9 }));
  await page.setInputFiles('#files', [join(CORPUS, 'aggregate/old_draft_from_wiki.xml'), join(CORPUS, 'aggregate/invalid_utf_8.xml'), laughs, bomb]);
  await page.waitForSelector('body[data-state="done"]');
  const error = (file) => page.locator(`#file-list li[data-state="error"][data-file="${file}"]`).textContent();
  assert.match(await error('invalid_utf_8.xml'), /不是有效的 UTF-8/);
  assert.match(await error('laughs.xml'), /DTD/);
  assert.match(await error('bomb.xml.gz'), /解压后超过 64 MB/);
  assert.equal(await page.locator('#file-list li[data-state="read"]').count(), 1);
  assert.equal(await page.locator('table.sources th').nth(1).textContent(), '反向解析');
  assert.equal(await page.locator('tr[data-ip="72.150.241.94"] td.ptr').textContent(), '未查询');
  assert.match(await page.locator('ul.advice li').first().textContent(), /p=quarantine|98%/);
  const asked = browser.requests.slice(before).filter((r) => r.url.startsWith(doh));
  assert.deepEqual(asked, [], 'no lookups with reverse DNS off');
  await page.close();
});
