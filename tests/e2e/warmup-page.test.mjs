// End to end in Chromium: the warm-up plan page (extension/tools/warmup.html) with the unpacked
// dist/chrome. The page computes the plan with the full wasm module; its table and its CSV
// export are compared with the native CLI's (`mailhint warmup`, the same core built for x86),
// in English and in Chinese, and bad input must show a clear error. No request may leave the
// extension: the page has no network use but the sources' links, which the test does not open.
// Run with `node --test tests/e2e/warmup-page.test.mjs` after `./build.sh wasm`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DIST_CHROME, ROOT, launch, missing, screenshot } from './harness.mjs';

const CLI = join(ROOT, 'target/release/mailhint');
const cliMissing = existsSync(CLI) ? '' : `${CLI} is missing: run ./build.sh (it builds the CLI)`;
const skip = missing() || cliMissing || false;
if (skip) console.log(`SKIPPED warm-up page e2e: ${skip}`);

/** @type {Awaited<ReturnType<typeof launch>>} */ let browser;
/** @type {import('playwright-core').Page} */ let page;

/** What makes dist/chrome unfit for this test ('' when it is fit): a stale page or a module without `warmupPlan`. */
function staleTools() {
  const newest = (dir) => Math.max(0, ...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));
  if (newest(join(ROOT, 'extension/tools')) > newest(join(DIST_CHROME, 'extension/tools')) + 1000) {
    return 'dist/chrome/extension/tools is older than extension/tools: run python3 tests/tools/assemble_dist.py';
  }
  if (!readFileSync(join(DIST_CHROME, 'extension/pkg/mailhint_full.js'), 'utf8').includes('export function warmupPlan')) {
    return 'the full wasm module has no warmupPlan: run ./build.sh wasm';
  }
  return '';
}

before(async () => {
  if (skip) return;
  const stale = staleTools();
  if (stale) throw new Error(stale);
  browser = await launch({ hosts: [], port: 9 });
  page = await browser.context.newPage();
});

after(async () => {
  await browser?.close();
});

const pageUrl = () => `chrome-extension://${browser.extensionId}/extension/tools/warmup.html`;

/** The native CLI's plan for the same input. */
function cli(args, format = 'json') {
  const out = execFileSync(CLI, ['warmup', ...args, '--format', format], { encoding: 'utf8', timeout: 30_000 });
  return format === 'json' ? JSON.parse(out) : out;
}

async function open(lang) {
  await page.goto(pageUrl());
  // The language comes from the options (stored settings), as on every extension page.
  await page.evaluate(async (l) => {
    const { settings } = await chrome.storage.sync.get('settings');
    await chrome.storage.sync.set({ settings: { ...(settings ?? {}), lang: l } });
  }, lang);
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
}

/** Fills the form and makes the plan. */
async function makePlan({ volume, start, newDomain = true, newIp = false, list = '' }) {
  await page.fill('#volume', volume);
  await page.fill('#start', start);
  await page.setChecked('#new-domain', newDomain);
  await page.setChecked('#new-ip', newIp);
  if (list) {
    await page.click('details summary');
    await page.fill('#list', list);
  }
  await page.click('#make');
}

/** The table's day rows as [day, date, total, ...caps] texts. */
function rows() {
  return page.$$eval('#plan-body tr[data-day]', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
}

test('the plan in English: first and last rows, the bulk-sender note, badges and sources as the CLI has them', { skip, timeout: 120_000 }, async () => {
  await open('en');
  assert.equal(await page.textContent('h1'), 'Warm-up plan');
  // The start date defaults to today.
  assert.match(await page.inputValue('#start'), /^\d{4}-\d{2}-\d{2}$/);
  await makePlan({ volume: '20000', start: '2026-12-01', newIp: true });
  await page.waitForSelector('#result:not([hidden])');

  const expected = cli(['--volume', '20000', '--start', '2026-12-01', '--new-domain', '--new-ip']);
  const table = await rows();
  assert.equal(table.length, expected.days.length);
  assert.deepEqual(table[0], ['1', '2026-12-01', '50']);
  assert.deepEqual(table.at(-1), [String(expected.days.length), expected.days.at(-1).date, '20,000']);
  assert.deepEqual(table.map((r) => Number(r[2].replace(/,/g, ''))), expected.days.map((d) => d.total));

  // The bulk-sender note sits right under the first day at 5,000 or more.
  const bulkDay = expected.days.find((d) => d.total >= 5000).day;
  const noteAfter = await page.$eval(`#plan-body tr[data-day="${bulkDay}"] + tr`, (tr) => ({ note: tr.dataset.note, text: tr.textContent }));
  assert.equal(noteAfter.note, 'bulk-line');
  assert.match(noteAfter.text, /reaches 5,000 a day today/);
  assert.match(noteAfter.text, /one-click unsubscribe/);

  // Published versus convention, as the core declares them.
  const badgeOf = (id) => page.textContent(`#figures-body tr[data-figure="${id}"] .badge`);
  assert.equal(await badgeOf('gmail-bulk-line'), 'published');
  assert.equal(await badgeOf('growth-new-domain-new-ip'), 'convention');
  assert.equal(await page.textContent('#checkpoints li[data-checkpoint="spam-rate-step-back"] .badge'), 'published');
  assert.equal(await page.textContent('#checkpoints li[data-checkpoint="bounces-hold"] .badge'), 'convention');

  // Every source, linked to open in a new tab.
  const links = await page.$$eval('#sources a', (as) => as.map((a) => ({ href: a.getAttribute('href'), target: a.target, rel: a.rel })));
  assert.deepEqual(links.map((l) => l.href), expected.sources.map((s) => s.url));
  assert.ok(links.every((l) => l.target === '_blank' && l.rel.includes('noopener')));
  await screenshot(page, 'warmup-en');
});

test('a pasted list paces each provider; the CSV export equals the CLI\'s', { skip, timeout: 120_000 }, async () => {
  await open('en');
  const list = ['a@gmail.com', 'b@gmail.com', 'c@gmail.com', 'd@hotmail.com', 'e@qq.com', 'f@163.com', 'g@acme.example', 'h@yahoo.com'].join('\n');
  await makePlan({ volume: '40000', start: '2027-01-04', newDomain: false, newIp: true, list });
  await page.waitForSelector('#providers-part:not([hidden])');
  const head = await page.$$eval('#plan-head th', (ths) => ths.map((th) => th.textContent));
  assert.deepEqual(head, ['Day', 'Date', 'Total', 'Gmail', 'Outlook.com', 'Yahoo', 'QQ Mail', 'NetEase (163/126)', 'Other']);
  assert.match(await page.textContent('#summary'), /from 8 addresses/);
  // Gmail's own line: the note falls on the day Gmail's column reaches 5,000.
  const gmailDay = await page.$eval('#plan-body tr[data-note="gmail-bulk-line"]', (tr) => tr.previousElementSibling.children[3].textContent);
  assert.ok(Number(gmailDay.replace(/,/g, '')) >= 5000, gmailDay);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  assert.equal(download.suggestedFilename(), 'mailhint-warmup-2027-01-04.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  assert.ok(csv.startsWith('\uFEFF'), 'a byte-order mark for spreadsheets');
  const mix = 'gmail=3,outlook=1,yahoo=1,qq=1,netease=1,other=1';
  const expected = cli(['--volume', '40000', '--start', '2027-01-04', '--existing-domain', '--new-ip', '--mix', mix], 'csv');
  assert.equal(csv.slice(1), expected);
  assert.match(csv, /^\uFEFFday,date,total,Gmail,/);
  await screenshot(page.locator('#result'), 'warmup-providers');
});

test('the plan in Chinese', { skip, timeout: 120_000 }, async () => {
  await open('zh-CN');
  assert.equal(await page.textContent('h1'), '预热计划');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await makePlan({ volume: '8000', start: '2026-12-01', newDomain: true, newIp: false });
  await page.waitForSelector('#result:not([hidden])');
  const head = await page.$$eval('#plan-head th', (ths) => ths.map((th) => th.textContent));
  assert.deepEqual(head, ['天', '日期', '总量']);
  const expected = cli(['--volume', '8000', '--start', '2026-12-01', '--lang', 'zh-CN']);
  const table = await rows();
  assert.deepEqual(table.at(-1), [String(expected.days.length), expected.days.at(-1).date, '8,000']);
  assert.match(await page.textContent('#plan-body tr[data-note="bulk-line"]'), /今天总发送量达到每天 5,000 封/);
  assert.match(await page.textContent('#summary'), /从 2026-12-01 开始，\d+ 天内达到每天 8,000 封。/);
  assert.equal(await page.textContent('#figures-body tr[data-figure="gmail-bulk-line"] .badge'), '官方公布');
  assert.equal(await page.textContent('#figures-body tr[data-figure="start-new-domain-or-ip"] .badge'), '惯例');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.equal(csv.slice(1), cli(['--volume', '8000', '--start', '2026-12-01', '--lang', 'zh-CN'], 'csv'));
  assert.ok(csv.startsWith('\uFEFF天,日期,总量,说明\r\n'));
  await screenshot(page, 'warmup-zh');
  // Bad input speaks the page's language too.
  await makePlan({ volume: '0', start: '2026-12-01' });
  assert.equal(await page.textContent('#error'), '每日发送量至少为 1 封');
});

test('bad input shows a clear error and no plan', { skip, timeout: 120_000 }, async () => {
  await open('en');
  for (const [volume, start, says] of [
    ['0', '2026-12-01', 'the daily volume must be at least 1 message'],
    ['', '2026-12-01', 'the daily volume must be a whole number of messages'],
    ['2.5', '2026-12-01', 'the daily volume must be a whole number of messages'],
    ['-40', '2026-12-01', 'the daily volume must be a whole number of messages'],
    ['1000000000000', '2026-12-01', 'more than the 10000000 a warm-up plan covers'],
    ['5000', '', 'the start date must be written YYYY-MM-DD'],
  ]) {
    await makePlan({ volume, start });
    await page.waitForSelector('#error:not([hidden])');
    assert.ok((await page.textContent('#error')).includes(says), `${volume} ${start}: ${await page.textContent('#error')}`);
    assert.equal(await page.isHidden('#result'), true);
  }
  // And a good plan afterwards clears the error.
  await makePlan({ volume: '3000', start: '2026-12-01' });
  await page.waitForSelector('#result:not([hidden])');
  assert.equal(await page.isHidden('#error'), true);
  // Nothing left the extension while planning.
  const outside = browser.requests.filter((r) => !r.url.startsWith('chrome-extension://'));
  assert.deepEqual(outside, []);
});
