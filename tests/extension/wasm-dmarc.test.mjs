// The full module's DMARC reader (`DmarcReports`, the DMARC page's worker drives it) against the
// native CLI on the same files: the same per-file outcome and the same analysis, offline; then
// one round of reverse DNS answered from the package's own wire queries.
// Run by `./build.sh test` (node --test tests/extension/), after the wasm build and the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url);
const ROOT = fileURLToPath(root);
const pkg = new URL('extension/pkg/', root);
const { default: initFull, DmarcReports } = await import(new URL('mailhint_full.js', pkg));
await initFull({ module_or_path: await readFile(new URL('mailhint_full_bg.wasm', pkg)) });

const corpus = [join(ROOT, '../shared/corpus/dmarc-reports'), join(ROOT, '../../shared/corpus/dmarc-reports')].find((d) => existsSync(join(d, 'aggregate')));
const cli = ['target/release/mailhint', 'target/debug/mailhint'].map((p) => join(ROOT, p)).find(existsSync);
const skip = !corpus ? 'the DMARC report corpus (../shared/corpus/dmarc-reports) is absent' : !cli ? 'no mailhint binary (cargo build -p mailhint-cli)' : false;
if (skip) console.log(`SKIPPED wasm-dmarc: ${skip}`);

test('DmarcReports reads the samples as the native CLI does, file by file and in the analysis', { skip }, async () => {
  const files = ['aggregate', 'aggregate_invalid'].flatMap((d) => readdirSync(join(corpus, d)).sort().map((f) => join(corpus, d, f)));
  for (const lang of ['en', 'zh-CN']) {
    const native = JSON.parse(execFileSync(cli, ['dmarc-report', '--offline', '--format', 'json', '--lang', lang, ...files], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] }));
    const reports = new DmarcReports(lang, false);
    for (const [i, file] of files.entries()) {
      const status = reports.addFile(file, await readFile(file));
      const theirs = native.files[i];
      assert.equal(status.error ?? null, theirs.error ?? null, `${file}: the same error`);
      assert.equal(status.code ?? null, theirs.code ?? null, file);
      assert.equal(status.reports, theirs.reports?.length ?? 0, file);
      assert.equal(status.rows, (theirs.reports ?? []).reduce((n, r) => n + r.records.length, 0), file);
      assert.deepEqual(status.notes, theirs.notes ?? [], file);
    }
    const { analysis, requests } = reports.step();
    assert.deepEqual(requests, [], 'no lookups when reverse DNS is off');
    assert.deepEqual(analysis, native.analysis, `${lang}: the same analysis`);
    reports.free();
  }
});

test('DmarcReports asks for the sources\' PTR records and reads the answers', async () => {
  const xml = '<feedback><report_metadata><org_name>r</org_name><email>a@r.example</email><report_id>1</report_id>'
    + '<date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata>'
    + '<policy_published><domain>example.com</domain><p>none</p></policy_published>'
    + '<record><row><source_ip>54.240.0.1</source_ip><count>7</count><policy_evaluated><disposition>none</disposition>'
    + '<dkim>fail</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers>'
    + '<auth_results><spf><domain>example.com</domain><result>fail</result></spf></auth_results></record></feedback>';
  const reports = new DmarcReports('en', true);
  assert.equal(reports.addFile('r.xml', new TextEncoder().encode(xml)).error, null);
  const first = reports.step();
  assert.equal(first.analysis.complete, false);
  assert.deepEqual(first.requests.map((r) => [r.kind, r.name, r.type]), [['dns', '1.0.240.54.in-addr.arpa', 'PTR']]);
  assert.equal(first.analysis.domains[0].sources[0].ptr.state, 'pending');
  // The reply: the question echoed with one PTR answer a1-1.smtp-out.amazonses.com.
  const q = Uint8Array.from(first.requests[0].wire);
  const target = 'a1-1.smtp-out.amazonses.com'.split('.').flatMap((l) => [l.length, ...new TextEncoder().encode(l)]).concat(0);
  const answer = [0xc0, 12, 0, 12, 0, 1, 0, 0, 1, 44, 0, target.length, ...target];
  const reply = Uint8Array.from([...q, ...answer]);
  reply[2] |= 0x80;
  reply[7] = 1;
  assert.equal(reports.answerDns('1.0.240.54.in-addr.arpa', 'PTR', reply), 300);
  const done = reports.step();
  assert.equal(done.analysis.complete, true);
  const source = done.analysis.domains[0].sources[0];
  assert.deepEqual(source.ptr, { state: 'found', names: ['a1-1.smtp-out.amazonses.com'] });
  assert.equal(source.provider.id, 'amazonses');
  assert.equal(source.class, 'yours-failing');
  assert.equal(source.advice.code, 'DMARC-SERVICE-UNAUTHENTICATED');
  assert.match(source.advice.fix, /include:amazonses\.com/);
  reports.free();
});
