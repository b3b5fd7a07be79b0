// DNS over HTTPS for the service worker (RFC 8484): the sender-domain check and R10 ask the core
// what they need, and this client fetches it.
//
// Only bytes move here: the core builds each wire query (`dns::wire::query`) and reads each reply
// (`dns::wire::answer`, which also gives the TTL); this module base64url-encodes the query, sends
// it as `GET <resolver>?dns=…` and hands the reply bytes back. GET with no header but `Accept`
// (a CORS-safelisted header) keeps the request "simple" for every resolver: AliDNS documents
// that its endpoint takes no custom headers, and a simple request never needs a preflight.
//
// Per question: a timeout (AbortController), one retry on the same resolver for a transient
// failure (timeout, network error, HTTP 429 or 5xx), then the next resolver of the list. At most
// `maxInFlight` requests run at once. Answers are cached by name and type for their TTL, in
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

/** A failure worth trying again on the same resolver. */
class Transient extends Error {}

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
   *   retries?: number,
   *   maxInFlight?: number,
   *   now?: () => number,
   *   storage?: StorageArea | null,
   * }} options
   */
  constructor({ resolvers, fetch: fetchFn = globalThis.fetch.bind(globalThis), timeoutMs = 4000, retries = 1, maxInFlight = 8, now = () => Date.now(), storage = null }) {
    if (!resolvers.length) throw new Error('no DNS resolver');
    this.resolvers = resolvers;
    this.fetch = fetchFn;
    this.timeoutMs = timeoutMs;
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
   * Tries each resolver in turn, each with its retries.
   * @param {Uint8Array} wire
   * @returns {Promise<Reply>}
   */
  async fetchFromResolvers(wire) {
    const reasons = [];
    for (const resolver of this.resolvers) {
      for (let attempt = 0; attempt <= this.retries; attempt++) {
        try {
          const bytes = await this.limited(() => this.fetchOnce(resolver.url, wire));
          return { bytes, resolver: resolver.url, validating: resolver.validating, cached: false };
        } catch (error) {
          const reason = String(/** @type {Error} */ (error)?.message ?? error);
          if (!(error instanceof Transient) || attempt === this.retries) {
            reasons.push(`${new URL(resolver.url).host}: ${reason}`);
            break;
          }
        }
      }
    }
    throw new Error(reasons.join('; '));
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
   * One GET. Throws `Transient` for what a retry may cure.
   * @param {string} url
   * @param {Uint8Array} wire
   */
  async fetchOnce(url, wire) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const target = `${url}${url.includes('?') ? '&' : '?'}dns=${base64url(wire)}`;
    this.sent++;
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
        signal: controller.signal,
      });
    } catch (error) {
      throw new Transient(controller.signal.aborted ? `no answer within ${this.timeoutMs / 1000} s` : 'could not connect');
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 429 || response.status >= 500) throw new Transient(`HTTP ${response.status}`);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/dns-message') throw new Error(`not a DNS answer (${type || 'no content type'})`);
    return new Uint8Array(await response.arrayBuffer());
  }
}
