// The DMARC page's worker (a module worker of dmarc.html): reads the dropped reports with the
// wasm reader (`DmarcReports` of the full module, through `DmarcFiles`), then looks up the
// sources' reverse DNS over DNS-over-HTTPS round after round, posting the analysis as it fills
// in, so that the page never does more than draw. A trap in the module fails the file being read
// (or the analysis under way) and the module is instantiated afresh (full-module.js).
//
// Messages in: {type: 'add', files: {name, bytes: ArrayBuffer}[], lang, resolvers, reverseDns}
// | {type: 'clear'}.
// Messages out: {type: 'file', status} per file | {type: 'analysis', analysis, asked, answered,
// done} | {type: 'error', message, trapped}.
// Only the reverse-DNS names of IP addresses leave (one DNS question per request, lib/doh.js);
// the reports stay here.

import { DmarcReports } from '../pkg/mailhint_full.js';
import { BUDGET_MS, CheckBudget } from '../lib/budget.js';
import { DohClient } from '../lib/doh.js';
import { Trapped } from '../lib/wasm-module.js';
import { DmarcFiles } from './dmarc-files.js';
import { full } from './full-module.js';

/** Rounds at most (reverse DNS needs one). */
const MAX_ROUNDS = 4;

/** @type {DmarcFiles | null} */ let files = null;
/** @type {DohClient | null} */ let client = null;
let generation = 0;

/**
 * @param {{files: {name: string, bytes: ArrayBuffer}[], lang: string, resolvers: {url: string, validating: boolean}[], reverseDns: boolean}} job
 */
async function add(job) {
  await full.ready();
  const mine = generation;
  files ??= new DmarcFiles(full, DmarcReports, job.lang, job.reverseDns, (status) => postMessage({ type: 'file', status }));
  for (const file of job.files) postMessage({ type: 'file', status: files.add(file.name, file.bytes) });
  if (job.reverseDns && job.resolvers?.length) client ??= new DohClient({ resolvers: job.resolvers });
  let asked = 0;
  let answered = 0;
  const budget = new CheckBudget(BUDGET_MS.dmarcReport);
  for (let round = 0; ; round++) {
    if (mine !== generation || !files) return;
    const current = files.current();
    const use = full.across(current);
    const { analysis, requests } = use(() => current.step());
    const pending = client && round < MAX_ROUNDS && !budget.spent ? requests : [];
    postMessage({ type: 'analysis', analysis, asked, answered, done: pending.length === 0 });
    if (!pending.length) return;
    asked += pending.length;
    // An answer for a set that is gone (cleared, or retired by a trap meanwhile) is dropped: a
    // fresh set asks again in the next round, and the client's cache answers it.
    const wanted = () => mine === generation && full.alive(current);
    const sink = {
      answer: (/** @type {string} */ name, /** @type {string} */ type, /** @type {any} */ reply) =>
        wanted() ? use(() => current.answerDns(name, type, reply.bytes)) : undefined,
      fail: (/** @type {string} */ name, /** @type {string} */ type, /** @type {string} */ reason) =>
        wanted() && use(() => current.failDns(name, type, reason)),
    };
    await budget.round(
      pending,
      async ({ name, type, wire }, guard) => {
        const target = guard(sink);
        try {
          if (!wire) throw new Error('this name cannot be looked up');
          const reply = await /** @type {DohClient} */ (client).query(name, type, wire);
          const ttl = target.answer(name, type, reply);
          if (ttl !== undefined) await /** @type {DohClient} */ (client).remember(name, type, reply, ttl);
        } catch (error) {
          if (error instanceof Trapped) throw error;
          target.fail(name, type, String(error?.message ?? error));
        }
        answered++;
      },
      ({ name, type }, reason) => sink.fail(name, type, reason),
      // A trap ends the round and the analysis fails with it.
      { fatal: (e) => e instanceof Trapped },
    );
  }
}

onmessage = (event) => {
  const message = event.data ?? {};
  if (message.type === 'clear') {
    generation++;
    files?.clear();
    files = null;
    return;
  }
  if (message.type === 'add') {
    add(message).catch((error) => postMessage({ type: 'error', message: String(error?.message ?? error), trapped: error instanceof Trapped }));
  }
};
