// End to end in Chromium: the extension on a Gmail compose fixture served at Gmail's real
// origin (https://mail.google.com/mail/u/0/, through --host-resolver-rules and a local HTTPS
// server), under a CSP that enforces Trusted Types like Gmail's.
//
// It types a spammy draft and checks the grade, the codes and the underlined words; fixes the
// words and sees the grade rise; checks that the editor's markup is never changed by the
// analysis or by the badge and panel; runs two compose windows and an inline reply at once; and
// checks that no request and no console message carries the draft's text.
// Run with `node --test tests/e2e/` after `./build.sh wasm` (or assemble_dist.py).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  SITES, allHighlights, highlightTexts, launch, leaks, markupOf, missing, readBadges, screenshot, site, staleDist,
  startServer, waitForBadges,
} from './harness.mjs';
import { CLEAN, SPAM } from './drafts.mjs';

const skip = missing() || false;
if (!skip && staleDist()) throw new Error(staleDist());

// Gmail's policy has the same shape: nonce + strict-dynamic scripts, no plugins, Trusted Types.
const CSP = "script-src 'nonce-mailhint-e2e-nonce' 'strict-dynamic'; object-src 'none'; base-uri 'self'; require-trusted-types-for 'script'";
const URL_INBOX = 'https://mail.google.com/mail/u/0/#inbox';

const SECOND = { to: 'maria.rossi@gmial.com', subject: 'Our new catalogue', lines: ['Dear Sir/Madam,', 'We are a leading manufacturer of LED lights in China.'] };
/** Pieces of the drafts that must never leave the page. */
const SECRETS = ['HOT SALE', 'leading manufacturer', 'Dear Sir', 'bit.ly/3abc', 'enquiry of 12 November', 'Our new catalogue', 'buyer@acme.example', 'gmial.com', '限时特价', '尊敬的先生'];

let server;
let browser;
/** @type {import('playwright-core').Page} */
let page;
const consoleLines = [];

before(async () => {
  if (skip) return;
  server = await startServer([
    site({ host: 'mail.google.com', dir: join(SITES, 'gmail'), base: '/mail/u/0/', headers: { 'content-security-policy': CSP } }),
  ]);
  browser = await launch({ hosts: ['mail.google.com'], port: server.port });
  // Record what the content script reads from the DOM, as the service worker receives it (a
  // second listener that never answers, so the real one still does).
  await browser.worker.evaluate(() => {
    globalThis.receivedDrafts = [];
    chrome.runtime.onMessage.addListener((message) => {
      if (message?.type === 'check-draft') globalThis.receivedDrafts.push(message.draft);
    });
  });
  page = await browser.context.newPage();
  page.on('console', (message) => consoleLines.push(message.text()));
  page.on('pageerror', (error) => consoleLines.push(String(error)));
  await page.goto(URL_INBOX, { waitUntil: 'load' });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The n-th popup compose window's parts (0 = the first opened, the right-most). */
const compose = (n) => {
  const root = page.locator('#moles > .Hd').nth(n);
  return {
    root,
    to: root.locator('[name=to] input[peoplekit-id]'),
    subject: root.locator('input[name=subjectbox]'),
    body: root.locator('[g_editable=true]'),
    bodySelector: `#moles > .Hd:nth-child(${n + 1}) [g_editable=true]`,
  };
};

/** Types a draft the way a user does: recipient chip, subject, body lines. */
async function typeDraft(c, draft) {
  if (draft.to) {
    await c.to.click();
    await page.keyboard.type(draft.to);
    await page.keyboard.press('Enter');
  }
  await c.subject.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(draft.subject);
  await c.body.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  for (const [i, line] of draft.lines.entries()) {
    if (i) await page.keyboard.press('Enter');
    await page.keyboard.type(line);
  }
}

/** Where the badge of a compose window is drawn: the bottom-right corner of its body. */
async function badgePoint(c) {
  const box = await c.body.boundingBox();
  return { x: box.x + box.width - 20, y: box.y + box.height - 21 };
}

test('the page enforces Trusted Types like Gmail', { skip, timeout: 30_000 }, async () => {
  const enforced = await page.evaluate(() => {
    try {
      document.createElement('div').innerHTML = '<b>x</b>';
      return false;
    } catch {
      return true;
    }
  });
  assert.ok(enforced, 'assigning markup must throw under require-trusted-types-for');
});

test('a spammy draft gets a low grade, the right codes and underlines; fixing it raises the grade', { skip, timeout: 120_000 }, async () => {
  const c = compose(0);
  await waitForBadges(page, (b) => b.length === 1, { what: 'one badge for the open compose window' });

  const sentBefore = await browser.worker.evaluate(() => globalThis.receivedDrafts.length);
  await typeDraft(c, SPAM);
  // Read right after typing, before the debounced analysis has run.
  const typed = await markupOf(page, c.bodySelector);
  const badges = await waitForBadges(
    page,
    (b) => b[0]?.grade !== null && b[0].grade <= 3 && ['S01', 'B01', 'B02', 'L01'].every((code) => b[0].codes.includes(code)),
    { what: 'a grade of 3 or less with S01 B01 B02 L01' },
  );
  assert.ok(badges[0].codes.includes('S03'), 'the exclamation marks are found');
  assert.equal(await markupOf(page, c.bodySelector), typed, 'the analysis does not change the editor');

  // Analyses are debounced (not one per keystroke) and only sent when the draft changed.
  const sent = (await browser.worker.evaluate(() => globalThis.receivedDrafts.length)) - sentBefore;
  assert.ok(sent >= 1 && sent <= 12, `${sent} analyses for about 150 keystrokes`);
  await page.waitForTimeout(1000);
  assert.equal(await browser.worker.evaluate(() => globalThis.receivedDrafts.length), sentBefore + sent, 'an unchanged draft is not sent again');

  // The adapter read the whole compose window from the DOM.
  const draft = (await browser.worker.evaluate(() => globalThis.receivedDrafts)).findLast((d) => d.subject === SPAM.subject);
  assert.equal(draft.kind, 'new');
  assert.equal(draft.from, 'Lily Chen <lily@x-lighting.example>');
  assert.deepEqual(draft.to, ['buyer@acme.example']);
  assert.deepEqual(draft.attachments, [{ name: 'x-lighting-catalogue-2026.pdf', size: 183 * 1024 }]);
  assert.match(draft.html, /Dear Sir\/Madam,/);

  // The registry is the document's: the page's world sees what the isolated world registered.
  const high = await highlightTexts(page, 'mailhint-high');
  assert.ok(high.includes('Dear Sir/Madam'), `B01 underlines its words: ${JSON.stringify(high)}`);
  assert.ok(high.includes('We are a leading manufacturer of LED lights in China'), `B02 underlines its words: ${JSON.stringify(high)}`);
  const medium = await highlightTexts(page, 'mailhint-medium');
  assert.ok(medium.includes('https://bit.ly/3abc'), `L01 underlines the short link: ${JSON.stringify(medium)}`);
  for (const texts of Object.values(await allHighlights(page))) {
    for (const text of texts) assert.ok(!text.includes('Best regards'), `no underline on clean words: ${text}`);
  }

  await screenshot(page, 'gmail');

  // Open the panel with a click on the badge; the click must land on our host.
  const point = await badgePoint(c);
  assert.equal(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName, point), 'MAILHINT-BADGE');
  await page.mouse.click(point.x, point.y);
  await page.waitForTimeout(300);
  assert.equal(
    await page.evaluate(({ x, y }) => document.elementFromPoint(x, y - 120)?.tagName, point),
    'MAILHINT-BADGE',
    'the panel opens above the badge',
  );
  await screenshot(page, 'gmail-panel');
  assert.equal(await markupOf(page, c.bodySelector), typed, 'the badge and the panel do not change the editor');

  // Keyboard through the panel: close button, then the first finding (the subject's S01), then
  // its "ignore this hint" button. Ignoring it takes its points off and drops its code.
  const before = (await readBadges(page))[0];
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  const ignored = await waitForBadges(page, (b) => b[0] && !b[0].codes.includes('S01'), { what: 'S01 ignored' });
  assert.ok(ignored[0].grade >= before.grade, 'ignoring a hint never lowers the grade');
  const stored = await browser.worker.evaluate(() => chrome.storage.local.get('ignoredHints'));
  assert.deepEqual(Object.keys(stored.ignoredHints ?? {}), ['S01\u0000HOT SALE!!! BEST PRICE']);
  await page.keyboard.press('Escape');
  assert.equal(await markupOf(page, c.bodySelector), typed, 'the panel\'s buttons do not change the editor');

  // Fix the words: the grade rises and the underlines go.
  await typeDraft(c, CLEAN);
  const fixed = await waitForBadges(page, (b) => b[0]?.grade >= 8.5, { what: 'a grade of 8.5 or more after the fix' });
  for (const code of ['B01', 'B02', 'L01', 'S03']) assert.ok(!fixed[0].codes.includes(code), `${code} is gone: ${fixed[0].codes}`);
  assert.deepEqual(await highlightTexts(page, 'mailhint-high'), []);
  await browser.worker.evaluate(() => chrome.storage.local.remove('ignoredHints'));
});

test('two compose windows and an inline reply are analysed separately, and closing one removes its badge', { skip, timeout: 120_000 }, async () => {
  await page.locator('#compose-button').click();
  await waitForBadges(page, (b) => b.length === 2, { what: 'a second badge' });
  const second = compose(1);
  await typeDraft(second, SECOND);
  const both = await waitForBadges(page, (b) => b.length === 2 && b.some((x) => x.grade !== null && x.grade <= 5 && x.codes.includes('B02')), {
    what: 'the second compose window flagged',
  });
  assert.ok(both.some((x) => x.grade >= 8.5), `the first window keeps its own grade: ${JSON.stringify(both)}`);
  const high = await highlightTexts(page, 'mailhint-high');
  assert.equal(high.filter((t) => t === 'We are a leading manufacturer of LED lights in China').length, 1, 'the second window\'s words');
  const secondMarkup = await markupOf(page, second.bodySelector);

  // The misspelt recipient domain (R09) is marked under its chip, outside the field.
  assert.ok(both[1].codes.includes('R09'), `R09 for gmial.com: ${both[1].codes}`);
  const chip = await second.root.locator('[name=to] [data-hovercard-id]').boundingBox();
  assert.equal(
    await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName, { x: chip.x + chip.width / 2, y: chip.y + chip.height - 1 }),
    'MAILHINT-BADGE',
    'a marker lies under the chip',
  );

  // A click on a finding in the panel scrolls to its words and flashes them. The subject is
  // clean, so the panel's first finding is the body's worst, B02.
  const point = await badgePoint(second);
  await page.mouse.click(point.x, point.y);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => CSS.highlights.has('mailhint-flash'), null, { timeout: 5_000 });
  assert.deepEqual(await highlightTexts(page, 'mailhint-flash'), ['We are a leading manufacturer of LED lights in China']);

  // "Ignore this rule" switches the rule off in the settings, for every window.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await waitForBadges(page, (b) => b.length === 2 && b.every((x) => !x.codes.includes('B02')), { what: 'B02 switched off' });
  const { settings } = await browser.worker.evaluate(() => chrome.storage.sync.get('settings'));
  assert.deepEqual(settings.disabledRules, ['B02']);
  await page.keyboard.press('Escape');

  // The user's own words to avoid are info underlines, with no points.
  const gradeBefore = (await readBadges(page))[1].grade;
  await browser.worker.evaluate(() => chrome.storage.sync.set({ settings: { customWords: ['LED lights', '特价'] } }));
  await page.waitForFunction(() => CSS.highlights.has('mailhint-info'), null, { timeout: 10_000 });
  assert.deepEqual(await highlightTexts(page, 'mailhint-info'), ['LED lights']);
  const withWords = await waitForBadges(page, (b) => b.length === 2 && b[1].codes.includes('B01'), { what: 'B02 back on' });
  assert.ok(withWords[1].codes.includes('B02'), 'settings replaced: B02 is on again');
  assert.ok(withWords[1].grade <= gradeBefore, 'custom words cost no points, B02 is back');
  await browser.worker.evaluate(() => chrome.storage.sync.remove('settings'));
  await page.waitForFunction(() => !CSS.highlights.has('mailhint-info'), null, { timeout: 10_000 });
  assert.equal(await markupOf(page, second.bodySelector), secondMarkup, 'panel, flash and settings never change the editor');

  // An inline reply under the conversation (Gmail's `.M9` in the message view).
  await page.evaluate(() => window.gmailFixture.openInlineReply());
  await waitForBadges(page, (b) => b.length === 3, { what: 'a badge for the inline reply' });
  await page.locator('#inline-reply-holder [g_editable=true]').click();
  await page.keyboard.type('Dear Sir/Madam, thanks for your email.');
  await waitForBadges(page, (b) => b.length === 3 && b.filter((x) => x.codes.includes('B01')).length === 2, { what: 'the reply analysed' });
  const reply = (await browser.worker.evaluate(() => globalThis.receivedDrafts)).findLast((d) => d.subject === 'Re: IP65 high-bays');
  assert.equal(reply.kind, 'reply', 'an inline compose under a message is a reply');
  assert.deepEqual(reply.to, [{ name: 'Maria Rossi', address: 'maria@acme.example' }]);

  // Closing the second popup removes its badge and its underlines.
  await second.root.locator('.Ha').click();
  const left = await waitForBadges(page, (b) => b.length === 2, { what: 'the closed window\'s badge removed' });
  assert.ok(!left.some((x) => x.codes.includes('B02')), `no badge keeps the closed draft's findings: ${JSON.stringify(left)}`);
  assert.deepEqual(
    (await highlightTexts(page, 'mailhint-high')).filter((t) => t.includes('leading manufacturer')),
    [],
    'the closed window\'s underlines are gone',
  );
});

test('a Chinese draft: underlines right after astral characters', { skip, timeout: 60_000 }, async () => {
  await browser.worker.evaluate(() => chrome.storage.sync.set({ settings: { lang: 'zh-CN' } }));
  await page.locator('#compose-button').click();
  const count = (await readBadges(page)).length + 1;
  await waitForBadges(page, (b) => b.length === count, { what: 'a badge for the new window' });
  const c = compose(1);
  await typeDraft(c, { subject: '🔥限时特价!!! 最低价', lines: ['尊敬的先生/女士：😀😀', '我们是中国领先的LED灯制造商，价格最低，免费样品！点击 https://bit.ly/3abc'] });
  const badges = await waitForBadges(page, (b) => b.length === count && b[count - 1].codes.includes('B11') && b[count - 1].codes.includes('S12'), {
    what: 'B11 and S12 on the Chinese draft',
  });
  assert.ok(badges[count - 1].grade < 8, `a low grade: ${badges[count - 1].grade}`);
  const all = Object.values(await allHighlights(page)).flat();
  assert.ok(all.includes('尊敬的先生/女士：'), `the greeting is underlined exactly: ${JSON.stringify(all)}`);
  // The core counts UTF-16 units, as the DOM does: the link after two emoji is underlined exactly.
  assert.deepEqual(await highlightTexts(page, 'mailhint-medium'), ['https://bit.ly/3abc'], 'one underline for the two L01 reasons');
  await screenshot(page, 'gmail-zh');
  await browser.worker.evaluate(() => chrome.storage.sync.remove('settings'));
  await c.root.locator('.Ha').click();
  await waitForBadges(page, (b) => b.length === count - 1, { what: 'the Chinese window closed' });
});

test('a plain-text editor (textarea) gets markers beside its words, never inside', { skip, timeout: 60_000 }, async () => {
  // The framework's path for editors the Highlight API cannot reach, on a compose window whose
  // body is a textarea (as in plain-text webmails), with Gmail's attributes.
  const count = (await readBadges(page)).length + 1;
  await page.evaluate(() => {
    const mole = window.gmailFixture.openCompose();
    const editable = mole.querySelector('[g_editable]');
    const textarea = document.createElement('textarea');
    textarea.setAttribute('g_editable', 'true');
    textarea.id = 'plain-body';
    textarea.rows = 8;
    textarea.style.cssText = 'width: 100%; font: 14px/20px monospace; border: 0; padding: 4px;';
    editable.replaceWith(textarea);
  });
  await waitForBadges(page, (b) => b.length === count, { what: 'a badge for the plain-text window' });
  await page.locator('#plain-body').click();
  await page.keyboard.type('Hello,\nDear Sir/Madam, we are a leading manufacturer of LED lights in China.');
  await waitForBadges(page, (b) => b.length === count && b[count - 1].codes.includes('B01'), { what: 'B01 in the textarea' });
  const value = await page.locator('#plain-body').inputValue();
  // 14px/20px monospace (8.4px a character) after 4px of padding: "Dear" starts line 2 (bar
  // near y = 44), B02's words wrap onto line 3 up to "China" (x < 130), and "." is clean.
  const box = await page.locator('#plain-body').boundingBox();
  const markedAt = (dx) =>
    page.evaluate(({ x, top }) => {
      const found = [];
      for (let y = top + 10; y < top + 90; y += 1) if (document.elementFromPoint(x, y)?.tagName === 'MAILHINT-BADGE') found.push(y - top);
      return found;
    }, { x: box.x + dx, top: box.y });
  const under = (ys, from, to) => ys.some((y) => y >= from && y <= to);
  const first = await markedAt(30);
  assert.ok(under(first, 38, 50) && under(first, 58, 70), `markers under "Dear" (line 2) and "lights" (line 3): ${first}`);
  const afterChina = await markedAt(4 + 15.5 * 8.4);
  assert.ok(!under(afterChina, 58, 70), `no marker under the full stop after "China": ${afterChina}`);
  assert.equal(await page.locator('#plain-body').inputValue(), value, 'the field is untouched');
  await screenshot(page, 'gmail-textarea');
  await page.locator('#moles > .Hd').last().locator('.Ha').click();
});

test('a subject past the core\'s limit is read up to it, and the badge says so', { skip, timeout: 60_000 }, async () => {
  // A tab of its own: the fixture opens with one compose window.
  const tab = await browser.context.newPage();
  try {
    await tab.goto(URL_INBOX, { waitUntil: 'load' });
    const subject = tab.locator('#moles > .Hd').first().locator('input[name=subjectbox]');
    const clipped = (want) =>
      tab.waitForFunction((w) => document.querySelector('mailhint-badge')?.getAttribute('data-mailhint-clipped') === w, want, { timeout: 15_000 });
    // limits::MAX_SUBJECT_BYTES is 8 KB: one byte more is cut, and the report says so.
    await subject.fill('a'.repeat(8 * 1024 + 1));
    await clipped('subject');
    await subject.fill('a'.repeat(8 * 1024));
    await clipped('');
  } finally {
    await tab.close();
  }
});

test('no request, server hit or console message carries the draft', { skip, timeout: 30_000 }, async () => {
  const browserLeaks = leaks(browser.requests, SECRETS);
  assert.deepEqual(browserLeaks.map((r) => r.url), [], 'browser requests');
  const serverLeaks = leaks(server.requests, SECRETS);
  assert.deepEqual(serverLeaks.map((r) => r.url), [], 'requests that reached the server');
  assert.ok(server.requests.length >= 3, 'the recording works (page, script, stylesheet)');
  assert.deepEqual(consoleLines.filter((line) => SECRETS.some((s) => line.includes(s))), [], 'console messages');
});
