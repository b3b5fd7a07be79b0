// A trap inside WebAssembly, and the fresh instance the service worker makes after it: the
// `reinstantiate` export build.sh appends to wasm-bindgen's glue (extension/background.js,
// `WasmModule`, calls it). The trapping modules are a test-only build (mailhint-wasm's
// `test-trap` feature: a draft or message holding MAILHINT-TEST-TRAP panics, and a panic is a
// trap in these builds), made by tests/tools/build_trap_dist.sh into target/test-trap/pkg;
// `./build.sh test` makes it. The shipped modules are checked to have no such trap.
// Run with `node --test tests/extension/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

const root = new URL('../../', import.meta.url);
const shippedPkg = new URL('extension/pkg/', root);
const trapPkg = new URL('target/test-trap/pkg/', root);
const MARKER = 'MAILHINT-TEST-TRAP';
const skip = existsSync(new URL('mailhint_full.js', trapPkg)) ? false : 'target/test-trap/pkg is missing: run tests/tools/build_trap_dist.sh (./build.sh test does)';

const draft = (body) => JSON.stringify({ subject: 'Quarterly figures', to: ['anna@example.org'], text: body });
const psl = () => readFile(new URL('public-suffix-list.txt', shippedPkg), 'utf8');

/** A module of `pkg`, instantiated: its exports (the glue's) and the wasm instance's. */
async function load(pkg, name) {
  const glue = await import(new URL(`${name}.js`, pkg));
  const wasm = await glue.default({ module_or_path: await readFile(new URL(`${name}_bg.wasm`, pkg)) });
  return { glue, wasm };
}

test('the shipped modules have no trap, and have reinstantiate', async () => {
  const { glue } = await load(shippedPkg, 'mailhint');
  glue.setPublicSuffixList(await psl());
  const report = glue.checkDraft(draft(`Hello Anna, ${MARKER}`), null, null, null);
  assert.equal(typeof report.grade, 'number', 'the marker is just text in the shipped build');
  assert.equal(typeof glue.reinstantiate, 'function');
  const full = await load(shippedPkg, 'mailhint_full');
  assert.equal(typeof full.glue.reinstantiate, 'function');
  const message = new TextEncoder().encode(`Subject: x\r\n\r\n${MARKER}\r\n`);
  assert.equal(typeof full.glue.checkRaw(message, null, null, null).grade, 'number');
  assert.ok(full.glue.readBounce(message, null), 'readBounce does not trap either');
});

test('compose module: a trap poisons the instance; reinstantiate gives a fresh one that analyses again', { skip }, async () => {
  const { glue, wasm } = await load(trapPkg, 'mailhint');
  glue.setPublicSuffixList(await psl());
  const normal = draft('Hello Anna, the figures are attached. Best regards, Tom');
  const before = glue.checkDraft(normal, null, null, null);

  const store = new glue.DraftDns();
  assert.throws(() => store.checkDraft(draft(`Hello ${MARKER}`), null, null, null), WebAssembly.RuntimeError);
  // The call that trapped left the store borrowed: the old instance is poisoned for it, and
  // even freeing it fails (so the worker retires such objects without calling the old instance).
  assert.throws(() => store.checkDraft(normal, null, null, null), /recursive use of an object/);
  assert.throws(() => store.free(), /while it was borrowed/);

  const fresh = glue.reinstantiate();
  assert.notEqual(fresh.memory, wasm.memory, 'a new instance, with a memory of its own');
  glue.setPublicSuffixList(await psl());
  assert.deepEqual(glue.checkDraft(normal, null, null, null), before, 'the fresh instance gives the same report');
  const again = new glue.DraftDns();
  assert.equal(typeof again.checkDraft(normal, null, null, null).grade, 'number');
  again.free();

  // Trap after trap: each fresh instance works, and the memory does not pile up.
  for (let i = 0; i < 30; i++) {
    assert.throws(() => glue.checkDraft(draft(`${i} ${MARKER}`), null, null, null), WebAssembly.RuntimeError);
    glue.reinstantiate();
    glue.setPublicSuffixList(await psl());
  }
  const last = glue.reinstantiate();
  glue.setPublicSuffixList(await psl());
  assert.deepEqual(glue.checkDraft(normal, null, null, null), before);
  console.log(`compose memory after 31 traps and fresh instances: ${(last.memory.buffer.byteLength / 2 ** 20).toFixed(1)} MB (the first instance's: ${(wasm.memory.buffer.byteLength / 2 ** 20).toFixed(1)} MB)`);
});

test('full module: checkRaw and readBounce trap, reinstantiate, they and the domain check work again', { skip }, async () => {
  const { glue } = await load(trapPkg, 'mailhint_full');
  const raw = (body) => new TextEncoder().encode(`Subject: Quarterly figures\r\nTo: anna@example.org\r\n\r\n${body}\r\n`);
  const before = glue.checkRaw(raw('Hello Anna'), null, null, null);
  assert.throws(() => glue.checkRaw(raw(MARKER), null, null, null), WebAssembly.RuntimeError);
  glue.reinstantiate();
  assert.deepEqual(glue.checkRaw(raw('Hello Anna'), null, null, null), before);
  const bounce = glue.readBounce(raw('550 5.1.1 <anna@example.org>: user unknown'), null);
  assert.throws(() => glue.readBounce(raw(`550 5.1.1 <anna@example.org>: user unknown ${MARKER}`), null), WebAssembly.RuntimeError);
  glue.reinstantiate();
  assert.deepEqual(glue.readBounce(raw('550 5.1.1 <anna@example.org>: user unknown'), null), bounce);
  const check = new glue.DomainCheck('example.org', null, null, true, null);
  assert.ok(check.step().requests.length > 0, 'the domain check asks for DNS answers');
  check.free();
});

test("the worker's WasmModule: a trap fails the call as Trapped, retires the old instance's objects, the next call runs on a fresh one, and the log has no draft text", { skip }, async () => {
  const { Trapped, WasmModule } = await import('../../extension/lib/wasm-module.js');
  // A module instance of the glue of its own (the query), as the worker has.
  const compose = await import(new URL('mailhint.js?worker', trapPkg));
  const full = await import(new URL('mailhint_full.js?worker', trapPkg));
  const list = await psl();
  const composeModule = new WasmModule(
    'compose',
    async () => {
      const exports = await compose.default({ module_or_path: await readFile(new URL('mailhint_bg.wasm', trapPkg)) });
      compose.setPublicSuffixList(list);
      return exports;
    },
    () => {
      composeModule.loading = Promise.resolve(compose.reinstantiate());
      compose.setPublicSuffixList(list);
    },
  );
  const fullModule = new WasmModule(
    'full',
    async () => full.default({ module_or_path: await readFile(new URL('mailhint_full_bg.wasm', trapPkg)) }),
    () => (fullModule.loading = Promise.resolve(full.reinstantiate())),
  );
  const warnings = [];
  const warn = console.warn;
  console.warn = (...args) => warnings.push(args.join(' '));
  try {
    await composeModule.ready();
    await fullModule.ready();
    const secret = `Dear Anna, the secret figures ${MARKER}`;

    // A draft's store, scoped to one synchronous run: the trap fails the run, the store is retired.
    const lint = (text) => composeModule.scoped(() => new compose.DraftDns(), (store) => store.checkDraft(draft(text), null, null, null));
    const before = lint('Hello Anna, the figures are attached.');
    const firstMemory = (await composeModule.ready()).memory;
    assert.throws(() => lint(secret), Trapped);
    assert.equal(composeModule.traps, 1);
    assert.equal(composeModule.live.size, 0, 'no object of the old instance is left');
    assert.deepEqual(lint('Hello Anna, the figures are attached.'), before, 'the next draft is analysed by the fresh instance');
    assert.notEqual((await composeModule.ready()).memory, firstMemory, 'ready() gives the fresh instance');

    // A domain check lives across awaits; a trap in another call meanwhile retires it.
    const check = fullModule.own(fullModule.run(() => new full.DomainCheck('example.org', null, null, true, 'en')));
    const use = fullModule.across(check);
    assert.ok(use(() => check.step()).requests.length > 0);
    const raw = new TextEncoder().encode(`Subject: x\r\n\r\n${secret}\r\n`);
    assert.throws(() => fullModule.run(() => full.checkRaw(raw, null, null, null)), Trapped);
    assert.equal(fullModule.alive(check), false, 'the check of the old instance is retired');
    assert.throws(() => use(() => check.step()), Trapped, 'and fails as Trapped, not with a stale pointer');
    fullModule.release(check); // nothing to free: no call reaches the new instance
    const fresh = fullModule.own(fullModule.run(() => new full.DomainCheck('example.org', null, null, true, 'en')));
    assert.ok(fullModule.across(fresh)(() => fresh.step()).requests.length > 0, 'a new check runs on the fresh instance');
    fullModule.release(fresh);
    assert.equal(fullModule.live.size, 0);

    // What the worker logs: the module, the error class and the engine's words; no draft text.
    assert.equal(warnings.length, 2, JSON.stringify(warnings));
    for (const line of warnings) {
      assert.match(line, /module trapped \(RuntimeError: unreachable\)/);
      for (const word of ['Anna', 'secret', MARKER]) assert.ok(!line.includes(word), line);
    }
  } finally {
    console.warn = warn;
  }
});
