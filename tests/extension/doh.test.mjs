// The service worker's DNS-over-HTTPS client (extension/lib/doh.js) with a mock `fetch`:
// base64url without padding, GET with only a safelisted header, retry and fallback to the next
// resolver, timeouts, at most 8 requests at once, one request for two askers, and the cache
// honouring the TTL (in memory and in a storage area standing in for storage.session).
// Run with `node --test tests/extension/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DohClient, PRESETS, base64url, customUrl, defaultOrder, fromBase64url, replyProblem, resolversFor } from '../../extension/lib/doh.js';

/** `SOA .`, ID 0, RD: the query tests/dns/start.sh sends with curl, and its base64url. */
const SOA_ROOT = [0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 1];
const SOA_ROOT_B64 = 'AAABAAABAAAAAAAAAAAGAAE';
const A = { url: 'https://a.example/dns-query', validating: true };
const B = { url: 'https://b.example/dns-query', validating: false };
const REPLY = new Uint8Array([0, 0, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 1]);

/**
 * A mock fetch: `plan(url, call)` says what each call gets (a status number, 'hang', 'throw', or
 * a Response). Records every call.
 * @param {(url: string, n: number) => number | 'hang' | 'throw' | Response} plan
 */
function mockFetch(plan) {
  /** @type {{url: string, init: RequestInit}[]} */
  const calls = [];
  const fn = async (url, init) => {
    calls.push({ url, init });
    const what = plan(url, calls.length);
    if (what === 'throw') throw new TypeError('Failed to fetch');
    if (what === 'hang') {
      return new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    }
    if (what instanceof Response) return what;
    return new Response(what === 200 ? REPLY : 'error', { status: what, headers: { 'content-type': what === 200 ? 'application/dns-message' : 'text/plain' } });
  };
  return { fn, calls };
}

test('queries are sent as GET ?dns= in base64url without padding, with only a safelisted header', async () => {
  assert.equal(base64url(SOA_ROOT), SOA_ROOT_B64);
  assert.deepEqual([...fromBase64url(SOA_ROOT_B64)], SOA_ROOT);
  for (const n of [1, 2, 3, 4, 5, 255]) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 250) % 256);
    const encoded = base64url(bytes);
    assert.match(encoded, /^[A-Za-z0-9_-]*$/, 'no +, / or = padding');
    assert.deepEqual([...fromBase64url(encoded)], [...bytes]);
  }
  const { fn, calls } = mockFetch(() => 200);
  const client = new DohClient({ resolvers: [A], fetch: fn });
  const reply = await client.query('.', 'SOA', SOA_ROOT);
  assert.deepEqual([...reply.bytes], [...REPLY]);
  assert.equal(reply.resolver, A.url);
  assert.equal(calls.length, 1);
  assert.equal(calls[0].url, `${A.url}?dns=${SOA_ROOT_B64}`);
  assert.equal(calls[0].init.method, 'GET');
  assert.deepEqual(Object.keys(calls[0].init.headers), ['accept'], 'Accept is CORS-safelisted: the request stays simple');
  assert.equal(calls[0].init.credentials, 'omit');
  assert.equal(calls[0].init.body, undefined);
});

test('a transient failure is retried once, then the next resolver answers', async () => {
  const { fn, calls } = mockFetch((url) => (url.startsWith(A.url) ? 503 : 200));
  const client = new DohClient({ resolvers: [A, B], fetch: fn });
  const reply = await client.query('example.com', 'TXT', SOA_ROOT);
  assert.equal(reply.resolver, B.url);
  assert.equal(reply.validating, false, 'the fallback does not validate DNSSEC, and the reply says so');
  assert.deepEqual(calls.map((c) => new URL(c.url).host), ['a.example', 'a.example', 'b.example']);
});

test('a refused request (HTTP 400, not a DNS answer) goes to the next resolver without a retry', async () => {
  const { fn, calls } = mockFetch((url) => (url.startsWith(A.url) ? 400 : 200));
  const client = new DohClient({ resolvers: [A, B], fetch: fn });
  assert.equal((await client.query('example.com', 'MX', SOA_ROOT)).resolver, B.url);
  assert.equal(calls.length, 2);

  const html = mockFetch((url) => (url.startsWith(A.url) ? new Response('<html>', { status: 200, headers: { 'content-type': 'text/html' } }) : 200));
  const second = new DohClient({ resolvers: [A, B], fetch: html.fn });
  assert.equal((await second.query('example.com', 'MX', SOA_ROOT)).resolver, B.url);
  assert.equal(html.calls.length, 2);
});

test('a resolver that does not answer in time is abandoned; when all fail the reasons are given', async () => {
  const { fn, calls } = mockFetch((url) => (url.startsWith(A.url) ? 'hang' : 'throw'));
  const client = new DohClient({ resolvers: [A, B], fetch: fn, timeoutMs: 50 });
  const started = Date.now();
  await assert.rejects(client.query('example.com', 'A', SOA_ROOT), (error) => {
    assert.match(error.message, /a\.example: no answer within 0\.05 s/);
    assert.match(error.message, /b\.example: could not connect/);
    return true;
  });
  assert.deepEqual(calls.map((c) => new URL(c.url).host), ['a.example', 'b.example', 'b.example'], 'a slow resolver is not asked twice; a failed connection is retried once');
  assert.ok(Date.now() - started < 2000, 'the timeouts fired');
});

test('a question ends within its budget, and a resolver that failed is set aside for the next questions', async () => {
  const C = { url: 'https://c.example/dns-query', validating: false };
  const hanging = mockFetch(() => 'hang');
  const slow = new DohClient({ resolvers: [A, B, C], fetch: hanging.fn, timeoutMs: 50, budgetMs: 120 });
  const started = Date.now();
  await assert.rejects(slow.query('example.com', 'A', SOA_ROOT), (error) => {
    assert.match(error.message, /a\.example: no answer within 0\.05 s; b\.example: no answer within 0\.05 s; c\.example: (no answer within 0\.0\d+ s|not asked, the 0\.12 s for this question were spent)/);
    return true;
  });
  assert.ok(Date.now() - started < 1000, `the budget holds: ${Date.now() - started} ms`);

  const { fn, calls } = mockFetch((url) => (url.startsWith(A.url) ? 'throw' : 200));
  const client = new DohClient({ resolvers: [A, B], fetch: fn });
  assert.equal((await client.query('one.example', 'MX', SOA_ROOT)).resolver, B.url);
  assert.equal((await client.query('two.example', 'MX', SOA_ROOT)).resolver, B.url);
  assert.deepEqual(calls.map((c) => new URL(c.url).host), ['a.example', 'a.example', 'b.example', 'b.example'], 'the second question goes to b first');
});

test('replies that are no answer go to the next resolver: SERVFAIL, REFUSED, TC, cut off, redirected', async () => {
  const header = (flags, rcode) => Uint8Array.from([...SOA_ROOT.slice(0, 2), 0x80 | flags, 0x80 | rcode, ...SOA_ROOT.slice(4)]);
  const withAnswer = Uint8Array.from([0, 0, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 6, 0, 1, 0, 0, 6, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4]);
  assert.equal(replyProblem(withAnswer, Uint8Array.from(SOA_ROOT)), '', 'a whole answer');
  assert.equal(replyProblem(header(0, 3), Uint8Array.from(SOA_ROOT)), '', 'NXDOMAIN is an answer');
  const cases = [
    [header(0, 2), /SERVFAIL/],
    [header(0, 5), /REFUSED/],
    [header(0x02, 0), /TC bit/],
    [withAnswer.subarray(0, withAnswer.length - 2), /cut-off answer \(30 bytes/],
    [withAnswer.subarray(0, 8), /not a DNS message/],
    [Uint8Array.from(SOA_ROOT), /a query came back/],
    [Uint8Array.from([0, 7, ...header(0, 0).subarray(2)]), /another question/],
  ];
  for (const [reply, reason] of cases) {
    assert.match(replyProblem(reply, Uint8Array.from(SOA_ROOT)), reason);
    const { fn, calls } = mockFetch((url) => (url.startsWith(A.url) ? new Response(reply, { status: 200, headers: { 'content-type': 'application/dns-message' } }) : 200));
    const client = new DohClient({ resolvers: [A, B], fetch: fn });
    assert.equal((await client.query('example.com', 'A', SOA_ROOT)).resolver, B.url, String(reason));
    assert.equal(calls.length, 2, `${reason}: not retried on the same resolver`);
  }
  const redirect = mockFetch((url) => (url.startsWith(A.url) ? new Response(null, { status: 302, headers: { location: A.url } }) : 'throw'));
  await assert.rejects(new DohClient({ resolvers: [A, B], fetch: redirect.fn }).query('example.com', 'A', SOA_ROOT), /a\.example: redirected \(HTTP 302\)/);
  assert.equal(redirect.calls[0].init.redirect, 'manual', 'redirects are not followed');
});

test('answers are cached for their TTL, also across a restart of the worker (session storage)', async () => {
  let now = 1_000_000;
  const { fn, calls } = mockFetch(() => 200);
  const stored = new Map();
  const storage = {
    get: async (key) => (key === null ? Object.fromEntries(stored) : stored.has(key) ? { [key]: stored.get(key) } : {}),
    set: async (items) => {
      for (const [k, v] of Object.entries(items)) stored.set(k, structuredClone(v));
    },
    remove: async (keys) => keys.forEach((k) => stored.delete(k)),
  };
  const client = new DohClient({ resolvers: [A], fetch: fn, now: () => now, storage });
  const first = await client.query('example.com', 'TXT', SOA_ROOT);
  assert.equal(first.cached, false);
  await client.remember('example.com', 'TXT', first, 60);
  now += 59_000;
  const second = await client.query('example.com', 'TXT', SOA_ROOT);
  assert.equal(second.cached, true);
  assert.equal(calls.length, 1, 'within the TTL: no request');

  // A new worker (empty memory) finds the answer in session storage.
  const restarted = new DohClient({ resolvers: [A], fetch: fn, now: () => now, storage });
  const third = await restarted.query('example.com', 'TXT', SOA_ROOT);
  assert.equal(third.cached, true);
  assert.equal(third.validating, true, 'whether its resolver validates is kept with the answer');
  assert.deepEqual([...third.bytes], [...REPLY]);
  assert.equal(calls.length, 1);

  now += 2_000; // past the TTL
  assert.equal((await client.query('example.com', 'TXT', SOA_ROOT)).cached, false);
  assert.equal(calls.length, 2);
  // A later worker drops what expired meanwhile from session storage.
  const later = new DohClient({ resolvers: [A], fetch: fn, now: () => now, storage });
  await later.loadStored();
  assert.equal(stored.size, 0, 'the expired answer is removed from session storage');
  // `fresh` skips a fresh cache (the re-check button), and a TTL of 0 keeps nothing.
  await client.remember('example.com', 'MX', { bytes: REPLY, resolver: A.url, validating: true, cached: false }, 0);
  assert.equal((await client.query('example.com', 'MX', SOA_ROOT)).cached, false);
  await client.remember('example.com', 'TXT', { bytes: REPLY, resolver: A.url, validating: true, cached: false }, 300);
  assert.equal((await client.query('example.com', 'TXT', SOA_ROOT, { fresh: true })).cached, false);
  assert.equal(calls.length, 4);
});

test('at most 8 requests run at once, and two askers of one question share one request', async () => {
  let running = 0;
  let peak = 0;
  const fn = async () => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, 10));
    running--;
    return new Response(REPLY, { status: 200, headers: { 'content-type': 'application/dns-message' } });
  };
  const client = new DohClient({ resolvers: [A], fetch: fn });
  const names = Array.from({ length: 30 }, (_, i) => `n${i}.example`);
  await Promise.all([...names, ...names].map((name) => client.query(name, 'A', SOA_ROOT)));
  assert.equal(peak, 8);
  assert.equal(client.sent, 30, 'the duplicates were not sent again');
});

test('the resolver order: AliDNS first for Chinese browsers, the chosen one first, custom URLs checked', () => {
  assert.deepEqual(defaultOrder('zh-CN'), ['alidns', 'cloudflare', 'google']);
  assert.deepEqual(defaultOrder('zh-TW')[0], 'alidns');
  assert.deepEqual(defaultOrder('en-US'), ['cloudflare', 'google', 'alidns']);
  assert.deepEqual(resolversFor({}, 'zh-CN').map((r) => r.url), [PRESETS.alidns.url, PRESETS.cloudflare.url, PRESETS.google.url]);
  assert.deepEqual(resolversFor({ resolver: 'google' }, 'zh-CN').map((r) => r.url), [PRESETS.google.url, PRESETS.alidns.url, PRESETS.cloudflare.url]);
  const custom = resolversFor({ resolver: 'custom', resolverUrl: 'https://doh.example.net/dns-query' }, 'en');
  assert.deepEqual(custom[0], { url: 'https://doh.example.net/dns-query', validating: false });
  assert.equal(custom.length, 4);
  assert.equal(customUrl('http://doh.example.net/dns-query'), null, 'plain HTTP only on loopback');
  assert.equal(customUrl('http://127.0.0.1:8054/dns-query'), 'http://127.0.0.1:8054/dns-query');
  assert.equal(customUrl('https://doh.example.net/dns-query?dns=x'), null);
  assert.equal(customUrl('not a url'), null);
  assert.equal(resolversFor({ resolver: 'custom', resolverUrl: 'ftp://x' }, 'en')[0], PRESETS.cloudflare, 'a bad custom URL falls back');
});
