// End to end in Chromium: the sender-domain check of the popup and R10 in a compose window,
// against a real DNS-over-HTTPS server on loopback (BIND behind dnsdist, tests/dns/start.sh,
// loaded with tests/e2e/dns/e2e.zone and the domain-check fixtures).
//
// The extension is a copy of dist/chrome whose host permissions also cover http://127.0.0.1/
// (the test resolver), with the resolver setting pointed at it. Every request the service
// worker makes is recorded (its `fetch` is wrapped before first use): each must go to the test
// resolver and carry one DNS question, nothing else.
// Run with `node --test tests/e2e/domain-popup.test.mjs` after `./build.sh wasm`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, distWithLoopbackResolver, dnsMissing, startDoh, stopDoh, SITES, launch, missing, readBadges, screenshot, site, staleDist, startServer, waitForBadges } from './harness.mjs';

/** Ports of this test's own DNS servers (not the defaults, which other work trees may use). */
const DNS_ENV = {
  MAILHINT_DNS_STATE: join(ROOT, 'target', 'dns-e2e'),
  MAILHINT_DNS_PORT: process.env.MAILHINT_E2E_DNS_PORT ?? '15353',
  MAILHINT_DNSDIST_PORT: process.env.MAILHINT_E2E_DNSDIST_PORT ?? '15354',
  MAILHINT_DOH_PORT: process.env.MAILHINT_E2E_DOH_PORT ?? '18054',
};

const skip = missing() || dnsMissing() || false;
if (!skip && staleDist()) throw new Error(staleDist());
if (skip) console.log(`SKIPPED domain-popup e2e: ${skip}`);

const GMAIL_CSP = "script-src 'nonce-mailhint-e2e-nonce' 'strict-dynamic'; object-src 'none'; base-uri 'self'; require-trusted-types-for 'script'";

/** @type {string} */ let doh;
/** @type {string} */ let tmp;
let server;
let browser;
/** @type {import('playwright-core').Page} */ let gmail;

/** The zone files the test resolver serves: ours and every domain-check fixture. */
function zoneFiles() {
  const files = [join(ROOT, 'tests/e2e/dns/e2e.zone')];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.zone')) files.push(path);
    }
  };
  const fixtures = join(ROOT, 'crates/mailhint-core/tests/domain-fixtures');
  if (existsSync(fixtures)) walk(fixtures);
  return files;
}

before(async () => {
  if (skip) return;
  doh = startDoh(zoneFiles(), DNS_ENV);
  tmp = mkdtempSync(join(tmpdir(), 'mailhint-e2e-domain-'));
  const dist = distWithLoopbackResolver(tmp);

  server = await startServer([
    site({ host: 'mail.google.com', dir: join(SITES, 'gmail'), base: '/mail/u/0/', headers: { 'content-security-policy': GMAIL_CSP } }),
  ]);
  browser = await launch({ hosts: ['mail.google.com'], port: server.port, dist, direct: ['127.0.0.1'] });
  // Record every fetch of the service worker (the DoH client takes `fetch` when first used,
  // after this), and point the resolver setting at the test server.
  await browser.worker.evaluate(async (url) => {
    const original = globalThis.fetch;
    globalThis.fetchLog = [];
    globalThis.fetch = (input, init) => {
      globalThis.fetchLog.push(String(input?.url ?? input));
      return original(input, init);
    };
    await chrome.storage.sync.set({ settings: { resolver: 'custom', resolverUrl: url } });
  }, doh);
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  if (!skip) stopDoh(DNS_ENV);
});

/** The worker's fetches so far. @returns {Promise<string[]>} */
const fetches = () => browser.worker.evaluate(() => globalThis.fetchLog.filter((u) => !u.startsWith('chrome-extension:')));

/**
 * The DNS question a DoH GET carries, read from its `dns` parameter; fails unless the message is
 * exactly one question (header, name, type, class) and nothing else.
 * @param {string} url
 */
function questionOf(url) {
  const u = new URL(url);
  assert.equal(`${u.origin}${u.pathname}`, doh, `${url} goes to the test resolver`);
  assert.deepEqual([...u.searchParams.keys()], ['dns'], `${url}: the question is the only parameter`);
  const bytes = Buffer.from(u.searchParams.get('dns') ?? '', 'base64url');
  assert.equal(bytes.readUInt16BE(0), 0, 'ID 0');
  assert.deepEqual([4, 6, 8, 10].map((i) => bytes.readUInt16BE(i)), [1, 0, 0, 0], 'one question, no other sections');
  const labels = [];
  let at = 12;
  while (bytes[at] !== 0) {
    assert.ok(bytes[at] < 64 && at + bytes[at] < bytes.length, 'a plain label');
    labels.push(bytes.subarray(at + 1, at + 1 + bytes[at]).toString('latin1'));
    at += 1 + bytes[at];
  }
  assert.equal(bytes.length, at + 5, 'nothing after the question');
  const name = labels.join('.');
  assert.match(name, /^[a-z0-9_.-]+$/, `${name} is a domain name`);
  return { name, type: bytes.readUInt16BE(at + 1) };
}

/**
 * Runs the domain check through the progress port from an extension page, as the popup does.
 * @param {import('playwright-core').Page} page an extension page
 * @param {string} domain
 */
function checkThroughPort(page, domain) {
  return page.evaluate(
    (d) =>
      new Promise((resolve, reject) => {
        const port = chrome.runtime.connect({ name: 'domain-check' });
        const messages = [];
        port.onMessage.addListener((m) => {
          messages.push(m);
          if (m.type === 'done') resolve(messages);
          if (m.type === 'error') reject(new Error(m.error));
        });
        port.postMessage({ domain: d, lang: 'en' });
        setTimeout(() => reject(new Error(`no result after 60 s: ${JSON.stringify(messages.at(-1))}`)), 60_000);
      }),
    domain,
  );
}

test('R10: a recipient at a domain the DNS does not know is flagged on its chip; a real one is not', { skip, timeout: 120_000 }, async () => {
  gmail = await browser.context.newPage();
  await gmail.goto('https://mail.google.com/mail/u/0/#inbox', { waitUntil: 'load' });
  await waitForBadges(gmail, (b) => b.length === 1, { what: 'the compose window\'s badge' });
  const root = gmail.locator('#moles > .Hd').nth(0);
  await root.locator('[name=to] input[peoplekit-id]').click();
  await gmail.keyboard.type('tom.baker@acme-lightning.example');
  await gmail.keyboard.press('Enter');
  await root.locator('input[name=subjectbox]').click();
  await gmail.keyboard.type('Quotation for IP65 LED high-bays');
  await root.locator('[g_editable=true]').click();
  await gmail.keyboard.type('Hi Tom, here is the quotation you asked for at the fair.');

  const badges = await waitForBadges(gmail, (b) => b[0]?.codes.includes('R10'), { timeout: 30_000, what: 'R10 on the compose window' });
  assert.ok(!badges[0].codes.includes('R09'), 'not a provider typo: only DNS knows');
  const chip = await root.locator('[name=to] [data-hovercard-id]').boundingBox();
  assert.equal(
    await gmail.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName, { x: chip.x + chip.width / 2, y: chip.y + chip.height - 1 }),
    'MAILHINT-BADGE',
    'a marker lies under the chip',
  );
  await screenshot(gmail, 'gmail-r10');

  // The lookups went to the test resolver, once per question (then from the cache).
  const questions = (await fetches()).map(questionOf);
  assert.ok(questions.some((q) => q.name === 'acme-lightning.example' && q.type === 15), `MX of the recipient domain: ${JSON.stringify(questions)}`);
  const keys = questions.map((q) => `${q.name}/${q.type}`);
  assert.equal(new Set(keys).size, keys.length, `no question asked twice: ${keys}`);

  // A second recipient at a domain with an MX adds no R10, and only its own question goes out.
  await root.locator('[name=to] input[peoplekit-id]').click();
  await gmail.keyboard.type('buyer@acme.example');
  await gmail.keyboard.press('Enter');
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && !(await fetches()).map(questionOf).some((q) => q.name === 'acme.example')) await gmail.waitForTimeout(200);
  await gmail.waitForTimeout(1500);
  const after = await readBadges(gmail);
  assert.ok(after[0].codes.includes('R10'), 'R10 stays for the first recipient');
  const domains = new Set((await fetches()).map((u) => questionOf(u).name));
  assert.deepEqual([...domains].sort(), ['acme-lightning.example', 'acme.example'], 'only recipient domains were looked up');
});

test('the popup checks the compose window\'s sender domain against the test resolver, with progress, and exports the report', { skip, timeout: 120_000 }, async () => {
  // The compose window of the previous test told the worker its sender's domain.
  const tabId = await browser.worker.evaluate(async () => {
    const stored = await chrome.storage.session.get(null);
    const entry = Object.entries(stored).find(([k, v]) => k.startsWith('report:') && v?.senderDomain);
    return entry ? Number(entry[0].slice('report:'.length)) : null;
  });
  assert.equal(typeof tabId, 'number', 'a tab report with the sender domain');
  const before = (await fetches()).length;

  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/extension/popup/popup.html?tab=${tabId}`);
  await popup.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  await popup.waitForSelector('#domain-check[data-state="done"]', { state: 'attached', timeout: 60_000 });
  assert.equal(await popup.inputValue('#domain-input'), 'x-lighting.example');
  assert.equal((await popup.locator('#domain-source').textContent())?.trim(), "The sender's domain of the open compose window.");

  // The same check through the progress port: progress reports are incomplete, the last one
  // is complete, and the popup shows one light per group of it.
  const messages = await checkThroughPort(popup, 'x-lighting.example');
  const done = messages.at(-1);
  const progress = messages.filter((m) => m.type === 'progress');
  assert.equal(done.type, 'done');
  assert.equal(done.report.domain, 'x-lighting.example');
  assert.equal(done.report.complete, true);
  for (const p of progress) {
    assert.equal(p.report.complete, false, 'a progress report is incomplete');
    assert.ok(p.answered <= p.asked);
  }
  assert.equal(await popup.locator('#domain-summary li').count(), done.report.summary.length, 'one light per group');
  for (const g of done.report.summary) {
    assert.equal(await popup.locator(`#domain-summary li[data-group="${g.group}"]`).getAttribute('data-light'), g.light);
  }
  for (const f of done.report.findings) {
    assert.equal(await popup.locator(`#domain-findings li[data-code="${f.code}"]`).count() >= 1, true, `${f.code} is shown`);
  }
  assert.equal(await popup.locator('#domain-record-list li').count(), done.report.records.length, 'records with copy buttons');
  assert.equal(await popup.locator('#domain-record-list li button.copy').count(), await popup.locator('#domain-record-list li').count());
  assert.equal(
    await popup.locator('#domain-all-good').isVisible(),
    done.report.summary.length > 0 && done.report.findings.length === 0,
    '"no problems" only when checks ran and found none',
  );

  // Traffic: every request of the check went to the resolver with one question under (or
  // about) the checked domain; once sections exist, the check does look things up.
  // (The popup's own run fetched; the port's run found the same answers in the cache.)
  const during = (await fetches()).slice(before).map(questionOf);
  if (done.report.summary.length) assert.ok(during.length > 0, 'the check asked the resolver');
  for (const p of progress) assert.ok(p.asked > 0, 'progress is only posted for rounds with lookups');

  // What the browser itself saw leave (pages and workers): the webmail fixture, the test
  // resolver, and nothing else.
  const elsewhere = browser.requests
    .map((r) => r.url)
    .filter((u) => /^https?:/.test(u) && !u.startsWith('https://mail.google.com/') && !u.startsWith(`${doh}?`));
  assert.deepEqual(elsewhere, [], 'no other request left the browser');
  assert.ok(browser.requests.some((r) => r.url.startsWith(`${doh}?`)), 'the recording sees the worker\'s requests');

  // Export as text.
  const [download] = await Promise.all([popup.waitForEvent('download'), popup.locator('#domain-export').click()]);
  const file = await download.path();
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^mailhint sender-domain check: x-lighting\.example\n/);
  assert.equal(download.suggestedFilename(), 'mailhint-x-lighting.example.txt');
  await screenshot(popup, 'popup-domain');

  // Typing another domain checks it, and it becomes "the last one" for the next popup.
  await popup.fill('#domain-input', 'Acme.Example.');
  await popup.locator('#domain-run').click();
  await popup.waitForSelector('#domain-check[data-state="done"]', { state: 'attached', timeout: 60_000 });
  assert.equal(await popup.inputValue('#domain-input'), 'acme.example');
  await popup.close();
  const next = await browser.context.newPage();
  await next.goto(`chrome-extension://${browser.extensionId}/extension/popup/popup.html`);
  await next.waitForSelector('#domain-check[data-state="done"]', { state: 'attached', timeout: 60_000 });
  assert.equal(await next.inputValue('#domain-input'), 'acme.example');
  assert.equal((await next.locator('#domain-source').textContent())?.trim(), 'The domain you checked last.');
  await next.close();
});

/**
 * What the popup shows of the SPF include tree and the two DMARC views, for fixture domains.
 * @param {import('playwright-core').Page} popup the popup, with the domain form ready
 * @param {(domain: string) => Promise<void>} check checks a domain and waits for its report
 * @param {string} shot the screenshot's name for the include chain
 */
async function assertSpfAndDmarcViews(popup, check, shot) {
  // Eight lookups: a, mx and six includes, each shown with the running count.
  await check('trigger.spf-lookups-high.test');
  assert.equal(await popup.locator('#domain-spf').isVisible(), true, 'the SPF block is shown');
  const root = popup.locator('#domain-spf-tree > li');
  assert.equal(await root.count(), 1, 'one root: the domain');
  assert.equal(await root.getAttribute('data-target'), 'trigger.spf-lookups-high.test');
  assert.equal(await root.getAttribute('data-lookups'), '8', 'a, mx and six includes in its own record');
  assert.equal(await root.getAttribute('data-running'), '8');
  assert.equal(await root.locator('> details').getAttribute('open'), '', 'the domain\'s own record is open');
  const includes = root.locator('> details > ul > li');
  assert.deepEqual(
    await includes.evaluateAll((els) => els.map((e) => `${e.dataset.term} → ${e.dataset.running}`)),
    [
      'include:spf.qiye.aliyun.com → 3',
      'include:spf.mail.qq.com → 4',
      'include:spf.163.com → 5',
      'include:sendgrid.net → 6',
      'include:servers.mcsv.net → 7',
      'include:_spf.google.com → 8',
    ],
    'each include with the running count once it is done',
  );
  const first = includes.nth(0);
  assert.equal((await first.locator('.spf-term').textContent())?.trim(), 'include:spf.qiye.aliyun.com');
  assert.equal((await first.locator('.spf-own').textContent())?.trim(), '+0 here');
  assert.equal((await first.locator('.spf-running').textContent())?.trim(), '→ 3 of 10');
  assert.equal((await root.locator('> details > summary .spf-own').textContent())?.trim(), '+8 here');
  assert.equal((await popup.locator('#domain-spf-total').textContent())?.trim(), '8 of 10 DNS lookups');
  assert.equal(await popup.getAttribute('#domain-spf-meter', 'aria-valuenow'), '8');
  assert.equal(await popup.getAttribute('#domain-spf-meter', 'data-level'), 'mid', 'eight of ten: the bar warns');
  const fill = await popup.locator('#domain-spf-meter .spf-meter-fill').evaluate((e) => e.style.width);
  assert.equal(fill, '80%', 'the bar is eight tenths full');
  assert.equal(await popup.locator('#domain-spf-over').isVisible(), false);
  assert.equal((await popup.locator('#domain-spf-void').textContent())?.trim(), 'Void lookups (names with no records): 0 of 2');
  // The DMARC block, with no record either way.
  assert.equal(await popup.locator('#domain-dmarc').isVisible(), true, 'the DMARC block is shown');
  assert.deepEqual(
    await popup.locator('#domain-dmarc thead th').allTextContents(),
    ['', 'RFC 7489 (most receivers today)', 'RFC 9989 (2026)'],
  );
  assert.equal(await popup.getAttribute('#domain-dmarc-verdict', 'data-verdict'), 'none');
  assert.equal(await popup.locator('#domain-spf-tree [data-i18n], #domain-check script, #domain-check img').count(), 0, 'nothing but text from the DNS');
  await screenshot(popup.locator('body'), shot);

  // Eleven lookups: the one inside the CRM's include is past the limit, and the bar says so.
  await check('trigger.spf-lookups-exceeded.test');
  assert.equal(await popup.locator('#domain-spf-over').isVisible(), true, 'over the limit is said');
  assert.equal(await popup.getAttribute('#domain-spf-meter', 'data-level'), 'bad');
  assert.equal(await popup.locator('#domain-spf-meter .spf-meter-over').count(), 1);
  const crm = popup.locator('#domain-spf-tree li[data-term="include:_spf.crm.trigger.spf-lookups-exceeded.test"]');
  assert.equal(await crm.getAttribute('data-running'), '11');
  assert.equal(await crm.getAttribute('data-over'), 'true');
  assert.deepEqual(await crm.locator('.spf-mark').allTextContents(), ['over the limit']);
  assert.equal(await popup.locator('#domain-spf-tree li[data-over="true"]').count(), 1, 'only the include that crosses the limit');
  await screenshot(popup.locator('#domain-spf'), `${shot}-spf-exceeded`);
  // The export carries the tree.
  const exported = async () => {
    const [download] = await Promise.all([popup.waitForEvent('download'), popup.locator('#domain-export').click()]);
    return readFileSync(await download.path(), 'utf8').split('\n');
  };
  let text = await exported();
  for (const line of [
    'SPF lookups: 11 of 10 DNS lookups; Void lookups (names with no records): 0 of 2',
    '  trigger.spf-lookups-exceeded.test  +10 here  → 11 of 10',
    '    include:spf.qiye.aliyun.com  +0 here  → 3 of 10',
    '    include:_spf.crm.trigger.spf-lookups-exceeded.test  +1 here  → 11 of 10 [over the limit]',
  ]) {
    assert.ok(text.includes(line), `the export has ${JSON.stringify(line)}:\n${text.join('\n')}`);
  }

  // A dead include: marked, with the core's words under it.
  await check('trigger.spf-include-broken.test');
  const broken = popup.locator('#domain-spf-tree li[data-term="include:sendgird.net"]');
  assert.equal(await broken.getAttribute('data-state'), 'nx-domain');
  assert.deepEqual(await broken.locator('.spf-mark').allTextContents(), ['void lookup', 'does not exist']);
  assert.equal((await broken.locator('.spf-problems li').textContent())?.trim(), 'sendgird.net does not exist');

  // Where old and new receivers find different organizational domains: highlighted.
  await check('trigger.dmarc-7489-9989-mismatch.test');
  assert.equal(await popup.getAttribute('#domain-dmarc', 'data-differs'), 'true');
  const org = popup.locator('#domain-dmarc tr[data-row="popupDmarcOrgDomain"]');
  assert.equal(await org.getAttribute('data-differs'), 'true');
  assert.deepEqual(await org.locator('td').allTextContents(), ['dmarc-7489-9989-mismatch.test', 'trigger.dmarc-7489-9989-mismatch.test']);
  const record = popup.locator('#domain-dmarc tr[data-row="popupDmarcRecord"]');
  assert.equal(await record.getAttribute('data-differs'), 'false');
  assert.deepEqual(await record.locator('td').allTextContents(), ['v=DMARC1; p=reject; psd=y; rua=mailto:dmarc@trigger.dmarc-7489-9989-mismatch.test'], 'one cell for both');
  assert.equal((await popup.locator('#domain-dmarc-verdict').textContent())?.trim(), 'They differ in: Org domain.');
  const background = await org.locator('td').first().evaluate((e) => getComputedStyle(e).backgroundColor);
  assert.notEqual(background, 'rgba(0, 0, 0, 0)', 'a row that differs is highlighted');
  await screenshot(popup.locator('#domain-dmarc'), `${shot}-dmarc-differs`);
  text = await exported();
  for (const line of [
    'DMARC: old and new receivers',
    '  Org domain: dmarc-7489-9989-mismatch.test | trigger.dmarc-7489-9989-mismatch.test  ≠',
    '  Policy domain: dmarc-7489-9989-mismatch.test',
    '  They differ in: Org domain.',
  ]) {
    assert.ok(text.includes(line), `the export has ${JSON.stringify(line)}:\n${text.join('\n')}`);
  }

  // Where they agree.
  await check('pass.dmarc-views-agree.test');
  assert.equal(await popup.getAttribute('#domain-dmarc', 'data-differs'), 'false');
  assert.equal((await popup.locator('#domain-dmarc-verdict').textContent())?.trim(), 'Same for both.');
  assert.equal(await popup.locator('#domain-dmarc tr[data-differs="true"]').count(), 0);
}

/**
 * Fills the popup's field with `domain`, submits, and waits for the report.
 * @param {import('playwright-core').Page} popup
 * @param {string} domain
 */
async function checkInPopup(popup, domain) {
  await popup.waitForSelector('#domain-check:not([data-state="running"])', { state: 'attached', timeout: 60_000 });
  await popup.fill('#domain-input', domain);
  await popup.locator('#domain-run').click();
  await popup.waitForFunction((d) => {
    const section = document.getElementById('domain-check');
    return section?.dataset.state === 'done' && /** @type {HTMLInputElement} */ (document.getElementById('domain-input')).value === d;
  }, domain, { timeout: 60_000 });
}

test('the popup shows the SPF include tree with its lookup counts and the two DMARC views side by side', { skip, timeout: 180_000 }, async () => {
  const popup = await browser.context.newPage();
  // Tall enough for the whole report in one screenshot.
  await popup.setViewportSize({ width: 420, height: 1800 });
  await popup.goto(`chrome-extension://${browser.extensionId}/extension/popup/popup.html`);
  await popup.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  await assertSpfAndDmarcViews(popup, (domain) => checkInPopup(popup, domain), 'popup-domain-check');
  await popup.close();
});

test('"More" tries the DKIM selectors the user gives, and refuses a sending IP that is none', { skip, timeout: 120_000 }, async () => {
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/extension/popup/popup.html`);
  await popup.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  const codes = () => popup.locator('#domain-findings li[data-code]').evaluateAll((l) => l.map((e) => e.dataset.code));
  // The revoked key sits at a selector no list guesses ("old"), beside a good one at "default".
  await checkInPopup(popup, 'trigger.dkim-key-revoked.test');
  assert.ok(!(await codes()).includes('DKIM-KEY-REVOKED'), 'the retired selector is not guessed');
  await popup.locator('#domain-more summary').click();
  await popup.fill('#domain-selectors', 'Old, bad/selector');
  await checkInPopup(popup, 'trigger.dkim-key-revoked.test');
  const found = await codes();
  assert.ok(found.includes('DKIM-KEY-REVOKED'), found.join(' '));
  // An IP that is none is said at once, and nothing runs.
  await popup.fill('#domain-ip', '300.1.2.3');
  await popup.locator('#domain-run').click();
  await popup.waitForSelector('#domain-error:not([hidden])');
  assert.equal((await popup.locator('#domain-error').textContent())?.trim(), 'The sending IP is not an IPv4 or IPv6 address.');
  assert.equal(await popup.getAttribute('#domain-check', 'data-state'), 'done', 'the last report stays');
  await popup.close();
});

test('a failing resolver gives "unknown", never a problem', { skip, timeout: 120_000 }, async () => {
  // A resolver that answers nothing (a closed port), with the presets unreachable in this
  // browser: every lookup fails, so every finding is "unknown".
  await browser.worker.evaluate(() => chrome.storage.sync.set({ settings: { resolver: 'custom', resolverUrl: 'http://127.0.0.1:9/dns-query' } }));
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/extension/options/options.html`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  assert.equal(await page.locator('input[name="resolver"][value="custom"]').isChecked(), true, 'the options page shows the custom resolver');
  assert.equal(await page.inputValue('#resolver-url'), 'http://127.0.0.1:9/dns-query');
  const { report } = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'domain-check', domain: 'x-lighting.example', fresh: true }));
  assert.equal(report.complete, true);
  // Only the checks whose job is to report failed lookups may call them a problem; every other
  // finding is "could not check", and no group is green.
  const REPORT_FAILURES = new Set(['DNS-QUERY-FAILED', 'BL-UNAVAILABLE']);
  for (const f of report.findings) {
    if (!REPORT_FAILURES.has(f.code)) assert.equal(f.status, 'unknown', `${f.code}: a failed lookup is "could not check", never "missing"`);
  }
  for (const g of report.summary) assert.notEqual(g.light, 'green', `${g.group}: not green when nothing could be looked up`);
  await page.close();
});

/** A report as the core writes it once sections exist (the registry may still be empty). */
const SAMPLE = {
  domain: 'x-lighting.example',
  complete: true,
  summary: [
    { group: 'mx', light: 'green', pending: false },
    { group: 'spf', light: 'red', pending: false },
    { group: 'dmarc', light: 'amber', pending: false },
    { group: 'blocklists', light: 'grey', pending: false },
  ],
  findings: [
    {
      code: 'SPF-MULTIPLE', group: 'spf', level: 'error', status: 'problem',
      message: 'x-lighting.example publishes 2 SPF records; receivers treat that as no SPF at all.',
      fix: 'Merge them into one record.',
      record: { host: '@', type: 'TXT', value: 'v=spf1 include:spf.qiye.aliyun.com -all' },
    },
    { code: 'DMARC-P-NONE', group: 'dmarc', level: 'warning', status: 'problem', message: 'The DMARC policy is p=none.', fix: 'Move to p=quarantine once reports are clean.' },
    { code: 'BL-ZEN', group: 'blocklists', level: 'error', status: 'unknown', message: 'Could not check (the list refused the resolver).', fix: 'Check with a resolver of your own.' },
  ],
  facts: [{ group: 'spf', label: 'record', value: 'v=spf1 include:spf.qiye.aliyun.com -all' }],
  records: [{ host: '_dmarc', type: 'TXT', value: 'v=DMARC1; p=quarantine; rua=mailto:dmarc@x-lighting.example' }],
};

test('the popup draws progress, lights, findings, records with copy buttons, facts and the export', { skip: missing() || false, timeout: 120_000 }, async () => {
  const context = browser?.context;
  if (!context) return; // the DNS part above could not start
  // No domain to start with (no compose window in this tab, none checked before): the field waits.
  await browser.worker.evaluate(() => chrome.storage.local.remove('lastDomain'));
  const popup = await context.newPage();
  // The background's port replaced by one the test drives: what the popup draws is checked
  // against known reports, whatever sections the core has.
  await popup.addInitScript(() => {
    const listeners = [];
    globalThis.sentToPort = [];
    globalThis.emit = (message) => listeners.forEach((l) => l(message));
    // The clipboard as the popup writes it (headless Chromium has no clipboard to read back).
    globalThis.copied = [];
    navigator.clipboard.writeText = async (text) => {
      globalThis.copied.push(text);
    };
    chrome.runtime.connect = () => ({
      onMessage: { addListener: (l) => listeners.push(l) },
      postMessage: (m) => globalThis.sentToPort.push(m),
      disconnect() {},
    });
  });
  await popup.goto(`chrome-extension://${browser.extensionId}/extension/popup/popup.html`);
  await popup.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  assert.equal(await popup.getAttribute('#domain-check', 'data-state'), 'idle');
  assert.equal(await popup.inputValue('#domain-input'), '');
  await popup.fill('#domain-input', 'https://X-Lighting.example/contact');
  await popup.locator('#domain-run').click();
  assert.deepEqual(await popup.evaluate(() => globalThis.sentToPort.at(-1)), { domain: 'x-lighting.example', lang: 'en', fresh: false, selectors: [], ip: null });
  assert.equal(await popup.getAttribute('#domain-check', 'data-state'), 'running');

  const pending = { ...SAMPLE, complete: false, findings: [], facts: [], records: [], summary: SAMPLE.summary.map((g) => ({ ...g, light: 'grey', pending: true })) };
  await popup.evaluate((report) => globalThis.emit({ type: 'progress', report, asked: 12, answered: 5 }), pending);
  assert.equal((await popup.locator('#domain-progress-text').textContent())?.trim(), 'Checking… 5 of 12 lookups answered');
  assert.deepEqual(await popup.locator('#domain-summary li').allTextContents(), ['MX: Checking…', 'SPF: Checking…', 'DMARC: Checking…', 'Blocklists: Checking…']);
  assert.equal(await popup.locator('#domain-actions').isVisible(), false, 'no export before the end');

  await popup.evaluate((report) => globalThis.emit({ type: 'done', report }), SAMPLE);
  assert.equal(await popup.getAttribute('#domain-check', 'data-state'), 'done');
  assert.equal(await popup.locator('#domain-progress').isVisible(), false);
  assert.deepEqual(await popup.locator('#domain-summary li').allTextContents(), ['MX: OK', 'SPF: Problems', 'DMARC: Warnings', 'Blocklists: Could not check']);
  assert.deepEqual(await popup.locator('#domain-summary li').evaluateAll((els) => els.map((e) => e.dataset.light)), ['green', 'red', 'amber', 'grey']);
  const findings = popup.locator('#domain-findings > li');
  assert.deepEqual(await findings.evaluateAll((els) => els.map((e) => `${e.dataset.code}:${e.dataset.status}`)), ['SPF-MULTIPLE:problem', 'DMARC-P-NONE:problem', 'BL-ZEN:unknown']);
  assert.match((await findings.nth(0).textContent()) ?? '', /Error.*publishes 2 SPF records.*Merge them into one record\./s);
  assert.match((await findings.nth(2).textContent()) ?? '', /Could not check/);
  assert.equal(await popup.locator('#domain-all-good').isVisible(), false);
  assert.equal(await popup.locator('#domain-record-list li').count(), 1);
  assert.equal(await findings.nth(0).locator('li.record button.copy').count(), 1, 'a finding\'s own record can be copied too');
  assert.equal(await popup.locator('#domain-facts dd').textContent(), 'v=spf1 include:spf.qiye.aliyun.com -all');
  // Strings stay text: nothing the DNS says becomes markup.
  assert.equal(await popup.locator('#domain-check script, #domain-check img').count(), 0);

  // Copy puts the exact record value on the clipboard.
  const copy = popup.locator('#domain-record-list li button.copy');
  assert.equal(await copy.getAttribute('aria-label'), 'Copy the TXT record of _dmarc');
  await copy.click();
  await popup.waitForFunction(() => document.querySelector('#domain-record-list li button.copy')?.textContent === 'Copied');
  assert.deepEqual(await popup.evaluate(() => globalThis.copied), [SAMPLE.records[0].value]);
  await popup.locator('#domain-facts summary').click();
  await screenshot(popup, 'popup-domain-report');

  const [download] = await Promise.all([popup.waitForEvent('download'), popup.locator('#domain-export').click()]);
  const text = readFileSync(await download.path(), 'utf8');
  for (const line of [
    'mailhint sender-domain check: x-lighting.example',
    '  SPF: Problems',
    '  [Error] SPF-MULTIPLE: x-lighting.example publishes 2 SPF records; receivers treat that as no SPF at all.',
    '    @  TXT  v=spf1 include:spf.qiye.aliyun.com -all',
    '  [Could not check] BL-ZEN: Could not check (the list refused the resolver).',
    '  _dmarc  TXT  v=DMARC1; p=quarantine; rua=mailto:dmarc@x-lighting.example',
    '  SPF · record: v=spf1 include:spf.qiye.aliyun.com -all',
  ]) {
    assert.ok(text.split('\n').includes(line), `the export has ${JSON.stringify(line)}:\n${text}`);
  }

  // "Check again" asks for fresh answers.
  await popup.locator('#domain-recheck').click();
  assert.deepEqual(await popup.evaluate(() => globalThis.sentToPort.at(-1)), { domain: 'x-lighting.example', lang: 'en', fresh: true, selectors: [], ip: null });
  await popup.close();

  // In Chinese: the check is asked for in Chinese and the popup's own words are Chinese.
  await browser.worker.evaluate(async () => {
    const { settings } = await chrome.storage.sync.get('settings');
    await chrome.storage.sync.set({ settings: { ...settings, lang: 'zh-CN' } });
    await chrome.storage.local.set({ lastDomain: 'x-lighting.example' });
  });
  const zh = await context.newPage();
  await zh.addInitScript(() => {
    const listeners = [];
    globalThis.sentToPort = [];
    globalThis.emit = (message) => listeners.forEach((l) => l(message));
    chrome.runtime.connect = () => ({
      onMessage: { addListener: (l) => listeners.push(l) },
      postMessage: (m) => globalThis.sentToPort.push(m),
      disconnect() {},
    });
  });
  await zh.goto(`chrome-extension://${browser.extensionId}/extension/popup/popup.html`);
  await zh.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  assert.deepEqual(await zh.evaluate(() => globalThis.sentToPort), [{ domain: 'x-lighting.example', lang: 'zh-CN', fresh: false, selectors: [], ip: null }], 'the last domain is checked at once');
  assert.equal((await zh.locator('#domain-source').textContent())?.trim(), '上次检查的域名。');
  await zh.evaluate((report) => globalThis.emit({ type: 'done', report }), SAMPLE);
  assert.deepEqual(await zh.locator('#domain-summary li').allTextContents(), ['MX（收信服务器）：正常', 'SPF：有问题', 'DMARC：有警告', '黑名单：无法检查']);
  assert.equal((await zh.locator('#domain-heading').textContent())?.trim(), '发件域名');
  assert.equal(await zh.locator('#domain-export').textContent(), '导出为文本');
  await screenshot(zh, 'popup-domain-zh');
  await zh.close();
  await browser.worker.evaluate(async () => {
    const { settings } = await chrome.storage.sync.get('settings');
    await chrome.storage.sync.set({ settings: { ...settings, lang: 'auto' } });
  });
});
