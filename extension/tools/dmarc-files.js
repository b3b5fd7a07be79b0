// The DMARC reports dropped so far, read into one `DmarcReports` of the full module, and kept
// through a trap: a trap while reading a file fails that file only, and the files read before it
// are read again into a fresh instance (their reports lived in the memory of the one that
// trapped). So the worker keeps each read file's bytes until "Start over": reports are small
// (kilobytes; compressed ones stay compressed here). No chrome.* and no worker globals, so node
// tests run it over the test-only trapping build (tests/extension/wasm-trap.test.mjs).

import { Trapped } from '../lib/wasm-module.js';

/**
 * The status of a file that could not be read: `error` says why; `trapped` when the module
 * trapped (the page shows its own words for that, in the page's language).
 * @param {string} file
 * @param {unknown} error
 */
const unread = (file, error) => ({
  file,
  error: String(/** @type {Error} */ (error)?.message ?? error),
  trapped: error instanceof Trapped,
  reports: 0,
  rows: 0,
  messages: 0,
  orgs: [],
  notes: [],
});

export class DmarcFiles {
  /**
   * @param {import('../lib/wasm-module.js').WasmModule} module the full module
   * @param {new (lang: string, reverseDns: boolean) => any} Reports its `DmarcReports`
   * @param {string} lang
   * @param {boolean} reverseDns
   * @param {(status: any) => void} lost told of a file read before that traps when read again
   *   into a fresh instance (not expected: it was read once): it is dropped with this status
   */
  constructor(module, Reports, lang, reverseDns, lost) {
    this.module = module;
    this.Reports = Reports;
    this.lang = lang;
    this.reverseDns = reverseDns;
    this.lost = lost;
    /** @type {{name: string, bytes: ArrayBuffer}[]} the files read, to read again after a trap */
    this.kept = [];
    /** @type {any} */
    this.reports = null;
  }

  /**
   * Reads one file into the set: its status (`error` set for a file that is no report). A trap
   * fails this file only (`trapped` set); the next call reads into a fresh instance.
   * @param {string} name
   * @param {ArrayBuffer} bytes
   */
  add(name, bytes) {
    let status;
    try {
      const reports = this.current();
      status = this.module.across(reports)(() => reports.addFile(name, new Uint8Array(bytes)));
    } catch (error) {
      return unread(name, error);
    }
    if (!status.error) this.kept.push({ name, bytes });
    return status;
  }

  /**
   * The set in the current instance: after a trap (here or in a step), a fresh one that has read
   * the kept files again.
   */
  current() {
    if (this.reports && this.module.alive(this.reports)) return this.reports;
    for (;;) {
      const reports = this.module.own(this.module.run(() => new this.Reports(this.lang, this.reverseDns)));
      const use = this.module.across(reports);
      let failed;
      try {
        for (failed of this.kept) use(() => reports.addFile(failed.name, new Uint8Array(failed.bytes)));
      } catch (error) {
        if (!(error instanceof Trapped) || !failed) throw error;
        this.kept = this.kept.filter((file) => file !== failed);
        this.lost(unread(failed.name, error));
        continue;
      }
      return (this.reports = reports);
    }
  }

  /** Forgets every file. */
  clear() {
    if (this.reports) this.module.release(this.reports);
    this.reports = null;
    this.kept = [];
  }
}
