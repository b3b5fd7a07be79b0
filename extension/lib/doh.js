// DNS over HTTPS for the service worker (RFC 8484): the sender-domain check and R10 ask the core
// what they need, and this client fetches it.
//
// Only bytes move here: the core builds each wire query (`dns::wire::query`) and reads each reply
// (`dns::wire::answer`, which also gives the TTL); this module base64url-encodes the query, sends
// it as `GET <resolver>?dns=…` and hands the reply bytes back. GET with no header but `Accept`
// (a CORS-safelisted header) keeps the request "simple" for every resolver: AliDNS documents
// that its endpoint takes no custom headers, and a simple request never needs a preflight.
//
// Per question: a timeout per request (AbortController, over the headers and the body), one retry
// on the same resolver for a quick transient failure (network error, HTTP 429 or 5xx; not a
// timeout: a slow resolver is as slow the second time), then the next resolver of the list; and
// a budget for the whole question (`budgetMs`, from its first request), after which it fails with
// the reason of every resolver tried. A reply is checked before it counts as an answer (`replyProblem`): SERVFAIL,
// REFUSED, a truncated (TC) or cut-off message, a redirect, an HTML page or another content type
// send the question on to the next resolver. A resolver that failed is set aside for a while
// (`SET_ASIDE_MS`): later questions try the others first, so a dead or broken resolver costs
// the first round of a check its timeout, not every round. At most `maxInFlight` requests run at
// once. Answers are cached by name and type for their TTL, in
// memory and in `storage.session` when one is given (a service worker is stopped after 30 s
// idle; session storage survives that, and is gone when the browser closes).
//
// No chrome.* here: the worker passes `fetch` and the storage area in, so node tests run it
// with mocks (tests/extension/doh.test.mjs).

/**
 * The resolvers the options offer. `validating`: it checks DNSSEC, so the AD bit of its answers
 * means something (AliDNS does not validate, spec §7.2).
 * @type {Readonly<Record<string, {url: string, validating: boolean}>>}
 */
export const PRESETS = Object.freeze({
  cloudflare: { url: 'https://cloudflare-dns.com/dns-query', validating: true },
  google: { url: 'https://dns.google/dns-query', validating: true },
  alidns: { url: 'https://dns.alidns.com/dns-query', validating: false },
});

/**
 * The resolvers tried in order when the user chose none: AliDNS first where the browser speaks
 * Chinese (Google is unreachable from mainland China, Cloudflare unreliable), else Cloudflare.
 * @param {string} uiLanguage e.g. `chrome.i18n.getUILanguage()`
 * @returns {string[]} preset ids
 */
export function defaultOrder(uiLanguage) {
  return /^zh\b/i.test(uiLanguage ?? '') ? ['alidns', 'cloudflare', 'google'] : ['cloudflare', 'google', 'alidns'];
}

/**
 * The resolvers to use for the stored resolver setting: the chosen preset or custom URL first,
 * then the other presets as fallbacks.
 * @param {{resolver?: unknown, resolverUrl?: unknown}} settings
 * @param {string} uiLanguage
 * @returns {{url: string, validating: boolean}[]}
 */
export function resolversFor(settings, uiLanguage) {
  const order = defaultOrder(uiLanguage);
  const chosen = typeof settings.resolver === 'string' ? settings.resolver : 'auto';
  const list = [];
  if (chosen === 'custom') {
    const url = customUrl(settings.resolverUrl);
    if (url) list.push({ url, validating: false });
  } else if (Object.hasOwn(PRESETS, chosen)) {
    list.push(PRESETS[chosen]);
  }
  for (const id of order) if (!list.includes(PRESETS[id])) list.push(PRESETS[id]);
  return list;
}

/**
 * A user-given resolver URL as usable: https (or http on loopback, for tests and local
 * resolvers), no query string or fragment (the client adds `?dns=`), else null.
 * @param {unknown} raw
 */
export function customUrl(raw) {
  if (typeof raw !== 'string' || !raw.trim()) return null;
  try {
    const u = new URL(raw.trim());
    const loopback = u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) return null;
    if (u.search || u.hash || u.username || u.password) return null;
    return u.href;
  } catch {
    return null;
  }
}

/**
 * base64url without padding (RFC 4648 §5, RFC 8484 §4.1).
 * @param {Uint8Array | number[]} bytes
 */
export function base64url(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** @param {string} text base64url or base64 */
export function fromBase64url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** A failure worth trying again on the same resolver (not a timeout: see `fetchOnce`). */
class Transient extends Error {}

/** How long a resolver that failed is tried only after the others. */
const SET_ASIDE_MS = 30_000;

/** The largest DNS message (RFC 1035's 16-bit length); a longer body is no DNS answer. */
const MAX_REPLY_BYTES = 65_535;

/**
 * What keeps a reply to `query` from being an answer, in plain words, or '' when it is one. A
 * name that does not exist (NXDOMAIN) or has no such record (NODATA) is an answer; a resolver
 * that failed (SERVFAIL) or refused, a truncated message (TC: DoH has no TCP to retry over) and
 * a message cut off before its records end are not: another resolver may answer. Only the
 * header and the record boundaries are read here; the core reads the records.
 * @param {Uint8Array} reply
 * @param {Uint8Array} query the wire query, for its ID
 */
export function replyProblem(reply, query) {
  if (reply.length < 12) return `not a DNS message (${reply.length} bytes)`;
  const u16 = (at) => (reply[at] << 8) | reply[at + 1];
  if (u16(0) !== ((query[0] << 8) | query[1])) return 'an answer to another question (its ID differs)';
  const flags = u16(2);
  if (!(flags & 0x8000)) return 'not a DNS answer (a query came back)';
  if (flags & 0x0200) return 'truncated answer (TC bit set)';
  const rcode = flags & 0x000f;
  if (rcode === 2) return 'the resolver failed (SERVFAIL)';
  if (rcode === 5) return 'the resolver refused the question (REFUSED)';
  const cut = `cut-off answer (${reply.length} bytes, its records run past the end)`;
  let at = 12;
  /** Steps over a name (labels, then a zero or a compression pointer); false past the end. */
  const skipName = () => {
    while (at < reply.length) {
      const length = reply[at];
      if (length === 0) return ++at <= reply.length;
      if ((length & 0xc0) === 0xc0) return (at += 2) <= reply.length;
      if (length & 0xc0) return false;
      at += 1 + length;
    }
    return false;
  };
  for (let i = 0; i < u16(4); i++) {
    if (!skipName() || (at += 4) > reply.length) return cut;
  }
  const records = u16(6) + u16(8) + u16(10);
  for (let i = 0; i < records; i++) {
    if (!skipName() || at + 10 > reply.length) return cut;
    at += 10 + u16(at + 8);
    if (at > reply.length) return cut;
  }
  return '';
}

/** Prefix of the storage.session keys of cached answers. */
export const CACHE_PREFIX = 'doh:';

/** Answers kept in memory at most (the oldest are dropped first). */
const MAX_CACHED = 2000;

/**
 * @typedef {{url: string, validating: boolean}} Resolver
 * @typedef {{
 *   get: (keys: string | string[] | null) => Promise<Record<string, any>>,
 *   set: (items: Record<string, any>) => Promise<void>,
 *   remove?: (keys: string[]) => Promise<void>,
 * }} StorageArea
 * @typedef {{bytes: Uint8Array, resolver: string, validating: boolean, cached: boolean}} Reply the reply, the
 *   resolver that gave it and whether that one validates DNSSEC (a fallback may not)
 */

export class DohClient {
  /**
   * @param {{
   *   resolvers: Resolver[],
   *   fetch?: typeof fetch,
   *   timeoutMs?: number,
   *   budgetMs?: number,
   *   retries?: number,
   *   maxInFlight?: number,
   *   now?: () => number,
   *   storage?: StorageArea | null,
   * }} options
   */
  constructor({ resolvers, fetch: fetchFn = globalThis.fetch.bind(globalThis), timeoutMs = 3000, budgetMs = 8000, retries = 1, maxInFlight = 8, now = () => Date.now(), storage = null }) {
    if (!resolvers.length) throw new Error('no DNS resolver');
    this.resolvers = resolvers;
    this.fetch = fetchFn;
    /** One request's time, headers and body. */
    this.timeoutMs = timeoutMs;
    /** A question's time over all its requests: each request gets at most what is left. */
    this.budgetMs = budgetMs;
    /** @type {Map<string, number>} resolver URL → until when it is tried after the others */
    this.setAside = new Map();
    this.retries = retries;
    this.maxInFlight = maxInFlight;
    this.now = now;
    this.storage = storage;
    /** @type {Map<string, {bytes: Uint8Array, expires: number, resolver: string, validating: boolean}>} */
    this.cache = new Map();
    /** @type {Map<string, Promise<Reply>>} questions on their way, so that two askers share one request */
    this.pending = new Map();
    this.inFlight = 0;
    /** @type {(() => void)[]} */
    this.waiting = [];
    /** Requests sent, for progress and tests. */
    this.sent = 0;
    /** @type {Promise<void> | undefined} session storage read into `cache` */
    this.stored = undefined;
  }

  /** Whether the first resolver validates DNSSEC (what the domain check is told). */
  get validating() {
    return this.resolvers[0].validating;
  }

  /**
   * The reply to a question: from the cache while fresh, else from the resolvers.
   * @param {string} name
   * @param {string} type
   * @param {Uint8Array | number[]} wire the query, as the core built it
   * @param {{fresh?: boolean}} [options] `fresh`: skip the cache (a re-check after a DNS change)
   * @returns {Promise<Reply>} rejects with an Error whose message says why, in plain words
   */
  async query(name, type, wire, { fresh = false } = {}) {
    const key = `${name}|${type}`;
    if (!fresh) {
      const hit = await this.cached(key);
      if (hit) return hit;
    }
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.fetchFromResolvers(Uint8Array.from(wire)).finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }

  /**
   * Keeps a reply for `ttl` seconds (the TTL the core read from it; 0 keeps nothing).
   * @param {string} name
   * @param {string} type
   * @param {Reply} reply
   * @param {number} ttl
   */
  async remember(name, type, reply, ttl) {
    if (!(ttl > 0) || reply.cached) return;
    const key = `${name}|${type}`;
    const entry = { bytes: reply.bytes, expires: this.now() + ttl * 1000, resolver: reply.resolver, validating: reply.validating };
    this.cache.delete(key);
    this.cache.set(key, entry);
    while (this.cache.size > MAX_CACHED) this.cache.delete(/** @type {string} */ (this.cache.keys().next().value));
    await this.storage?.set({ [CACHE_PREFIX + key]: { b: base64url(entry.bytes), e: entry.expires, r: entry.resolver, v: entry.validating } }).catch(() => {});
  }

  /**
   * A fresh cached reply.
   * @param {string} key `name|type`
   * @returns {Promise<Reply | null>}
   */
  async cached(key) {
    await this.loadStored();
    const entry = this.cache.get(key);
    if (!entry) return null;
    if (entry.expires <= this.now()) {
      this.cache.delete(key);
      return null;
    }
    return { bytes: entry.bytes, resolver: entry.resolver, validating: entry.validating, cached: true };
  }

  /**
   * Reads the answers a previous worker left in session storage, once: later reads are
   * memory-only, so asking for an answer nobody fetched costs no storage round trip.
   */
  loadStored() {
    this.stored ??= (async () => {
      if (!this.storage) return;
      const all = await this.storage.get(null).catch(() => ({}));
      const expired = [];
      for (const [k, v] of Object.entries(all ?? {})) {
        if (!k.startsWith(CACHE_PREFIX)) continue;
        if (typeof v?.b !== 'string' || typeof v?.e !== 'number' || v.e <= this.now()) {
          expired.push(k);
          continue;
        }
        const key = k.slice(CACHE_PREFIX.length);
        if (!this.cache.has(key)) this.cache.set(key, { bytes: fromBase64url(v.b), expires: v.e, resolver: String(v.r ?? ''), validating: v.v === true });
      }
      // Session storage has a quota: what a previous worker left to expire goes.
      if (expired.length) await this.storage.remove?.(expired).catch(() => {});
    })();
    return this.stored;
  }

  /**
   * The resolvers in the order to try them: the configured order, but those set aside after a
   * failure last (still tried: when every resolver failed lately, one may be back).
   */
  inOrder() {
    // Date.now, not `this.now`: tests move `now` to expire cached answers, not resolvers' failures.
    const now = Date.now();
    const resting = (/** @type {Resolver} */ r) => (this.setAside.get(r.url) ?? 0) > now;
    return [...this.resolvers.filter((r) => !resting(r)), ...this.resolvers.filter(resting)];
  }

  /**
   * Tries each resolver in turn, each with its retries, within the question's budget. Each
   * request picks its resolver when its turn comes (`limited`), not before: questions queued
   * behind ones that found a resolver broken meanwhile go to the next one straight away.
   * @param {Uint8Array} wire
   * @returns {Promise<Reply>}
   */
  async fetchFromResolvers(wire) {
    // From the first request on: time spent queued behind `maxInFlight` others is the check's
    // (its budget, `lib/budget.js`), not this question's, which would otherwise time out unasked.
    let deadline = Infinity;
    /** @type {Map<string, string>} resolver URL → why it gave this question no answer */
    const failed = new Map();
    /** @type {Map<string, number>} resolver URL → requests sent for this question */
    const attempts = new Map();
    for (;;) {
      const reply = await this.limited(async () => {
        const resolver = this.inOrder().find((r) => !failed.has(r.url));
        if (!resolver) return null;
        if (deadline === Infinity) deadline = Date.now() + this.budgetMs;
        const left = deadline - Date.now();
        if (left <= 0) {
          for (const r of this.inOrder()) if (!failed.has(r.url)) failed.set(r.url, `not asked, the ${this.budgetMs / 1000} s for this question were spent`);
          return null;
        }
        const attempt = (attempts.get(resolver.url) ?? 0) + 1;
        attempts.set(resolver.url, attempt);
        try {
          const bytes = await this.fetchOnce(resolver.url, wire, Math.min(this.timeoutMs, left));
          this.setAside.delete(resolver.url);
          return { bytes, resolver: resolver.url, validating: resolver.validating, cached: false };
        } catch (error) {
          if (!(error instanceof Transient) || attempt > this.retries || Date.now() >= deadline) {
            failed.set(resolver.url, String(/** @type {Error} */ (error)?.message ?? error));
            this.setAside.set(resolver.url, Date.now() + SET_ASIDE_MS);
          }
          return undefined; // the next request, to this resolver again or to the next one
        }
      });
      if (reply) return reply;
      if (reply === null) break;
    }
    throw new Error([...failed].map(([url, reason]) => `${new URL(url).host}: ${reason}`).join('; '));
  }

  /**
   * Runs `task` once fewer than `maxInFlight` tasks run.
   * @template T
   * @param {() => Promise<T>} task
   * @returns {Promise<T>}
   */
  async limited(task) {
    while (this.inFlight >= this.maxInFlight) await new Promise((resolve) => this.waiting.push(() => resolve(undefined)));
    this.inFlight++;
    try {
      return await task();
    } finally {
      this.inFlight--;
      this.waiting.shift()?.();
    }
  }

  /**
   * One GET, its answer checked. Throws `Transient` for what a retry may cure; a timeout is no
   * such thing (a resolver that was slow is slow again: the next one is tried instead).
   * @param {string} url
   * @param {Uint8Array} wire
   * @param {number} timeoutMs for the headers and the body together
   */
  async fetchOnce(url, wire, timeoutMs) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const late = () => new Error(`no answer within ${+(timeoutMs / 1000).toFixed(2)} s`);
    const target = `${url}${url.includes('?') ? '&' : '?'}dns=${base64url(wire)}`;
    this.sent++;
    try {
      let response;
      try {
        response = await this.fetch(target, {
          method: 'GET',
          headers: { accept: 'application/dns-message' },
          // Nothing but the question leaves: no cookies, no referrer; and no copy of the
          // question in the browser's disk cache (the names are the user's business).
          credentials: 'omit',
          referrerPolicy: 'no-referrer',
          cache: 'no-store',
          // A DoH answer is never a redirect (RFC 8484 has none): one is reported, not followed,
          // so a redirect loop costs one request and a captive portal's page is never read.
          // ('manual' rather than 'error': it tells a redirect from a network failure.)
          redirect: 'manual',
          signal: controller.signal,
        });
      } catch {
        if (controller.signal.aborted) throw late();
        throw new Transient('could not connect');
      }
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        throw new Error(`redirected${response.status ? ` (HTTP ${response.status})` : ''}, which a DNS-over-HTTPS answer never is`);
      }
      if (response.status === 429 || response.status >= 500) throw new Transient(`HTTP ${response.status}`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (type !== 'application/dns-message') throw new Error(`not a DNS answer (${type || 'no content type'})`);
      let reply;
      try {
        reply = new Uint8Array(await response.arrayBuffer());
      } catch {
        if (controller.signal.aborted) throw late();
        throw new Error('cut-off answer (the connection closed mid-answer)');
      }
      if (reply.length > MAX_REPLY_BYTES) throw new Error(`not a DNS answer (${reply.length} bytes)`);
      const problem = replyProblem(reply, wire);
      if (problem) throw new Error(problem);
      return reply;
    } finally {
      clearTimeout(timer);
    }
  }
}
