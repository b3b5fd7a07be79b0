// A recorder of every network request a Chromium makes, independent of Playwright: it connects
// to the browser's own DevTools endpoint (`--remote-debugging-port=0`) and auto-attaches to every
// target, present and future (pages, extension pages, the extension's service worker, frames in
// other processes, dedicated workers), with `Network.enable` on each before it runs on
// (`waitForDebuggerOnStart`), so that not even a target's first request is missed.
//
// The connection also sends commands of the test's own (`send`, `sessionOf`, `onEvent`): e.g. to
// evaluate code in a content script's isolated world, which Playwright does not reach.
//
// Each request is recorded as the browser sends it: the target that sent it (type and the URLs it
// showed), the document that asked, method, URL, headers (the extra-info headers, cookies included, merged in), body, the resource
// type and the initiator's script URLs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';

/**
 * @typedef {{
 *   target: {id: string, type: string, url: string, urls: string[]},
 *   documentUrl: string,
 *   requestId: string,
 *   method: string,
 *   url: string,
 *   headers: Record<string, string>,
 *   body: string,
 *   resourceType: string,
 *   initiatorUrls: string[],
 * }} RecordedRequest
 */

/**
 * The browser's DevTools WebSocket URL, read from the file Chromium writes in its profile.
 * @param {string} profile
 */
async function devtoolsUrl(profile) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const [port, path] = readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').trim().split('\n');
      if (port && path) return `ws://127.0.0.1:${port}${path}`;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`no DevToolsActivePort in ${profile}: ${error}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts recording. `requests` grows as the browser sends; `targets` lists every target
 * attached (type and URL), so a test can check that the service worker was among them.
 * @param {string} profile the browser's profile folder (launched with --remote-debugging-port=0)
 */
export async function recordNetwork(profile) {
  const socket = new WebSocket(await devtoolsUrl(profile), { perMessageDeflate: false });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let nextId = 1;
  /** @type {Map<number, {resolve: (v: any) => void, reject: (e: Error) => void}>} */
  const pending = new Map();
  /** @type {Map<string, {id: string, type: string, url: string, urls: string[]}>} */
  const sessions = new Map();
  /** @type {{id: string, type: string, url: string, urls: string[]}[]} */
  const targets = [];
  /** @type {RecordedRequest[]} */
  const requests = [];
  /** @type {Map<string, RecordedRequest>} by target and request id */
  const byId = new Map();
  /** Requests recorded, by target, request id and URL. */
  const hops = new Set();
  /** Extra-info headers that arrived before their request. */
  const earlyHeaders = new Map();
  /** @type {{id: string, resolve: (p: Promise<void>) => void}[]} callers of `attached` */
  const attachWaiters = [];
  /** @type {((method: string, params: any, sessionId?: string) => void)[]} */
  const listeners = [];
  /** @type {Promise<unknown>[]} body reads still running */
  const reads = [];

  const send = (method, params = {}, sessionId = undefined) => {
    const id = nextId++;
    socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
  };
  const autoAttach = (sessionId) =>
    send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }, sessionId);

  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.id) {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(`${message.error.message} (${message.error.code})`));
      else waiter?.resolve(message.result);
      return;
    }
    const { method, params, sessionId } = message;
    for (const listener of listeners) listener(method, params, sessionId);
    if (method === 'Target.attachedToTarget') {
      const target = { id: params.targetInfo.targetId, type: params.targetInfo.type, url: params.targetInfo.url, urls: [params.targetInfo.url] };
      sessions.set(params.sessionId, target);
      target.sessionId = params.sessionId;
      targets.push(target);
      const child = params.sessionId;
      // Network first, then the target's own children, then let it run. A target that is gone
      // meanwhile (a closed page) answers with errors: nothing to record there.
      const enabled = Promise.all([send('Network.enable', {}, child), autoAttach(child)])
        .catch(() => {})
        .finally(() => send('Runtime.runIfWaitingForDebugger', {}, child).catch(() => {}));
      target.recording = enabled.then(() => undefined);
      for (const waiter of attachWaiters.filter((w) => w.id === target.id)) waiter.resolve(target.recording);
    } else if (method === 'Target.targetInfoChanged') {
      // A page navigates (about:blank, then the popup): the target keeps every URL it showed.
      for (const target of targets.filter((t) => t.id === params.targetInfo.targetId)) {
        target.url = params.targetInfo.url;
        if (!target.urls.includes(target.url)) target.urls.push(target.url);
      }
    } else if (method === 'Target.detachedFromTarget') {
      sessions.delete(params.sessionId);
    } else if (method === 'Network.requestWillBeSent') {
      const target = sessions.get(sessionId) ?? { id: '', type: 'unknown', url: '', urls: [] };
      const key = `${target.id}|${params.requestId}`;
      // A target can be attached twice (the service worker: by the browser and by an extension
      // page it serves), and then reports each request on both sessions: recorded once. A
      // redirect reuses the request id with another URL: each hop is a request of its own.
      const hop = `${key}|${params.request.url}`;
      if (hops.has(hop)) return;
      hops.add(hop);
      const request = {
        target,
        documentUrl: params.documentURL ?? '',
        requestId: params.requestId,
        method: params.request.method,
        url: params.request.url, // without its #fragment, which never leaves the browser
        headers: { ...params.request.headers, ...(earlyHeaders.get(key) ?? {}) },
        body: (params.request.postDataEntries ?? []).map((e) => Buffer.from(e.bytes ?? '', 'base64').toString('latin1')).join('') || (params.request.postData ?? ''),
        resourceType: params.type ?? '',
        initiatorUrls: initiatorUrls(params.initiator),
      };
      earlyHeaders.delete(key);
      requests.push(request);
      byId.set(key, request);
      if (params.request.hasPostData && !request.body) {
        reads.push(
          send('Network.getRequestPostData', { requestId: params.requestId }, sessionId)
            .then((r) => (request.body = r.postData))
            .catch(() => (request.body = '<body not readable>')),
        );
      }
    } else if (method === 'Network.requestWillBeSentExtraInfo') {
      const key = `${sessions.get(sessionId)?.id ?? ''}|${params.requestId}`;
      const request = byId.get(key);
      if (request) Object.assign(request.headers, params.headers);
      else earlyHeaders.set(key, params.headers);
    }
  });

  await send('Target.setDiscoverTargets', { discover: true });
  await autoAttach(undefined);
  return {
    requests,
    targets,
    /**
     * Resolves once the target `id` records (its Network domain is on). A page that another
     * client (Playwright) navigates is navigated by the browser, not by the paused page: wait for
     * this before navigating, or its first request can be missed.
     * @param {string} id
     */
    attached(id) {
      const known = targets.find((t) => t.id === id);
      if (known) return known.recording;
      return new Promise((resolve) => attachWaiters.push({ id, resolve })).then((p) => p);
    },
    /**
     * Sends a DevTools command on this connection: to the browser, or to a target's session
     * (`sessionOf`).
     */
    send,
    /** @param {string} id a target id @returns {string | undefined} its session here */
    sessionOf: (id) => targets.find((t) => t.id === id)?.sessionId,
    /** @param {(method: string, params: any, sessionId?: string) => void} listener every event */
    onEvent: (listener) => listeners.push(listener),
    /** Waits for the bodies still being read, then disconnects. */
    async close() {
      await Promise.allSettled(reads);
      socket.close();
    },
  };
}

/**
 * The DevTools target id of a Playwright page (what `attached` and `sessionOf` take).
 * @param {import('playwright-core').Page} page
 */
export async function targetIdOf(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    return (await cdp.send('Target.getTargetInfo')).targetInfo.targetId;
  } finally {
    await cdp.detach();
  }
}

/**
 * The script URLs a request's initiator names (its stack, parent stacks included, and its URL).
 * @param {any} initiator
 */
function initiatorUrls(initiator) {
  const urls = new Set();
  if (initiator?.url) urls.add(initiator.url);
  for (let stack = initiator?.stack; stack; stack = stack.parent) {
    for (const frame of stack.callFrames ?? []) if (frame.url) urls.add(frame.url);
  }
  return [...urls];
}

/**
 * A recording HTTP front for a DoH resolver: every request it gets is forwarded to `upstream`
 * (same path and query, method, `accept`, body) and recorded with the answer's bytes: the
 * resolver's own witness of what reached it, to check a browser-side recording against.
 * @param {string} upstream e.g. `http://127.0.0.1:8054/dns-query`
 * @returns {Promise<{url: string, seen: {method: string, url: string, headers: Record<string, string|string[]|undefined>, body: Buffer, answer: Buffer}[], close: () => Promise<void>}>}
 */
export async function recordingProxy(upstream) {
  const { createServer } = await import('node:http');
  const target = new URL(upstream);
  const seen = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, answer: Buffer.alloc(0) };
      seen.push(entry);
      try {
        const url = new URL(req.url ?? '/', target);
        const reply = await fetch(url, {
          method: req.method,
          headers: { accept: String(req.headers.accept ?? 'application/dns-message'), ...(body.length ? { 'content-type': 'application/dns-message' } : {}) },
          body: body.length ? body : undefined,
        });
        entry.answer = Buffer.from(await reply.arrayBuffer());
        res.writeHead(reply.status, {
          'content-type': reply.headers.get('content-type') ?? 'application/octet-stream',
          'access-control-allow-origin': '*',
          'cache-control': 'no-store',
        });
        res.end(entry.answer);
      } catch (error) {
        res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
      }
    });
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    seen,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
