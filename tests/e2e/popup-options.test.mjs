// End-to-end: the options page, the popup and the message router, in real Chromium with the
// unpacked dist/chrome (run `python3 tests/tools/assemble_dist.py` or `./build.sh wasm` first).
//
// Uses a minimal local copy of the launch and TLS-server helpers, so this file runs on its own;
// the shared tests/e2e/harness.mjs can replace them once it exists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'dist/chrome');
const SHOTS = join(ROOT, 'target/e2e-screenshots');
const STEP_MS = 15_000; // every wait of Playwright stops after this
const TEST_MS = 90_000; // and every test after this

/** The origins the TLS server answers for: a covered webmail and a site the manifest does not cover. */
const GMAIL = 'https://mail.google.com';
const OTHER = 'https://webmail.example.test';

/** @type {string} */ let tmp;
/** @type {import('node:https').Server} */ let server;
/** @type {number} */ let port;

before(async () => {
  assert.ok(existsSync(join(DIST, 'manifest.json')), 'dist/chrome is missing: run python3 tests/tools/assemble_dist.py');
  tmp = mkdtempSync(join(tmpdir(), 'mailhint-e2e-popup-'));
  mkdirSync(SHOTS, { recursive: true });
  // A throw-away self-signed certificate; Chromium is told to ignore certificate errors.
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-keyout', join(tmp, 'key.pem'), '-out', join(tmp, 'cert.pem'),
  ], { stdio: 'ignore', timeout: 30_000 });
  server = createServer({ key: readFileSync(join(tmp, 'key.pem')), cert: readFileSync(join(tmp, 'cert.pem')) }, (req, res) => {
    // A plain page, whatever the host: enough for the popup's site logic and the router test.
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'" });
    res.end('<!doctype html><meta charset="utf-8"><title>page</title><p>An ordinary web page.</p>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
});

after(() => {
  server?.close();
  server?.closeAllConnections?.();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/**
 * Launches Chromium with the extension, and finds the extension's id from its service worker.
 * @param {string} lang the browser's UI language
 */
async function launch(lang) {
  const profile = mkdtempSync(join(tmp, `profile-${lang}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    locale: lang,
    timeout: STEP_MS,
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', `--lang=${lang}`,
      `--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`,
      `--host-resolver-rules=MAP mail.google.com 127.0.0.1:${port}, MAP webmail.example.test 127.0.0.1:${port}`,
      '--ignore-certificate-errors',
    ],
  });
  context.setDefaultTimeout(STEP_MS);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: STEP_MS }));
  const id = new URL(worker.url()).host;
  return { context, worker, id, url: (path) => `chrome-extension://${id}/extension/${path}` };
}

/**
 * The id of the tab opened last. (The extension cannot find a tab by its address: the browser
 * hides addresses from extensions without the `tabs` permission.)
 * @param {import('playwright-core').Worker} worker
 */
async function lastTabId(worker) {
  const id = await worker.evaluate(async () => (await chrome.tabs.query({})).at(-1)?.id);
  assert.equal(typeof id, 'number');
  return /** @type {number} */ (id);
}

/** @param {import('playwright-core').Page} page */
const ready = (page) => page.waitForSelector('body[data-ready="true"]', { state: 'attached' });

/** @param {import('playwright-core').Page} page @param {string} selector */
const text = async (page, selector) => (await page.locator(selector).textContent())?.trim();

test('options: mode, language, a rule switched off and a custom word persist across a reload', { timeout: TEST_MS }, async () => {
  const { context, url } = await launch('en-US');
  try {
    const page = await context.newPage();
    await page.goto(url('options/options.html'));
    await ready(page);
    assert.equal(await text(page, 'h1'), 'mailhint options');
    assert.equal(await page.locator('#rule-list li.rule').count(), 92, 'every rule of ruleDocs is listed');
    // The long docs come from extension/rules/en.json (the wasm is built without them).
    const docs = await page.locator('#rule-list li.rule .doc').allTextContents();
    assert.equal(docs.filter((d) => d.includes('## What it does')).length, 92, 'every rule shows its doc');
    assert.equal(await page.locator('#rule-list input[data-code]:checked').count(), 92, 'all rules start switched on');
    assert.equal(await text(page, '#rules-count'), '92 of 92 rules switched on');

    await page.locator('input[name="mode"][value="campaign"]').check();
    await page.locator('#rule-S01').uncheck();
    await page.locator('#word-input').fill('  Acme   Trading ');
    await page.locator('#word-form button[type="submit"]').click();
    await page.locator('#word-list li', { hasText: 'Acme Trading' }).waitFor();
    // The DNS resolver of the domain check: a custom URL must be an https DoH endpoint (no
    // permission is asked for a bad one); a preset is saved at once.
    await page.locator('input[name="resolver"][value="custom"]').check();
    await page.fill('#resolver-url', 'http://doh.example.net/dns-query?x=1');
    await page.locator('#resolver-form button[type="submit"]').click();
    assert.match((await text(page, '#resolver-error')) ?? '', /https:\/\/ address of an RFC 8484/);
    await page.locator('input[name="resolver"][value="alidns"]').check();
    await page.waitForFunction(async () => (await chrome.storage.sync.get('settings')).settings?.resolver === 'alidns');
    await page.locator('#lang').selectOption('zh-CN');
    // The page switches language at once, rule docs included.
    await page.locator('h1', { hasText: 'mailhint 选项' }).waitFor();
    await page.locator('#rule-list li.rule', { hasText: '主题全部用大写字母书写' }).waitFor();

    const stored = await page.evaluate(async () => (await chrome.storage.sync.get('settings')).settings);
    assert.deepEqual(stored, {
      mode: 'campaign', lang: 'zh-CN', disabledRules: ['S01'], customWords: ['Acme Trading'], sites: [], resolver: 'alidns', resolverUrl: '',
    });

    await page.reload();
    await ready(page);
    assert.equal(await text(page, 'h1'), 'mailhint 选项');
    assert.equal(await page.locator('input[name="mode"][value="campaign"]').isChecked(), true);
    assert.equal(await page.locator('#lang').inputValue(), 'zh-CN');
    assert.equal(await page.locator('input[name="resolver"][value="alidns"]').isChecked(), true);
    assert.equal(await page.locator('#rule-S01').isChecked(), false);
    assert.equal(await page.locator('#rule-S02').isChecked(), true);
    assert.equal(await text(page, '#rules-count'), '已开启 91 条规则，共 92 条');
    assert.deepEqual(await page.locator('#word-list li span').allInnerTexts(), ['Acme Trading']);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'options.png'), fullPage: false });

    // A change made elsewhere (here: straight in storage, as "ignore this rule" in a compose
    // window does) shows without a reload.
    await page.evaluate(async () => {
      const { settings } = await chrome.storage.sync.get('settings');
      await chrome.storage.sync.set({ settings: { ...settings, disabledRules: ['S01', 'B02'], lang: 'en' } });
    });
    await page.locator('h1', { hasText: 'mailhint options' }).waitFor();
    await page.waitForFunction(() => !(/** @type {HTMLInputElement} */ (document.getElementById('rule-B02'))).checked);

    // A site switched on on another device (settings sync, permissions do not) shows without
    // access, with a button to give it; "switch off" removes it.
    await page.evaluate(async (origin) => {
      const { settings } = await chrome.storage.sync.get('settings');
      await chrome.storage.sync.set({ settings: { ...settings, sites: [origin] } });
    }, OTHER);
    const row = page.locator('#site-list li', { hasText: OTHER });
    await row.waitFor();
    assert.equal(await row.locator('.muted').textContent(), 'No permission on this device');
    assert.equal(await row.locator('button').first().textContent(), 'Give permission');
    await row.locator('button.secondary').click();
    await page.locator('#site-none').waitFor({ state: 'visible' });
    assert.deepEqual((await page.evaluate(async () => (await chrome.storage.sync.get('settings')).settings)).sites, []);

    // Removing the word persists too.
    await page.locator('#word-list button.remove').click();
    await page.locator('#word-none').waitFor({ state: 'visible' });
    const after = await page.evaluate(async () => (await chrome.storage.sync.get('settings')).settings);
    assert.deepEqual(after.customWords, []);
  } finally {
    await context.close();
  }
});

test('popup in English: grade of the tab, covered webmail, and the router refuses a web page', { timeout: TEST_MS }, async () => {
  const { context, worker, id, url } = await launch('en-US');
  try {
    const gmail = await context.newPage();
    await gmail.goto(`${GMAIL}/mail/u/0/`);
    const gmailTab = await lastTabId(worker);

    // No report yet: the popup says how to get one. (Without a click on the toolbar button the
    // browser hides the tab's address, so there is no site part either.)
    const popup = await context.newPage();
    await popup.goto(url(`popup/popup.html?tab=${gmailTab}`));
    await ready(popup);
    assert.equal(await text(popup, 'h1'), 'mailhint');
    assert.equal(await text(popup, '#report-heading'), 'Draft');
    assert.equal(await text(popup, '#report-none'), 'Open a compose window on a webmail to see its grade here.');
    assert.equal(await text(popup, '#open-options'), 'Options');
    assert.equal(await popup.locator('#grade-value').isVisible(), false);

    // The last report of the tab, as the background stores it from the content script's
    // `report-updated` message, shows as the grade, and its origin tells the site.
    await worker.evaluate(
      ([tab, origin]) => chrome.storage.session.set({ [`report:${tab}`]: { grade: 6.5, codes: ['S01', 'B02'], origin, at: 0 } }),
      [gmailTab, GMAIL],
    );
    await popup.reload();
    await ready(popup);
    assert.equal(await text(popup, '#site-origin'), GMAIL);
    assert.equal(await text(popup, '#site-covered'), 'mailhint checks compose windows on this webmail.');
    assert.equal(await popup.locator('#site-enable').isVisible(), false, 'no switch for a covered webmail');
    assert.equal(await text(popup, '#grade-value'), '6.5');
    assert.match(await popup.locator('#grade-value').getAttribute('class') ?? '', /band-mid/);
    assert.equal(await text(popup, '#grade-codes'), 'Hints: S01 B02');
    await popup.setViewportSize({ width: 300, height: 330 });
    await popup.screenshot({ path: join(SHOTS, 'popup-en.png') });

    // The router: page-only and content-only messages are refused from the wrong context.
    const asked = await popup.evaluate(async () => ({
      report: await chrome.runtime.sendMessage({ type: 'report-updated', grade: 1, codes: [] }),
      enable: await chrome.runtime.sendMessage({ type: 'enable-site', origin: 'https://webmail.example.test' }),
      other: await chrome.runtime.sendMessage({ type: 'site-status', url: 'https://webmail.example.test/mail/' }),
      gmail: await chrome.runtime.sendMessage({ type: 'site-status', url: 'https://mail.google.com/mail/u/0/' }),
      browser: await chrome.runtime.sendMessage({ type: 'site-status', url: 'chrome://settings/' }),
    }));
    assert.deepEqual(asked.report, { error: 'not allowed from this context' }, 'only a content script reports grades');
    assert.deepEqual(asked.enable, { error: 'no permission for this site' }, 'no site is switched on without the permission');
    assert.deepEqual(asked.other, {
      web: true, origin: OTHER, pattern: 'https://webmail.example.test/*', covered: false, enabled: false, granted: false,
    });
    assert.equal(asked.gmail.covered, true);
    assert.deepEqual(asked.browser, { web: false });
    const registered = await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts());
    assert.deepEqual(registered, [], 'nothing registered for a site the user did not switch on');

    // A site the manifest does not cover: the popup offers the switch. (A real popup learns the
    // address from the click on the toolbar button; here it comes from the tab's report.)
    const other = await context.newPage();
    await other.goto(`${OTHER}/mail/`);
    const otherTab = await lastTabId(worker);
    await worker.evaluate(
      ([tab, origin]) => chrome.storage.session.set({ [`report:${tab}`]: { grade: 9.5, codes: [], origin, at: 0 } }),
      [otherTab, OTHER],
    );
    await popup.goto(url(`popup/popup.html?tab=${otherTab}`));
    await ready(popup);
    assert.equal(await text(popup, '#grade-codes'), 'No hints: nothing for spam filters to hold against this draft.');
    assert.equal(await text(popup, '#site-origin'), OTHER);
    assert.equal(await popup.locator('#site-covered').isVisible(), false);
    const enable = popup.locator('#site-enable');
    assert.equal(await enable.textContent(), 'Check compose windows on this site');
    // The click asks for the permission: the browser's prompt stays open (headless Chromium
    // cannot answer it), the button waits, no error shows, and the background knows which site
    // to switch on when the permission arrives.
    await enable.click();
    await popup.waitForFunction(() => (/** @type {HTMLButtonElement} */ (document.getElementById('site-enable'))).disabled);
    await popup.waitForTimeout(500);
    assert.equal(await popup.locator('#site-error').isVisible(), false);
    assert.equal(await worker.evaluate(async () => (await chrome.storage.session.get('pendingSite')).pendingSite), OTHER);
    assert.deepEqual(await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts()), []);

    // A web page cannot reach the router: without `externally_connectable` Chromium gives it
    // no `chrome.runtime` messaging, and naming our id does not help.
    const web = await context.newPage();
    await web.goto(`${OTHER}/`);
    const reach = await web.evaluate(async (extensionId) => {
      const runtime = /** @type {any} */ (globalThis).chrome?.runtime;
      if (typeof runtime?.sendMessage !== 'function') return 'no runtime messaging';
      try {
        const answer = await runtime.sendMessage(extensionId, { type: 'version' });
        return `answered: ${JSON.stringify(answer)}`;
      } catch {
        return 'refused';
      }
    }, id);
    assert.ok(['no runtime messaging', 'refused'].includes(reach), reach);
  } finally {
    await context.close();
  }
});

test('popup and options in Chinese (browser language zh-CN, language setting automatic)', { timeout: TEST_MS }, async () => {
  const { context, url } = await launch('zh-CN');
  try {
    const popup = await context.newPage();
    await popup.goto(url('popup/popup.html'));
    await ready(popup);
    assert.equal(await popup.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.equal(await text(popup, 'h1'), 'mailhint');
    assert.equal(await text(popup, '#report-heading'), '草稿');
    assert.equal(await text(popup, '#report-none'), '在网页邮箱中打开写信窗口，即可在此查看评分。');
    assert.equal(await text(popup, '#open-options'), '选项');
    await popup.setViewportSize({ width: 300, height: 200 });
    await popup.screenshot({ path: join(SHOTS, 'popup-zh.png') });

    const options = await context.newPage();
    await options.goto(url('options/options.html'));
    await ready(options);
    assert.equal(await text(options, 'h1'), 'mailhint 选项');
    assert.equal(await text(options, '#mode-heading'), '邮件类型');
    assert.equal(await options.locator('#word-input').getAttribute('placeholder'), '词语或短语');
    assert.equal(await options.locator('#lang').inputValue(), 'auto');
    await options.locator('#rule-list li.rule', { hasText: '主题全部用大写字母书写' }).waitFor();
  } finally {
    await context.close();
  }
});
