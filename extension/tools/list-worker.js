// The address-list checker's worker (a module worker of list.html): reads the list with the wasm
// checker (`AddressList` of the full module), looks up each distinct domain over DNS-over-HTTPS
// with a bounded number of requests in flight, and posts progress and the rows whose verdict is
// final as they settle, so that the page never does more than draw.
//
// Messages in: {type: 'check', list: ArrayBuffer, bounces: {name, bytes}[], lang, resolvers,
// inFlight?} | {type: 'stop'} | {type: 'csv', which: 'clean' | 'removed' | 'all'}.
// Messages out: {type: 'read', info, bounces} | {type: 'progress', domains, domainsDone, rows,
// rowsDone} | {type: 'rows', rows} (removed and doubtful ones only: the page lists nothing else)
// | {type: 'summary', summary} | {type: 'done', stopped, timedOut} | {type: 'csv', which, text} |
// {type: 'error', message, trapped}.
// Only domain names leave, one DNS question per request (lib/doh.js); the list stays here.
// A trap in the module fails the run under way (`trapped`: the list lived in the instance that
// trapped), and the next run reads its list into a fresh instance (full-module.js).

import { AddressList } from '../pkg/mailhint_full.js';
import { BUDGET_MS, CheckBudget } from '../lib/budget.js';
import { DohClient } from '../lib/doh.js';
import { Trapped } from '../lib/wasm-module.js';
import { full } from './full-module.js';

/** Requests in flight at once: more than the popup's 8, still gentle on a public resolver. */
const IN_FLIGHT = 16;
/** Rounds at most (the core needs two or three: MX, then addresses where there is no MX). */
const MAX_ROUNDS = 10;
/** Answers between two readings of the rows mid-round. */
const SETTLE_EVERY = 200;
/** Progress messages at most this often (ms). */
const PROGRESS_EVERY = 100;

/** @type {AddressList | null} the list of the latest run, in the module */ let list = null;
let stopped = false;

function disposableList() {
  return fetch(new URL('../pkg/disposable-email-domains.txt', import.meta.url))
    .then((r) => (r.ok ? r.text() : ''))
    .catch(() => '');
}

/**
 * The list as the core reads it: UTF-8, and UTF-16 with a BOM, as they are; anything else is
 * decoded by the browser as GB18030 (what Chinese Excel saves as "CSV"; a superset of GBK) and
 * handed over as UTF-8 with the encoding's name, which the result mentions. The browser's
 * TextDecoder is the WHATWG Encoding Standard's, so the wasm need not carry the tables.
 * @param {ArrayBuffer} buffer
 * @returns {{bytes: Uint8Array, from?: string}}
 */
function asUtf8(buffer) {
  const bytes = new Uint8Array(buffer);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return { bytes };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { bytes };
  } catch {
    return { bytes: new TextEncoder().encode(new TextDecoder('gb18030').decode(bytes)), from: 'GB18030' };
  }
}

/**
 * Posts the settled rows worth listing, and how many settled in all.
 * @param {any[]} rows
 */
function postRows(rows) {
  const listed = rows.filter((r) => r.status !== 'keep');
  if (listed.length) postMessage({ type: 'rows', rows: listed });
  return rows.length;
}

/**
 * @param {{list: ArrayBuffer, bounces: {name: string, bytes: ArrayBuffer}[], lang: string, resolvers: {url: string, validating: boolean}[], inFlight?: number}} job
 */
async function check(job) {
  stopped = false;
  await full.ready();
  if (list) full.release(list);
  list = null;
  const input = asUtf8(job.list);
  const current = full.own(full.run(() => new AddressList(input.bytes, job.lang, input.from)));
  list = current;
  // Every call on the list: after a trap (in this run or in a CSV export meanwhile) it fails as
  // Trapped, which ends this run.
  const use = full.across(current);
  const bounces = [];
  for (const b of job.bounces ?? []) {
    try {
      bounces.push({ name: b.name, count: use(() => current.addBounces(new Uint8Array(b.bytes))) });
    } catch (error) {
      if (error instanceof Trapped) throw error;
      bounces.push({ name: b.name, error: String(/** @type {Error} */ (error)?.message ?? error) });
    }
  }
  postMessage({ type: 'read', info: use(() => current.info()), bounces });
  const disposable = await disposableList();
  use(() => current.start(disposable));
  const client = new DohClient({ resolvers: job.resolvers, maxInFlight: job.inFlight ?? IN_FLIGHT });
  let rowsDone = 0;
  let last = 0;
  let summary = null;
  let pendingDomains = 0;
  const progress = () =>
    postMessage({ type: 'progress', domains: summary.domains, domainsDone: summary.domains - pendingDomains, rows: summary.rows, rowsDone });
  /** Reads the answers so far; posts the rows that settled. @returns the step */
  const settle = () => {
    const step = use(() => current.step());
    rowsDone += postRows(step.rows);
    summary = step.summary;
    pendingDomains = step.pendingDomains;
    return step;
  };
  // The answers go to this run's list only: a new run (or a trap) meanwhile drops them.
  const sink = {
    answer: (/** @type {string} */ name, /** @type {string} */ type, /** @type {Uint8Array} */ bytes) =>
      list === current && use(() => current.answerDns(name, type, bytes)),
    fail: (/** @type {string} */ name, /** @type {string} */ type, /** @type {string} */ reason) =>
      list === current && use(() => current.failDns(name, type, reason)),
  };
  const budget = new CheckBudget(BUDGET_MS.addressList);
  /** The budget ran out with questions left to ask (or cut some under way). */
  let outOfTime = false;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const step = settle();
    progress();
    postMessage({ type: 'summary', summary });
    if (!step.requests.length || stopped) break;
    if (budget.spent) {
      outOfTime = true;
      break;
    }
    // At most `inFlight` questions at a time; a stop ends the round between questions. Every
    // SETTLE_EVERY answers the rows whose domains are complete go out, mid-round (a step only
    // visits pending domains; what it finds missing is asked in the next round).
    let answered = 0;
    await budget.round(
      step.requests,
      async (/** @type {any} */ r, guard) => {
        const target = guard(sink);
        if (r.kind !== 'dns' || !r.wire) {
          if (r.kind === 'dns') target.fail(r.name, r.type, 'not a valid DNS name');
          return;
        }
        try {
          target.answer(r.name, r.type, (await client.query(r.name, r.type, r.wire)).bytes);
        } catch (error) {
          if (error instanceof Trapped) throw error;
          target.fail(r.name, r.type, String(/** @type {Error} */ (error)?.message ?? error));
        }
        if (list !== current) return;
        if (++answered % SETTLE_EVERY === 0) settle();
        if (Date.now() - last > PROGRESS_EVERY) {
          last = Date.now();
          progress();
        }
      },
      (/** @type {any} */ r, reason) => r.kind === 'dns' && sink.fail(r.name, r.type, reason),
      // A trap ends the round and the run (the list lived in the instance that trapped).
      { concurrency: job.inFlight ?? IN_FLIGHT, stopped: () => stopped || list !== current, fatal: (e) => e instanceof Trapped },
    );
    if (list !== current) return;
  }
  if (list !== current) return;
  const wasStopped = stopped;
  use(() => current.giveUp());
  settle();
  progress();
  postMessage({ type: 'summary', summary });
  postMessage({ type: 'done', stopped: wasStopped, timedOut: outOfTime || budget.cut > 0 });
}

onmessage = async ({ data }) => {
  try {
    if (data?.type === 'check') await check(data);
    else if (data?.type === 'stop') stopped = true;
    else if (data?.type === 'csv') {
      const checked = list;
      if (!checked) throw new Error('no list checked yet');
      postMessage({ type: 'csv', which: data.which, text: full.across(checked)(() => checked.csv(data.which)) });
    }
  } catch (error) {
    postMessage({ type: 'error', message: String(/** @type {Error} */ (error)?.message ?? error), trapped: error instanceof Trapped });
  }
};
