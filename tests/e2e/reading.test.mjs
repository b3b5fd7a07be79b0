// End to end in Chromium: messages the user reads. A bounce opened in Gmail's reading view gets
// the diagnosis card (hard or soft, reason, what to do) and ordinary mail beside it gets none;
// Gmail's "Show original" page gets the raw-message report over its source; the popup reads a
// dropped .eml (a bounce: its reading; other mail: the score and its deductions). The fixture
// pages are served at Gmail's real origin under a CSP that enforces Trusted Types, as Gmail does.
//
// Nothing of the messages may leave the browser: every request of the pages and of the service
// worker (its `fetch` is wrapped before first use) is checked for their text. The report's DNS
// lookups go to the default resolvers, which are unreachable here (every other name is mapped
// to nothing): the report says what it could not look up and finishes all the same.
// Run with `node --test tests/e2e/reading.test.mjs` after `./build.sh wasm`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SITES, launch, leaks, missing, screenshot, site, staleDist, startServer } from './harness.mjs';

const skip = missing() || false;
if (!skip && staleDist()) throw new Error(staleDist());

const CSP = "script-src 'nonce-mailhint-e2e-nonce' 'strict-dynamic'; object-src 'none'; base-uri 'self'; require-trusted-types-for 'script'";
const URL_BOUNCE = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbdrVtHwJXbWZlGJpvzzdrBxxx';
const URL_ORIGINAL = 'https://mail.google.com/mail/u/0?ik=0a1b2c3d4e&view=om&permmsgid=msg-f:1851234567890123456';
const BOUNCE_EML = readFileSync(join(ROOT, 'tests/fixtures/bounces/netease-user-not-found.eml'), 'utf8');
// A message without Message-ID: a deduction (M09) whatever the DNS says.
const REPORT_EML = readFileSync(join(ROOT, 'tests/fixtures/report/M09/trigger.eml'), 'utf8');
/** Pieces of the messages that must never leave the browser. */
const SECRETS = ['buyer.wang', 'tom.lee', 'virtual mailbox table', 'User not found', 'User%20not%20found', '600x600', 'tracking number', 'Lily Chen', 'Maria', 'colleague', 'leave on Monday'];

let server;
let browser;
const consoleLines = [];

before(async () => {
  if (skip) return;
  server = await startServer([
    site({
      host: 'mail.google.com',
      dir: join(SITES, 'gmail-reading'),
      base: '/mail/u/0/',
      index: 'bounce.html',
      routes: { '/mail/u/0': 'original.html' },
      headers: { 'content-security-policy': CSP },
    }),
  ]);
  browser = await launch({ hosts: ['mail.google.com'], port: server.port });
  await browser.worker.evaluate(() => {
    const original = globalThis.fetch;
    globalThis.fetchLog = [];
    globalThis.fetch = (input, init) => {
      globalThis.fetchLog.push({ url: String(input?.url ?? input), body: typeof init?.body === 'string' ? init.body : '' });
      return original(input, init);
    };
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * The text inside the first `tag` host's shadow root, closed as it is, read through the
 * DevTools protocol (which pierces shadow roots), as the user sees it.
 * @param {import('playwright-core').Page} page
 * @param {string} tag
 */
async function shadowText(page, tag) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const texts = [];
    const walk = (node, inside) => {
      const here = inside || node.localName === tag;
      if (here && node.nodeType === 3) texts.push(node.nodeValue);
      for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) walk(child, here);
    };
    walk(root, false);
    return texts.join(' ');
  } finally {
    await cdp.detach();
  }
}

/** @param {import('playwright-core').Page} page */
function listen(page) {
  page.on('console', (message) => consoleLines.push(message.text()));
  page.on('pageerror', (error) => consoleLines.push(String(error)));
}

test('a DSN opened in Gmail gets the bounce card; the person\'s message beside it gets none', { skip }, async () => {
  const page = await browser.context.newPage();
  listen(page);
  await page.goto(URL_BOUNCE, { waitUntil: 'load' });
  const body = await page.$eval('#bounce-body', (e) => e.outerHTML);
  const card = page.locator('#bounce-body + mailhint-bounce');
  await card.waitFor({ state: 'attached', timeout: 20_000 });
  assert.equal(await card.getAttribute('data-mailhint-kind'), 'hard');
  assert.equal(await card.getAttribute('data-mailhint-reasons'), 'userunknown');
  // Gmail's own bounce, as Gmail renders it, is read from its text too.
  const gmails = page.locator('#gmail-bounce-body + mailhint-bounce');
  await gmails.waitFor({ state: 'attached', timeout: 20_000 });
  assert.equal(await gmails.getAttribute('data-mailhint-kind'), 'hard');
  assert.equal(await gmails.getAttribute('data-mailhint-reasons'), 'userunknown');
  // One card per bounce, right after its body; Gmail's own markup untouched.
  await page.waitForTimeout(800);
  assert.equal(await page.locator('mailhint-bounce').count(), 2, 'no card for ordinary mail');
  assert.equal(await page.$eval('#person-body', (e) => e.nextElementSibling?.localName ?? null), null);
  assert.equal(await page.$eval('#bounce-body', (e) => e.outerHTML), body, 'the body is as it was');
  // The shadow root is closed: the page cannot read the card.
  assert.equal(await page.$eval('mailhint-bounce', (e) => e.shadowRoot), null);
  // What the card says, as the user sees it.
  const text = await shadowText(page, 'mailhint-bounce');
  assert.match(text, /Hard bounce/);
  assert.match(text, /buyer\.wang@163\.com/);
  assert.match(text, /userunknown/);
  await screenshot(page, 'gmail-bounce-card');
  await page.close();
});

test('Gmail\'s "Show original" page gets the raw-message report above the source', { skip }, async () => {
  const page = await browser.context.newPage();
  listen(page);
  await page.goto(URL_ORIGINAL, { waitUntil: 'load' });
  const source = await page.$eval('#raw_message_text', (e) => e.textContent);
  const card = page.locator('mailhint-report');
  await card.waitFor({ state: 'attached', timeout: 60_000 });
  const score = Number(await card.getAttribute('data-mailhint-score'));
  assert.ok(score >= 0 && score < 10, `a score out of 10 with points taken: ${score}`);
  const codes = (await card.getAttribute('data-mailhint-codes')).split(' ');
  assert.ok(codes.includes('M01') || codes.includes('M05'), `SPF failed for the sending IP: ${codes.join(' ')}`);
  assert.equal(await page.$eval('#raw_message_text', (e) => e.previousElementSibling?.localName), 'mailhint-report');
  assert.equal(await page.$eval('#raw_message_text', (e) => e.textContent), source, 'the source is untouched');
  const text = await shadowText(page, 'mailhint-report');
  assert.match(text, new RegExp(`${score.toFixed(1).replace('.', '\\.')}\\s*/ 10`));
  await screenshot(page, 'gmail-original-report');
  await page.close();
});

test('the popup reads a dropped .eml: a bounce gets its reading, other mail its score', { skip }, async () => {
  const popup = await browser.context.newPage();
  listen(popup);
  await popup.goto(`chrome-extension://${browser.extensionId}/extension/popup/popup.html`);
  await popup.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  /** @param {string} name @param {string} text */
  const drop = async (name, text) => {
    const dataTransfer = await popup.evaluateHandle(([n, t]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([t], n, { type: 'message/rfc822' }));
      return transfer;
    }, [name, text]);
    await popup.dispatchEvent('#read-message', 'drop', { dataTransfer });
  };

  await drop('bounce.eml', BOUNCE_EML);
  await popup.waitForSelector('#read-message[data-state="bounce"]', { state: 'attached', timeout: 20_000 });
  const item = popup.locator('#read-bounce-list li');
  assert.equal(await item.count(), 1);
  assert.equal(await item.getAttribute('data-kind'), 'hard');
  assert.equal(await item.getAttribute('data-reason'), 'userunknown');
  assert.match(await item.innerText(), /Hard bounce/);
  assert.ok(await popup.locator('#read-bounce').isVisible());
  await screenshot(popup, 'popup-read-bounce');

  await drop('samples.eml', REPORT_EML);
  await popup.waitForSelector('#read-message[data-state="report"]', { state: 'attached', timeout: 60_000 });
  assert.ok(await popup.locator('#read-report').isVisible());
  assert.ok(!(await popup.locator('#read-bounce').isVisible()), 'the bounce reading is gone');
  const score = Number(await popup.locator('#read-score').textContent());
  assert.ok(score >= 0 && score <= 10);
  assert.ok((await popup.locator('#read-deductions li[data-code="M09"]').count()) === 1, 'the missing Message-ID is deducted');
  await screenshot(popup, 'popup-read-report');

  // Pasted text that is no message: an error, no crash.
  await popup.fill('#read-raw', 'just a few words');
  await popup.locator('#read-run').click();
  await popup.waitForSelector('#read-message[data-state="error"]', { state: 'attached' });
  assert.ok(await popup.locator('#read-error').isVisible());
  await popup.close();
});

test('no message text in any request; no errors in the pages', { skip }, async () => {
  const worker = await browser.worker.evaluate(() => globalThis.fetchLog);
  const requests = [...browser.requests, ...server.requests.map((r) => ({ url: `https://${r.host}${r.url}`, body: r.body })), ...worker];
  assert.deepEqual(leaks(requests, SECRETS), [], 'no request carries the messages\' text');
  // Only the fixture pages and DNS questions left the pages and the worker.
  for (const r of worker) {
    if (r.url.startsWith('chrome-extension:')) continue;
    const u = new URL(r.url);
    assert.deepEqual([...u.searchParams.keys()], ['dns'], `${r.url}: a DoH question only`);
  }
  assert.deepEqual(consoleLines.filter((l) => /mailhint|TrustedHTML|Uncaught/i.test(l)), []);
});
