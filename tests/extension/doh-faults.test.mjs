// The DoH client (extension/lib/doh.js) under resolver faults, with the full wasm module's
// sender-domain check on top, as the service worker runs it (`runDomainCheck`): the primary
// resolver is tests/e2e/doh-faults.mjs (down, 5 s latency, SERVFAIL, TC bit, cut-off bodies,
// wrong content type, an HTML page with status 200, a redirect loop) and the fallback the real
// BIND behind dnsdist (tests/dns/start.sh). For each fault: with a working fallback the report
// is the fallback's, whole; with a faulty fallback too, every check ends `unknown` with the
// fault's reason, within the check's budget. Prints the times. Run with `node --test
// tests/extension/` (needs bind9 and dnsdist: ./build.sh setup).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DohClient } from '../../extension/lib/doh.js';
import { FAULTS, startFaultyDoh } from '../e2e/doh-faults.mjs';
import { ROOT, dnsMissing, startDoh, stopDoh } from '../e2e/harness.mjs';

/** This file's own DNS servers (ports of issue 7's fault tests). */
const DNS_ENV = {
  MAILHINT_DNS_STATE: join(ROOT, 'target', 'dns-faults-node'),
  MAILHINT_DNS_PORT: '26353',
  MAILHINT_DNSDIST_PORT: '26354',
  MAILHINT_DOH_PORT: '29050',
};
/**
 * The longest a domain check may take when resolvers fail: a question's budget (8 s, the
 * client's default) for the first round, and set-aside resolvers answering fast after it.
 */
export const DOMAIN_CHECK_BUDGET_MS = 20_000;
/** Checks whose job is to report failed lookups: they may say "problem" when all lookups fail. */
const REPORT_FAILURES = new Set(['DNS-QUERY-FAILED', 'BL-UNAVAILABLE']);

const skip = dnsMissing() || false;
if (skip) console.log(`SKIPPED DoH fault tests: ${skip}`);

/** @type {string} */ let doh;
let faulty;
let full;

before(async () => {
  if (skip) return;
  doh = startDoh([join(ROOT, 'tests/e2e/dns/e2e.zone')], DNS_ENV);
  faulty = await startFaultyDoh(doh);
  const pkg = new URL('../../extension/pkg/', import.meta.url);
  full = await import(new URL('mailhint_full.js', pkg));
  await full.default({ module_or_path: await readFile(new URL('mailhint_full_bg.wasm', pkg)) });
});

after(async () => {
  await faulty?.close();
  if (!skip) stopDoh(DNS_ENV);
});

/**
 * The sender-domain check of `domain` through `client`, round after round as the service
 * worker runs it (HTTPS fetches left out: MTA-STS and BIBI fail as "not fetched").
 * @param {DohClient} client
 */
async function domainCheck(client, domain = 'x-lighting.example') {
  const check = new full.DomainCheck(domain, null, null, client.validating, 'en');
  const started = performance.now();
  try {
    for (let round = 1; round <= 40; round++) {
      const { report, requests } = check.step();
      if (!requests.length) return { report, rounds: round, ms: performance.now() - started };
      await Promise.all(
        requests.map(async (request) => {
          if (request.kind !== 'dns') return check.failHttps(request.url, 'not fetched in this test');
          try {
            const reply = await client.query(request.name, request.type, request.wire, { fresh: true });
            if (!reply.validating) check.resolverNotValidating();
            check.answerDns(request.name, request.type, reply.bytes);
          } catch (error) {
            check.failDns(request.name, request.type, String(error.message));
          }
        }),
      );
    }
    throw new Error('more than 40 rounds');
  } finally {
    check.free();
  }
}

/** The first round of questions of a domain check (each with its wire query). */
function firstRound() {
  const check = new full.DomainCheck('x-lighting.example', null, null, false, 'en');
  try {
    return check.step();
  } finally {
    check.free();
  }
}

/** A fetch that records the URL of every request. */
function recording() {
  const urls = [];
  return { urls, fetch: (url, init) => (urls.push(String(url)), fetch(url, init)) };
}

const shape = (report) => report.findings.map((f) => `${f.code}:${f.status}`).sort();

test('each resolver fault: the fallback answers, or every check is unknown with the reason, within the budget', { skip, timeout: 300_000 }, async () => {
  const baseline = await domainCheck(new DohClient({ resolvers: [{ url: doh, validating: false }] }));
  assert.ok(!baseline.report.findings.some((f) => f.code === 'DNS-QUERY-FAILED'), 'the real resolver answers everything');
  assert.ok(baseline.report.findings.some((f) => f.status !== 'unknown'), 'the baseline has real results');
  const rows = [];
  for (const fault of FAULTS) {
    // A faulty primary, the real resolver as the fallback.
    const primary = faulty.url(fault.id);
    const log = recording();
    const client = new DohClient({ resolvers: [{ url: primary, validating: false }, { url: doh, validating: false }], fetch: log.fetch });
    const withFallback = await domainCheck(client);
    assert.deepEqual(shape(withFallback.report), shape(baseline.report), `${fault.name}: the fallback's answers make the same report`);
    assert.ok(log.urls.some((u) => u.startsWith(doh)), `${fault.name}: the fallback was asked`);
    assert.ok(log.urls.some((u) => u.startsWith(primary)), `${fault.name}: the primary was asked first`);
    // The broken primary is set aside: the next question goes straight to the fallback.
    const sent = log.urls.length;
    const { requests } = firstRound();
    await client.query(requests[0].name, requests[0].type, requests[0].wire, { fresh: true });
    assert.deepEqual(log.urls.slice(sent).map((u) => u.startsWith(doh)), [true], `${fault.name}: a question after the check is sent to the fallback only`);

    // Both faulty: every check could not be done, and says why.
    const both = await domainCheck(new DohClient({ resolvers: [{ url: primary, validating: false }, { url: faulty.url(fault.id, 'second'), validating: false }] }));
    for (const f of both.report.findings) {
      if (!REPORT_FAILURES.has(f.code)) assert.equal(f.status, 'unknown', `${fault.name}: ${f.code} is "could not check"`);
    }
    const failed = both.report.findings.find((f) => f.code === 'DNS-QUERY-FAILED');
    assert.ok(failed, `${fault.name}: the failed lookups are reported`);
    assert.match(failed.message, fault.reason, `${fault.name}: the reason says what went wrong`);
    assert.ok(both.ms < DOMAIN_CHECK_BUDGET_MS, `${fault.name}: both faulty took ${Math.round(both.ms)} ms (budget ${DOMAIN_CHECK_BUDGET_MS} ms)`);
    rows.push({ fault: fault.name, fallbackMs: Math.round(withFallback.ms), bothFaultyMs: Math.round(both.ms), rounds: both.rounds, reason: failed.message.slice(0, 160) });
  }
  console.log(`baseline (real resolver only): ${Math.round(baseline.ms)} ms, ${baseline.rounds} rounds`);
  console.table(rows);
});
