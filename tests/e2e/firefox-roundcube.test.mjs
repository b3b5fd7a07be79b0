// The extension in Firefox on a real Roundcube 1.6 with Dovecot (tests/e2e/roundcube/start.sh, as
// roundcube.test.mjs uses them): the user switches the Roundcube origin on from the popup (the
// permission is granted without a prompt in this profile), logs in, writes a spammy draft in
// plain-text mode and then in HTML mode (TinyMCE's iframe), and the badge, the codes, the
// underlines in TinyMCE's document and the untouched editor are checked.
//
// Skipped only when no Firefox is installed; Roundcube's packages missing is an error, as in
// roundcube.test.mjs (`./build.sh setup` installs both).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, firefoxNotReady, launchFirefox, missingFirefox, readBadges, screenshot, startRoundcube, waitForBadges } from './harness.mjs';
import { ROUNDCUBE as SEL, ROUNDCUBE_SPAM as SPAM } from './drafts.mjs';

const skip = missingFirefox() || false;
if (!skip && firefoxNotReady()) throw new Error(firefoxNotReady());

const run = promisify(execFile);
const USER = 'tester@example.test';
const PASS = 'secret';

/** @type {Awaited<ReturnType<typeof startRoundcube>> | null} */
let server = null;
let firefox;

before(async () => {
  if (skip) return;
  const missing = ['/var/lib/roundcube/public_html/index.php', '/usr/sbin/dovecot'].filter((f) => !existsSync(f));
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: run tests/e2e/roundcube/install.sh (or ./build.sh setup)`);
  // A short prefix: Dovecot's unix sockets live below the folder, paths are limited to ~100 bytes.
  server = await startRoundcube('mh-rcf-');
  const { dir } = server;
  await mkdir(path.join(dir, 'mail', USER, 'new'), { recursive: true });
  await run('chown', ['-R', 'nobody:nogroup', path.join(dir, 'mail')], { timeout: 10_000 });
  firefox = await launchFirefox({
    hosts: [],
    port: 0,
    prefs: {
      // Roundcube is on loopback: Firefox reaches it directly, everything else still goes to the
      // proxy, which refuses it.
      'network.proxy.allow_hijacking_localhost': false,
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
}, { timeout: 90_000 });

after(async () => {
  await firefox?.close();
  server?.stop();
}, { timeout: 30_000 });

test('Roundcube switched on from the popup: a spammy draft is graded in plain-text and HTML mode, the editor untouched', { skip, timeout: 150_000 }, async () => {
  const base = /** @type {NonNullable<typeof server>} */ (server).url;
  const page = await firefox.browser.newPage();
  page.setDefaultTimeout(15_000);
  // Roundcube asks before leaving a changed compose; closing the page must not hang on it.
  page.on('dialog', (dialog) => dialog.accept().catch(() => {}));
  await page.goto(`${base}/`, { waitUntil: 'load' });

  const state = await firefox.switchOn(base);
  assert.equal(state.granted, true, 'the permission for the Roundcube host');
  assert.deepEqual(state.scripts.map((c) => c.id), [`site:${base}`]);

  await page.type(SEL.loginUser, USER);
  await page.type(SEL.loginPass, PASS);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(SEL.loginSubmit)]);
  await page.goto(`${base}/?_task=mail&_action=compose`, { waitUntil: 'load' });
  await page.waitForFunction(() => /_action=compose&_id=/.test(location.search));
  await page.waitForSelector(SEL.subject);
  await page.waitForFunction(() => /** @type {any} */ (window).rcmail?.busy === false && /** @type {any} */ (window).rcmail.env.compose_id);
  await waitForBadges(page, (b) => b.length === 1, { what: 'a badge on the compose window' });

  await page.click(SEL.toInput);
  for (const r of SPAM.recipients) await page.keyboard.type(`${r},`);
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, {}, SEL.toChips);
  await page.click(SEL.subject);
  await page.keyboard.type(SPAM.subject);
  await page.click(SEL.plainBody);
  await page.keyboard.type(SPAM.plain);

  // Plain-text mode: the hints are drawn beside the textarea.
  const plainCodes = ['S01', 'S03', 'B01', 'B02', 'L01'];
  const [plain] = await waitForBadges(page, (b) => b[0]?.grade !== null && plainCodes.every((c) => b[0].codes.includes(c)), {
    timeout: 20_000,
    what: 'the plain-text findings',
  });
  assert.ok(plain.grade < 5, `a spammy draft grades low (${plain.grade})`);
  assert.equal(await page.$eval(SEL.plainBody, (t) => /** @type {HTMLTextAreaElement} */ (t).value), SPAM.plain, 'the textarea keeps exactly what was typed');
  await screenshot(page, 'firefox-roundcube-plain');

  // HTML mode: the body becomes TinyMCE's iframe document.
  await page.click(SEL.toHtml);
  await page.waitForFunction((sel) => /** @type {HTMLInputElement} */ (document.querySelector(sel)).value === '1', {}, SEL.isHtml);
  const frame = await (await page.waitForSelector(SEL.frame)).contentFrame();
  const body = await frame.waitForSelector(SEL.tinyBody);
  await body.click();
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyA');
  await page.keyboard.up('Control');
  await page.keyboard.press('Delete');
  await page.keyboard.type(SPAM.html.join('\n'));
  const [html] = await waitForBadges(page, (b) => ['S01', 'B04', 'B07'].every((c) => b[0]?.codes.includes(c)) && !b[0].codes.includes('B01'), {
    timeout: 20_000,
    what: 'the findings of the HTML body',
  });
  assert.ok(html.grade < 5, `the HTML draft grades low (${html.grade})`);
  const names = await body.evaluate(async (element) => {
    const registry = element.ownerDocument.defaultView.CSS.highlights;
    const deadline = Date.now() + 10_000;
    while (![...registry.keys()].some((k) => String(k).startsWith('mailhint-')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return [...registry.keys()];
  });
  assert.ok(names.some((n) => n.startsWith('mailhint-')), `underlines in TinyMCE's document: ${names}`);
  assert.equal(
    await body.evaluate((element) => element.innerHTML),
    SPAM.html.map((line) => `<p>${line}</p>`).join(''),
    'the editor holds only the typed paragraphs',
  );
  assert.equal((await readBadges(page)).length, 1, 'one badge for the one compose window');
  await screenshot(page, 'firefox-roundcube-html');
});
