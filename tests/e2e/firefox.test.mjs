// End to end in Firefox: dist/firefox as a temporary add-on in Debian's Firefox ESR, driven by
// Puppeteer over WebDriver BiDi, on the webmail fixtures served at their real origins (through a
// local proxy and HTTPS server): Gmail under the same Trusted Types CSP as gmail.test.mjs, then
// each adapter's fixture as in adapters.test.mjs, and a site switched on from the popup.
//
// It checks what differs between the browsers: the background runs as an event page (not a
// service worker), loads the wasm there and is suspended when idle; content scripts live in
// Firefox's sandboxes (Xray wrappers) yet must build the badge's closed shadow root and register
// CSS highlights in the editor's document, iframes included, and keep working when an editor
// iframe's document is replaced (Firefox makes the old one a dead object). On Gmail it types a
// spammy draft, then a clean one: the grade, the codes and the underlines follow, the editor's
// markup never changes, and nothing leaves the machine.
//
// It is skipped only when no Firefox is installed (`./build.sh setup` installs firefox-esr); a
// missing dist/firefox or puppeteer-core is an error. Timings are printed as test diagnostics
// (tests/e2e/chromium-timings.mjs measures the same in Chromium). E2E_DEBUG=1 prints Firefox's
// console output (pages, content scripts, background) at the end.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DIST_FIREFOX, SITES, allHighlights, firefoxNotReady, highlightTexts, launchFirefox, leaks, markupOf, missingFirefox, readBadges, screenshot,
  site, startServer, waitForBadges,
} from './harness.mjs';
import { CLEAN, COMPOSE_PAGES as ADAPTER_PAGES, SPAM } from './drafts.mjs';

const skip = missingFirefox() || false;
if (!skip && firefoxNotReady()) throw new Error(firefoxNotReady());

const CSP = "script-src 'nonce-mailhint-e2e-nonce' 'strict-dynamic'; object-src 'none'; base-uri 'self'; require-trusted-types-for 'script'";
const GMAIL = 'https://mail.google.com';
const URL_INBOX = `${GMAIL}/mail/u/0/#inbox`;
/**
 * Firefox suspends an idle MV3 background (an event page) after 30 s; the test shortens that to
 * see the next keystroke wake it, as it does after every pause of a real user's.
 */
const IDLE_MS = 3_000;

const SECRETS = ['HOT SALE', 'leading manufacturer', 'Dear Sir', 'bit.ly/3abc', 'enquiry of 12 November', 'warehouse best'];

/** Hosts of Firefox's own background connections (remote settings, updates). */
const FIREFOX_SERVICES = /(^|\.)(mozilla\.(com|net|org)|firefox\.com)$/;

const BODY = '#moles > .Hd:nth-child(1) [g_editable=true]';
const SUBJECT = '#moles > .Hd:nth-child(1) input[name=subjectbox]';

const ADAPTER_URLS = { outlook: 'https://outlook.office.com/mail/' };
/**
 * Exmail's compose page comes late into its mainFrame: the content script starts (at
 * document_idle, which does not wait for frames) before the compose window exists, and must
 * find it when the frame loads.
 */
const ADAPTER_DELAYS = { 'exmail.qq.com': { '/cgi-bin/readtemplate': 1500 } };
const ADAPTER_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-src 'self'; img-src 'self' data:";

let server;
let firefox;
/** @type {import('puppeteer-core').Page} */
let page;
const pageErrors = [];

/**
 * Installed in the page's world before its scripts: when each grade appeared on a badge and
 * when the last key went down, on the page's clock (`performance.now()`).
 */
function recordTimings() {
  const timings = { grades: [], lastKey: 0 };
  Object.defineProperty(window, '__e2eTimings', { value: timings });
  addEventListener('keydown', () => { timings.lastKey = performance.now(); }, true);
  new MutationObserver((records) => {
    for (const record of records) {
      const grade = /** @type {Element} */ (record.target).getAttribute('data-mailhint-grade');
      if (grade !== null && grade !== record.oldValue) timings.grades.push({ at: performance.now(), grade: Number(grade) });
    }
  }).observe(document, { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ['data-mailhint-grade'] });
}

/**
 * The background's start-up figures (its `timing` message, numbers only), asked from one of the
 * add-on's pages: `pick(timing)`, or by default how long the wasm took to instantiate and the
 * first analysis to run.
 * @param {(timing: any) => any} [pick]
 */
async function backgroundTiming(pick = (timing) => `wasm init ${Math.round(timing.initMs)} ms, first check ${Math.round(timing.firstCheckMs)} ms`) {
  const options = await firefox.open('options/options.html');
  try {
    const { timing } = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'timing' }));
    return pick(timing);
  } finally {
    await options.close();
  }
}

/** When the page's first grade appeared: from the navigation's start and from its load event. */
async function firstGrade() {
  const load = await page.evaluate(() => performance.getEntriesByType('navigation')[0].toJSON());
  const first = (await timings()).grades[0];
  return { fromStart: Math.round(first.at), fromLoad: Math.round(first.at - load.loadEventEnd) };
}

const timings = () => page.evaluate(() => JSON.parse(JSON.stringify(/** @type {any} */ (window).__e2eTimings)));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  if (skip) return;
  server = await startServer([
    site({ host: 'mail.google.com', dir: join(SITES, 'gmail'), base: '/mail/u/0/', headers: { 'content-security-policy': CSP } }),
    ...Object.entries(ADAPTER_PAGES).map(([host, routes]) => site({
      host, dir: SITES, base: '/sites/', routes, delays: ADAPTER_DELAYS[host], headers: { 'content-security-policy': ADAPTER_CSP },
    })),
  ]);
  firefox = await launchFirefox({
    hosts: ['mail.google.com', ...Object.keys(ADAPTER_PAGES)],
    port: server.port,
    prefs: {
      'extensions.background.idle.timeout': IDLE_MS,
      // permissions.request() is granted without the prompt headless Firefox cannot show, so the
      // popup's "check compose windows on this site" runs its whole course.
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  page = await firefox.browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.evaluateOnNewDocument(recordTimings);
});

after(async () => {
  await firefox?.close();
  await server?.close();
});

/** Types a draft into the first compose window the way a user does: subject, then body lines. */
async function typeDraft(draft) {
  const selectAll = async () => {
    await page.keyboard.down('Control');
    await page.keyboard.press('KeyA');
    await page.keyboard.up('Control');
  };
  await page.click(SUBJECT);
  await selectAll();
  await page.keyboard.type(draft.subject);
  await page.click(BODY);
  await selectAll();
  await page.keyboard.press('Delete');
  for (const [i, line] of draft.lines.entries()) {
    if (i) await page.keyboard.press('Enter');
    await page.keyboard.type(line);
  }
}

/** Milliseconds from the last keystroke to the first grade drawn after it. */
async function keyToGrade() {
  const { grades, lastKey } = await timings();
  const next = grades.find((g) => g.at > lastKey);
  return next ? Math.round(next.at - lastKey) : null;
}

test('Firefox loads the add-on and grades the open compose window of the Gmail fixture', { skip, timeout: 90_000 }, async (t) => {
  t.diagnostic(`${await firefox.browser.version()}, add-on ${firefox.extensionId}`);
  // First a page whose compose windows hold a draft already (the Outlook fixture): its first
  // grades need the background to fetch and instantiate the wasm core, which no page asked for
  // yet in this browser.
  await page.goto(ADAPTER_URLS.outlook, { waitUntil: 'load' });
  await waitForBadges(page, (b) => b.length === 2 && b.every((x) => x.grade !== null), { timeout: 30_000, what: 'two graded badges on the Outlook fixture' });
  const outlook = await firstGrade();
  t.diagnostic(`first grade of a written draft (core not yet instantiated): ${outlook.fromStart} ms after navigation start, ${outlook.fromLoad} ms after the load event`);
  t.diagnostic(`background: ${await backgroundTiming()}`);

  await page.goto(URL_INBOX, { waitUntil: 'load' });
  assert.equal(await page.evaluate(() => location.origin), 'https://mail.google.com', 'the fixture is at Gmail\'s real origin');
  const enforced = await page.evaluate(() => {
    try {
      document.createElement('div').innerHTML = '<b>x</b>';
      return false;
    } catch {
      return true;
    }
  });
  assert.ok(enforced, 'the page enforces Trusted Types like Gmail');
  // Firefox reports the blocked assignment above as a page error, a moment later.
  for (let i = 0; i < 30 && !pageErrors.length; i += 1) await sleep(100);
  pageErrors.length = 0;
  const [badge] = await waitForBadges(page, (b) => b.length === 1 && b[0].grade !== null, { timeout: 30_000, what: 'a graded badge on the open compose window' });
  assert.equal(badge.grade, 10, 'an empty draft has nothing to hold against it');
  // An empty draft is graded in the page, without the core.
  const gmail = await firstGrade();
  t.diagnostic(`first grade of an empty compose window: ${gmail.fromStart} ms after navigation start, ${gmail.fromLoad} ms after the load event`);
});

test('a spammy draft grades lower than a clean one, with the right codes and underlines, and the editor is never changed', { skip, timeout: 120_000 }, async (t) => {
  await typeDraft(SPAM);
  // Read right after typing, before the debounced analysis has run.
  const typed = await markupOf(page, BODY);
  const [spam] = await waitForBadges(
    page,
    (b) => b[0]?.grade !== null && ['S01', 'S03', 'B01', 'B02', 'L01'].every((code) => b[0].codes.includes(code)),
    { what: 'S01 S03 B01 B02 L01 on the spammy draft' },
  );
  t.diagnostic(`spammy draft: grade ${spam.grade}, codes ${spam.codes.join(' ')}; ${await keyToGrade()} ms from the last keystroke to its grade`);
  assert.ok(spam.grade <= 3, `a grade of 3 or less: ${spam.grade}`);
  assert.equal(await markupOf(page, BODY), typed, 'the analysis does not change the editor');

  // The highlight registry is the document's: the page sees what the content script registered
  // from its sandbox.
  const high = await highlightTexts(page, 'mailhint-high');
  assert.ok(high.includes('Dear Sir/Madam'), `B01 underlines its words: ${JSON.stringify(high)}`);
  assert.ok(high.includes('We are a leading manufacturer of LED lights in China'), `B02 underlines its words: ${JSON.stringify(high)}`);
  assert.ok((await highlightTexts(page, 'mailhint-medium')).includes('https://bit.ly/3abc'), 'L01 underlines the short link');
  for (const texts of Object.values(await allHighlights(page))) {
    for (const text of texts) assert.ok(!text.includes('Best regards'), `no underline on clean words: ${text}`);
  }
  await screenshot(page, 'firefox-gmail');

  // The badge is clickable and opens the panel above it (closed shadow root, adopted styles).
  const box = await (await page.$(BODY)).boundingBox();
  const point = { x: box.x + box.width - 20, y: box.y + box.height - 21 };
  assert.equal(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName, point), 'MAILHINT-BADGE', 'the badge is where it is drawn');
  await page.mouse.click(point.x, point.y);
  await sleep(300);
  assert.equal(
    await page.evaluate(({ x, y }) => document.elementFromPoint(x, y - 120)?.tagName, point),
    'MAILHINT-BADGE',
    'the panel opens above the badge',
  );
  await screenshot(page, 'firefox-gmail-panel');

  // Keyboard through the closed shadow root: close button, the first finding (the subject's
  // S01), its "ignore this hint" button. Ignoring it drops its code and keeps it in
  // storage.local.
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  const [ignored] = await waitForBadges(page, (b) => b[0] && !b[0].codes.includes('S01'), { what: 'S01 ignored from the keyboard' });
  assert.ok(ignored.grade >= spam.grade, 'ignoring a hint never lowers the grade');
  await page.keyboard.press('Escape');
  assert.equal(await markupOf(page, BODY), typed, 'the badge and the panel do not change the editor');
  const options = await firefox.open('options/options.html');
  try {
    const stored = await options.evaluate(() => chrome.storage.local.get('ignoredHints'));
    assert.deepEqual(Object.keys(stored.ignoredHints ?? {}), ['S01\u0000HOT SALE!!! BEST PRICE']);
    await options.evaluate(() => chrome.storage.local.remove('ignoredHints'));
  } finally {
    await options.close();
  }

  await typeDraft(CLEAN);
  const cleanTyped = await markupOf(page, BODY);
  const [clean] = await waitForBadges(page, (b) => b[0]?.grade >= 8.5, { what: 'a grade of 8.5 or more on the clean draft' });
  t.diagnostic(`clean draft: grade ${clean.grade}, codes ${clean.codes.join(' ') || '(none)'}; ${await keyToGrade()} ms from the last keystroke to its grade`);
  assert.ok(clean.grade > spam.grade, `the clean draft grades higher: ${clean.grade} > ${spam.grade}`);
  for (const code of ['S01', 'S03', 'B01', 'B02', 'L01']) assert.ok(!clean.codes.includes(code), `${code} is gone: ${clean.codes}`);
  assert.deepEqual(await highlightTexts(page, 'mailhint-high'), [], 'the underlines are gone');
  assert.equal(await markupOf(page, BODY), cleanTyped, 'the analysis does not change the editor');
  assert.deepEqual(pageErrors, [], 'no uncaught error in the page');
});

test('a suspended background wakes on the next keystroke, and grades it', { skip, timeout: 60_000 }, async (t) => {
  const before = (await readBadges(page))[0];
  // Idle past the timeout (nothing is sent while nobody types), then one more word.
  await sleep(IDLE_MS + 5_000);
  const idleFrom = Date.now();
  await page.click(BODY);
  await page.keyboard.press('End');
  await page.keyboard.type(' Dear Sir/Madam');
  const [after] = await waitForBadges(page, (b) => b[0]?.codes.includes('B01'), { what: 'B01 after the background was suspended' });
  assert.ok(after.grade < before.grade, `the new words cost points: ${after.grade} < ${before.grade}`);
  t.diagnostic(`${await keyToGrade()} ms from the last keystroke to its grade with the background woken from suspension (wasm instantiated again)`);

  // The background that answered is a new one: it started after the idle pause.
  const uptime = await backgroundTiming((timing) => timing.uptime);
  assert.ok(uptime < Date.now() - idleFrom + 1_000, `the background restarted: up for ${Math.round(uptime)} ms`);
  t.diagnostic(`woken background: ${await backgroundTiming()}`);
});

test('the options page lists every rule with its doc; the popup shows the tab\'s grade from storage.session', { skip, timeout: 60_000 }, async () => {
  const [badge] = await readBadges(page);
  let key;
  const extensionPage = await firefox.open('options/options.html');
  try {
    await extensionPage.waitForSelector('body[data-ready="true"]');
    const rules = JSON.parse(readFileSync(join(DIST_FIREFOX, 'extension', 'rules', 'en.json'), 'utf8'));
    const listed = await extensionPage.$$eval('#rule-list li.rule', (items) => items.map((li) => li.querySelector('.doc')?.textContent ?? ''));
    assert.equal(listed.length, rules.length, 'every rule of ruleDocs is listed');
    assert.equal(listed.filter((doc) => doc.includes('## What it does')).length, rules.length, 'every rule shows its doc');

    // The content script's `report-updated` went through the router (sender.tab, sender.origin
    // as Firefox fills them) into storage.session.
    const reports = await extensionPage.evaluate(async () => Object.entries(await chrome.storage.session.get(null)).filter(([key]) => key.startsWith('report:')));
    assert.equal(reports.length, 1, `one tab's report: ${JSON.stringify(reports)}`);
    const [[reportKey, report]] = reports;
    key = reportKey;
    assert.equal(report.origin, GMAIL);
    assert.equal(report.grade, badge.grade);
    assert.deepEqual([...report.codes].sort(), [...badge.codes].sort());

  } finally {
    await extensionPage.close();
  }
  const popup = await firefox.open(`popup/popup.html?tab=${key.slice('report:'.length)}`);
  try {
    await popup.waitForSelector('body[data-ready="true"]');
    const text = (selector) => popup.$eval(selector, (element) => element.textContent?.trim());
    assert.equal(await text('#grade-value'), badge.grade.toFixed(1));
    assert.equal(await text('#site-origin'), GMAIL);
    assert.equal(await text('#site-covered'), 'mailhint checks compose windows on this webmail.');
    await popup.setViewport({ width: 300, height: 330 });
    await screenshot(popup, 'firefox-popup');
  } finally {
    await popup.close();
  }
});

// --- the other adapters ---------------------------------------------------------------------

const SPAM_SUBJECT = 'HOT SALE!!! FREE GIFT FOR YOU';
const SPAM_BODY = ' 100% FREE offer!!! Click here now, limited time, act now. Buy now at the best price, guaranteed.';
const BODY_CODES = ['B01', 'B07', 'B08', 'B11', 'C01', 'C02', 'C03', 'F03'];

/** As in adapters.test.mjs: where to type, how many compose windows, the editor's frames. */
const SCENARIOS = [
  { site: 'outlook', url: ADAPTER_URLS.outlook, composes: 2, frames: [], editor: '#editorParent_1 [role=textbox]', subject: 'input[maxlength="255"]' },
  { site: 'netease', url: 'https://mail.163.com/js6/main.jsp', composes: 1, frames: ['[id$="ComposeModule_0"] iframe.APP-editor-iframe'], editor: 'body', subject: '[id$="ComposeModule_0"] input.nui-ipt-input' },
  { site: 'qq', url: 'https://mail.qq.com/', composes: 1, frames: [], editor: '.mail-content-editor-inner', subject: 'input.subject-input' },
  { site: 'exmail', url: 'https://exmail.qq.com/', composes: 1, frames: ['iframe[name=mainFrame]', 'iframe.qmEditorIfrmEditArea'], editor: 'body', subject: ['iframe[name=mainFrame]', '#subject'] },
  { site: 'aliyun', url: 'https://qiye.aliyun.com/', composes: 1, frames: ['iframe.editor'], editor: 'body', subject: 'input.subject' },
];

/**
 * The frame inside the iframes `frames` (selectors, outermost first) of a page.
 * @param {import('puppeteer-core').Page} tab
 * @param {string[]} frames
 */
async function frameOf(tab, frames) {
  let scope = tab.mainFrame();
  for (const selector of frames) {
    const element = await scope.waitForSelector(selector, { timeout: 15_000 });
    scope = /** @type {import('puppeteer-core').Frame} */ (await element.contentFrame());
  }
  return scope;
}

/**
 * Types the spammy subject and body into a compose window of `tab` and checks what every
 * adapter's e2e test checks: the badge's grade and codes, highlights registered in the editor's
 * own document (an iframe's for iframe editors), the editor's markup untouched. Returns the badge.
 */
async function typeSpamAndCheck(tab, s) {
  const editor = await (await frameOf(tab, s.frames)).waitForSelector(s.editor);
  const [subjectFrames, subjectSelector] = Array.isArray(s.subject) ? [[s.subject[0]], s.subject[1]] : [[], s.subject];
  const subject = await (await frameOf(tab, subjectFrames)).waitForSelector(subjectSelector);
  await subject.click();
  await subject.evaluate((input) => input.select());
  await tab.keyboard.type(SPAM_SUBJECT);
  await editor.click();
  await tab.keyboard.down('Control');
  await tab.keyboard.press('End');
  await tab.keyboard.up('Control');
  await tab.keyboard.type(SPAM_BODY);
  const typed = await editor.evaluate((element) => element.innerHTML);

  const badges = await waitForBadges(tab, (b) => b.some((x) => x.codes.includes('S01') && x.grade !== null), { what: `S01 on ${s.site}` });
  const mine = badges.find((b) => b.codes.includes('S01'));
  assert.ok(mine.grade < 7, `a spammy draft grades low (${mine.grade})`);
  assert.ok(mine.codes.some((c) => BODY_CODES.includes(c)), `body findings in ${mine.codes}`);
  if (s.typo !== false) assert.ok(mine.codes.includes('R09'), `the typo domain recipient is flagged (${mine.codes})`);

  // Underlines are Highlight API ranges in the editor's own document: the content script of the
  // top frame built them through Firefox's Xray wrappers for the iframe's window.
  const names = await editor.evaluate(async (element) => {
    const registry = element.ownerDocument.defaultView.CSS.highlights;
    const deadline = Date.now() + 5000;
    while (![...registry.keys()].some((k) => k.startsWith('mailhint-')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return [...registry.keys()];
  });
  assert.ok(names.some((n) => n.startsWith('mailhint-')), `highlights registered in the editor's document: ${names}`);
  assert.equal(await editor.evaluate((element) => element.innerHTML), typed, "the editor's innerHTML is unchanged");
  await screenshot(tab, `firefox-${s.site}`);
  return mine;
}

for (const s of SCENARIOS) {
  test(`${s.site}: badge, codes, highlights in the editor's document, editor untouched`, { skip, timeout: 60_000 }, async () => {
    const tab = await firefox.browser.newPage();
    try {
      await tab.goto(s.url, { waitUntil: 'load' });
      await waitForBadges(tab, (b) => b.length === s.composes, { what: `${s.composes} badge(s)` });
      if (s.frames.length) {
        // The editor's document is replaced after the compose window was found (as an iframe's
        // initial about:blank gives way to its srcdoc, or a webmail rewrites its editor): the
        // new document's typing must still be seen.
        const holder = await (await frameOf(tab, s.frames.slice(0, -1))).waitForSelector(s.frames.at(-1));
        await holder.evaluate((iframe) => new Promise((resolve) => {
          iframe.addEventListener('load', resolve, { once: true });
          iframe.setAttribute('srcdoc', iframe.getAttribute('srcdoc'));
        }));
      }
      await typeSpamAndCheck(tab, s);
    } finally {
      await tab.close();
    }
  });
}

test('generic: a site switched on from the popup (permission granted, scripts registered) gets badges after a reload', { skip, timeout: 60_000 }, async () => {
  const ORIGIN = 'https://webmail.example.org';
  const tab = await firefox.browser.newPage();
  try {
    await tab.goto(`${ORIGIN}/`, { waitUntil: 'load' });
    await sleep(500);
    assert.deepEqual(await readBadges(tab), [], 'a site the manifest does not cover gets nothing before it is switched on');

    const state = await firefox.switchOn(ORIGIN);
    assert.deepEqual(state, {
      granted: true,
      scripts: [{ id: `site:${ORIGIN}`, matches: [`${ORIGIN}/*`], allFrames: true }],
      sites: [ORIGIN],
    });

    await tab.reload({ waitUntil: 'load' });
    await waitForBadges(tab, (b) => b.length === 2, { what: 'the two compose windows of the switched-on site' });
    await typeSpamAndCheck(tab, { site: 'generic', frames: [], editor: '#rich .editor', subject: '#rich input', typo: false });
  } finally {
    await tab.close();
  }
});

test('nothing leaves the machine and no console line carries the draft', { skip, timeout: 30_000 }, async () => {
  if (process.env.E2E_DEBUG) console.log(firefox.output.join('\n'));
  // Firefox's own services (remote settings) try to connect too, and are refused like anything
  // else but the fixture. R10 asks the DoH resolvers whether recipients' domains take mail:
  // those connections are refused here too, and what such queries carry (domain names only) is
  // asserted against a real DoH server in domain-popup.test.mjs. No other name may be asked for.
  const resolvers = new Set(['cloudflare-dns.com', 'dns.google', 'dns.alidns.com']);
  const outside = firefox.proxy.connects
    .filter((c) => !c.allowed && !FIREFOX_SERVICES.test(c.host) && !resolvers.has(c.host))
    .map((c) => c.host);
  assert.deepEqual([...new Set(outside)], [], 'connections to anything but the fixture and the DoH resolvers');
  assert.deepEqual(leaks(server.requests, SECRETS).map((r) => r.url), [], 'requests that reached the server');
  assert.ok(server.requests.length >= 3, 'the recording works (page, script, stylesheet)');
  assert.deepEqual(firefox.output.filter((line) => SECRETS.some((s) => line.includes(s))), [], 'console output of pages, content scripts and the background');
  const errors = firefox.output.filter((line) => /moz-extension:|mailhint/i.test(line) && /error/i.test(line));
  assert.deepEqual(errors, [], 'errors from the extension');
});
