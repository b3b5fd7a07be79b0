// End to end in Firefox: dist/firefox as a temporary add-on in Debian's Firefox ESR, driven by
// Puppeteer over WebDriver BiDi, on the Gmail compose fixture served at Gmail's real origin
// (https://mail.google.com/mail/u/0/, through a local proxy and HTTPS server) under the same
// Trusted Types CSP as the Chromium test (gmail.test.mjs).
//
// It checks what differs between the browsers: the background runs as an event page (not a
// service worker) and loads the wasm there; content scripts live in Firefox's sandboxes (Xray
// wrappers) yet must build the badge's closed shadow root and register CSS highlights in the
// page's document. It types a spammy draft, then a clean one: the grade, the codes and the
// underlines follow, the editor's markup never changes, and nothing leaves the machine.
//
// It is skipped only when no Firefox is installed (`./build.sh setup` installs firefox-esr); a
// missing dist/firefox or puppeteer-core is an error. Timings are printed as test diagnostics.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DIST_FIREFOX, SITES, allHighlights, firefoxNotReady, highlightTexts, launchFirefox, leaks, markupOf, missingFirefox, readBadges, screenshot,
  site, startServer, waitForBadges,
} from './harness.mjs';

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

const SPAM = {
  subject: 'HOT SALE!!! BEST PRICE',
  lines: ['Dear Sir/Madam,', 'We are a leading manufacturer of LED lights in China. See https://bit.ly/3abc for our prices.', 'Best regards,', 'Lily'],
};
const CLEAN = {
  subject: 'Quotation for IP65 LED high-bays',
  lines: [
    'Hi Maria,',
    'Thank you for your enquiry of 12 November. As promised, I attach our catalogue with the IP65 high-bays you asked about; the 150 W model fits your warehouse best.',
    'Could we have a short call on Thursday to go through the quantities?',
    'Best regards,',
    'Lily Chen',
  ],
};
const SECRETS = ['HOT SALE', 'leading manufacturer', 'Dear Sir', 'bit.ly/3abc', 'enquiry of 12 November', 'warehouse best'];

/** Hosts of Firefox's own background connections (remote settings, updates). */
const FIREFOX_SERVICES = /(^|\.)(mozilla\.(com|net|org)|firefox\.com)$/;

const BODY = '#moles > .Hd:nth-child(1) [g_editable=true]';
const SUBJECT = '#moles > .Hd:nth-child(1) input[name=subjectbox]';

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

const timings = () => page.evaluate(() => JSON.parse(JSON.stringify(/** @type {any} */ (window).__e2eTimings)));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  if (skip) return;
  server = await startServer([
    site({ host: 'mail.google.com', dir: join(SITES, 'gmail'), base: '/mail/u/0/', headers: { 'content-security-policy': CSP } }),
  ]);
  firefox = await launchFirefox({ hosts: ['mail.google.com'], port: server.port, prefs: { 'extensions.background.idle.timeout': IDLE_MS } });
  page = await firefox.browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  if (process.env.E2E_DEBUG) page.on('pageerror', (error) => console.log('PAGEERROR', Date.now(), String(error), error.stack));
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
  // The first grade needs the background to start, fetch and instantiate the wasm core.
  const load = await page.evaluate(() => performance.getEntriesByType('navigation')[0].toJSON());
  const first = (await timings()).grades[0];
  t.diagnostic(`first grade ${Math.round(first.at)} ms after navigation start, ${Math.round(first.at - load.loadEventEnd)} ms after the load event`);
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
  await page.keyboard.press('Escape');
  assert.equal(await markupOf(page, BODY), typed, 'the badge and the panel do not change the editor');

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
  await sleep(IDLE_MS + 3_000);
  const idleFrom = Date.now();
  await page.click(BODY);
  await page.keyboard.press('End');
  await page.keyboard.type(' Dear Sir/Madam');
  const [after] = await waitForBadges(page, (b) => b[0]?.codes.includes('B01'), { what: 'B01 after the background was suspended' });
  assert.ok(after.grade < before.grade, `the new words cost points: ${after.grade} < ${before.grade}`);
  t.diagnostic(`${await keyToGrade()} ms from the last keystroke to its grade with the background woken from suspension (wasm instantiated again)`);

  // The background that answered is a new one: it started after the idle pause.
  const options = await firefox.open('options/options.html');
  try {
    const { timing } = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'timing' }));
    assert.ok(timing.uptime < Date.now() - idleFrom + 1_000, `the background restarted: up for ${Math.round(timing.uptime)} ms`);
    t.diagnostic(`woken background: wasm init ${Math.round(timing.initMs)} ms, first check ${Math.round(timing.firstCheckMs)} ms`);
  } finally {
    await options.close();
  }
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

test('nothing leaves the machine and no console line carries the draft', { skip, timeout: 30_000 }, async () => {
  if (process.env.E2E_DEBUG) console.log(firefox.output.join('\n'));
  // Firefox's own services (remote settings) try to connect too, and are refused like anything
  // else but the fixture; no other name may be asked for.
  const outside = firefox.proxy.connects.filter((c) => !c.allowed && !FIREFOX_SERVICES.test(c.host)).map((c) => c.host);
  assert.deepEqual([...new Set(outside)], [], 'connections to anything but the fixture');
  assert.deepEqual(leaks(server.requests, SECRETS).map((r) => r.url), [], 'requests that reached the server');
  assert.ok(server.requests.length >= 3, 'the recording works (page, script, stylesheet)');
  assert.deepEqual(firefox.output.filter((line) => SECRETS.some((s) => line.includes(s))), [], 'console output of pages, content scripts and the background');
  const errors = firefox.output.filter((line) => /moz-extension:|mailhint/i.test(line) && /error/i.test(line));
  assert.deepEqual(errors, [], 'errors from the extension');
});
