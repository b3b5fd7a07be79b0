// The tool pages under a wasm trap, in Chromium with the real unpacked extension (issue 7): dist/
// chrome with both modules swapped for the test-only `test-trap` build (harness.mjs,
// `distWithTrap`; never in dist/), and a real resolver on loopback (BIND behind dnsdist,
// tests/dns/start.sh) for the lookups the pages make after the trap.
//
// 1. DMARC reports: a report whose org_name holds MAILHINT-TEST-TRAP (gzipped) dropped next to a
//    good one: the trapping file says "could not read this file", the good one (read before the
//    trap, read again into the fresh instance) is analysed, its source's reverse DNS answered;
//    a good file dropped next is added to the same analysis.
// 2. Address lists: a list with a row holding the marker fails with "could not check this list"
//    (in Chinese here); the next run checks its list to the end, with DNS.
// 3. Warm-up plan: a pasted list holding the marker fails that plan; the next plan is drawn.
// No console line of the pages or their workers carries the marker or the lists' addresses.
// Run with `node --test tests/e2e/tool-traps.test.mjs` after `./build.sh wasm`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, distWithTrap, dnsMissing, launch, missing, screenshot, staleDist, startDoh, stopDoh } from './harness.mjs';

/** This file's own DNS servers. */
const DNS_ENV = {
  MAILHINT_DNS_STATE: join(ROOT, 'target', 'dns-e2e-tool-traps'),
  MAILHINT_DNS_PORT: '31353',
  MAILHINT_DNSDIST_PORT: '31354',
  MAILHINT_DOH_PORT: '31355',
};

const skip = missing() || dnsMissing() || false;
if (!skip && staleDist()) throw new Error(staleDist());
if (skip) console.log(`SKIPPED tool-page trap e2e: ${skip}`);

const MARKER = 'MAILHINT-TEST-TRAP';
/** Words of the lists and reports used here: none may appear in a console line. */
const SECRETS = [MARKER, 'anna@', 'tom@', 'x@nosuch'];
const ZONE = `$ORIGIN tooltrap.test.
$TTL 300
good IN MX 10 mx.good
mx.good IN A 192.0.2.1
94.241.150.72.in-addr.arpa. IN PTR a8-94.smtp-out.amazonses.com.
`;

const messages = (dir) => JSON.parse(readFileSync(join(ROOT, '_locales', dir, 'messages.json'), 'utf8'));
const EN = messages('en');
const ZH = messages('zh_CN');

/** A DMARC aggregate report from `org` about tooltrap.test: one source, `count` messages. */
const dmarcXml = (org, ip, count) =>
  Buffer.from(`<?xml version="1.0"?>
<feedback><report_metadata><org_name>${org}</org_name><email>noreply@${org}</email><report_id>${org}-1</report_id>
<date_range><begin>1700000000</begin><end>1700086400</end></date_range></report_metadata>
<policy_published><domain>tooltrap.test</domain><p>none</p></policy_published>
<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row>
<identifiers><header_from>tooltrap.test</header_from></identifiers>
<auth_results><dkim><domain>tooltrap.test</domain><result>pass</result></dkim><spf><domain>tooltrap.test</domain><result>pass</result></spf></auth_results></record></feedback>`);

/** @type {string} */ let doh;
/** @type {string} */ let tmp;
let browser;
/** Console lines of the pages and their workers. */
const consoleLines = [];

before(async () => {
  if (skip) return;
  tmp = mkdtempSync(join(tmpdir(), 'mailhint-e2e-tooltrap-'));
  writeFileSync(join(tmp, 'tooltrap.zone'), ZONE);
  doh = startDoh([join(tmp, 'tooltrap.zone')], DNS_ENV);
  browser = await launch({ hosts: [], port: 9, dist: distWithTrap(tmp, { loopbackResolver: true }), direct: ['127.0.0.1'] });
  browser.context.on('page', (page) => {
    page.on('console', (m) => consoleLines.push(`page: ${m.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`page error: ${error}`));
    page.on('worker', (worker) => worker.on('console', (m) => consoleLines.push(`worker: ${m.text()}`)));
  });
});

after(async () => {
  await browser?.close();
  if (!skip) stopDoh(DNS_ENV);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Opens a tool page with the test resolver and `lang` set in the options. */
async function openTool(file, lang) {
  await browser.worker.evaluate(([url, l]) => chrome.storage.sync.set({ settings: { resolver: 'custom', resolverUrl: url, lang: l } }), [doh, lang]);
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/extension/tools/${file}`);
  await page.waitForSelector('nav.tools a[aria-current="page"]');
  return page;
}

test('DMARC page: a trapping report next to a good one fails alone; the good one is analysed, and the next file joins it', { skip, timeout: 120_000 }, async () => {
  const page = await openTool('dmarc.html', 'en');
  await page.setInputFiles('#files', [
    { name: 'good.xml', mimeType: 'text/xml', buffer: dmarcXml('google.com', '72.150.241.94', 3) },
    { name: 'trap.xml.gz', mimeType: 'application/gzip', buffer: gzipSync(dmarcXml(MARKER, '72.150.241.94', 100)) },
  ]);
  await page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
  const status = (file) => page.$eval(`#file-list li[data-file="${file}"]`, (li) => ({ state: li.dataset.state, text: li.textContent }));
  const trapped = await status('trap.xml.gz');
  assert.equal(trapped.state, 'error');
  assert.equal(trapped.text, `trap.xml.gz ${EN.dmarcFileTrapped.message}`);
  const good = await status('good.xml');
  assert.equal(good.state, 'read', good.text);
  assert.match(good.text, /1 report\(s\), 1 rows, 3 messages, from google\.com/);
  assert.equal(await page.locator('#error').textContent(), '', 'no page-wide error');

  // The good report, read again into the fresh instance: its source, its reverse DNS answered by
  // BIND through the fresh instance's rounds; the trapping report's 100 messages are not there.
  const row = page.locator('section.domain[data-domain="tooltrap.test"] tr[data-ip="72.150.241.94"]');
  assert.equal(await row.locator('td.ptr').textContent(), 'a8-94.smtp-out.amazonses.com');
  assert.equal(await row.locator('td.num').textContent(), '3');

  // The next file dropped is read by the fresh instance, into the same analysis.
  await page.evaluate(() => delete document.body.dataset.state);
  await page.setInputFiles('#files', [{ name: 'next.xml', mimeType: 'text/xml', buffer: dmarcXml('yahoo.com', '72.150.241.94', 4) }]);
  await page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
  assert.equal((await status('next.xml')).state, 'read');
  assert.equal(await row.locator('td.num').textContent(), '7', 'good.xml and next.xml: 3 + 4 messages');
  assert.match(await page.locator('section.domain[data-domain="tooltrap.test"] p.summary').textContent(), /2 report/);
  await screenshot(page, 'dmarc-trap');
  await page.close();
});

test('list page (in Chinese): a list with a trapping row fails with its words; the next run checks its list to the end', { skip, timeout: 120_000 }, async () => {
  const page = await openTool('list.html', 'zh-CN');
  const run = async (list) => {
    await page.locator('#paste').fill(list);
    await page.locator('#check').click();
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.listState ?? ''), null, { timeout: 60_000 });
    return { state: await page.evaluate(() => document.body.dataset.listState), error: await page.locator('#error').textContent() };
  };
  // The row holding the marker has no @: it settles in the first step, which traps.
  assert.deepEqual(await run(`email\nanna@good.tooltrap.test\n${MARKER}\n`), { state: 'error', error: ZH.listTrapped.message });
  assert.equal(await page.locator('#check').isDisabled(), false, 'the page takes the next list');

  assert.deepEqual(await run('email\nanna@good.tooltrap.test\nx@nosuch.tooltrap.test\ntom@gmial.com\n'), { state: 'done', error: '' });
  const rows = await page.$$eval('#rows tr', (trs) => trs.map((tr) => [tr.children[1].textContent, tr.dataset.reasons]));
  assert.deepEqual(rows.sort(), [['tom@gmial.com', 'domain-typo'], ['x@nosuch.tooltrap.test', 'no-such-domain']], 'the NXDOMAIN answer and the typo; anna@ (an MX) is kept');
  assert.match(await page.locator('#after').textContent(), /干净名单 1 个地址/);
  await page.close();
});

test('warm-up page: a trapping pasted list fails that plan; the next plan is drawn', { skip, timeout: 60_000 }, async () => {
  const page = await openTool('warmup.html', 'en');
  await page.waitForSelector('html[data-ready="true"]');
  await page.fill('#volume', '5000');
  await page.fill('#start', '2026-12-01');
  await page.click('details summary');
  await page.fill('#list', `anna@gmail.com\n${MARKER}@qq.com\n`);
  await page.click('#make');
  await page.waitForSelector('#error:not([hidden])');
  assert.equal(await page.locator('#error').textContent(), EN.warmupTrapped.message);
  assert.equal(await page.locator('#result').isHidden(), true);

  await page.fill('#list', 'anna@gmail.com\ntom@qq.com\n');
  await page.click('#make');
  await page.waitForSelector('#result:not([hidden])');
  assert.equal(await page.locator('#error').isHidden(), true);
  assert.equal(await page.locator('#plan-body tr[data-day="1"] td').nth(1).textContent(), '2026-12-01');
  assert.match(await page.locator('#summary').textContent(), /2/);
  await page.close();
});

test('the console says a module trapped, never what was read', { skip }, () => {
  const traps = consoleLines.filter((l) => /full module trapped \(RuntimeError: unreachable\)/.test(l));
  assert.ok(traps.length >= 3, `one line per trap (DMARC, list, warm-up): ${JSON.stringify(consoleLines)}`);
  for (const line of consoleLines) for (const secret of SECRETS) assert.ok(!line.includes(secret), `"${secret}" in a console line: ${line}`);
  console.log(`console lines: ${JSON.stringify(consoleLines)}`);
});
