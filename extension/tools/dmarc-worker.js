// The DMARC page's worker (a module worker of dmarc.html): reads the dropped reports with the
// wasm reader (`DmarcReports` of the full module), then looks up the sources' reverse DNS over
// DNS-over-HTTPS round after round, posting the analysis as it fills in, so that the page never
// does more than draw.
//
// Messages in: {type: 'add', files: {name, bytes: ArrayBuffer}[], lang, resolvers, reverseDns}
// | {type: 'clear'}.
// Messages out: {type: 'file', status} per file | {type: 'analysis', analysis, asked, answered,
// done} | {type: 'error', message}.
// Only the reverse-DNS names of IP addresses leave (one DNS question per request, lib/doh.js);
// the reports stay here.

import init, { DmarcReports } from '../pkg/mailhint_full.js';
import { DohClient } from '../lib/doh.js';

/** Rounds at most (reverse DNS needs one). */
const MAX_ROUNDS = 4;

/** @type {Promise<unknown> | undefined} */ let ready;
/** @type {DmarcReports | null} */ let reports = null;
/** @type {DohClient | null} */ let client = null;
let generation = 0;

/**
 * @param {{files: {name: string, bytes: ArrayBuffer}[], lang: string, resolvers: {url: string, validating: boolean}[], reverseDns: boolean}} job
 */
async function add(job) {
  ready ??= init();
  await ready;
  const mine = generation;
  reports ??= new DmarcReports(job.lang, job.reverseDns);
  for (const file of job.files) {
    let status;
    try {
      status = reports.addFile(file.name, new Uint8Array(file.bytes));
    } catch (error) {
      status = { file: file.name, error: String(error?.message ?? error), reports: 0, rows: 0, messages: 0, orgs: [], notes: [] };
    }
    postMessage({ type: 'file', status });
  }
  if (job.reverseDns && job.resolvers?.length) client ??= new DohClient({ resolvers: job.resolvers });
  let asked = 0;
  let answered = 0;
  for (let round = 0; ; round++) {
    if (mine !== generation || !reports) return;
    const { analysis, requests } = reports.step();
    const pending = client && round < MAX_ROUNDS ? requests : [];
    postMessage({ type: 'analysis', analysis, asked, answered, done: pending.length === 0 });
    if (!pending.length) return;
    asked += pending.length;
    const current = reports;
    await Promise.all(
      pending.map(async (request) => {
        const { name, type, wire } = request;
        try {
          if (!wire) throw new Error('this name cannot be looked up');
          const reply = await /** @type {DohClient} */ (client).query(name, type, wire);
          if (mine === generation) {
            const ttl = current.answerDns(name, type, reply.bytes);
            await /** @type {DohClient} */ (client).remember(name, type, reply, ttl);
          }
        } catch (error) {
          if (mine === generation) current.failDns(name, type, String(error?.message ?? error));
        }
        answered++;
      }),
    );
  }
}

onmessage = (event) => {
  const message = event.data ?? {};
  if (message.type === 'clear') {
    generation++;
    reports?.free();
    reports = null;
    return;
  }
  if (message.type === 'add') {
    add(message).catch((error) => postMessage({ type: 'error', message: String(error?.message ?? error) }));
  }
};
