// One time budget for a whole check (issue 7): the core has no clock, so the worker bounds a
// check's lookup rounds together. Each request has its own timeout (`lib/doh.js`), but a
// resolver that answers every question just before it could hold a 40-round check for minutes.
// When the budget is spent, the lookups still outstanding are answered as failed with the
// budget's reason (the core marks what needed them `unknown`), later rounds fetch nothing, and a
// late answer is dropped: the check ends with a complete report and keeps every answer it got.
//
// No chrome.* here: node tests run it with a fake timer (tests/extension/budget.test.mjs).

/** The budget of each kind of check, in one place (ARCHITECTURE.md, "Limits", lists them). */
export const BUDGET_MS = Object.freeze({
  /** The popup's sender-domain check (up to 40 rounds of DNS and HTTPS). */
  domainCheck: 20_000,
  /** The raw-message report ("check a message" page: SPF, PTR, blocklists). */
  messageReport: 20_000,
  /** R10 in a compose window: the user is typing, an answer later is worth less. */
  draft: 8_000,
  /** The address-list checker page: one check over the whole list, as the CLI's `list`. */
  addressList: 600_000,
  /** The DMARC report page's reverse-DNS lookups of the sources, as the CLI's `dmarc-report`. */
  dmarcReport: 60_000,
});

export class CheckBudget {
  /**
   * @param {number} ms the whole check's time, from now
   * @param {{now?: () => number, setTimer?: (f: () => void, ms: number) => any, clearTimer?: (t: any) => void}} [clock]
   */
  constructor(ms, { now = () => Date.now(), setTimer = (f, delay) => setTimeout(f, delay), clearTimer = (t) => clearTimeout(t) } = {}) {
    this.ms = ms;
    this.now = now;
    this.setTimer = setTimer;
    this.clearTimer = clearTimer;
    this.deadline = now() + ms;
    /** Lookups answered as failed because the budget was spent. */
    this.cut = 0;
  }

  /** Why a lookup the budget cut has no answer, in plain words. */
  get reason() {
    return `not answered in time: the check's ${+(this.ms / 1000).toFixed(1)} s were spent`;
  }

  /** Whether the budget is spent. */
  get spent() {
    return this.deadline - this.now() <= 0;
  }

  /**
   * Runs one round of lookups within what is left of the budget. `run(request, guard)` fetches
   * one and writes the outcome through `guard(target)` (the target's methods, called only while
   * the request is not cut); it resolves once every run ended, or once the budget is spent: then
   * each request no run answered gets `fail(request, reason)`, and its run's later answer is
   * dropped. With no time left nothing is fetched.
   *
   * At most `concurrency` runs at a time (the tool pages' long lists); once `stopped()` (the user
   * pressed Stop) no further run starts, and the requests never started are left to the caller.
   * An error for which `fatal(error)` holds (a trap in the module) starts no further run either,
   * and the round rethrows it once the runs under way have ended.
   * @template R
   * @param {R[]} requests
   * @param {(request: R, guard: <T extends object>(target: T) => T) => Promise<unknown>} run
   * @param {(request: R, reason: string) => void} fail
   * @param {{concurrency?: number, stopped?: () => boolean, fatal?: (error: unknown) => boolean}} [how]
   */
  async round(requests, run, fail, { concurrency = Infinity, stopped = () => false, fatal = () => false } = {}) {
    /** @type {{error: unknown} | null} */
    let failed = null;
    const ended = () => failed !== null || stopped();
    /** @type {('waiting' | 'started' | 'given' | 'cut')[]} */
    const state = requests.map(() => 'waiting');
    const cutRest = () => {
      requests.forEach((request, i) => {
        if (state[i] === 'given' || state[i] === 'cut') return;
        if (state[i] === 'waiting' && ended()) return;
        state[i] = 'cut';
        this.cut++;
        fail(request, this.reason);
      });
    };
    const left = this.deadline - this.now();
    if (left <= 0) {
      cutRest();
      return;
    }
    const runOne = async (/** @type {number} */ i) => {
      const request = requests[i];
      state[i] = 'started';
      const guard = (/** @type {any} */ target) =>
        new Proxy(target, {
          get: (object, key) => {
            const value = object[key];
            if (typeof value !== 'function') return value;
            return (/** @type {any[]} */ ...args) => {
              if (state[i] === 'cut') return undefined;
              state[i] = 'given';
              return value.apply(object, args);
            };
          },
        });
      try {
        await run(request, guard);
      } catch (error) {
        // A run reports its own failures through the guard; one that threw answered nothing,
        // and `fail` below (or the budget) still gives it an answer, unless the error is fatal.
        if (fatal(error)) {
          failed ??= { error };
          return;
        }
      }
      if (state[i] === 'started') {
        state[i] = 'given';
        fail(request, 'no answer');
      }
    };
    let next = 0;
    let timeUp = false;
    const runner = async () => {
      while (!timeUp && !ended() && next < requests.length) await runOne(next++);
    };
    let timer;
    const spent = new Promise((resolve) => {
      timer = this.setTimer(() => resolve((timeUp = true)), left);
    });
    try {
      await Promise.race([Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, runner)), spent]);
    } finally {
      this.clearTimer(timer);
    }
    // The stepper a fatal error came from is gone: nothing more is written to it.
    if (failed) throw failed.error;
    cutRest();
  }
}
