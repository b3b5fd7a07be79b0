// The Outlook, NetEase, QQ/Exmail, Alibaba and generic adapters against DOM fixtures of each
// webmail's compose window, served at the webmail's real origin from a local HTTPS server.
//
// Part 1 (always runs): each adapter file is injected into its fixture page with a stub
// `mailhint` namespace, and its methods are checked against what the fixture shows; every draft
// it reads must also be accepted by the real core (the wasm package), which rejects unknown
// fields. Part 2 (runs once the content-script controller exists): the built extension from
// dist/chrome runs in Chromium, a spammy draft is typed, and the badge, the highlights and the
// untouched editor DOM are checked, with a screenshot per site in target/e2e-screenshots/.
//
// A local copy of the shared e2e helpers (TLS server, browser launch) lives here because
// tests/e2e/harness.mjs did not exist when this file was written; switch to it once it does.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:https';
import { mkdtempSync, readFileSync, existsSync, mkdirSync, rmSync, cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { chromium } from 'playwright-core';
import { staleDist } from './harness.mjs';
import { COMPOSE_PAGES as PAGES, COMPOSE_SCENARIOS as SCENARIOS } from './drafts.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SITES = join(ROOT, 'tests/e2e/sites');
const ADAPTERS = join(ROOT, 'extension/content/adapters');
// MAILHINT_DIST points the extension part at another unpacked build (e.g. a trial controller).
const DIST = process.env.MAILHINT_DIST ?? join(ROOT, 'dist/chrome');
const SHOTS = join(ROOT, 'target/e2e-screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** Every wait in this file is bounded by this, so a broken page fails instead of hanging. */
const STEP_MS = 15_000;

// Loaded before any test is declared: node:test runs the root's hooks early if the module is
// still awaiting when the first tests are registered.
/** The core, to check that every draft an adapter reads is valid input. */
const pkg = join(ROOT, 'extension/pkg');
const core = await import(join(pkg, 'mailhint.js'));
await core.default({ module_or_path: readFileSync(join(pkg, 'mailhint_bg.wasm')) });
core.setPublicSuffixList(readFileSync(join(pkg, 'public-suffix-list.txt'), 'utf8'));

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8' };
// Strict like the real webmails: no inline or foreign scripts, frames from the same origin only.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-src 'self'; img-src 'self' data:";

/** A self-signed certificate for the local server; Chromium runs with --ignore-certificate-errors. */
function makeCertificate(dir) {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=mailhint-e2e',
    '-keyout', key, '-out', cert], { stdio: 'ignore', timeout: STEP_MS });
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/** Serves the fixture pages by Host header and path, and the fixtures' stylesheets under /sites/. */
async function startServer(tls) {
  const server = createServer(tls, (req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    let file = PAGES[host]?.[path];
    if (!file && path.startsWith('/sites/')) file = normalize(path.slice('/sites/'.length));
    if (!file || file.startsWith('..') || !existsSync(join(SITES, file))) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP });
    res.end(readFileSync(join(SITES, file)));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Chromium flags: every fixture host goes to the local server, anything else fails to resolve. */
function browserArgs(port) {
  const rules = Object.keys(PAGES).map((h) => `MAP ${h} 127.0.0.1:${port}`).concat('MAP * ~NOTFOUND').join(', ');
  return ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', `--host-resolver-rules=${rules}`,
    '--ignore-certificate-errors'];
}

let server;
let port;
let workDir;
before(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'mailhint-adapters-'));
  server = await startServer(makeCertificate(workDir));
  port = server.address().port;
});
after(() => {
  server?.close();
  server?.closeAllConnections?.();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Host matching, without a browser: each adapter file runs in a bare VM context.

/** The adapters registered by the given files, run in a fresh context with a stub namespace. */
function loadInVm(files) {
  const ctx = vm.createContext({ mailhint: { adapters: [], registerAdapter(a) { this.adapters.push(a); } } });
  for (const f of files) vm.runInContext(readFileSync(join(ADAPTERS, f), 'utf8'), ctx, { filename: f });
  return ctx.mailhint.adapters;
}

test('each adapter claims exactly its own hosts', () => {
  const adapters = loadInVm(['outlook.js', 'netease.js', 'qq.js', 'aliyun.js', 'generic.js']);
  assert.deepEqual(adapters.map((a) => a.id), ['outlook', 'netease', 'qq', 'aliyun', 'generic']);
  const expected = {
    'outlook.office.com': 'outlook', 'outlook.office365.com': 'outlook', 'outlook.live.com': 'outlook',
    'mail.163.com': 'netease', 'mail.126.com': 'netease', 'mail.yeah.net': 'netease', 'mail.qiye.163.com': 'netease',
    'mail.qq.com': 'qq', 'wx.mail.qq.com': 'qq', 'exmail.qq.com': 'qq',
    'qiye.aliyun.com': 'aliyun', 'mail.aliyun.com': 'aliyun',
    'webmail.example.org': 'generic', 'outlook.office.com.evil.example': 'generic', 'notmail.qq.com.example': 'generic',
  };
  for (const [hostname, id] of Object.entries(expected)) {
    const first = adapters.find((a) => a.matches({ hostname }, null));
    assert.equal(first?.id, id, hostname);
  }
});

test('the kit reads sizes, addresses and reply prefixes the way webmails print them', () => {
  const ctx = vm.createContext({ mailhint: { adapters: [], registerAdapter() {} } });
  vm.runInContext(readFileSync(join(ADAPTERS, 'generic.js'), 'utf8'), ctx);
  const kit = ctx.mailhint.adapterKit;
  const sizes = { '(1.2M)': 1258291, '350 KB': 358400, '2,5 Mo': 2621440, '12 字节': 12, '(900)': 900, '1GB': 1073741824, 'none': undefined };
  for (const [text, bytes] of Object.entries(sizes)) assert.equal(kit.parseSize(text), bytes, text);
  const addresses = {
    'Maria Rossi <maria@acme.example>': 'maria@acme.example', '<bob@gmial.com>': 'bob@gmial.com',
    'ken@buyer.example;': 'ken@buyer.example', 'Ken Sato': '', '"Doe, J" < j@y.example >': 'j@y.example',
  };
  for (const [text, address] of Object.entries(addresses)) assert.equal(kit.addressIn(text), address, text);
  const kinds = { 'Re: price': 'reply', '回复：报价': 'reply', 'AW: Angebot': 'reply', 'Fwd: list': 'forward',
    '转发: 目录': 'forward', 'WG: Liste': 'forward', 'Regarding price': undefined, '报价': undefined };
  for (const [subject, kind] of Object.entries(kinds)) assert.equal(kit.kindFromSubject(subject), kind, subject);
  assert.equal(kit.attachment('  ', '1M'), null, 'an empty name is no attachment');
  assert.equal(JSON.stringify(kit.attachment('a.zip', '(3K)')), '{"name":"a.zip","size":3072,"type":"application/zip"}');
});

// ---------------------------------------------------------------------------------------------
// Part 1: adapters in their fixture pages, with a stub namespace.

/**
 * Runs every method of the adapter `id` on the page and returns plain data about each compose.
 * The page's own markup is compared before and after, since adapters must never write.
 */
async function inspect(page, id) {
  return page.evaluate((adapterId) => {
    const a = globalThis.mailhint.adapters.find((x) => x.id === adapterId);
    const markup = () => document.documentElement.outerHTML;
    const before = markup();
    const roots = a.findComposes(document);
    const composes = roots.map((root) => {
      const body = a.body(root);
      const subject = a.subject(root);
      return {
        rootTag: root.localName,
        draft: a.read(root),
        body: body && {
          tag: body.localName,
          editable: body.localName === 'textarea' || body.isContentEditable,
          inFrame: body.ownerDocument !== document,
          text: body.localName === 'textarea' ? body.value : body.textContent,
        },
        subject: subject && { tag: subject.localName, value: subject.value },
        recipients: a.recipients(root).map((r) => ({ address: r.address, isElement: r.element instanceof r.element.ownerDocument.defaultView.Element })),
        anchorConnected: a.anchor(root)?.isConnected === true,
      };
    });
    return { matches: a.matches(location, document), composes, unchanged: markup() === before };
  }, id);
}

/** Opens a fixture and injects the stub namespace, the adapter and the kit (generic.js). */
async function openWithAdapter(context, url, file) {
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  await page.goto(url, { waitUntil: 'load' });
  await page.addScriptTag({ content: 'globalThis.mailhint = { adapters: [], registerAdapter(a) { this.adapters.push(a); } };' });
  await page.addScriptTag({ path: join(ADAPTERS, file) });
  if (file !== 'generic.js') await page.addScriptTag({ path: join(ADAPTERS, 'generic.js') });
  return page;
}

/** The core's report for a draft read by an adapter; throws if the draft is not valid input. */
function check(draft) {
  return core.checkDraft(JSON.stringify(draft), null, 'en', null);
}

describe('adapters in their fixture pages', () => {
  let browser;
  let context;
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: browserArgs(port), timeout: STEP_MS });
    // The adapter files are injected as page scripts here, which the fixtures' CSP would block.
    context = await browser.newContext({ bypassCSP: true, ignoreHTTPSErrors: true });
  });
  after(async () => {
    await browser?.close();
  });

  test('outlook: a new message and an inline reply, To/Cc by picker order', async () => {
    const page = await openWithAdapter(context, 'https://outlook.office.com/mail/', 'outlook.js');
    const r = await inspect(page, 'outlook');
    assert.ok(r.matches);
    assert.ok(r.unchanged, 'the adapter did not change the page');
    assert.equal(r.composes.length, 2);
    const [full, reply] = r.composes;
    assert.equal(full.subject.value, 'Quotation for LED high-bays');
    assert.deepEqual(full.draft.to, ['maria@acme.example', 'bob@gmial.com']);
    assert.deepEqual(full.draft.cc, ['tom@x-lighting.com']);
    assert.match(full.draft.html, /catalogue<\/a>/);
    assert.deepEqual(full.body, { tag: 'div', editable: true, inFrame: false, text: 'Hi Maria,Please find our catalogue attached.' });
    assert.deepEqual(full.recipients.map((x) => x.address), ['maria@acme.example', 'bob@gmial.com', 'tom@x-lighting.com']);
    assert.ok(full.recipients.every((x) => x.isElement) && full.anchorConnected);
    assert.equal(reply.subject, null, 'an inline reply has no subject field');
    assert.deepEqual(reply.draft.to, ['ken@buyer.example']);
    assert.match(reply.body.text, /^Thanks Ken/);
    const report = check(full.draft);
    assert.ok(report.findings.some((f) => f.code === 'R09'), 'the typo domain in To reaches the core');
    check(reply.draft);

    // Labels are a hint only: without them the subject is still the compose's plain text input.
    await page.evaluate(() => document.querySelectorAll('input[aria-label], input[placeholder]').forEach((i) => {
      i.removeAttribute('aria-label');
      i.removeAttribute('placeholder');
    }));
    const unlabelled = await inspect(page, 'outlook');
    assert.equal(unlabelled.composes[0].subject?.value, 'Quotation for LED high-bays');
  });

  test('netease: the visible compose tab, email blocks, attachments, iframe body', async () => {
    const page = await openWithAdapter(context, 'https://mail.163.com/js6/main.jsp', 'netease.js');
    const r = await inspect(page, 'netease');
    assert.ok(r.matches && r.unchanged);
    assert.equal(r.composes.length, 1, 'the hidden second tab is not a compose window now');
    const [c] = r.composes;
    assert.equal(c.subject.value, '报价单 LED 工矿灯');
    assert.deepEqual(c.draft.to, ['maria@acme.example', 'bob@gmial.com']);
    assert.deepEqual(c.draft.attachments, [
      { name: 'price-list.pdf', size: Math.round(1.2 * 1024 * 1024), type: 'application/pdf' },
      { name: 'setup.exe', size: 350 * 1024, type: 'application/x-msdownload' },
    ]);
    assert.deepEqual(c.body, { tag: 'body', editable: true, inFrame: true, text: 'Maria 您好，附件是我们的报价单。' });
    const codes = check(c.draft).findings.map((f) => f.code);
    assert.ok(codes.includes('R09'), `R09 in ${codes}`);

    // Without the Chinese aria-label, the subject is the one plain input outside the address rows.
    await page.evaluate(() => document.querySelectorAll('[aria-label]').forEach((e) => e.removeAttribute('aria-label')));
    assert.equal((await inspect(page, 'netease')).composes[0].subject?.value, '报价单 LED 工矿灯');

    // Switching tabs: the other module becomes the compose window.
    await page.evaluate(() => {
      document.getElementById('_dvModuleContainer_compose.ComposeModule_0').style.display = 'none';
      document.getElementById('_dvModuleContainer_compose.ComposeModule_1').style.display = '';
    });
    const switched = await inspect(page, 'netease');
    assert.equal(switched.composes.length, 1);
    assert.equal(switched.composes[0].subject.value, '第二封信');
    assert.equal(switched.composes[0].body.text, '第二个标签页');
  });

  test('qq new UI: data-email receivers, attachment cards, editor div', async () => {
    const page = await openWithAdapter(context, 'https://mail.qq.com/', 'qq.js');
    const r = await inspect(page, 'qq');
    assert.ok(r.matches && r.unchanged);
    assert.equal(r.composes.length, 1);
    const [c] = r.composes;
    assert.equal(c.subject.value, 'LED 工矿灯报价');
    assert.deepEqual(c.draft.to, ['maria@acme.example', 'bob@gmial.com']);
    assert.deepEqual(c.draft.attachments, [{ name: 'catalogue.pdf', size: Math.round(2.4 * 1024 * 1024), type: 'application/pdf' }]);
    assert.deepEqual(c.body, { tag: 'div', editable: true, inFrame: false, text: 'Maria 您好，请查收目录。' });
    assert.ok(check(c.draft).findings.some((f) => f.code === 'R09'));
  });

  test('exmail classic UI: nested iframes mainFrame → qmEditorIfrmEditArea', async () => {
    const page = await openWithAdapter(context, 'https://exmail.qq.com/', 'qq.js');
    await page.frameLocator('iframe[name=mainFrame]').locator('iframe.qmEditorIfrmEditArea').waitFor();
    const r = await inspect(page, 'qq');
    assert.ok(r.matches && r.unchanged);
    assert.equal(r.composes.length, 1);
    const [c] = r.composes;
    assert.equal(c.rootTag, 'iframe', 'the root is the top-level mainFrame element');
    assert.equal(c.subject.value, 'Quotation');
    assert.deepEqual(c.draft.to, ['maria@acme.example', 'bob@gmial.com']);
    assert.deepEqual(c.body, { tag: 'body', editable: true, inFrame: true, text: 'Dear Maria,please see our offer.' });
    assert.ok(c.anchorConnected);
    check(c.draft);
  });

  test('aliyun: generic heuristics on the Alibaba host', async () => {
    const page = await openWithAdapter(context, 'https://qiye.aliyun.com/', 'aliyun.js');
    const r = await inspect(page, 'aliyun');
    assert.ok(r.matches && r.unchanged);
    assert.equal(r.composes.length, 1);
    const [c] = r.composes;
    assert.equal(c.subject.value, '新品报价');
    assert.deepEqual(c.draft.to, ['maria@acme.example', 'bob@gmial.com']);
    assert.deepEqual(c.body, { tag: 'body', editable: true, inFrame: true, text: 'Maria 您好，这是我们的新品报价。' });
    assert.ok(check(c.draft).findings.some((f) => f.code === 'R09'));
  });

  test('generic: a textarea compose and a rich compose; decoys ignored', async () => {
    const page = await openWithAdapter(context, 'https://webmail.example.org/', 'generic.js');
    const r = await inspect(page, 'generic');
    assert.ok(r.matches && r.unchanged);
    assert.deepEqual(r.composes.map((c) => c.rootTag), ['textarea', 'div']);
    const [plain, rich] = r.composes;
    assert.deepEqual(plain.draft, {
      subject: 'Plain quotation', to: ['maria@acme.example', 'bob@gmial.com'], cc: ['tom@x-lighting.com'],
      text: 'Dear Maria,\nplease find the quotation below.',
    });
    assert.equal(rich.subject.value, '富文本报价', 'found by its Chinese placeholder');
    assert.deepEqual(rich.draft.to, ['ken@buyer.example']);
    assert.equal(rich.draft.html, '<p>Hello <b>Ken</b>,</p><p>our new catalogue is out.</p>');
    assert.ok(check(plain.draft).findings.some((f) => f.code === 'R09'));
    check(rich.draft);

    // A reply prefix in any of the supported languages makes the draft a reply.
    await page.fill('#rich input', '回复：富文本报价');
    const reply = await inspect(page, 'generic');
    assert.equal(reply.composes[1].draft.kind, 'reply');
  });
});

// ---------------------------------------------------------------------------------------------
// Part 2: the built extension in Chromium.

const skipE2e = existsSync(join(DIST, 'manifest.json'))
  ? false
  : `${DIST} is missing: run ./build.sh wasm (or python3 tests/tools/assemble_dist.py)`;

const SPAM_SUBJECT = 'HOT SALE!!! FREE GIFT FOR YOU';
const SPAM_BODY = ' 100% FREE offer!!! Click here now, limited time, act now. Buy now at the best price, guaranteed.';
const BODY_CODES = ['B01', 'B07', 'B08', 'B11', 'C01', 'C02', 'C03', 'F03'];


/**
 * A copy of `dist` as it behaves once the user has switched `webmail.example.org` on from the
 * popup: the content scripts also match that site. Headless Chromium cannot answer the
 * permission prompt, so the test grants the site the way the manifest grants the webmails.
 */
function distWithSwitchedOnSite(dir) {
  const copy = join(dir, 'dist-switched-on');
  cpSync(DIST, copy, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8'));
  manifest.content_scripts[0].matches.push('https://webmail.example.org/*');
  writeFileSync(join(copy, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return copy;
}

describe('the extension on each webmail', { skip: skipE2e }, () => {
  let context;
  before(async () => {
    // A stale dist/chrome would test old content scripts.
    if (!process.env.MAILHINT_DIST) assert.equal(staleDist(), '');
    mkdirSync(SHOTS, { recursive: true });
    const dist = distWithSwitchedOnSite(workDir);
    context = await chromium.launchPersistentContext(join(workDir, 'profile'), {
      executablePath: CHROMIUM, headless: true, ignoreHTTPSErrors: true, timeout: STEP_MS,
      args: [...browserArgs(port), `--disable-extensions-except=${dist}`, `--load-extension=${dist}`],
    });
    if (context.serviceWorkers().length === 0) await context.waitForEvent('serviceworker', { timeout: STEP_MS });
  });
  after(async () => {
    await context?.close();
  });

  for (const s of SCENARIOS) {
    test(`${s.site}: badge, codes, highlights, editor untouched`, async () => {
      const page = await context.newPage();
      page.setDefaultTimeout(STEP_MS);
      await page.goto(s.url, { waitUntil: 'load' });
      const badges = page.locator('mailhint-badge');
      await assert.doesNotReject(
        page.waitForFunction((n) => document.querySelectorAll('mailhint-badge').length === n, s.composes, { timeout: STEP_MS }),
        `${s.composes} badge(s) appear`,
      );

      // The editor's document is replaced after the compose window was found (an iframe's
      // initial about:blank gives way to its srcdoc, a webmail rewrites its editor): typing in
      // the new document must still be seen, and underlined there.
      if (s.frames.length) {
        let holder = page;
        for (const f of s.frames.slice(0, -1)) holder = holder.frameLocator(f);
        await holder.locator(s.frames.at(-1)).evaluate((iframe) => new Promise((resolve) => {
          iframe.addEventListener('load', resolve, { once: true });
          iframe.setAttribute('srcdoc', iframe.getAttribute('srcdoc'));
        }));
      }

      // The editor's frame (nested for Exmail) and the subject field.
      let scope = page;
      for (const f of s.frames) scope = scope.frameLocator(f);
      const editor = scope.locator(s.editor);
      const subject = Array.isArray(s.subject) ? page.frameLocator(s.subject[0]).locator(s.subject[1]) : page.locator(s.subject);

      await subject.fill(SPAM_SUBJECT);
      await editor.click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type(SPAM_BODY);
      const typed = await editor.evaluate((el) => el.innerHTML);

      // The badge of the compose we typed in reports the subject and body findings.
      await page.waitForFunction(() => Array.from(document.querySelectorAll('mailhint-badge'))
        .some((b) => (b.getAttribute('data-mailhint-codes') ?? '').split(' ').includes('S01')), null, { timeout: STEP_MS });
      const attrs = await badges.evaluateAll((els) => els.map((b) => ({
        grade: b.getAttribute('data-mailhint-grade'), codes: (b.getAttribute('data-mailhint-codes') ?? '').split(' '),
      })));
      const mine = attrs.find((a) => a.codes.includes('S01'));
      assert.match(mine.grade, /^\d{1,2}\.\d$/, 'the grade has one decimal');
      assert.ok(Number(mine.grade) < 7, `a spammy draft grades low (${mine.grade})`);
      assert.ok(mine.codes.some((c) => BODY_CODES.includes(c)), `body findings in ${mine.codes}`);
      if (s.typo !== false) assert.ok(mine.codes.includes('R09'), `the typo domain recipient is flagged (${mine.codes})`);

      // Underlines are Highlight API ranges in the editor's own document, not DOM changes.
      await editor.evaluate(async (el) => {
        const registry = el.ownerDocument.defaultView.CSS.highlights;
        const deadline = Date.now() + 5000;
        while (![...registry.keys()].some((k) => k.startsWith('mailhint-')) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 100));
        }
      });
      const names = await editor.evaluate((el) => [...el.ownerDocument.defaultView.CSS.highlights.keys()]);
      assert.ok(names.some((n) => n.startsWith('mailhint-')), `highlights registered in the editor's document: ${names}`);
      assert.equal(await editor.evaluate((el) => el.innerHTML), typed, "the editor's innerHTML is unchanged");

      await page.screenshot({ path: join(SHOTS, `${s.site}.png`), fullPage: true });
      await page.close();
    });
  }

});
