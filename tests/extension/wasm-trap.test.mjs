// A trap inside WebAssembly, and the fresh instance the service worker and the tool pages make
// after it: the `reinstantiate` export build.sh appends to wasm-bindgen's glue (extension/
// background.js and extension/tools/full-module.js, `WasmModule`, call it; the DMARC page's
// `DmarcFiles` reads the files again into the fresh instance). The trapping modules are a
// test-only build (mailhint-wasm's `test-trap` feature: a draft or message holding
// MAILHINT-TEST-TRAP panics, so do a pasted warm-up list, a list row's address and a DMARC
// report's org_name; a panic is a trap in these builds), made by tests/tools/build_trap_dist.sh into target/test-trap/pkg;
// `./build.sh test` makes it. The shipped modules are checked to have no such trap.
// Run with `node --test tests/extension/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

const root = new URL('../../', import.meta.url);
const shippedPkg = new URL('extension/pkg/', root);
const trapPkg = new URL('target/test-trap/pkg/', root);
const MARKER = 'MAILHINT-TEST-TRAP';
const skip = existsSync(new URL('mailhint_full.js', trapPkg)) ? false : 'target/test-trap/pkg is missing: run tests/tools/build_trap_dist.sh (./build.sh test does)';

const draft = (body) => JSON.stringify({ subject: 'Quarterly figures', to: ['anna@example.org'], text: body });
const psl = () => readFile(new URL('public-suffix-list.txt', shippedPkg), 'utf8');

/** A DMARC aggregate report from `org` about example.com: one source, `count` messages. */
const dmarcXml = (org, count = 3) =>
  new TextEncoder().encode(`<?xml version="1.0"?>
<feedback><report_metadata><org_name>${org}</org_name><email>noreply@${org}</email><report_id>${org}-1</report_id>
<date_range><begin>1700000000</begin><end>1700086400</end></date_range></report_metadata>
<policy_published><domain>example.com</domain><p>none</p></policy_published>
<record><row><source_ip>192.0.2.7</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row>
<identifiers><header_from>example.com</header_from></identifiers>
<auth_results><spf><domain>example.com</domain><result>pass</result></spf></auth_results></record></feedback>`).buffer;
/** An address list whose second row's address holds the marker (a row that settles at once: no @). */
const listWithTrap = () => new TextEncoder().encode(`email\nanna@example.org\n${MARKER}\ntom@example.org\n`);
const warmup = (glue, list) => glue.warmupPlan(5000, '2026-03-02', true, true, list, 'en');

/** A module of `pkg`, instantiated: its exports (the glue's) and the wasm instance's. */
async function load(pkg, name) {
  const glue = await import(new URL(`${name}.js`, pkg));
  const wasm = await glue.default({ module_or_path: await readFile(new URL(`${name}_bg.wasm`, pkg)) });
  return { glue, wasm };
}

/**
 * The full module of `pkg` as a worker or a tool page has it: a glue module instance of its own
 * (`query` tells them apart) behind a `WasmModule`, renewed the way extension/tools/full-module.js
 * and extension/background.js renew it.
 */
async function fullModuleOf(query) {
  const { WasmModule } = await import('../../extension/lib/wasm-module.js');
  const glue = await import(new URL(`mailhint_full.js?${query}`, trapPkg));
  const module = new WasmModule(
    'full',
    async () => glue.default({ module_or_path: await readFile(new URL('mailhint_full_bg.wasm', trapPkg)) }),
    () => (module.loading = Promise.resolve(glue.reinstantiate())),
  );
  await module.ready();
  return { glue, module };
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
  assert.ok(warmup(full.glue, `anna@gmail.com\n${MARKER}@qq.com`).plan, 'nor warmupPlan');
  const list = new full.glue.AddressList(listWithTrap(), 'en', null);
  list.start('');
  assert.ok(list.step().rows.some((r) => r.address === MARKER), 'nor the address list');
  list.free();
  const reports = new full.glue.DmarcReports('en', false);
  assert.deepEqual(reports.addFile('trap.xml', new Uint8Array(dmarcXml(MARKER))).orgs, [MARKER], 'nor the DMARC reader');
  reports.free();
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
  const { glue: full, module: fullModule } = await fullModuleOf('worker');
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

test('full module, the tool pages\' entry points: warmupPlan, AddressList.step and DmarcReports.addFile trap; after reinstantiate they work', { skip }, async () => {
  const { glue } = await load(trapPkg, 'mailhint_full');
  const plan = warmup(glue, 'anna@gmail.com\ntom@qq.com');
  assert.throws(() => warmup(glue, `anna@gmail.com\n${MARKER}@qq.com`), WebAssembly.RuntimeError);
  glue.reinstantiate();
  assert.deepEqual(warmup(glue, 'anna@gmail.com\ntom@qq.com'), plan);

  const list = new glue.AddressList(listWithTrap(), 'en', null);
  list.start('');
  assert.throws(() => list.step(), WebAssembly.RuntimeError, 'a settled row holding the marker traps the step');
  // Retired as WasmModule retires them: their finalizer must not free a stale pointer in the
  // fresh instance.
  list.__destroy_into_raw();
  glue.reinstantiate();
  const fresh = new glue.AddressList(new TextEncoder().encode('email\nanna@example.org\nnot an address\n'), 'en', null);
  fresh.start('');
  assert.deepEqual(fresh.step().rows.map((r) => r.status), ['remove']);
  fresh.free();

  // The marker in the report's org_name, inside a gzip file: the trap fires on what was read.
  const reports = new glue.DmarcReports('en', false);
  assert.equal(reports.addFile('good.xml', new Uint8Array(dmarcXml('google.com'))).reports, 1);
  assert.throws(() => reports.addFile('trap.xml.gz', gzipSync(new Uint8Array(dmarcXml(MARKER)))), WebAssembly.RuntimeError);
  reports.__destroy_into_raw();
  glue.reinstantiate();
  const again = new glue.DmarcReports('en', false);
  assert.equal(again.addFile('good.xml', new Uint8Array(dmarcXml('google.com'))).reports, 1);
  again.free();
});

test('the tool pages\' WasmModule: a trap fails one warm-up plan or one list run as Trapped, the next runs on a fresh instance', { skip }, async () => {
  const { Trapped } = await import('../../extension/lib/wasm-module.js');
  const { glue, module } = await fullModuleOf('tools');
  const warn = console.warn;
  console.warn = () => {};
  try {
    const plan = module.run(() => warmup(glue, 'anna@gmail.com'));
    assert.throws(() => module.run(() => warmup(glue, `anna@gmail.com\n${MARKER}@qq.com`)), Trapped);
    assert.deepEqual(module.run(() => warmup(glue, 'anna@gmail.com')), plan, 'the next plan, from the fresh instance');

    // A list run as list-worker.js makes it: the list is owned, its calls go through `across`.
    const run = (bytes) => {
      const list = module.own(module.run(() => new glue.AddressList(bytes, 'en', null)));
      const use = module.across(list);
      use(() => list.start(''));
      const rows = use(() => list.step()).rows;
      module.release(list);
      return rows;
    };
    assert.throws(() => run(listWithTrap()), Trapped);
    assert.equal(module.live.size, 0, 'the trapped run\'s list is retired');
    const rows = run(new TextEncoder().encode('email\nanna@example.org\nnot an address\n'));
    assert.deepEqual(rows.map((r) => [r.address, r.status]), [['not an address', 'remove']], 'the next run reads its list');
    assert.equal(module.traps, 2);
  } finally {
    console.warn = warn;
  }
});

test('DmarcFiles: a trapping file fails alone; the files read before and after it make the analysis, read again into the fresh instance', { skip }, async () => {
  const { DmarcFiles } = await import('../../extension/tools/dmarc-files.js');
  const { glue, module } = await fullModuleOf('dmarc');
  const lost = [];
  const files = new DmarcFiles(module, glue.DmarcReports, 'zh-CN', false, (status) => lost.push(status));
  const warn = console.warn;
  const warnings = [];
  console.warn = (...args) => warnings.push(args.join(' '));
  try {
    const messages = () => {
      const reports = files.current();
      return module.across(reports)(() => reports.step()).analysis.domains.map((d) => [d.domain, d.reports, d.messages]);
    };
    const first = files.add('first.xml', dmarcXml('google.com', 3));
    assert.equal(first.error, null);
    assert.equal(first.reports, 1);
    const before = files.current();
    assert.deepEqual(messages(), [['example.com', 1, 3]]);

    const trapped = files.add('trap.xml.gz', gzipSync(new Uint8Array(dmarcXml(MARKER, 100))).buffer);
    assert.equal(trapped.trapped, true, JSON.stringify(trapped));
    assert.equal(trapped.file, 'trap.xml.gz');
    assert.match(trapped.error, /could not analyse this/);
    assert.equal(module.traps, 1);
    assert.equal(module.alive(before), false, 'the set of the instance that trapped is retired');

    const last = files.add('last.xml', dmarcXml('yahoo.com', 4));
    assert.equal(last.reports, 1, JSON.stringify(last));
    assert.notEqual(files.current(), before, 'a fresh set');
    assert.deepEqual(messages(), [['example.com', 2, 7]], 'first.xml read again, last.xml read, the trapping file left out');
    assert.deepEqual(files.kept.map((f) => f.name), ['first.xml', 'last.xml']);
    assert.deepEqual(lost, [], 'nothing lost in the replay');

    // A file that is no report is told so in the page's language, and not kept.
    const broken = files.add('broken.xml', new TextEncoder().encode('<feedback>').buffer);
    assert.ok(broken.error && !broken.trapped, JSON.stringify(broken));
    assert.equal(files.kept.length, 2);

    files.clear();
    assert.equal(module.live.size, 0, 'start over frees the set');
    assert.deepEqual(messages(), [], 'and forgets the files');
    files.clear();
    for (const line of warnings) for (const word of [MARKER, 'google', 'yahoo']) assert.ok(!line.includes(word), line);
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
  } finally {
    console.warn = warn;
  }
});
