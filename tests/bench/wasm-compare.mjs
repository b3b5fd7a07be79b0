// The compose module's checkDraft on a 50 KB draft in node, two builds side by side and
// interleaved, so that a size change can show it costs no speed without the browser's noise:
//   node tests/bench/wasm-compare.mjs OLD_PKG_DIR [NEW_PKG_DIR (default extension/pkg)]
// (a pkg dir as build.sh writes it; one without public-suffix-list.txt has the list built in).
// Prints p50/p95 of each and whether both give the same report. Figures only, nothing asserted.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const load = async (dir) => {
  dir = resolve(dir);
  const m = await import(pathToFileURL(`${dir}/mailhint.js`).href + `?${dir}`);
  await m.default({ module_or_path: await readFile(`${dir}/mailhint_bg.wasm`) });
  if (existsSync(`${dir}/public-suffix-list.txt`)) m.setPublicSuffixList(await readFile(`${dir}/public-suffix-list.txt`, 'utf8'));
  return m;
};
if (!process.argv[2]) {
  console.log('usage: node tests/bench/wasm-compare.mjs OLD_PKG_DIR [NEW_PKG_DIR]');
  process.exit(2);
}
const before = await load(process.argv[2]);
const after = await load(process.argv[3] ?? new URL('../../extension/pkg', import.meta.url).pathname);
const base = [
  'Thank you for your enquiry about the warehouse lighting. Our engineers reviewed the drawings you sent and suggest the 150 W high-bay model for the main hall, with the 100 W model for the loading area.',
  'The fittings are rated IP65 and come with a five-year warranty; the drivers are replaceable on site. Lead time for your quantities is about four weeks after the drawings are approved. Please act now, visit https://x-lighting.example/offer and reply to sales@x-lighting.example.',
];
let html = '', i = 0;
while (html.length < 50 * 1024) html += `<p>${i}. ${base[i++ % 2]}</p>\n`;
const draft = JSON.stringify({ subject: 'Quotation for IP65 LED high-bays', from: 'Lily <lily@x-lighting.example>', to: ['Tom <tom@acme.example>'], html });
const time = (m) => { const s = performance.now(); m.checkDraft(draft, null, 'en', null); return performance.now() - s; };
const q = (v, p) => [...v].sort((a, b) => a - b)[Math.ceil(p * v.length) - 1].toFixed(1);
time(before); time(after);
const tb = [], ta = [];
for (let k = 0; k < 40; k++) { tb.push(time(before)); ta.push(time(after)); }
console.log(`50 KB draft checkDraft in node, n=40: before p50 ${q(tb, 0.5)} ms p95 ${q(tb, 0.95)} ms; after p50 ${q(ta, 0.5)} ms p95 ${q(ta, 0.95)} ms`);
const fb = JSON.stringify(before.checkDraft(draft, null, 'en', null)), fa = JSON.stringify(after.checkDraft(draft, null, 'en', null));
console.log('same report:', fb === fa);
