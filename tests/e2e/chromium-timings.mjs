// The Firefox test's timings (tests/e2e/firefox.test.mjs prints them as diagnostics), measured
// the same way in Chromium on the same Gmail fixture, to compare the browsers. Not a test:
//   node tests/e2e/chromium-timings.mjs
import { join } from 'node:path';
import { launch, startServer, site, SITES, waitForBadges } from './harness.mjs';
const CSP = "script-src 'nonce-mailhint-e2e-nonce' 'strict-dynamic'; object-src 'none'; base-uri 'self'; require-trusted-types-for 'script'";
const SPAM = { subject: 'HOT SALE!!! BEST PRICE', lines: ['Dear Sir/Madam,', 'We are a leading manufacturer of LED lights in China. See https://bit.ly/3abc for our prices.', 'Best regards,', 'Lily'] };
const CLEAN = { subject: 'Quotation for IP65 LED high-bays', lines: ['Hi Maria,', 'Thank you for your enquiry of 12 November. As promised, I attach our catalogue with the IP65 high-bays you asked about; the 150 W model fits your warehouse best.', 'Could we have a short call on Thursday to go through the quantities?', 'Best regards,', 'Lily Chen'] };
function recordTimings() {
  const timings = { grades: [], lastKey: 0 };
  Object.defineProperty(window, '__e2eTimings', { value: timings });
  addEventListener('keydown', () => { timings.lastKey = performance.now(); }, true);
  new MutationObserver((records) => { for (const record of records) { const grade = record.target.getAttribute('data-mailhint-grade'); if (grade !== null && grade !== record.oldValue) timings.grades.push({ at: performance.now(), grade: Number(grade) }); } })
    .observe(document, { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ['data-mailhint-grade'] });
}
const server = await startServer([
  site({ host: 'mail.google.com', dir: join(SITES, 'gmail'), base: '/mail/u/0/', headers: { 'content-security-policy': CSP } }),
  site({ host: 'outlook.office.com', dir: SITES, base: '/sites/', routes: { '/mail/': 'outlook/index.html' } }),
]);
const browser = await launch({ hosts: ['mail.google.com', 'outlook.office.com'], port: server.port });
const page = await browser.context.newPage();
await page.addInitScript(recordTimings);
const firstGrade = async () => {
  const load = await page.evaluate(() => performance.getEntriesByType('navigation')[0].toJSON());
  const t = await page.evaluate(() => window.__e2eTimings);
  return `${Math.round(t.grades[0].at)} ms after navigation start, ${Math.round(t.grades[0].at - load.loadEventEnd)} ms after the load event`;
};
await page.goto('https://outlook.office.com/mail/', { waitUntil: 'load' });
await waitForBadges(page, (b) => b.length === 2 && b.every((x) => x.grade !== null), { timeout: 30_000 });
console.log(`chromium ${browser.context.browser()?.version() ?? ''}: first grade of a written draft (core not yet instantiated): ${await firstGrade()}`);
await page.goto('https://mail.google.com/mail/u/0/#inbox', { waitUntil: 'load' });
await waitForBadges(page, (b) => b.length === 1 && b[0].grade !== null);
console.log(`first grade of an empty compose window: ${await firstGrade()}`);
const BODY = '#moles > .Hd:nth-child(1) [g_editable=true]';
async function typeDraft(d) {
  await page.click('#moles > .Hd:nth-child(1) input[name=subjectbox]'); await page.keyboard.press('Control+A'); await page.keyboard.type(d.subject);
  await page.click(BODY); await page.keyboard.press('Control+A'); await page.keyboard.press('Delete');
  for (const [i, l] of d.lines.entries()) { if (i) await page.keyboard.press('Enter'); await page.keyboard.type(l); }
}
const k2g = async () => { const { grades, lastKey } = await page.evaluate(() => window.__e2eTimings); const n = grades.find((g) => g.at > lastKey); return n ? Math.round(n.at - lastKey) : null; };
await typeDraft(SPAM);
const [spam] = await waitForBadges(page, (b) => b[0]?.codes.includes('B02') && b[0].codes.includes('L01'));
console.log(`spam: grade ${spam.grade} codes ${spam.codes.join(' ')}; ${await k2g()} ms key to grade`);
await typeDraft(CLEAN);
const [clean] = await waitForBadges(page, (b) => b[0]?.grade >= 8.5);
console.log(`clean: grade ${clean.grade} codes ${clean.codes.join(' ')}; ${await k2g()} ms key to grade`);
const opt = await browser.context.newPage();
await opt.goto(`chrome-extension://${browser.extensionId}/extension/options/options.html`);
const { timing } = await opt.evaluate(() => chrome.runtime.sendMessage({ type: 'timing' }));
console.log(`worker: wasm init ${Math.round(timing.initMs)} ms, first check ${Math.round(timing.firstCheckMs)} ms`);
await browser.close(); await server.close();
