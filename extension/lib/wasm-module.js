// A WebAssembly module of the service worker that survives its own traps (extension/background.js
// has one per module of pkg/; ARCHITECTURE.md, "extension/", says why). No chrome.* here, so
// node tests run it over the test-only trapping build (tests/extension/wasm-trap.test.mjs).

/**
 * Whether an error thrown by a call into a module is the module failing (a trap: `unreachable`
 * after a panic, an out-of-bounds access; or running out of stack), not an error it returned.
 * @param {unknown} error
 */
export function isTrap(error) {
  return error instanceof WebAssembly.RuntimeError || error instanceof RangeError;
}

/** What a call that trapped fails with: no detail (a draft's text never goes into an error). */
export class Trapped extends Error {
  constructor() {
    super('could not analyse this: mailhint hit an internal error and restarted its analyser');
    this.name = 'Trapped';
  }
}

/**
 * One of the two wasm modules: instantiated on first use (`ready`), and afresh after a trap.
 * Calls go through `run`; objects the module makes (`DraftDns`, `DomainCheck`, ...) through
 * `own` and `release`, so that a trap can retire the ones the old instance holds: their memory
 * is gone with it, and neither a method call nor the glue's finalizer may reach the new instance
 * with their stale pointers (retired, a call throws "null pointer passed to rust").
 */
export class WasmModule {
  /**
   * @param {string} name for the log
   * @param {() => Promise<unknown>} load fetches, compiles and instantiates the module
   * @param {() => void} renew a fresh instance of the compiled module, set up like the first
   */
  constructor(name, load, renew) {
    this.name = name;
    this.load = load;
    this.renew = renew;
    /** @type {Promise<any> | undefined} */
    this.loading = undefined;
    /** Traps recovered from, for the `timing` hook (numbers only). */
    this.traps = 0;
    /** @type {Set<{__wbg_ptr: number, free: () => void, __destroy_into_raw: () => number}>} */
    this.live = new Set();
  }

  /** The module's exports, once instantiated; a failed load is retried on the next call. */
  ready() {
    if (!this.loading) {
      this.loading = this.load();
      this.loading.catch(() => (this.loading = undefined));
    }
    return this.loading;
  }

  /**
   * Runs `call`, which uses the module synchronously; a trap in it makes a fresh instance and
   * fails as `Trapped`.
   * @template T
   * @param {() => T} call
   * @returns {T}
   */
  run(call) {
    try {
      return call();
    } catch (error) {
      if (!isTrap(error)) throw error;
      this.recover(/** @type {Error} */ (error));
      throw new Trapped();
    }
  }

  /**
   * @template {{__wbg_ptr: number, free: () => void, __destroy_into_raw: () => number}} T
   * @param {T} object made by this module
   * @returns {T}
   */
  own(object) {
    this.live.add(object);
    return object;
  }

  /** Whether `object` lives in the current instance (a trap retires what the old one made). */
  alive(object) {
    return object.__wbg_ptr !== 0;
  }

  /**
   * Calls on `object` when it lives across awaits (a domain check's rounds): a trap meanwhile, in
   * its own calls or another's, retired it with its instance, and a call then fails as `Trapped`
   * rather than as the glue's "null pointer passed to rust".
   * @param {{__wbg_ptr: number}} object
   * @returns {<T>(call: () => T) => T}
   */
  across(object) {
    return (call) => {
      if (!this.alive(object)) throw new Trapped();
      return this.run(call);
    };
  }

  /** Frees `object`, unless a trap retired it already. */
  release(object) {
    this.live.delete(object);
    if (this.alive(object)) this.run(() => object.free());
  }

  /**
   * Makes an object of the module, runs `use` with it and frees it, all synchronously (no await
   * between): the way to use one that need not outlive the call.
   * @template {{__wbg_ptr: number, free: () => void, __destroy_into_raw: () => number}} O
   * @template T
   * @param {() => O} make
   * @param {(object: O) => T} use
   * @returns {T}
   */
  scoped(make, use) {
    return this.run(() => {
      const object = this.own(make());
      let result;
      try {
        result = use(object);
      } catch (error) {
        // After a trap the object is retired with its instance (`recover`); freeing it in the
        // poisoned instance could fail another way and hide the trap.
        if (!isTrap(error)) this.release(object);
        throw error;
      }
      this.release(object);
      return result;
    });
  }

  /** @param {Error} error */
  recover(error) {
    this.traps++;
    // The error's name and the engine's words only ("unreachable"): never a draft's text.
    console.warn(`mailhint: the ${this.name} module trapped (${error.name}: ${error.message}); starting a fresh instance`);
    for (const object of this.live) object.__destroy_into_raw();
    this.live.clear();
    try {
      this.renew();
    } catch (renewError) {
      // Instantiating failed (out of memory?): the next call loads the module from scratch.
      console.warn(`mailhint: could not make a fresh ${this.name} instance (${String(renewError?.name)}); it will be loaded again`);
      this.loading = undefined;
    }
  }
}
