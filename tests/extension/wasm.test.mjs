// The WebAssembly package the extension ships gives the same reports as the native core.
// Run by `./build.sh test` with node's test runner, after the wasm build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';

const root = new URL('../../', import.meta.url);
const pkg = new URL('extension/pkg/', root);
const { default: init, checkDraft, checkRaw, ruleDocs, version } = await import(new URL('mailhint.js', pkg));
await init({ module_or_path: await readFile(new URL('mailhint_bg.wasm', pkg)) });

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
