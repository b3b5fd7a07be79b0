// The extension benchmark: figures printed, nothing asserted. Run by tests/bench/bench.py
// (`./build.sh bench`) after the Rust part, or alone with `node tests/bench/extension-bench.mjs`
// once dist/chrome is assembled.
//
// In Chromium with the unpacked dist/chrome, on the Gmail compose fixture (the same server,
// origin and CSP as tests/e2e/gmail.test.mjs), it measures:
//   1. keystroke-to-hint latency for a 2 KB and a 50 KB draft: each sample types a phrase that
//      adds a finding at the end of the draft and times, in the page, from the keydown of its
//      last character to the badge attribute change (with the new underline already registered),
//      debounce included; the phrase is then deleted (that update is timed too) for the next one;
//   2. main-thread long tasks and long animation frames while typing;
//   3. a cold start (fresh profile): browser launch to service worker, first `check-draft`
//      answer, and the worker's own figures (`timing` message of extension/background.js);
//   4. the wasm modules' sizes, raw and gzipped: the compose module (the one compose windows load,
//      which issue 3 budgets) and the full one (raw .eml files and the domain check, loaded by the
//      worker only for those);
//   5. memory: the service worker's JS heap, the core's linear memory, and the page's JS heap with
//      and without the content scripts.
// Every wait is bounded, and a watchdog ends the run after MAILHINT_EXT_BENCH_TIMEOUT seconds.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHROMIUM, DIST_CHROME, ROOT, SITES, launch, missing, site, staleDist, startServer } from '../e2e/harness.mjs';

const SAMPLES = Number(process.env.MAILHINT_EXT_BENCH_SAMPLES ?? 30);
const BUDGET_S = Number(process.env.MAILHINT_EXT_BENCH_TIMEOUT ?? 180);
const TARGET_P95_MS = 200;
const TARGET_TASK_MS = 50;
const TARGET_GZIP_KB = 500;
/** The controller's debounce, read from its source so that the figures follow it. */
const DEBOUNCE_MS = Number(/const DEBOUNCE_MS = (\d+)/.exec(readFileSync(join(ROOT, 'extension', 'content', 'main.js'), 'utf8'))?.[1] ?? NaN);

// Same policy as the e2e test: Gmail's shape, Trusted Types enforced.
const CSP = "script-src 'nonce-mailhint-e2e-nonce' 'strict-dynamic'; object-src 'none'; base-uri 'self'; require-trusted-types-for 'script'";
/** A host outside the manifest's matches: the same fixture with no content script. */
const PLAIN_HOST = 'webmail.bench.example';

/**
 * A phrase that adds one finding (B07, urgency wording) and its underline, typed after the last
 * paragraph and deleted again (Ctrl+Shift+Left per word, Backspace) before the next sample.
 */
const TRIGGER = { text: 'Please act now', code: 'B07', quote: 'act now', words: 3 };

const wasmPath = join(DIST_CHROME, 'extension', 'pkg', 'mailhint_bg.wasm');
const fullWasmPath = join(DIST_CHROME, 'extension', 'pkg', 'mailhint_full_bg.wasm');

const why = missing();
if (why) {
  console.log(`extension benchmark: SKIPPED (${why})`);
  process.exit(0);
}
if (staleDist()) console.log(`warning: ${staleDist()}`);

const watchdog = setTimeout(() => {
  console.log(`extension benchmark: stopped after ${BUDGET_S} s (watchdog); figures above are partial`);
  process.exit(1);
}, BUDGET_S * 1000);
watchdog.unref();

// --- helpers -----------------------------------------------------------------------------------

const fmt = (ms) => (ms === null || ms === undefined || !Number.isFinite(ms) ? 'n/a' : `${ms.toFixed(1)} ms`);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const verdict = (ok) => (ok === null ? 'n/a' : ok ? 'met' : 'NOT MET');
function quantile(values, q) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}
/** One figure per line: label, value, and the target with its verdict when there is one. */
function line(label, value, target = '') {
  console.log(`${label.padEnd(64)} ${value.padEnd(22)} ${target}`.trimEnd());
}

/**
 * A 2 KB / 50 KB draft body: plain business paragraphs (no finding of their own, beyond the
 * "long email" note), numbered so that no two are the same.
 */
function paragraphs(bytes) {
  const base = [
    'Thank you for your enquiry about the warehouse lighting. Our engineers reviewed the drawings you sent and suggest the 150 W high-bay model for the main hall, with the 100 W model for the loading area.',
    'The fittings are rated IP65 and come with a five-year warranty; the drivers are replaceable on site. Lead time for your quantities is about four weeks after the drawings are approved.',
    'I attach the photometric report for the main hall so that your consultant can check the light levels on the racks. Please tell me if you need the files in another format.',
  ];
  const out = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const text = `${i + 1}. ${base[i % base.length]}`;
    out.push(text);
    size += text.length + 1;
  }
  return out;
}

/**
 * A page's JS heap after a garbage collection. Playwright's own injected script (a few hundred
 * KB of source and code, made on the first locator or waitForFunction call) is made in every
 * page measured, so that it cancels out of the differences.
 */
async function pageHeap(context, page) {
  await page.locator('body').count();
  await page.waitForFunction(() => document.readyState === 'complete', null, { timeout: 5_000 });
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name) => metrics.find((m) => m.name === name)?.value ?? NaN;
    const usage = await cdp.send('Runtime.getHeapUsage');
    return { used: get('JSHeapUsedSize'), total: get('JSHeapTotalSize'), nodes: get('Nodes'), runtimeUsed: usage.usedSize };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * The service worker's JS heap through the browser's CDP endpoint: playwright-core only opens
 * sessions on pages and frames, so the worker target is attached here in non-flattened mode and
 * spoken to through Target.sendMessageToTarget.
 */
async function workerHeap(context, extensionId) {
  const browserHandle = context.browser();
  if (!browserHandle) return { error: 'no browser-level CDP session for this context' };
  const cdp = await browserHandle.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(extensionId));
    if (!target) return { error: 'service worker target not found' };
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    let nextId = 1;
    const pending = new Map();
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      if (event.sessionId !== sessionId) return;
      const message = JSON.parse(event.message);
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    });
    const send = (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
        setTimeout(() => pending.has(id) && (pending.delete(id), reject(new Error(`${method} timed out`))), 10_000);
      });
    await send('HeapProfiler.enable').catch(() => {});
    await send('HeapProfiler.collectGarbage').catch(() => {});
    const usage = await send('Runtime.getHeapUsage');
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    return { used: usage.usedSize, total: usage.totalSize };
  } catch (error) {
    return { error: String(error?.message ?? error) };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Sizes of the code and data sections of a wasm module (where its bytes go). */
function wasmSections(bytes) {
  let i = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[i++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const out = { code: 0, data: 0, codeBytes: Buffer.alloc(0), dataBytes: Buffer.alloc(0) };
  while (i < bytes.length) {
    const id = bytes[i++];
    const size = leb();
    if (id === 10) Object.assign(out, { code: size, codeBytes: bytes.subarray(i, i + size) });
    if (id === 11) Object.assign(out, { data: size, dataBytes: bytes.subarray(i, i + size) });
    i += size;
  }
  return out;
}

// --- the run -----------------------------------------------------------------------------------

console.log(`\n== the extension in Chromium (${CHROMIUM}, unpacked dist/chrome, Gmail fixture)`);

// 4. Sizes of the wasm modules the extension ships.
const wasm = readFileSync(wasmPath);
const gzipped = gzipSync(wasm, { level: 9 }).length;
line('compose wasm size, raw', kb(statSync(wasmPath).size));
line('compose wasm size, gzip -9', kb(gzipped), `target < ${TARGET_GZIP_KB} KB: ${verdict(gzipped < TARGET_GZIP_KB * 1024)}`);
const sections = wasmSections(wasm);
line('  of which code / data sections (raw)', `${kb(sections.code)} / ${kb(sections.data)}`, `(gzip -9: ${kb(gzipSync(sections.codeBytes, { level: 9 }).length)} / ${kb(gzipSync(sections.dataBytes, { level: 9 }).length)})`);
try {
  const full = readFileSync(fullWasmPath);
  line('full wasm size, raw / gzip -9', `${kb(full.length)} / ${kb(gzipSync(full, { level: 9 }).length)}`, '(popup domain check and .eml files only)');
} catch {
  line('full wasm size', 'n/a (no extension/pkg/mailhint_full_bg.wasm in dist/chrome)');
}

const server = await startServer([
  site({ host: 'mail.google.com', dir: join(SITES, 'gmail'), base: '/mail/u/0/', headers: { 'content-security-policy': CSP } }),
  site({ host: PLAIN_HOST, dir: join(SITES, 'gmail'), base: '/mail/u/0/', headers: { 'content-security-policy': CSP } }),
]);
let browser;
try {
  // 3. Cold start: a fresh profile (launch() makes one), the worker not yet asked anything.
  const launchedAt = Date.now();
  browser = await launch({ hosts: ['mail.google.com', PLAIN_HOST], port: server.port });
  const workerSeenAt = Date.now();
  const workerOrigin = await browser.worker.evaluate(() => performance.timeOrigin);
  const extPage = await browser.context.newPage();
  await extPage.goto(`chrome-extension://${browser.extensionId}/extension/popup/popup.html`, { waitUntil: 'load' });
  const bigHtml = paragraphs(50 * 1024).map((p) => `<div>${p}</div>`).join('');
  const cold = await extPage.evaluate(async (bigHtml) => {
    const ask = (message) => chrome.runtime.sendMessage(message);
    const draft = { subject: 'Quotation for IP65 high-bays', to: ['maria@acme.example'], html: '<div>Hi Maria,</div><div>Thank you for your enquiry.</div>' };
    const t0 = performance.now();
    const first = await ask({ type: 'check-draft', draft, mode: null, lang: 'en', disabled: [] });
    const t1 = performance.now();
    const warm = [];
    for (let i = 0; i < 10; i++) {
      const s = performance.now();
      await ask({ type: 'check-draft', draft, mode: null, lang: 'en', disabled: [] });
      warm.push(performance.now() - s);
    }
    const big = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      await ask({ type: 'check-draft', draft: { ...draft, html: bigHtml }, mode: null, lang: 'en', disabled: [] });
      big.push(performance.now() - s);
    }
    const { timing } = await ask({ type: 'timing' });
    return { firstMs: t1 - t0, ok: !!first?.report, warm, big, timing };
  }, bigHtml);
  await extPage.close();
  line('cold start: browser launch to service worker running', fmt(workerOrigin - launchedAt), `(playwright saw it after ${workerSeenAt - launchedAt} ms)`);
  if (cold.timing) {
    line('cold start: worker start to background.js evaluated', fmt(cold.timing.evaluated));
    line('cold start: wasm init() in the worker (fetch+compile+inst.)', fmt(cold.timing.initMs));
    line('cold start: first checkDraft() call in the worker', fmt(cold.timing.firstCheckMs), '(one-time set-up of the core + lazy wasm compilation)');
  } else {
    line('cold start: worker timing', 'n/a (no `timing` handler in background.js)');
  }
  line('cold start: first check-draft answer (init included)', cold.ok ? fmt(cold.firstMs) : 'failed');
  line('warm check-draft round trip, short draft, p50', fmt(quantile(cold.warm, 0.5)));
  line('warm check-draft round trip, 50 KB draft, p50', fmt(quantile(cold.big, 0.5)));

  // The Gmail fixture.
  const page = await browser.context.newPage();
  await page.goto('https://mail.google.com/mail/u/0/#inbox', { waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelectorAll('mailhint-badge').length === 1, null, { timeout: 15_000 });

  // In the page's world: keydown times, long tasks, long animation frames, and a watcher that
  // stamps the moment the badge shows (or stops showing) the trigger's code with its underline.
  await page.evaluate((trigger) => {
    const bench = (window.__bench = { keydown: 0, longtasks: [], loafs: [], loafSupported: false, waiting: null });
    addEventListener('keydown', () => (bench.keydown = performance.now()), true);
    // The longest interval between two animation frames: the APIs below only see tasks over
    // 50 ms, this sees any blocking longer than a frame (16.7 ms at 60 Hz).
    bench.maxGap = 0;
    let lastFrame = performance.now();
    const frame = (now) => {
      bench.maxGap = Math.max(bench.maxGap, now - lastFrame);
      lastFrame = now;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    new PerformanceObserver((list) => bench.longtasks.push(...list.getEntries().map((e) => ({ start: e.startTime, duration: e.duration })))).observe({ type: 'longtask' });
    if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
      bench.loafSupported = true;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          const scripts = (e.scripts ?? []).map((s) => ({ url: s.sourceURL || s.invoker || '', duration: s.duration }));
          bench.loafs.push({ start: e.startTime, duration: e.duration, blocking: e.blockingDuration, scripts });
        }
      }).observe({ type: 'long-animation-frame' });
    }
    const underlined = () => {
      for (const [name, highlight] of CSS.highlights) {
        if (!name.startsWith('mailhint-')) continue;
        for (const range of highlight) if (range.toString() === trigger.quote) return true;
      }
      return false;
    };
    const host = document.querySelector('mailhint-badge');
    new MutationObserver(() => {
      const w = bench.waiting;
      if (!w || w.at) return;
      const codes = (host.getAttribute('data-mailhint-codes') ?? '').split(' ');
      const shown = codes.includes(trigger.code) && underlined();
      const gone = !codes.includes(trigger.code) && !underlined();
      if (w.want === 'shown' ? shown : gone) w.at = performance.now();
    }).observe(host, { attributes: true, attributeFilter: ['data-mailhint-grade', 'data-mailhint-codes'] });
  }, TRIGGER);

  // Self-check of the observers: one deliberate 80 ms task must be reported.
  const calibration = await page.evaluate(async () => {
    const before = window.__bench.longtasks.length;
    const loafBefore = window.__bench.loafs.length;
    await new Promise((resolve) => setTimeout(() => {
      const end = performance.now() + 80;
      while (performance.now() < end);
      resolve();
    }, 0));
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { longtask: window.__bench.longtasks.length > before, loaf: window.__bench.loafs.length > loafBefore };
  });
  if (!calibration.longtask) console.log('warning: a deliberate 80 ms task was not reported as a longtask: the long-task figures below may be blind');

  /** Fills the first compose window's body with `lines` (fixture setup, not timed). */
  async function fill(target, lines) {
    await target.evaluate((ls) => {
      const body = document.querySelector('#moles [g_editable=true]');
      const divs = ls.map((l) => {
        const div = document.createElement('div');
        div.textContent = l;
        return div;
      });
      const subject = document.querySelector('#moles input[name=subjectbox]');
      subject.value = 'Quotation for IP65 high-bays';
      body.replaceChildren(...divs);
      body.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
    }, lines);
  }

  /** Arms the page's watcher for the trigger's hint to be `shown` or `gone`. */
  const arm = (want) => page.evaluate((w) => (window.__bench.waiting = { want: w, at: 0 }), want);
  /** Milliseconds from the last keydown to the watcher's stamp, or null after `timeout` ms. */
  const stamp = async (timeout = 5_000) => {
    const handle = await page
      .waitForFunction(() => window.__bench.waiting.at && { at: window.__bench.waiting.at, key: window.__bench.keydown }, null, { timeout, polling: 50 })
      .catch(() => null);
    const value = handle ? await handle.jsonValue() : null;
    return value ? value.at - value.key : null;
  };
  /** Types the trigger where the caret is; the latency to its underline and badge code. */
  async function typeTrigger(timeout) {
    await arm('shown');
    await page.keyboard.type(TRIGGER.text, { delay: 15 });
    return stamp(timeout);
  }
  /** Deletes the trigger just typed (its words, then Backspace); the latency to its removal. */
  async function deleteTrigger() {
    await arm('gone');
    for (let w = 0; w < TRIGGER.words; w++) await page.keyboard.press('ControlOrMeta+Shift+ArrowLeft');
    await page.keyboard.press('Backspace');
    return stamp();
  }

  /**
   * Types the trigger at the end of the body SAMPLES times; returns the keystroke-to-hint and
   * keystroke-to-removal latencies and the long tasks seen while doing it.
   */
  async function typingRun(label, bytes) {
    const lines = paragraphs(bytes);
    await fill(page, lines);
    // Let the analysis of the pasted draft land, then a quiet moment.
    await page.waitForFunction(() => document.querySelector('mailhint-badge')?.hasAttribute('data-mailhint-grade'), null, { timeout: 15_000 });
    await page.waitForTimeout(1200);
    const body = page.locator('#moles [g_editable=true]').first();
    await body.click();
    await page.keyboard.press('ControlOrMeta+End');
    // The trigger goes after a space; deleting its three words comes back to this state.
    await page.keyboard.type(' ');
    const startedAt = await page.evaluate(() => {
      window.__bench.maxGap = 0;
      return performance.now();
    });
    const shown = [];
    const gone = [];
    let failures = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const a = await typeTrigger();
      if (a === null) failures++;
      else shown.push(a);
      const b = await deleteTrigger();
      if (b === null) failures++;
      else gone.push(b);
    }
    const { longtasks, loafs, loafSupported, bodyLength, maxGap } = await page.evaluate((t0) => ({
      maxGap: window.__bench.maxGap,
      longtasks: window.__bench.longtasks.filter((e) => e.start >= t0),
      loafs: window.__bench.loafs.filter((e) => e.start >= t0),
      loafSupported: window.__bench.loafSupported,
      bodyLength: new Blob([document.querySelector('#moles [g_editable=true]').innerText]).size,
    }), startedAt);
    return { label, bytes: bodyLength, shown, gone, failures, longtasks, loafs, loafSupported, maxGap };
  }

  const runs = [];
  for (const [label, bytes] of [['2 KB', 2 * 1024], ['50 KB', 50 * 1024]]) runs.push(await typingRun(label, bytes));

  // The same keystroke after the worker was stopped (MV3 stops it after 30 s idle): the message
  // wakes it, and the core is instantiated and set up again.
  const asleep = await (async () => {
    const cdp = await browser.context.newCDPSession(page);
    try {
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
    } finally {
      await cdp.detach().catch(() => {});
    }
    const bcdp = await browser.context.browser()?.newBrowserCDPSession();
    const stillThere = bcdp
      ? (await bcdp.send('Target.getTargets')).targetInfos.some((t) => t.type === 'service_worker' && t.url.includes(browser.extensionId))
      : true;
    await bcdp?.detach().catch(() => {});
    if (stillThere) return { error: 'could not stop the worker' };
    const latency = await typeTrigger(10_000);
    await deleteTrigger();
    return { latency };
  })().catch((error) => ({ error: String(error?.message ?? error) }));

  // 1. Keystroke to hint.
  for (const run of runs) {
    const p95 = quantile(run.shown, 0.95);
    const fails = run.failures ? ` (${run.failures} samples timed out)` : '';
    line(`keystroke to underline+badge, ${run.label} draft (${kb(run.bytes)}), p50`, fmt(quantile(run.shown, 0.5)), `n=${run.shown.length}${fails}`);
    line(`keystroke to underline+badge, ${run.label} draft, p95`, fmt(p95), `target < ${TARGET_P95_MS} ms incl. the debounce: ${verdict(run.shown.length ? p95 < TARGET_P95_MS : null)} (the debounce alone is ${DEBOUNCE_MS} ms)`);
    line(`keystroke to underline+badge, ${run.label} draft, p95 minus debounce`, fmt(p95 - DEBOUNCE_MS), `(analysis + drawing after the debounce; < ${TARGET_P95_MS} ms: ${verdict(run.shown.length && DEBOUNCE_MS >= 0 ? p95 - DEBOUNCE_MS < TARGET_P95_MS : null)})`);
    line(`deletion to underline gone, ${run.label} draft, p50 / p95`, `${fmt(quantile(run.gone, 0.5))} / ${fmt(quantile(run.gone, 0.95))}`);
  }

  if (asleep.error) line('keystroke to underline+badge, 50 KB, worker stopped before', `n/a (${asleep.error})`);
  else line('keystroke to underline+badge, 50 KB, worker stopped before', fmt(asleep.latency), '(one sample: worker restart + wasm init + first check)');

  // 2. Long main-thread work while typing.
  for (const run of runs) {
    const maxTask = Math.max(0, ...run.longtasks.map((e) => e.duration));
    const over = run.longtasks.filter((e) => e.duration > TARGET_TASK_MS).length;
    const longest = run.longtasks.length ? fmt(maxTask) : 'none > 50 ms';
    line(`longest main-thread task while typing, ${run.label} draft`, longest, `${over} over ${TARGET_TASK_MS} ms; target none > ${TARGET_TASK_MS} ms: ${verdict(over === 0)}`);
    line(`longest gap between animation frames while typing, ${run.label}`, fmt(run.maxGap), '(any blocking longer than one frame shows here)');
    if (run.loafSupported) {
      const maxLoaf = Math.max(0, ...run.loafs.map((e) => e.duration));
      const overLoaf = run.loafs.filter((e) => e.duration > TARGET_TASK_MS).length;
      line(`longest animation frame (LoAF) while typing, ${run.label} draft`, run.loafs.length ? fmt(maxLoaf) : 'none > 50 ms', `${overLoaf} frames over ${TARGET_TASK_MS} ms`);
      // Where the long frames' script time went: the extension's content scripts or not.
      const byUrl = new Map();
      for (const frame of run.loafs) {
        for (const s of frame.scripts) {
          const key = s.url.startsWith('chrome-extension://') ? `extension: ${s.url.replace(/^chrome-extension:\/\/[^/]+\//, '')}` : s.url || '(page)';
          byUrl.set(key, Math.max(byUrl.get(key) ?? 0, s.duration));
        }
      }
      const top = [...byUrl].sort((a, b) => b[1] - a[1]).slice(0, 3);
      if (top.length) line(`  longest script in those frames, ${run.label}`, top.map(([u, d]) => `${u} ${d.toFixed(0)} ms`).join('; '));
    } else {
      line(`long animation frames, ${run.label} draft`, 'n/a (LoAF API not available)');
    }
  }

  // 5. Memory.
  const timing = await (async () => {
    const p = await browser.context.newPage();
    await p.goto(`chrome-extension://${browser.extensionId}/extension/popup/popup.html`, { waitUntil: 'load' });
    const { timing: t } = await p.evaluate(() => chrome.runtime.sendMessage({ type: 'timing' }));
    await p.close();
    return t;
  })().catch(() => null);
  const sw = await workerHeap(browser.context, browser.extensionId);
  if (sw.error) line('service worker JS heap', `n/a (${sw.error})`);
  else line('service worker JS heap used / total (after GC)', `${mb(sw.used)} / ${mb(sw.total)}`);
  if (timing?.wasmMemoryBytes) line('wasm linear memory of the core (outside the JS heap)', mb(timing.wasmMemoryBytes));
  if (timing && 'fullInitMs' in timing) {
    line('full wasm module instantiated by the compose path', timing.fullInitMs === null ? 'no' : `yes (${fmt(timing.fullInitMs)})`, '(it should not be)');
  }
  if (!asleep.error && timing?.initMs != null) {
    line('restarted worker: wasm init() / first checkDraft() (50 KB)', `${fmt(timing.initMs)} / ${fmt(timing.firstCheckMs)}`);
  }

  // The benchmarked page itself, after every run above (a leak would show here).
  const afterRuns = await pageHeap(browser.context, page);
  await page.close();
  // The page's JS heap with the content scripts (Gmail origin) and without (same fixture on a
  // host outside the manifest), each a fresh page with the same 2 KB draft.
  const small = paragraphs(2 * 1024);
  const fresh = await browser.context.newPage();
  await fresh.goto('https://mail.google.com/mail/u/0/#inbox', { waitUntil: 'load' });
  await fresh.waitForFunction(() => document.querySelectorAll('mailhint-badge').length === 1, null, { timeout: 15_000 });
  await fill(fresh, small);
  await fresh.waitForFunction(() => document.querySelector('mailhint-badge')?.hasAttribute('data-mailhint-grade'), null, { timeout: 15_000 });
  await fresh.waitForTimeout(1000);
  const withExt = await pageHeap(browser.context, fresh);
  await fresh.close();
  const plain = await browser.context.newPage();
  await plain.goto(`https://${PLAIN_HOST}/mail/u/0/#inbox`, { waitUntil: 'load' });
  await fill(plain, small);
  await plain.waitForTimeout(1500);
  const badgesOnPlain = await plain.evaluate(() => document.querySelectorAll('mailhint-badge').length);
  const withoutExt = await pageHeap(browser.context, plain);
  // What any isolated world costs before a script runs in it: an empty one, made through CDP.
  const emptyWorld = await (async () => {
    const cdp = await browser.context.newCDPSession(plain);
    try {
      const { frameTree } = await cdp.send('Page.getFrameTree');
      const { executionContextId } = await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'mailhint-bench-empty' });
      await cdp.send('Runtime.evaluate', { expression: 'document.title.length', contextId: executionContextId });
    } finally {
      await cdp.detach().catch(() => {});
    }
    return (await pageHeap(browser.context, plain)).used - withoutExt.used;
  })().catch(() => NaN);
  line('page JS heap with the extension (Gmail fixture, 2 KB draft)', mb(withExt.used), `${withExt.nodes} DOM nodes`);
  line('page JS heap without it (same fixture, unmatched host)', mb(withoutExt.used), `${withoutExt.nodes} DOM nodes${badgesOnPlain ? ' (WARNING: a badge was found there)' : ''}`);
  line('content scripts\' cost in the page (difference)', kb(withExt.used - withoutExt.used), Number.isFinite(emptyWorld) ? `(an empty isolated world alone: ${kb(emptyWorld)})` : '');
  await plain.close();
  // The scripts loaded but no compose window open: their fixed cost (code, extension API
  // bindings of the isolated world), apart from a compose window's state.
  const idle = await browser.context.newPage();
  await idle.goto('https://mail.google.com/mail/u/0/#nocompose', { waitUntil: 'load' });
  await idle.waitForTimeout(1500);
  const idleHeap = await pageHeap(browser.context, idle);
  line('  of which with the scripts loaded and no compose window open', kb(idleHeap.used - withoutExt.used));
  await idle.close();
  line('page JS heap of the benchmarked page after all the typing (50 KB)', mb(afterRuns.used), `${afterRuns.nodes} DOM nodes`);
} finally {
  await browser?.close();
  await server.close();
}
clearTimeout(watchdog);
