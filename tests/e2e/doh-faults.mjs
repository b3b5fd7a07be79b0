// A DNS-over-HTTPS resolver that misbehaves on purpose, for the fault tests of the DoH client
// (tests/extension/doh-faults.test.mjs under node, tests/e2e/faults.test.mjs in Chromium). It
// forwards each question to a real resolver (the test's BIND behind dnsdist) and spoils the
// answer in one of the ways a resolver, a proxy or a captive portal does; the fault is the first
// segment of the path: `http://127.0.0.1:PORT/<fault>/dns-query`. Every request it receives is
// counted per fault.
import { createServer } from 'node:http';
import { createSecureServer } from 'node:http2';
import { createServer as createNetServer } from 'node:net';

/**
 * The faults, each with what the client's reason must say. `down` is a port nobody listens on
 * (connection refused); the others are served.
 */
export const FAULTS = [
  { id: 'down', name: 'resolver down (connection refused)', reason: /could not connect/ },
  { id: 'slow', name: '5 s latency', reason: /no answer within/ },
  { id: 'servfail', name: 'SERVFAIL', reason: /SERVFAIL/ },
  { id: 'truncated', name: 'truncated answer (TC bit)', reason: /truncated answer \(TC bit/ },
  { id: 'cut-connection', name: 'cut-off body (connection closed mid-answer)', reason: /cut-off answer/ },
  { id: 'cut-message', name: 'cut-off message (records past the end)', reason: /cut-off answer/ },
  { id: 'content-type', name: 'wrong content type (application/json)', reason: /not a DNS answer \(application\/json\)/ },
  { id: 'html', name: 'an HTML page with status 200', reason: /not a DNS answer \(text\/html\)/ },
  { id: 'redirect-loop', name: 'redirect loop (302 to itself)', reason: /redirected/ },
];

/** How late the `slow` fault answers. */
export const LATENCY_MS = 5000;

/**
 * The query of a request, echoed back as a reply with `flags` (QR and the like) and `rcode`:
 * what a resolver that fails or truncates sends.
 * @param {Uint8Array} query
 * @param {number} flags
 * @param {number} rcode
 */
function echo(query, flags, rcode) {
  const reply = Uint8Array.from(query);
  reply[2] = 0x80 | flags | (query[2] & 0x01); // QR, the fault's bits, RD as asked
  reply[3] = 0x80 | rcode; // RA
  return reply;
}

/**
 * Starts the faulty resolver in front of `upstream` (a working DoH URL).
 * @param {string} upstream
 * @returns {Promise<{url: (fault: string, copy?: string) => string, hits: Map<string, number>, close: () => Promise<void>}>}
 *   `url(fault, copy)`: the URL of one fault; `copy` names a second resolver with the same fault
 */
export async function startFaultyDoh(upstream) {
  /** @type {Map<string, number>} */
  const hits = new Map();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const fault = url.pathname.split('/').filter(Boolean).at(-2) ?? '';
    hits.set(fault, (hits.get(fault) ?? 0) + 1);
    const query = Uint8Array.from(Buffer.from(url.searchParams.get('dns') ?? '', 'base64url'));
    const dnsMessage = { 'content-type': 'application/dns-message', 'access-control-allow-origin': '*' };
    const real = async () => new Uint8Array(await (await fetch(`${upstream}?${url.searchParams}`, { headers: { accept: 'application/dns-message' } })).arrayBuffer());
    try {
      switch (fault) {
        case 'slow': {
          const answer = await real();
          setTimeout(() => res.writeHead(200, dnsMessage).end(answer), LATENCY_MS);
          return;
        }
        case 'servfail':
          res.writeHead(200, dnsMessage).end(echo(query, 0, 2));
          return;
        case 'truncated':
          res.writeHead(200, dnsMessage).end(echo(query, 0x02, 0));
          return;
        case 'cut-connection': {
          // The length of the whole answer is announced, half of it sent, and the line dropped.
          const answer = await real();
          res.writeHead(200, { ...dnsMessage, 'content-length': String(answer.length) });
          res.write(answer.subarray(0, answer.length >> 1), () => res.socket?.destroy());
          return;
        }
        case 'cut-message': {
          // A complete HTTP answer whose DNS message stops inside its last record.
          const answer = await real();
          res.writeHead(200, dnsMessage).end(answer.subarray(0, answer.length - 3));
          return;
        }
        case 'content-type':
          res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end(JSON.stringify({ Status: 0 }));
          return;
        case 'html':
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'access-control-allow-origin': '*' })
            .end('<!doctype html><title>Sign in to the Wi-Fi</title><p>Please accept the terms to continue.</p>');
          return;
        case 'redirect-loop':
          res.writeHead(302, { location: req.url ?? '/', 'access-control-allow-origin': '*' }).end();
          return;
        default:
          res.writeHead(404, { 'content-type': 'text/plain' }).end('no such fault');
      }
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const closedPort = await portNobodyListensOn();
  return {
    url: (fault, copy = '') => `http://127.0.0.1:${fault === 'down' ? closedPort : port}/${copy ? `${copy}/` : ''}${fault}/dns-query`,
    hits,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * A resolver that answers every question correctly but `latencyMs` late, over HTTP/2 (every
 * request of a round at once: over HTTP/1.1 the browser's six connections per host would queue
 * some past the client's timeout). For the checks' time budget: a slow resolver, no failing one.
 * @param {string} upstream a working DoH URL
 * @param {number} latencyMs under the clients' 3 s per-request timeout
 * @param {{key: string, cert: string}} tls a certificate for 127.0.0.1 (the browser ignores its issuer)
 * @returns {Promise<{url: string, requests: () => number, close: () => Promise<void>}>}
 */
export async function startSlowDoh(upstream, latencyMs, tls) {
  let requests = 0;
  const server = createSecureServer({ ...tls, allowHTTP1: true }, async (req, res) => {
    requests++;
    const { search } = new URL(req.url ?? '/', 'https://x');
    try {
      const answer = Buffer.from(await (await fetch(`${upstream}${search}`, { headers: { accept: 'application/dns-message' } })).arrayBuffer());
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/dns-message', 'access-control-allow-origin': '*' }).end(answer), latencyMs);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  /** @type {Set<import('node:http2').Http2Session>} */
  const sessions = new Set();
  server.on('session', (session) => sessions.add(session.once('close', () => sessions.delete(session))));
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `https://127.0.0.1:${port}/dns-query`,
    requests: () => requests,
    close: () => new Promise((resolve) => {
      for (const session of sessions) session.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A loopback port that was free a moment ago: connecting to it is refused. */
async function portNobodyListensOn() {
  const probe = createNetServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
