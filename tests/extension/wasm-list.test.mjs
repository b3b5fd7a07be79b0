// The address-list checker in the WebAssembly package (AddressList, full module) against the
// native CLI: the same list, every domain answered NXDOMAIN (the wasm from replies built here,
// the CLI from an empty zone file), must give the same CSV, row for row. Also: each distinct
// domain is asked once, rows stream out as they settle, bad input is an exception.
// Run by `./build.sh test` (node --test tests/extension/), after the wasm and CLI builds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = new URL('../../', import.meta.url);
const pkg = new URL('extension/pkg/', root);
const { default: init, AddressList } = await import(new URL('mailhint_full.js', pkg));
await init({ module_or_path: await readFile(new URL('mailhint_full_bg.wasm', pkg)) });
const disposable = await readFile(new URL('disposable-email-domains.txt', pkg), 'utf8');
const cli = fileURLToPath(new URL('target/release/mailhint', root));

/** An NXDOMAIN reply to `query`: the question echoed, QR set, rcode 3. */
function nxdomain(query) {
  const bytes = Uint8Array.from(query);
  bytes[2] |= 0x80;
  bytes[3] = (bytes[3] & 0xf0) | 3;
  return bytes;
}

const LIST = [
  '姓名,邮箱,公司',
  '王伟,wang@acme-led.example,"Acme, Inc."',
  'Tom,tom@gmial.com,',
  'Dup,WANG@acme-led.example,',
  'Dup2,wang@ACME-LED.example,',
  'Info,info@other.example,',
  'Bad,bad..dots@other.example,',
  'Temp,t@mailinator.com,',
  'Empty,,',
].join('\n');

/** Runs a list to the end, answering every question NXDOMAIN; the steps' rows and questions. */
function run(list) {
  list.start(disposable);
  const rows = [];
  const questions = [];
  for (let round = 0; round < 10; round++) {
    const step = list.step();
    rows.push(...step.rows);
    if (!step.requests.length) return { rows, questions, summary: step.summary };
    for (const r of step.requests) {
      questions.push(`${r.name}/${r.type}`);
      list.answerDns(r.name, r.type, nxdomain(r.wire));
    }
  }
  throw new Error('no end after 10 rounds');
}

test('AddressList gives the native CLI\'s verdicts, row for row', (t) => {
  const list = new AddressList(new TextEncoder().encode(LIST), 'zh-CN');
  const info = list.info();
  assert.deepEqual(info.columns, ['姓名', '邮箱', '公司']);
  assert.equal(info.emailColumn, 1);
  assert.ok(info.reasons.some((r) => r.name === 'null-mx' && r.status === 'remove' && /空 MX/.test(r.label)));
  const { rows, questions, summary } = run(list);
  assert.deepEqual(questions.sort(), ['acme-led.example/MX', 'other.example/MX'], 'each distinct domain once, typo and disposable domains not at all');
  assert.deepEqual(rows.map((r) => r.row).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7], 'every row settles once');
  assert.equal(summary.removed, 8);
  const csv = list.csv('all');
  assert.match(csv, /^姓名,邮箱,公司,status,reason,detail\n/);
  if (!existsSync(cli)) {
    t.diagnostic(`SKIPPED the CLI comparison: ${cli} is missing (./build.sh cli)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mailhint-list-'));
  try {
    writeFileSync(join(dir, 'empty.zone'), '$ORIGIN nothing.invalid.\nx IN A 192.0.2.1\n');
    writeFileSync(join(dir, 'list.csv'), LIST);
    const native = execFileSync(cli, ['list', '--zone', join(dir, 'empty.zone'), '--format', 'csv', '--lang', 'zh-CN', join(dir, 'list.csv')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    assert.equal(csv, native);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  list.free();
});

test('AddressList: the clean list, bounces, giving up, and bad input as exceptions', () => {
  const list = new AddressList(new TextEncoder().encode('a@one.example\nb@two.example\ngone@one.example\n'), 'en');
  const bounces = JSON.stringify({ bounces: [{ recipient: 'gone@one.example', kind: 'hard', reason: 'userunknown' }] });
  assert.equal(list.addBounces(new TextEncoder().encode(bounces)), 1);
  list.start(disposable);
  const first = list.step();
  assert.deepEqual(first.rows.map((r) => [r.address, r.reasons.map((x) => x.name).join()]), [['gone@one.example', 'hard-bounced']]);
  assert.equal(first.requests.length, 2);
  list.giveUp();
  const last = list.step();
  assert.equal(last.requests.length, 0);
  assert.deepEqual(last.rows.map((r) => r.status), ['doubtful', 'doubtful'], 'not checked is doubtful, never removed');
  assert.equal(list.csv('clean'), 'email\na@one.example\nb@two.example\n');
  assert.throws(() => list.csv('other'), /clean, removed or all/);
  list.free();
  assert.throws(() => new AddressList(Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0]), 'en'), /Excel/);
  // Text the worker decoded from GB18030 (TextDecoder) comes with the encoding's name.
  const gbk = Uint8Array.from([0xd3, 0xca, 0xcf, 0xe4, 0x0a, ...new TextEncoder().encode('wang@163.com\n')]);
  const decoded = new AddressList(new TextEncoder().encode(new TextDecoder('gb18030').decode(gbk)), 'zh-CN', 'GB18030');
  assert.deepEqual(decoded.info().columns, ['邮箱']);
  assert.match(decoded.info().notes[0], /GB18030/);
  decoded.free();
  assert.throws(() => new AddressList(new TextEncoder().encode('name,phone\nMaria,1\n'), 'zh-CN'), /没有找到邮箱地址列/);
  assert.throws(() => new AddressList(new TextEncoder().encode('a@b.example\n'), 'en').addBounces(new TextEncoder().encode('{"nope": [}')), /mailhint bounce/);
});
