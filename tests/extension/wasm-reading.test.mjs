// The full module's readers of received mail: `readBounce` (a bounce, per recipient: hard or
// soft, reason, codes, meaning and advice in the asked language) and the `MessageReport`
// stepper (the raw-message report, its DNS lookups answered round by round as the service
// worker does). Replies are built here from the package's own wire queries.
// Run by `./build.sh test` (node --test tests/extension/), after the wasm build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const root = new URL('../../', import.meta.url);
const pkg = new URL('extension/pkg/', root);
const { default: initFull, MessageReport, readBounce } = await import(new URL('mailhint_full.js', pkg));
await initFull({ module_or_path: await readFile(new URL('mailhint_full_bg.wasm', pkg)) });

const fixture = (path) => readFile(new URL(`tests/fixtures/${path}`, root));

/**
 * A reply to `query`: the question echoed, QR set, and TXT answers (none: NODATA).
 * @param {Uint8Array | number[]} query
 * @param {string[]} [txt]
 */
function reply(query, txt = []) {
  const q = Uint8Array.from(query);
  const header = q.slice(0, 12);
  header[2] |= 0x80;
  header[3] &= 0xf0;
  header[6] = 0;
  header[7] = txt.length;
  const records = txt.map((text) => {
    const bytes = new TextEncoder().encode(text);
    // Name pointer to the question (offset 12), TXT, IN, TTL 300, one character-string.
    return Uint8Array.from([0xc0, 12, 0, 16, 0, 1, 0, 0, 1, 44, 0, bytes.length + 1, bytes.length, ...bytes]);
  });
  const out = new Uint8Array(q.length + records.reduce((n, r) => n + r.length, 0));
  out.set(q);
  out.set(header);
  let at = q.length;
  for (const r of records) {
    out.set(r, at);
    at += r.length;
  }
  return out;
}

test('readBounce reads a DSN: a hard userunknown with its codes, advice in the asked language', async () => {
  const raw = await fixture('bounces/netease-user-not-found.eml');
  const en = readBounce(raw, 'en');
  assert.equal(en.is_bounce, true);
  assert.equal(en.error, undefined);
  assert.equal(en.bounces.length, 1);
  const [b] = en.bounces;
  assert.equal(b.recipient, 'buyer.wang@163.com');
  assert.equal(b.kind, 'hard');
  assert.equal(b.reason, 'userunknown');
  assert.equal(b.reply_code, '550');
  assert.match(b.diagnostic, /User not found/);
  assert.ok(b.meaning.length > 10 && b.advice.length > 10, 'meaning and advice are there');
  assert.doesNotMatch(b.advice, /[\u4e00-\u9fff]/, 'English advice');
  const zh = readBounce(raw, 'zh-CN');
  assert.match(zh.bounces[0].advice, /[\u4e00-\u9fff]/, 'Chinese advice');
  assert.equal(zh.bounces[0].reason, 'userunknown', 'the reason is the same id in both languages');
});

test('readBounce: ordinary mail is no bounce; bytes that are no message say so', async () => {
  const mail = readBounce(await fixture('report/M05/trigger.eml'), 'en');
  assert.equal(mail.is_bounce, false);
  assert.ok(mail.bounces.every((b) => b.kind === 'not-a-bounce'));
  const junk = readBounce(new TextEncoder().encode('just some words, no header block'), 'en');
  assert.equal(junk.is_bounce, false);
  assert.deepEqual(junk.bounces, []);
  assert.match(junk.error, /not an email message/);
  assert.match(readBounce(new Uint8Array(), null).error, /empty/);
});

test('MessageReport steps through its lookups; an SPF record that leaves the IP out takes points', async () => {
  const raw = await fixture('report/M05/trigger.eml');
  const report = new MessageReport(raw, 'en');
  const asked = [];
  try {
    for (let round = 0; round < 45; round++) {
      const step = report.step();
      if (!step.requests.length) {
        assert.equal(step.report.complete, true);
        assert.equal(step.report.facts.sending_ip, '58.218.199.99');
        assert.equal(step.report.facts.dkim, null, 'no DKIM verification in the wasm');
        const spf = step.report.deductions.find((d) => d.code === 'M05');
        assert.ok(spf, `M05 takes points: ${JSON.stringify(step.report.deductions)}`);
        assert.ok(step.report.score < 10 && step.report.score >= 0);
        assert.ok(asked.some((q) => q === 'good.report.test TXT'), `SPF asked: ${asked.join(', ')}`);
        assert.ok(asked.some((q) => q.endsWith('.in-addr.arpa PTR')), `PTR asked: ${asked.join(', ')}`);
        return;
      }
      assert.equal(step.report.complete, false, 'incomplete while requests are out');
      for (const r of step.requests) {
        if (r.kind !== 'dns') {
          report.failHttps(r.url, 'not fetched');
          continue;
        }
        asked.push(`${r.name} ${r.type}`);
        assert.ok(r.wire, `${r.name} can be sent`);
        const txt = r.name === 'good.report.test' && r.type === 'TXT' ? ['v=spf1 ip4:58.218.199.40 -all'] : [];
        assert.equal(typeof report.answerDns(r.name, r.type, reply(r.wire, txt)), 'number');
      }
    }
    assert.fail('the report did not finish within 45 rounds');
  } finally {
    report.free();
  }
});

test('MessageReport: failed lookups still finish the report; bytes that are no message throw', async () => {
  const report = new MessageReport(await fixture('report/M05/trigger.eml'), 'zh-CN');
  try {
    for (let round = 0; round < 45; round++) {
      const { report: r, requests } = report.step();
      if (!requests.length) {
        assert.equal(r.complete, true);
        assert.ok(r.facts.unknown.length > 0, 'what could not be looked up is said');
        break;
      }
      for (const q of requests) {
        if (q.kind === 'dns') report.failDns(q.name, q.type, 'no answer');
        else report.failHttps(q.url, 'not fetched');
      }
    }
  } finally {
    report.free();
  }
  const junk = new MessageReport(new Uint8Array(), 'en');
  try {
    assert.throws(() => junk.step());
  } finally {
    junk.free();
  }
});
