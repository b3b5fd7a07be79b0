// The DNS plumbing of the WebAssembly package: DraftDns (R10's answers) and DomainCheck (the
// sender-domain check) take wire replies as bytes and give wire queries and TTLs back, so the
// service worker only moves bytes. Replies are built here from the package's own queries.
// Run by `./build.sh test` (node --test tests/extension/), after the wasm build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const root = new URL('../../', import.meta.url);
const pkg = new URL('extension/pkg/', root);
// DraftDns from the compose module (compose windows), DomainCheck from the full one (the popup).
const { default: init, DraftDns, setPublicSuffixList } = await import(new URL('mailhint.js', pkg));
await init({ module_or_path: await readFile(new URL('mailhint_bg.wasm', pkg)) });
setPublicSuffixList(await readFile(new URL('public-suffix-list.txt', pkg), 'utf8'));
const { default: initFull, DomainCheck } = await import(new URL('mailhint_full.js', pkg));
await initFull({ module_or_path: await readFile(new URL('mailhint_full_bg.wasm', pkg)) });

/**
 * A reply to `query` with `rcode` and no records: the question echoed, QR set.
 * @param {Uint8Array | number[]} query
 * @param {number} rcode 0 NOERROR (here: NODATA), 3 NXDOMAIN
 */
function emptyReply(query, rcode) {
  const bytes = Uint8Array.from(query);
  bytes[2] |= 0x80;
  bytes[3] = (bytes[3] & 0xf0) | rcode;
  return bytes;
}

const DRAFT = JSON.stringify({
  subject: 'Quotation for IP65 LED high-bays',
  from: 'Lily Chen <lily@x-lighting.example>',
  to: ['Tom <tom@acme-lightning.example>'],
  text: 'Hi Tom,\n\nhere is our quotation.\n\nBest regards,\nLily',
});

test('R10 asks for the recipient domain, then fires on NXDOMAIN; a failed lookup keeps it silent', () => {
  const dns = new DraftDns();
  try {
    const first = dns.checkDraft(DRAFT, null, 'en', null);
    assert.deepEqual(first.lookups, [{ name: 'acme-lightning.example', type: 'MX' }]);
    assert.ok(!first.findings.some((f) => f.code === 'R10'), 'silent while the answer is missing');
    const query = dns.wireQuery('acme-lightning.example', 'MX');
    assert.ok(query instanceof Uint8Array || Array.isArray(query));
    const ttl = dns.answer('acme-lightning.example', 'MX', emptyReply(query, 3));
    assert.equal(ttl, 300, 'an NXDOMAIN without SOA is cached for the default five minutes');
    const second = dns.checkDraft(DRAFT, null, 'en', null);
    assert.equal(second.lookups, undefined, 'nothing left to look up (the field is left out)');
    const r10 = second.findings.find((f) => f.code === 'R10');
    assert.ok(r10, 'R10 fires');
    assert.equal(r10.part, 'recipients');
    assert.match(r10.message, /tom@acme-lightning\.example: the domain does not exist/);
  } finally {
    dns.free();
  }
  const failing = new DraftDns();
  try {
    failing.checkDraft(DRAFT, null, 'en', null);
    failing.fail('acme-lightning.example', 'MX', 'no answer within 4 s');
    const report = failing.checkDraft(DRAFT, null, 'en', null);
    assert.ok(!report.findings.some((f) => f.code === 'R10'));
    assert.equal(report.lookups, undefined);
  } finally {
    failing.free();
  }
  // The plain checkDraft does no lookups at all.
  const dnsless = new DraftDns();
  try {
    assert.equal(dnsless.checkDraft(DRAFT, null, 'en', ['R10']).lookups, undefined, 'R10 switched off: nothing to look up');
  } finally {
    dnsless.free();
  }
});

test('DomainCheck steps until no request is left, and takes answers and failures of both kinds', () => {
  const check = new DomainCheck('Lily@X-Lighting.EXAMPLE', ['s1'], '192.0.2.25', true, 'zh-CN');
  try {
    // An answer from a fallback resolver that does not validate: the AD bit stops counting.
    check.resolverNotValidating();
    for (let round = 0; round < 45; round++) {
      const { report, requests } = check.step();
      assert.equal(report.domain, 'x-lighting.example');
      if (!requests.length) {
        assert.equal(report.complete, true);
        assert.ok(Array.isArray(report.summary) && Array.isArray(report.findings));
        return;
      }
      assert.equal(report.complete, false, 'incomplete while requests are out');
      for (const r of requests) {
        if (r.kind === 'dns') {
          assert.ok(r.wire, `${r.name} can be sent`);
          assert.equal(typeof check.answerDns(r.name, r.type, emptyReply(r.wire, 0)), 'number');
        } else {
          check.failHttps(r.url, 'not permitted');
        }
      }
    }
    assert.fail('the check did not finish within 45 rounds');
  } finally {
    check.free();
  }
});

test('DomainCheck refuses a bad IP and a bad record type with an exception, not a trap', () => {
  assert.throws(() => new DomainCheck('example.com', null, 'not an ip', false, null), /not an IP address/);
  const check = new DomainCheck('example.com', null, null, false, null);
  try {
    assert.throws(() => check.answerDns('example.com', 'BOGUS', new Uint8Array()), /unknown record type/);
    assert.equal(check.answerDns('example.com', 'TXT', new Uint8Array([1, 2, 3])), 0, 'garbage is a failed lookup, cached for 0 s');
    check.failDns('example.com', 'MX', 'SERVFAIL');
    check.answerHttps('https://mta-sts.example.com/.well-known/mta-sts.txt', 200, 'text/plain', null, new TextEncoder().encode('version: STSv1\n'));
  } finally {
    check.free();
  }
});
