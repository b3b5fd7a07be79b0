// The WebAssembly packages the extension ships give the same reports as the native core: the
// compose module (mailhint.js) and the full one (mailhint_full.js, raw messages and the domain
// check). Run by `./build.sh test` with node's test runner, after the wasm build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';

const root = new URL('../../', import.meta.url);
const pkg = new URL('extension/pkg/', root);
const compose = await import(new URL('mailhint.js', pkg));
await compose.default({ module_or_path: await readFile(new URL('mailhint_bg.wasm', pkg)) });
// The compose module is built without the Public Suffix List: the worker hands it over at init.
compose.setPublicSuffixList(await readFile(new URL('public-suffix-list.txt', pkg), 'utf8'));
const full = await import(new URL('mailhint_full.js', pkg));
await full.default({ module_or_path: await readFile(new URL('mailhint_full_bg.wasm', pkg)) });
const { checkDraft, ruleDocs, version } = compose;
const { checkRaw } = full;

const fixture = (path) => readFile(new URL(`tests/fixtures/${path}`, root), 'utf8');

test('checkDraft returns a plain report object with spans', async () => {
  const report = checkDraft(await fixture('S01/trigger.json'), null, null, null);
  assert.equal(typeof report.grade, 'number');
  assert.equal(report.mode, 'one-to-one');
  const s01 = report.findings.find((f) => f.code === 'S01');
  assert.ok(s01, 'S01 fires');
  assert.equal(s01.part, 'subject');
  assert.deepEqual(Object.keys(s01.span), ['start', 'end', 'start_utf16', 'end_utf16']);
});

test('the wasm report equals the native CLI report', async () => {
  const draft = await fixture('B01/trigger.json');
  const native = JSON.parse(
    execFileSync(new URL('target/release/mailhint', root).pathname, ['check', '--format', 'json', '-'], { input: draft }),
  );
  assert.deepEqual(checkDraft(draft, null, null, null), native);
  const off = checkDraft(draft, null, null, ['B01']);
  assert.ok(!off.findings.some((f) => f.code === 'B01'), 'a rule switched off does not run');
});

test('checkRaw reads a raw message and the language option works', async () => {
  const raw = new TextEncoder().encode('Subject: HOT SALE LED LIGHTS BEST PRICE\r\nTo: a@b.example\r\n\r\nHello\r\n');
  const report = checkRaw(raw, 'campaign', 'zh-CN', null);
  assert.equal(report.mode, 'campaign');
  assert.match(report.findings.find((f) => f.code === 'S01').message, /大写/);
});

test('the compose module has only the keystroke path; the full one has it too, with the same reports', async () => {
  for (const name of ['checkRaw', 'DomainCheck']) {
    assert.equal(compose[name], undefined, `no ${name} in the compose module`);
    assert.equal(typeof full[name], 'function', `${name} in the full module`);
  }
  assert.throws(() => checkDraft('Subject: hi\r\n\r\nHello\r\n', null, null, null), /JSON draft/, 'a raw message needs the full module');
  const draft = await fixture('B01/trigger.json');
  assert.deepEqual(full.checkDraft(draft, null, 'zh-CN', null), checkDraft(draft, null, 'zh-CN', null));
  assert.deepEqual(full.ruleDocs('en'), ruleDocs('en'));
});

test('the compose module checks nothing before it has the Public Suffix List', async () => {
  // A second instance of the module (another URL is another module to node).
  const bare = await import(new URL('mailhint.js?without-list', pkg));
  await bare.default({ module_or_path: await readFile(new URL('mailhint_bg.wasm', pkg)) });
  assert.throws(() => bare.checkDraft('{"subject": "hi"}', null, null, null), /setPublicSuffixList/);
  assert.throws(() => bare.setPublicSuffixList('// nothing here\n'), /not a Public Suffix List/);
});

test('bad input is a JS exception with a clear message, not a trap', () => {
  assert.throws(() => checkDraft('{"subjet": 1}', null, null, null), /subjet/);
  assert.throws(() => checkDraft('', null, null, null), /empty/);
  assert.throws(() => checkDraft('{}', 'bulk', null, null), /unknown mode/);
});

test('ruleDocs lists every rule with summary and fix; the long docs are in extension/rules/', async () => {
  const en = ruleDocs('en');
  const zh = ruleDocs('zh-CN');
  assert.equal(en.length, zh.length);
  assert.ok(en.length >= 91);
  assert.ok([...en, ...zh].every((r) => r.summary && r.fix));
  // The wasm is built without the docs (mailhint-core's `docs` feature): the build writes them
  // with the native CLI, and the service worker fills `doc` from these files.
  assert.ok([...en, ...zh].every((r) => r.doc === ''), 'no rule doc compiled into the wasm');
  const file = async (lang) => JSON.parse(await readFile(new URL(`extension/rules/${lang}.json`, root), 'utf8'));
  for (const [lang, wasm, heading] of [['en', en, '## What it does'], ['zh-CN', zh, '## 检查什么']]) {
    const docs = await file(lang);
    assert.deepEqual(docs.map(({ doc, ...rest }) => rest), wasm.map(({ doc, ...rest }) => rest), `${lang}: the JSON and the wasm agree`);
    assert.ok(docs.every((r) => r.doc.includes(heading)), `${lang}: every doc`);
  }
  assert.match(version(), /^\d+\.\d+\.\d+$/);
});
