// End-to-end tests against a real Roundcube 1.6 (elastic skin) with a real Dovecot behind it, both
// on loopback, started by tests/e2e/roundcube/start.sh in `before` and stopped in `after`.
//
// 1. The Roundcube adapter alone: a stub `globalThis.mailhint` and the adapter file are injected
//    into the real compose page, and what the adapter reads is checked against what was typed, in
//    plain-text mode and in HTML (TinyMCE) mode. The drafts it reads are also fed to the
//    WebAssembly core, which rejects any field it does not know.
// 2. The whole extension (a copy of dist/chrome whose content scripts also match the test server):
//    a spammy draft gets a <mailhint-badge> with a low grade and the expected codes, and the editor
//    is left unchanged.
//
// Needs the packages of tests/e2e/roundcube/install.sh (`./build.sh setup` installs them) and
// Chromium at /usr/bin/chromium. Every wait is bounded; the whole file takes ~20-40 s.
//
// The servers come from the harness's startRoundcube(); the Chromium launch and badge reading
// here are older than the harness and stay local.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { roundcubeCompose, roundcubeLogin, staleDist, startRoundcube } from './harness.mjs';
import { ROUNDCUBE as SEL, ROUNDCUBE_LOGIN, ROUNDCUBE_SPAM as SPAM } from './drafts.mjs';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ADAPTER = path.join(ROOT, 'extension/content/adapters/roundcube.js');
// The unpacked extension to load; another directory can be given to try a local build.
const DIST = process.env.MAILHINT_E2E_DIST || path.join(ROOT, 'dist/chrome');
const SHOTS = path.join(ROOT, 'target/e2e-screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const USER = ROUNDCUBE_LOGIN.user;
/** Playwright's per-action limit: generous for a shared 2-core machine, small enough to fail fast. */
const ACTION_TIMEOUT = 15_000;



/** The buyer's message in the inbox (uid 1), as Dovecot stores it. */
const INQUIRY = [
  'From: Alice Buyer <alice@buyer.example>',
  `To: ${USER}`,
  'Subject: Inquiry about LED panels',
  'Date: Thu, 26 Nov 2026 08:00:00 +0000',
  'Message-ID: <inquiry-1@buyer.example>',
  '',
  'Hello, please send your catalogue.',
  '',
].join('\r\n');

/** @type {Awaited<ReturnType<typeof startRoundcube>> | null} */
let server = null;

before(
  async () => {
    const missing = ['/var/lib/roundcube/public_html/index.php', '/usr/sbin/dovecot', CHROMIUM].filter((f) => !existsSync(f));
    if (missing.length) {
      throw new Error(`missing ${missing.join(', ')}: run tests/e2e/roundcube/install.sh (or ./build.sh setup)`);
    }
    // A short prefix: Dovecot's unix sockets live below the folder, paths are limited to ~100 bytes.
    server = await startRoundcube('mh-rc-');
    const { dir } = server;
    // One message in the inbox, to reply to and forward. Dovecot reads the Maildir as nobody.
    const maildir = path.join(dir, 'mail', USER);
    for (const sub of ['cur', 'new', 'tmp']) await mkdir(path.join(maildir, sub), { recursive: true });
    await writeFile(path.join(maildir, 'new', '1700000000.M1P1.e2e'), INQUIRY);
    // A bounce (uid 2): a Postfix DSN, multipart/report, from MAILER-DAEMON.
    await writeFile(path.join(maildir, 'new', '1700000001.M2P1.e2e'), await readFile(path.join(ROOT, 'tests/fixtures/bounces/netease-user-not-found.eml')));
    await run('chown', ['-R', 'nobody:nogroup', maildir], { timeout: 10_000 });
  },
  { timeout: 40_000 },
);

after(
  async () => {
    server?.stop();
  },
  { timeout: 30_000 },
);

const BROWSER_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Logs in and opens a fresh compose in plain-text mode (the server's default).
 * @param {import('playwright-core').Page} page
 */
async function loginAndCompose(page) {
  page.setDefaultTimeout(ACTION_TIMEOUT);
  await roundcubeCompose(page, /** @type {NonNullable<typeof server>} */ (server).url);
  assert.equal(await page.inputValue(SEL.isHtml), '0', 'the compose starts in plain-text mode');
}

/**
 * Types the recipients as a user does: each one committed into a chip with a comma.
 * @param {import('playwright-core').Page} page
 */
async function typeRecipients(page) {
  await page.click(SEL.toInput);
  for (const r of SPAM.recipients) await page.keyboard.type(r + ',');
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, SEL.toChips);
}

/**
 * Switches the compose to HTML and replaces the body with the HTML draft's paragraphs.
 * @param {import('playwright-core').Page} page
 */
async function switchToHtmlAndType(page) {
  await page.click(SEL.toHtml);
  await page.waitForFunction((sel) => document.querySelector(sel).value === '1', SEL.isHtml);
  const body = page.frameLocator(SEL.frame).locator(SEL.tinyBody);
  await body.waitFor();
  await body.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(SPAM.html.join('\n'));
}

/** The WebAssembly core, loaded once, to check that the adapter's drafts are valid input. */
let corePromise = null;
function core() {
  corePromise ??= (async () => {
    const pkg = path.join(ROOT, 'extension/pkg');
    const mod = await import(path.join(pkg, 'mailhint.js'));
    await mod.default({ module_or_path: await readFile(path.join(pkg, 'mailhint_bg.wasm')) });
    mod.setPublicSuffixList(await readFile(path.join(pkg, 'public-suffix-list.txt'), 'utf8'));
    return mod;
  })();
  return corePromise;
}

/**
 * Runs the adapter, injected into the page, and returns a serialisable summary of what it found.
 * @param {import('playwright-core').Page} page
 */
function probe(page) {
  return page.evaluate(() => {
    const adapter = window.mailhint.adapters.find((a) => a.id === 'roundcube');
    const roots = adapter.findComposes(document);
    const root = roots[0];
    const body = adapter.body(root);
    const subject = adapter.subject(root);
    return {
      matches: adapter.matches(location, document),
      matchesBlank: adapter.matches(location, document.implementation.createHTMLDocument('x')),
      roots: roots.length,
      rootIsForm: root instanceof HTMLFormElement && !!root.querySelector('#compose-subject'),
      bodyKind: !body ? null : body.id === 'tinymce' && body.ownerDocument !== document ? 'tinymce' : body.tagName + '#' + body.id,
      subjectId: subject && subject.id,
      anchorId: adapter.anchor(root).id,
      recipients: adapter.recipients(root).map((r) => ({ address: r.address, chip: r.element.matches('li.recipient') })),
      draft: adapter.read(root),
    };
  });
}

test('the Roundcube adapter reads the real compose page, in plain-text and HTML mode', { timeout: 120_000 }, async () => {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS, timeout: 30_000 });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await loginAndCompose(page);
    await typeRecipients(page);
    await page.fill(SEL.subject, SPAM.subject);
    await page.fill(SEL.plainBody, SPAM.plain);
    // Everything the tests write lives in the server's directory, which `after` removes.
    const dir = await mkdtemp(path.join(/** @type {NonNullable<typeof server>} */ (server).dir, 'files-'));
    await writeFile(path.join(dir, 'invoice.pdf.exe'), 'MZ fake attachment\n');
    await page.setInputFiles(SEL.upload, path.join(dir, 'invoice.pdf.exe'));
    await page.waitForSelector(`${SEL.attachment}:not(.uploading)`);

    // The adapter as the content scripts load it: after a namespace that only collects adapters.
    await page.evaluate(() => {
      window.mailhint = { adapters: [], registerAdapter(a) { this.adapters.push(a); } };
    });
    await page.addScriptTag({ content: await readFile(ADAPTER, 'utf8') });

    const plain = await probe(page);
    assert.equal(plain.matches, true, 'Roundcube is recognised by its DOM');
    assert.equal(plain.matchesBlank, false, 'an unrelated page is not taken for Roundcube');
    assert.equal(plain.roots, 1);
    assert.ok(plain.rootIsForm, 'the compose root is the compose form');
    assert.equal(plain.bodyKind, 'TEXTAREA#composebody');
    assert.equal(plain.subjectId, 'compose-subject');
    assert.equal(plain.anchorId, 'composebodycontainer');
    assert.deepEqual(plain.recipients, [
      { address: 'bob@example.org', chip: true },
      { address: 'x@y.org', chip: true },
    ]);
    const d = plain.draft;
    assert.equal(d.subject, SPAM.subject);
    assert.equal(d.text, SPAM.plain);
    assert.equal(d.html, undefined, 'no HTML body in plain-text mode');
    assert.equal(d.kind, 'new');
    assert.equal(d.from, USER);
    assert.deepEqual(d.to, [{ name: 'Bob Buyer', address: 'bob@example.org' }, { address: 'x@y.org' }]);
    assert.equal(d.cc, undefined, 'an unused Cc is left out');
    assert.deepEqual(d.attachments, [{ name: 'invoice.pdf.exe', size: 19, type: 'text/plain' }]);

    // An address typed but not yet committed into a chip is read too (Roundcube's hidden field
    // lags until a comma or blur), and marked at the input.
    await page.click(SEL.toInput);
    await page.keyboard.type('Carol <carol@example.org>');
    const typing = await probe(page);
    assert.deepEqual(typing.draft.to.at(-1), { name: 'Carol', address: 'carol@example.org' });
    assert.deepEqual(typing.recipients.at(-1), { address: 'carol@example.org', chip: false });
    await page.fill(SEL.toInput, '');
    assert.equal((await probe(page)).draft.to.length, 2);

    const { checkDraft } = await core();
    const plainReport = checkDraft(JSON.stringify(d), null, 'en', null);
    const plainCodes = new Set(plainReport.findings.map((f) => f.code));
    for (const code of ['S01', 'S03', 'B01', 'B02', 'L01']) assert.ok(plainCodes.has(code), `${code} fires on the plain draft`);
    assert.ok(plainReport.findings.some((f) => f.part === 'attachments'), 'the attachment is scored');

    await switchToHtmlAndType(page);
    // An inline picture, inserted through TinyMCE's own API as a paste would. TinyMCE turns data:
    // URIs into blob: URLs, whose size the DOM does not tell: the picture is kept in the HTML as is.
    const pixel = 'data:image/png;base64,' + 'A'.repeat(4000);
    await page.evaluate((src) => window.tinymce.get('composebody').insertContent(`<img src="${src}" alt="">`), pixel);
    const html = await probe(page);
    assert.equal(html.bodyKind, 'tinymce', 'in HTML mode the body is the TinyMCE iframe body');
    assert.equal(html.subjectId, 'compose-subject');
    assert.equal(html.draft.text, undefined, 'the stale textarea is not read in HTML mode');
    const h = html.draft.html;
    for (const line of SPAM.html) assert.ok(h.includes(line), `the HTML body holds "${line}"`);
    assert.doesNotMatch(h, /data-mce-/, "TinyMCE's own attributes are left out");
    assert.match(h, /<img src="blob:http:\/\/127\.0\.0\.1:\d+\/[-0-9a-f]+" alt="">/);
    assert.equal(html.draft.images, undefined, 'no size is invented for a blob: picture');
    // A data: URI that reached the editor's DOM some other way (not through TinyMCE's filter):
    // the adapter reports its size and keeps the long URI out of the draft.
    await page
      .frameLocator(SEL.frame)
      .locator(SEL.tinyBody)
      .evaluate((body, src) => {
        const img = body.ownerDocument.createElement('img');
        img.src = src;
        body.lastElementChild.append(img);
      }, pixel);
    const withData = (await probe(page)).draft;
    assert.deepEqual(withData.images, [{ src: 'data:image/png;base64,mailhint-inline-1', bytes: 3000 }]);
    assert.match(withData.html, /<img src="data:image\/png;base64,mailhint-inline-1">/);
    assert.ok(withData.html.length < 1000, 'the long data: URI is not copied into the draft');
    // Bold switched on at the caret: TinyMCE parks the caret in a "bogus" span holding U+FEFF.
    await page.frameLocator(SEL.frame).locator(SEL.tinyBody).press('Control+End');
    await page.keyboard.press('Control+B');
    const caretInDom = await page
      .frameLocator(SEL.frame)
      .locator(SEL.tinyBody)
      .evaluate((b) => b.textContent.includes('\uFEFF'));
    assert.ok(caretInDom, 'the editor holds a caret container (else this check tests nothing)');
    const withCaret = (await probe(page)).draft.html;
    assert.ok(!withCaret.includes('\uFEFF') && !withCaret.includes('_mce_caret'), 'the caret container is left out');
    await page.keyboard.press('Control+B');
    const htmlReport = checkDraft(JSON.stringify(html.draft), null, 'en', null);
    const htmlCodes = new Set(htmlReport.findings.map((f) => f.code));
    for (const code of ['S01', 'B04', 'B07']) assert.ok(htmlCodes.has(code), `${code} fires on the HTML draft`);
    assert.ok(!htmlCodes.has('B01'), 'the plain draft is no longer read');

    // Back to plain text: Roundcube converts the HTML on the server and removes TinyMCE.
    await page.evaluate(() => window.rcmail.command('toggle-editor', { id: 'composebody', html: false }));
    await page.waitForFunction(
      ([frameSel, bodySel]) => !document.querySelector(frameSel) && document.querySelector(bodySel).value.includes('Hello Bob,'),
      [SEL.frame, SEL.plainBody],
    );
    const back = await probe(page);
    assert.equal(back.bodyKind, 'TEXTAREA#composebody');
    assert.equal(back.draft.html, undefined);
    for (const line of SPAM.html) assert.ok(back.draft.text.includes(line), `the converted text holds "${line}"`);

    // Reply and forward: Roundcube tells them apart only in its page data, which the adapter reads
    // from the inline script text. A reply must not be taken for a fake "Re:" (S05).
    const base = /** @type {NonNullable<typeof server>} */ (server).url;
    for (const [param, kind, subject] of [
      ['_mbox=INBOX&_forward_uid=1', 'forward', 'Fwd: Inquiry about LED panels'],
      ['_mbox=INBOX&_reply_uid=1', 'reply', 'Re: Inquiry about LED panels'],
      // The reply just opened, saved as a draft (uid 1 of Drafts) and reopened: still a reply.
      ['_mbox=Drafts&_draft_uid=1', 'reply', 'Re: Inquiry about LED panels'],
    ]) {
      if (param.includes('_draft_uid')) {
        await page.evaluate(() => window.rcmail.command('savedraft'));
        await page.waitForFunction(() => document.querySelector('input[name="_draft_saveid"]').value === '1');
      }
      await page.goto(`${base}/?_task=mail&_action=compose&${param}`);
      await page.waitForURL(/_action=compose&_id=/);
      await page.waitForSelector(SEL.subject);
      await page.waitForFunction(() => window.rcmail && window.rcmail.busy === false && window.rcmail.env.compose_id);
      await page.evaluate(() => {
        window.mailhint = { adapters: [], registerAdapter(a) { this.adapters.push(a); } };
      });
      await page.addScriptTag({ content: await readFile(ADAPTER, 'utf8') });
      const got = (await probe(page)).draft;
      assert.equal(got.kind, kind, `the ${kind} is recognised`);
      assert.equal(got.subject, subject);
      assert.match(got.text, /Hello, please send your catalogue\./, 'the quoted message is part of the text');
      if (kind === 'reply') assert.deepEqual(got.to, [{ name: 'Alice Buyer', address: 'alice@buyer.example' }]);
      const codes = checkDraft(JSON.stringify(got), null, 'en', null).findings.map((f) => f.code);
      assert.ok(!codes.includes('S05'), `no fake-reply hint on a real ${kind}`);
    }
  } finally {
    await browser.close().catch(() => {});
  }
});

/**
 * Reads <mailhint-badge>'s test attributes, or null while there is none.
 * @param {import('playwright-core').Page} page
 */
function badge(page) {
  return page.evaluate(() => {
    const all = document.querySelectorAll('mailhint-badge');
    if (!all.length) return null;
    const b = all[0];
    return {
      count: all.length,
      inBody: b.parentElement === document.body,
      grade: b.getAttribute('data-mailhint-grade'),
      codes: (b.getAttribute('data-mailhint-codes') || '').split(/\s+/).filter(Boolean),
    };
  });
}

/**
 * Custom elements (ours are the only ones: Roundcube uses none) anywhere but directly under the top
 * document's <body>, in the page and in TinyMCE's iframe. The extension may add hosts to <body> only.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<string[]>}
 */
function misplacedHosts(page) {
  return page.evaluate((frameSel) => {
    const docs = [document];
    const frame = document.querySelector(frameSel);
    if (frame && frame.contentDocument) docs.push(frame.contentDocument);
    return docs.flatMap((doc) =>
      Array.from(doc.querySelectorAll('*'))
        .filter((el) => el.localName.includes('-') && !(doc === document && el.parentElement === document.body))
        .map((el) => `${el.localName} in ${el.parentElement ? el.parentElement.localName : '?'}`),
    );
  }, SEL.frame);
}

/**
 * Waits (bounded) until the badge satisfies `ok`, and returns it.
 * @param {import('playwright-core').Page} page
 * @param {(b: NonNullable<Awaited<ReturnType<typeof badge>>>) => boolean} ok
 * @param {string} what
 */
async function waitForBadge(page, ok, what) {
  const deadline = Date.now() + 20_000;
  let last = null;
  while (Date.now() < deadline) {
    last = await badge(page);
    if (last && ok(last)) return last;
    await page.waitForTimeout(200);
  }
  throw new Error(`timed out waiting for the badge: ${what}; last seen ${JSON.stringify(last)}`);
}

/**
 * Chromium with a copy of dist/chrome whose content scripts also run on the test server. In real
 * use the user switches a Roundcube origin on from the popup, which registers the same scripts at
 * run time.
 */
async function launchWithRoundcubeSwitchedOn() {
  const work = await mkdtemp(path.join(/** @type {NonNullable<typeof server>} */ (server).dir, 'ext-'));
  const ext = path.join(work, 'ext');
  await cp(DIST, ext, { recursive: true });
  const manifest = JSON.parse(await readFile(path.join(ext, 'manifest.json'), 'utf8'));
  // Chromium's match patterns ignore the port, so this covers whichever free port the server got.
  manifest.content_scripts[0].matches.push('http://127.0.0.1/*');
  await writeFile(path.join(ext, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return chromium.launchPersistentContext(path.join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    viewport: { width: 1400, height: 900 },
    args: [...BROWSER_ARGS, `--disable-extensions-except=${ext}`, `--load-extension=${ext}`],
  });
}

test('the extension grades a spammy Roundcube draft in both modes', { timeout: 150_000 }, async () => {
  assert.ok(existsSync(path.join(DIST, 'manifest.json')), `${DIST} is missing: run ./build.sh wasm`);
  // A stale dist/chrome would test old content scripts.
  if (!process.env.MAILHINT_E2E_DIST) assert.equal(staleDist(), '');

  const context = await launchWithRoundcubeSwitchedOn();
  try {
    const page = context.pages()[0] || (await context.newPage());
    await loginAndCompose(page);
    await typeRecipients(page);
    await page.fill(SEL.subject, SPAM.subject);
    await page.click(SEL.plainBody);
    await page.keyboard.type(SPAM.plain);

    // Plain-text mode: the textarea cannot carry highlights, so the hints are drawn beside it.
    // Analyses may run while the text is still being typed: wait for the one of the whole draft.
    const plainCodes = ['S01', 'S03', 'B01', 'B02', 'L01'];
    const plain = await waitForBadge(page, (b) => !!b.grade && plainCodes.every((c) => b.codes.includes(c)), 'plain-text findings');
    assert.equal(plain.count, 1, 'one badge for the one compose');
    assert.ok(plain.inBody, "the badge's host is a child of the top document's <body>");
    assert.match(plain.grade, /^\d+(\.\d)?$/);
    assert.ok(Number(plain.grade) < 5, `a spammy draft grades low (got ${plain.grade})`);
    assert.equal(await page.inputValue(SEL.plainBody), SPAM.plain, 'the textarea keeps exactly what was typed');
    assert.equal(await page.inputValue(SEL.subject), SPAM.subject);
    assert.deepEqual(await misplacedHosts(page), [], 'nothing of ours inside the page, only beside it');
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'roundcube-plain.png') });

    // HTML mode, in the same compose: the body element changes from the textarea to TinyMCE's body.
    await switchToHtmlAndType(page);
    const frame = page.frameLocator(SEL.frame);
    // TinyMCE settles its own DOM on the key events; snapshot it before our debounce can fire.
    await page.waitForTimeout(100);
    const before = await frame.locator(SEL.tinyBody).evaluate((b) => b.innerHTML);
    const html = await waitForBadge(
      page,
      (b) => ['S01', 'B04', 'B07'].every((c) => b.codes.includes(c)) && !b.codes.includes('B01'),
      'findings of the HTML body',
    );
    assert.equal(html.count, 1);
    assert.ok(Number(html.grade) < 5, `the HTML draft grades low (got ${html.grade})`);
    // The underlines live in the iframe document's highlight registry, not in its DOM.
    await page.waitForFunction(
      (sel) => {
        const win = document.querySelector(sel).contentWindow;
        return [...win.CSS.highlights.keys()].some((k) => String(k).startsWith('mailhint-'));
      },
      SEL.frame,
      { timeout: 10_000 },
    );
    // Both the snapshot and the exact markup typing produces: an analysis may already have run
    // while the text was typed, so the snapshot alone could include a change of ours.
    const after = await frame.locator(SEL.tinyBody).evaluate((b) => b.innerHTML);
    assert.equal(after, before, "the editor's HTML is unchanged");
    assert.equal(after, SPAM.html.map((line) => `<p>${line}</p>`).join(''), "the editor holds only the typed paragraphs");
    assert.deepEqual(await misplacedHosts(page), [], 'nothing of ours inside the page or the editor');
    await page.screenshot({ path: path.join(SHOTS, 'roundcube-html.png') });
  } finally {
    await context.close().catch(() => {});
  }
});

test('a bounce opened in Roundcube gets the diagnosis card, in the page and in the preview frame', { timeout: 120_000 }, async () => {
  if (!process.env.MAILHINT_E2E_DIST) assert.equal(staleDist(), '');
  const context = await launchWithRoundcubeSwitchedOn();
  /** @type {string[]} every request's URL and body */
  const requests = [];
  context.on('request', (r) => requests.push(`${r.url()}\n${r.postData() ?? ''}`));
  try {
    const base = /** @type {NonNullable<typeof server>} */ (server).url;
    const page = context.pages()[0] || (await context.newPage());
    page.setDefaultTimeout(ACTION_TIMEOUT);
    await roundcubeLogin(page, base);

    // The message page (_action=show).
    await page.goto(base + '/?_task=mail&_mbox=INBOX&_uid=2&_action=show');
    const body = await page.locator('#messagebody').evaluate((e) => e.innerHTML);
    const card = page.locator('mailhint-bounce');
    await card.waitFor({ state: 'attached', timeout: 20_000 });
    assert.equal(await card.getAttribute('data-mailhint-kind'), 'hard');
    assert.equal(await card.getAttribute('data-mailhint-reasons'), 'userunknown');
    assert.equal(await page.locator('mailhint-bounce').count(), 1);
    assert.equal(await page.locator('#messagebody').evaluate((e) => e.previousElementSibling?.localName), 'mailhint-bounce');
    assert.equal(await page.locator('#messagebody').evaluate((e) => e.innerHTML), body, "Roundcube's message body is untouched");
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'roundcube-bounce.png') });

    // The ordinary message gets none.
    await page.goto(base + '/?_task=mail&_mbox=INBOX&_uid=1&_action=show');
    await page.waitForSelector('#messagebody');
    await page.waitForTimeout(1500);
    assert.equal(await page.locator('mailhint-bounce').count(), 0, 'no card for ordinary mail');

    // The preview pane of the mail list: the card is in the preview frame.
    await page.goto(base + '/?_task=mail&_mbox=INBOX');
    await page.locator('#messagelist tbody tr').filter({ hasText: 'Undelivered Mail' }).first().click();
    const preview = page.frameLocator('#messagecontframe');
    await preview.locator('mailhint-bounce').waitFor({ state: 'attached', timeout: 20_000 });
    assert.equal(await preview.locator('mailhint-bounce').getAttribute('data-mailhint-kind'), 'hard');

    // The source came from Roundcube itself (its "show source"); nothing of it went anywhere else.
    assert.ok(requests.some((r) => r.startsWith(base) && r.includes('_action=viewsource') && r.includes('_uid=2')), 'the source was read');
    const elsewhere = requests.filter((r) => !r.startsWith(base) && !r.startsWith('chrome-extension:') && !r.startsWith('data:'));
    assert.deepEqual(elsewhere.filter((r) => /buyer\.wang|User not found/.test(decodeURIComponent(r))), []);
  } finally {
    await context.close().catch(() => {});
  }
});
