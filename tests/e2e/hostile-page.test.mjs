// Security review (issue 7): a hostile web page cannot drive the extension. Real Chromium, the
// real unpacked extension, real BIND+dnsdist DoH as the configured resolver (behind the
// recording front of network-recorder.mjs, the resolver's witness).
//
// The page (tests/e2e/sites/hostile) runs hostile.js: it sends every message shape of the router
// with `chrome.runtime.sendMessage(extensionId, …)` and `connect`, posts them to the window and
// to a frame, forges the DOM events the content script listens to and custom ones, pokes at the
// badge's shadow root, frames the options page. It is served twice: where the content scripts
// do not run (evil.example) and where they do (webmail.example.org, a site switched on).
// Then the content script itself, as if the page had subverted it, asks for what only the
// extension's pages may have (evaluated in its isolated world over the DevTools protocol), and a
// content script in a subframe speaks for the tab.
//
// Asserted, on the extension's side: settings, permissions, registered content scripts, the
// pending site and another tab's report are as they were; no DNS question was asked at all (the
// page's compose window has no recipients; its page-chosen names never reach the resolver); the
// page's tab's report is the extension's own analysis. On the page's side: no
// messaging API, no shadow root, no namespace, no framed extension page.
// Run with `node --test tests/e2e/hostile-page.test.mjs` after `./build.sh wasm`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, SITES, distWithLoopbackResolver, dnsMissing, launch, missing, site, staleDist, startDoh, startServer, stopDoh, waitForBadges } from './harness.mjs';
import { recordNetwork, recordingProxy, targetIdOf } from './network-recorder.mjs';

const DNS_ENV = {
  MAILHINT_DNS_STATE: join(ROOT, 'target', 'dns-hostile'),
  MAILHINT_DNS_PORT: process.env.MAILHINT_HOSTILE_DNS_PORT ?? '27356',
  MAILHINT_DNSDIST_PORT: process.env.MAILHINT_HOSTILE_DNSDIST_PORT ?? '27357',
  MAILHINT_DOH_PORT: process.env.MAILHINT_HOSTILE_DOH_PORT ?? '30051',
};

const skip = missing() || dnsMissing() || false;
if (!skip && staleDist()) throw new Error(staleDist());
if (skip) console.log(`SKIPPED hostile-page e2e: ${skip}`);

/** Where the content scripts run (a site the user switched on), and where they do not. */
const WITH_SCRIPTS = 'https://webmail.example.org';
const WITHOUT_SCRIPTS = 'https://evil.example';
/** A report of another tab, which nothing in this test may change. */
const OTHER_TAB_KEY = 'report:424242';
const OTHER_TAB_REPORT = { grade: 9.5, codes: [], origin: 'https://mail.google.com', senderDomain: 'x-lighting.example', at: 1 };
const REFUSED = { error: 'not allowed from this context' };

let tmp;
let server;
let proxy;
let browser;
let recorder;
/** The extension's state before the page did anything. */
let before0;

/** What the page could change if it reached the router: settings, permissions, scripts, session. */
function extensionState() {
  return browser.worker.evaluate(async () => ({
    settings: (await chrome.storage.sync.get(null)),
    local: (await chrome.storage.local.get(null)),
    session: (await chrome.storage.session.get(null)),
    permissions: await chrome.permissions.getAll(),
    scripts: await chrome.scripting.getRegisteredContentScripts(),
  }));
}

before(async () => {
  if (skip) return;
  proxy = await recordingProxy(startDoh([join(ROOT, 'tests/e2e/dns/privacy.zone')], DNS_ENV));
  tmp = mkdtempSync(join(tmpdir(), 'mailhint-e2e-hostile-'));
  const dist = distWithLoopbackResolver(tmp, [`${WITH_SCRIPTS}/*`]);
  const hostile = join(SITES, 'hostile');
  server = await startServer([site({ host: new URL(WITH_SCRIPTS).host, dir: hostile }), site({ host: new URL(WITHOUT_SCRIPTS).host, dir: hostile })]);
  browser = await launch({
    hosts: [new URL(WITH_SCRIPTS).host, new URL(WITHOUT_SCRIPTS).host], port: server.port, dist, direct: ['127.0.0.1'], args: ['--remote-debugging-port=0'],
  });
  recorder = await recordNetwork(browser.profile);
  await browser.worker.evaluate(async ({ url, key, report }) => {
    await chrome.storage.sync.set({ settings: { resolver: 'custom', resolverUrl: url, sites: [] } });
    await chrome.storage.session.set({ [key]: report });
  }, { url: proxy.url, key: OTHER_TAB_KEY, report: OTHER_TAB_REPORT });
  before0 = await extensionState();
});

after(async () => {
  await recorder?.close();
  await browser?.close();
  await server?.close();
  await proxy?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  if (!skip) stopDoh(DNS_ENV);
});

/** Opens the hostile page at `origin` and runs its attack; returns the page and what it got. */
async function attackFrom(origin) {
  const page = await browser.context.newPage();
  await page.goto(`${origin}/`, { waitUntil: 'load' });
  // Where the content scripts run, the attack starts once they have drawn their badge.
  if (origin === WITH_SCRIPTS) await waitForBadges(page, (b) => b.length === 1, { what: 'the badge' });
  return { page, results: await page.evaluate((id) => globalThis.attack(id), browser.extensionId) };
}

/** What the page's own attempts got, the same wherever it runs. */
function assertPageGotNothing(results) {
  assert.equal(results.runtime, 'no messaging', 'no chrome.runtime messaging on a web page (no externally_connectable)');
  for (const outcome of results.sendMessage) assert.equal(outcome, 'threw TypeError', 'sendMessage(extensionId, …) fails');
  assert.equal(results.connect, 'threw TypeError', 'connect(extensionId) fails');
  assert.equal(results.namespace, 'undefined', 'the content scripts\' namespace is not in the page\'s world');
  assert.match(results.framedOptions, /^threw /, 'an extension page cannot be framed and read');
}

test('a page the content scripts do not run in reaches nothing', { skip, timeout: 60_000 }, async () => {
  const { page, results } = await attackFrom(WITHOUT_SCRIPTS);
  assertPageGotNothing(results);
  assert.equal(results.badge, 'absent');
  await page.close();
});

test('a page the content scripts run in reaches nothing either, and cannot open the hint UI', { skip, timeout: 60_000 }, async () => {
  const { page, results } = await attackFrom(WITH_SCRIPTS);
  assertPageGotNothing(results);
  assert.equal(results.badge, 'present', 'the extension analysed the page\'s compose window');
  assert.equal(results.shadowRoot, 'null', 'host.shadowRoot is null: the shadow root is closed');
  assert.equal(results.openShadow, 'threw NotSupportedError', 'the host has a shadow root, which the page cannot replace');
  const badges = await waitForBadges(page, (b) => b.length === 1 && b[0].grade !== null, { what: 'the badge\'s grade' });
  // The tab's report (what the popup shows) is the extension's analysis, not the page's forged
  // `report-updated` (grade 0, a page-chosen sender domain).
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const session = await browser.worker.evaluate(() => chrome.storage.session.get(null));
  const reports = Object.entries(session).filter(([k, v]) => k.startsWith('report:') && v.origin === WITH_SCRIPTS).map(([, v]) => v);
  assert.equal(reports.length, 1, 'one report, for the page\'s tab');
  assert.equal(reports[0].grade, badges[0].grade, 'the report is the badge\'s grade');
  assert.ok(reports[0].grade > 0, 'not the page\'s forged 0');
  assert.equal(reports[0].senderDomain, null, 'no page-chosen sender domain');
  await page.close();
});

/**
 * Evaluates `expression` in the content scripts' isolated world of each frame of a page, over
 * the recorder's DevTools connection (Playwright does not reach isolated worlds).
 * @param {import('playwright-core').Page} page
 * @param {string} expression an async function's body's value, e.g. `(async () => …)()`
 * @returns {Promise<{top: any, sub: any[]}>} the value in the top frame's world and in the others'
 */
async function inContentScripts(page, expression) {
  const pageTarget = await targetIdOf(page);
  const session = recorder.sessionOf(pageTarget);
  assert.ok(session, 'the recorder is attached to the page');
  const worlds = [];
  recorder.onEvent((method, params, sessionId) => {
    const context = params?.context;
    if (method === 'Runtime.executionContextCreated' && sessionId === session && context.auxData?.type === 'isolated' && context.origin === `chrome-extension://${browser.extensionId}`) {
      worlds.push(context);
    }
  });
  await recorder.send('Runtime.enable', {}, session);
  const deadline = Date.now() + 5000;
  while (worlds.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  const run = async (context) => {
    const { result, exceptionDetails } = await recorder.send('Runtime.evaluate', { expression, contextId: context.id, awaitPromise: true, returnByValue: true }, session);
    if (exceptionDetails) throw new Error(`in the content script: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  };
  const top = worlds.filter((w) => w.auxData.frameId === pageTarget);
  const sub = worlds.filter((w) => w.auxData.frameId !== pageTarget);
  assert.equal(top.length, 1, 'one content-script world in the top frame');
  assert.ok(sub.length >= 1, 'a content-script world in the subframe');
  return { top: await run(top[0]), sub: await Promise.all(sub.map(run)) };
}

test('a subverted content script gets nothing that only the extension\'s pages may have; a subframe does not speak for the tab', { skip, timeout: 60_000 }, async () => {
  const page = await browser.context.newPage();
  await page.goto(`${WITH_SCRIPTS}/`, { waitUntil: 'load' });
  await waitForBadges(page, (b) => b.length === 1 && b[0].grade !== null, { what: 'the badge' });
  const { top, sub } = await inContentScripts(page, `(async () => {
    const ask = (message) => chrome.runtime.sendMessage(message);
    const pageOnly = {};
    for (const message of [
      { type: 'domain-check', domain: 'page-chosen.example' },
      { type: 'tab-report', tabId: 424242 },
      { type: 'site-status', url: 'https://evil.example' },
      { type: 'site-requested', origin: 'https://evil.example' },
      { type: 'enable-site', origin: 'https://evil.example' },
      { type: 'disable-site', origin: 'https://mail.google.com' },
      { type: 'rule-docs', lang: 'en' },
      { type: 'timing' },
      { type: 'version' },
    ]) pageOnly[message.type] = await ask(message);
    const port = await new Promise((resolve) => {
      const p = chrome.runtime.connect({ name: 'domain-check' });
      const got = [];
      p.onMessage.addListener((m) => got.push(m));
      p.onDisconnect.addListener(() => resolve({ disconnected: true, got }));
      p.postMessage({ domain: 'page-chosen.example' });
      setTimeout(() => resolve({ disconnected: false, got }), 3000);
    });
    // The control: what a content script is for still works from here.
    const draft = await ask({ type: 'check-draft', draft: { subject: 'Quarterly figures', text: 'Hello' }, lang: 'en' });
    const report = await ask({ type: 'report-updated', grade: 0, codes: ['S01'] });
    // The worker's session storage (tab reports, the DNS cache) is for trusted contexts only.
    const session = await chrome.storage.session.get(null).then(() => 'readable', () => 'refused');
    return { pageOnly, port, draft: typeof draft?.report?.grade, report, session };
  })()`);
  for (const [type, answer] of Object.entries(top.pageOnly)) assert.deepEqual(answer, REFUSED, `${type} is refused to a content script`);
  assert.deepEqual(top.port, { disconnected: true, got: [] }, 'the domain-check port is closed on a content script');
  assert.equal(top.draft, 'number', 'the control: a content script gets its draft analysed');
  assert.deepEqual(top.report, { ok: true }, 'the control: the top frame reports its tab\'s grade');
  assert.equal(top.session, 'refused', 'a content script cannot read session storage');
  // The same from the subframe's content script: refused too, and it may not report for the tab.
  for (const frame of sub) {
    for (const [type, answer] of Object.entries(frame.pageOnly)) assert.deepEqual(answer, REFUSED, `${type} is refused to a subframe`);
    assert.deepEqual(frame.report, REFUSED, 'a subframe\'s content script does not report for the tab');
  }
  await page.close();
});

test('after all that: nothing changed, nothing was looked up, no other tab was touched', { skip }, async () => {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const now = await extensionState();
  assert.deepEqual(now.settings, before0.settings, 'settings unchanged');
  assert.deepEqual(now.permissions, before0.permissions, 'permissions unchanged');
  assert.deepEqual(now.scripts, before0.scripts, 'no content scripts registered');
  assert.deepEqual(now.local, before0.local, 'local storage unchanged');
  assert.equal(now.session.pendingSite, undefined, 'no site pending');
  assert.deepEqual(now.session[OTHER_TAB_KEY], OTHER_TAB_REPORT, 'another tab\'s report unchanged');
  // The page's tabs are closed: their reports went with them.
  const left = Object.keys(now.session).filter((k) => k.startsWith('report:') && k !== OTHER_TAB_KEY);
  assert.deepEqual(left, [], 'no report outlives its tab');
  const questions = recorder.requests.filter((r) => r.url.startsWith(`${proxy.url}?`));
  assert.deepEqual(proxy.seen.map((s) => s.url), [], 'the resolver received no question');
  assert.deepEqual(questions.map((r) => r.url), [], 'and the browser sent none');
  const elsewhere = recorder.requests.filter((r) => /^https?:/.test(r.url) && ![WITH_SCRIPTS, WITHOUT_SCRIPTS].includes(new URL(r.url).origin));
  assert.deepEqual(elsewhere.map((r) => r.url), [], 'no request anywhere else');
  console.log(`hostile page: ${recorder.requests.length} requests recorded, ${questions.length} DoH questions, settings/permissions/scripts/other tab's report unchanged`);
});
