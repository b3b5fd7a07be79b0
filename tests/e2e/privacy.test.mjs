// Privacy, proven (issue 7): every network request the extension makes during a whole session is
// recorded in real Chromium with the real unpacked extension (a copy of dist/chrome allowed to
// reach the loopback resolver), and checked. The session: a draft typed in every compose fixture
// (Gmail, Outlook, NetEase, QQ Mail, Exmail, Alibaba, a generic webmail switched on by the user,
// and a real Roundcube 1.6 on loopback),
// the popup opened, a sender-domain check run, a bounce dropped on the popup and pasted into it
// and read, the options page opened.
//
// The configured resolver is real BIND behind real dnsdist (tests/dns/start.sh, loaded with
// tests/e2e/dns/privacy.zone), reached through a recording front (`recordingProxy`), which is the
// resolver's own witness of what reached it. The browser side is recorded over the DevTools
// protocol on every target (network-recorder.mjs): pages, frames, the popup and the service
// worker. The recording is proven to work: it must hold every request the resolver received,
// every request Playwright saw, and the lookups the session has to make.
//
// Asserted:
// - every request leaves for one of: the extension's own package (chrome-extension://<id>/),
//   the fixture pages this test serves (requested by the pages themselves, never by extension
//   code), or the configured resolver (from the service worker only, GET `?dns=` only);
// - every DNS question's name comes from the session's inputs: the domains of the drafts'
//   addresses and links and the checked domain, a name an answer pointed at (MX host, SPF term,
//   CNAME, DMARC report address), or one of those under a documented prefix of the checks
//   (SECURITY.md, "What leaves the browser"); blocklist zones are read from the core's source;
// - no request's URL, headers or body, and no question's name, holds a word of the drafts'
//   subject or body or of the bounce;
// - no script comes from outside the package.
// Run with `node --test tests/e2e/privacy.test.mjs` after `./build.sh wasm`. Prints the counts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dnsPacket from 'dns-packet';
import { COMPOSE_PAGES, COMPOSE_SCENARIOS, ROUNDCUBE } from './drafts.mjs';
import {
  ROOT, SITES, distWithLoopbackResolver, dnsMissing, launch, leaks, missing, roundcubeCompose, site, staleDist, startDoh, startRoundcube,
  startServer, stopDoh, waitForBadges,
} from './harness.mjs';
import { recordNetwork, recordingProxy, targetIdOf } from './network-recorder.mjs';

/** This test's own DNS servers, on the ports issue 7's privacy work was given. */
const DNS_ENV = {
  MAILHINT_DNS_STATE: join(ROOT, 'target', 'dns-privacy'),
  MAILHINT_DNS_PORT: process.env.MAILHINT_PRIVACY_DNS_PORT ?? '27353',
  MAILHINT_DNSDIST_PORT: process.env.MAILHINT_PRIVACY_DNSDIST_PORT ?? '27354',
  MAILHINT_DOH_PORT: process.env.MAILHINT_PRIVACY_DOH_PORT ?? '30050',
};

const roundcubeMissing = ['/var/lib/roundcube/public_html/index.php', '/usr/sbin/dovecot'].filter((f) => !existsSync(f));
const skip = missing() || dnsMissing() || (roundcubeMissing.length ? `${roundcubeMissing.join(', ')} missing: ./build.sh setup installs Roundcube` : false);
if (!skip && staleDist()) throw new Error(staleDist());
if (skip) console.log(`SKIPPED privacy e2e: ${skip}`);

const GMAIL_CSP = "script-src 'nonce-mailhint-e2e-nonce' 'strict-dynamic'; object-src 'none'; base-uri 'self'; require-trusted-types-for 'script'";
// Strict like the real webmails (as adapters.test.mjs serves them).
const FIXTURE_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-src 'self'; img-src 'self' data:";

/**
 * What the user types in every compose window: invented words, so that finding one anywhere in
 * the traffic can only mean the draft leaked. "!!!" makes S03 fire, which tells the test the
 * extension has analysed the draft. The link is typed too; its host may be looked up, its path
 * (a draft word) may not travel.
 */
const DRAFT = {
  subject: 'Zephyrine quokkaberry tariffs!!!',
  body: ' Vellichor plumbago samples from Brindlewick are ready; marmoliant pricing inside.',
  link: ' https://catalog.acme.example/wolframite',
  recipient: 'tom.baker@buyer.example',
};
/** The domain the user checks in the popup (the Gmail fixture's sender domain). */
const CHECKED_DOMAIN = 'x-lighting.example';
const BOUNCE_EML = readFileSync(join(ROOT, 'tests/fixtures/bounces/netease-user-not-found.eml'), 'utf8');
/** Words of the bounce that must not travel either (its text stays in the browser). */
const BOUNCE_WORDS = ['buyer.wang', 'virtual mailbox table', 'User not found'];

/** Every word of five letters or more of the typed subject and body (the link excluded). */
const SECRET_WORDS = [...new Set(`${DRAFT.subject} ${DRAFT.body}`.match(/\p{L}{5,}/gu))];

/** The compose fixtures' hosts: Gmail's (a folder of its own) and the others'. */
const HOSTS = ['mail.google.com', ...Object.keys(COMPOSE_PAGES)];

/**
 * The documented names the checks derive from a domain D (SECURITY.md): `_dmarc.D` (and the
 * DMARC tree walk's parents), `<selector>._domainkey.D`, `_mta-sts.D`, `_smtp._tls.D`,
 * `<selector>._bimi.D`, `D._report._dmarc.R` for a report address at R; blocklists ask
 * `<reversed IP>.<zone>` and `D.<zone>`; reverse DNS `<reversed IP>.in-addr.arpa`.
 */
const PREFIXES = [/^_dmarc\./, /^([a-z0-9_-]+\.)?_domainkey\./, /^_mta-sts\./, /^_smtp\._tls\./, /^[a-z0-9_-]+\._bimi\./];

/**
 * The blocklists of the domain check, read from the core's declarations: their zones, and the
 * canaries (each list's documented test entry, asked to tell a list that answers from one that
 * refuses the resolver: constant names, nobody's data).
 */
const BLOCKLISTS_RS = readFileSync(join(ROOT, 'crates/mailhint-core/src/domain/blocklists.rs'), 'utf8');
const BLOCKLIST_ZONES = [...BLOCKLISTS_RS.matchAll(/zone: "([^"]+)"/g)].map((m) => m[1]);
const BLOCKLIST_CANARIES = [...BLOCKLISTS_RS.matchAll(/canary: "([^"]+)"/g)].map((m) => m[1]);

let tmp;
let roundcube;
let server;
let proxy;
let browser;
let recorder;
/** The drafts' addresses and links as the pages hold them (fixture recipients included). */
const pageTexts = [];

before(async () => {
  if (skip) return;
  const doh = startDoh([join(ROOT, 'tests/e2e/dns/privacy.zone')], DNS_ENV);
  roundcube = await startRoundcube('mh-pv-');
  proxy = await recordingProxy(doh);
  tmp = mkdtempSync(join(tmpdir(), 'mailhint-e2e-privacy-'));
  // The generic webmail and the Roundcube on loopback are sites the user switched on (the DoH
  // front on loopback is no page: nothing runs there).
  const dist = distWithLoopbackResolver(tmp, ['https://webmail.example.org/*', 'http://127.0.0.1/*']);

  server = await startServer([
    site({ host: 'mail.google.com', dir: join(SITES, 'gmail'), base: '/mail/u/0/', headers: { 'content-security-policy': GMAIL_CSP } }),
    ...Object.entries(COMPOSE_PAGES).map(([host, routes]) =>
      site({ host, dir: SITES, base: '/sites/', routes, headers: { 'content-security-policy': FIXTURE_CSP } })),
  ]);
  browser = await launch({ hosts: HOSTS, port: server.port, dist, direct: ['127.0.0.1'], args: ['--remote-debugging-port=0'] });
  recorder = await recordNetwork(browser.profile);
  await browser.worker.evaluate(async (url) => {
    await chrome.storage.sync.set({ settings: { resolver: 'custom', resolverUrl: url } });
  }, proxy.url);
});

after(async () => {
  await recorder?.close();
  await browser?.close();
  await server?.close();
  await proxy?.close();
  roundcube?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  if (!skip) stopDoh(DNS_ENV);
});

/**
 * The text of every frame of a page, markup, attributes and field values: where the drafts'
 * addresses and links are, for the allowed names.
 * @param {import('playwright-core').Page} page
 */
async function collectPageText(page) {
  for (const frame of page.frames()) {
    pageTexts.push(await frame.evaluate(() => [
      document.documentElement.outerHTML,
      ...[...document.querySelectorAll('input, textarea')].map((e) => /** @type {HTMLInputElement} */ (e).value),
    ].join('\n')).catch(() => ''));
  }
}

/**
 * A new tab, recorded from its first request on.
 * @returns {Promise<import('playwright-core').Page>}
 */
async function openPage() {
  const page = await browser.context.newPage();
  await recorder.attached(await targetIdOf(page));
  return page;
}

/** Waits until a badge of the page reports S03: the typed subject was analysed. */
const analysed = (page) => waitForBadges(page, (b) => b.some((x) => x.codes.includes('S03')), { timeout: 20_000, what: 'S03 on a badge' });

test('a whole session: every compose fixture, the popup\'s domain check, a bounce read, the options', { skip, timeout: 300_000 }, async () => {
  // Gmail: a recipient, the subject and the body typed in the first compose window.
  const gmail = await openPage();
  await gmail.goto('https://mail.google.com/mail/u/0/#inbox', { waitUntil: 'load' });
  await waitForBadges(gmail, (b) => b.length >= 1, { what: 'the compose window\'s badge' });
  const root = gmail.locator('#moles > .Hd').nth(0);
  await root.locator('[name=to] input[peoplekit-id]').click();
  await gmail.keyboard.type(DRAFT.recipient);
  await gmail.keyboard.press('Enter');
  await root.locator('input[name=subjectbox]').fill(DRAFT.subject);
  await root.locator('[g_editable=true]').click();
  await gmail.keyboard.press('Control+End');
  await gmail.keyboard.type(DRAFT.body + DRAFT.link);
  await analysed(gmail);
  await collectPageText(gmail);

  // Every other compose fixture, typed as adapters.test.mjs types them.
  for (const s of COMPOSE_SCENARIOS) {
    const page = await openPage();
    await page.goto(s.url, { waitUntil: 'load' });
    await page.waitForFunction((n) => document.querySelectorAll('mailhint-badge').length === n, s.composes, { timeout: 20_000 });
    let scope = page;
    for (const f of s.frames) scope = scope.frameLocator(f);
    const subject = Array.isArray(s.subject) ? page.frameLocator(s.subject[0]).locator(s.subject[1]) : page.locator(s.subject);
    await subject.fill(DRAFT.subject);
    await scope.locator(s.editor).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(DRAFT.body + DRAFT.link);
    await analysed(page);
    await collectPageText(page);
  }
  // A real Roundcube: recipient committed into a chip, subject, plain-text body.
  const rc = await openPage();
  await roundcubeCompose(rc, roundcube.url);
  await rc.click(ROUNDCUBE.toInput);
  await rc.keyboard.type(`${DRAFT.recipient},`);
  await rc.fill(ROUNDCUBE.subject, DRAFT.subject);
  await rc.click(ROUNDCUBE.plainBody);
  await rc.keyboard.press('Control+End');
  await rc.keyboard.type(DRAFT.body + DRAFT.link);
  await analysed(rc);
  await collectPageText(rc);

  // R10's lookups are made after a pause in typing: give the last ones time to finish.
  await new Promise((resolve) => setTimeout(resolve, 3000));

  // The popup: a sender-domain check, then a bounce dropped on it and read.
  const popup = await openPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/extension/popup/popup.html`);
  await popup.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  await popup.fill('#domain-input', CHECKED_DOMAIN);
  await popup.locator('#domain-run').click();
  await popup.waitForSelector('#domain-check[data-state="done"]', { state: 'attached', timeout: 60_000 });
  const dohBeforeBounce = proxy.seen.length;
  const transfer = await popup.evaluateHandle((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'bounce.eml', { type: 'message/rfc822' }));
    return data;
  }, BOUNCE_EML);
  await popup.dispatchEvent('#read-message', 'drop', { dataTransfer: transfer });
  await popup.waitForSelector('#read-message[data-state="bounce"]', { state: 'attached', timeout: 20_000 });
  assert.equal(await popup.locator('#read-bounce-list li').getAttribute('data-reason'), 'userunknown', 'the dropped bounce was read');
  // The same bounce pasted, after an error, so that the state really changes.
  await popup.fill('#read-raw', 'not a message');
  await popup.locator('#read-run').click();
  await popup.waitForSelector('#read-message[data-state="error"]', { state: 'attached', timeout: 20_000 });
  await popup.fill('#read-raw', BOUNCE_EML);
  await popup.locator('#read-run').click();
  await popup.waitForSelector('#read-message[data-state="bounce"]', { state: 'attached', timeout: 20_000 });
  assert.equal(await popup.locator('#read-bounce-list li').getAttribute('data-reason'), 'userunknown', 'the pasted bounce was read');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal(proxy.seen.length, dohBeforeBounce, 'reading a bounce looks nothing up');

  // The options page (its rule list comes from the worker).
  const options = await openPage();
  await options.goto(`chrome-extension://${browser.extensionId}/extension/options/options.html`);
  await options.waitForSelector('body[data-ready="true"]', { state: 'attached' });
});

/** The one question of a DoH GET, read from its `dns` parameter with dns-packet. */
function questionOf(url) {
  const message = dnsPacket.decode(Buffer.from(new URL(url).searchParams.get('dns') ?? '', 'base64url'));
  assert.equal(message.questions.length, 1, `${url}: one question`);
  assert.deepEqual([message.answers.length, message.authorities.length], [0, 0], `${url}: a question only`);
  return { name: message.questions[0].name.toLowerCase().replace(/\.$/, ''), type: message.questions[0].type };
}

/** The domain names and IPs the resolver's answers named (what the checks may follow). */
function namesInAnswers(answers) {
  const names = new Set();
  const ips = new Set();
  for (const bytes of answers) {
    let message;
    try {
      message = dnsPacket.decode(bytes);
    } catch {
      continue;
    }
    for (const record of message.answers ?? []) {
      if (['MX'].includes(record.type)) names.add(record.data.exchange);
      if (['CNAME', 'PTR', 'NS', 'DNAME'].includes(record.type)) names.add(record.data);
      if (['A', 'AAAA'].includes(record.type)) ips.add(record.data);
      if (record.type === 'TXT') {
        const text = record.data.map((chunk) => chunk.toString('utf8')).join('');
        // SPF terms that name a domain, and DMARC report addresses.
        for (const m of text.matchAll(/(?:include:|redirect=|exists:|\ba:|\bmx:|\bptr:)([^\s/]+)/gi)) names.add(m[1]);
        for (const m of text.matchAll(/mailto:[^@\s;,]+@([^\s;,!]+)/gi)) names.add(m[1]);
      }
    }
  }
  return { names: [...names].map((n) => n.toLowerCase().replace(/\.$/, '')), ips: [...ips] };
}

/** The reversed form of an IP for reverse DNS and blocklist queries. */
function reversedIp(ip) {
  if (ip.includes(':')) {
    const groups = ip.split('::');
    const head = groups[0] ? groups[0].split(':') : [];
    const tail = groups[1] ? groups[1].split(':') : [];
    const full = [...head, ...Array(8 - head.length - tail.length).fill('0'), ...tail].map((g) => g.padStart(4, '0')).join('');
    return [...full].reverse().join('.');
  }
  return ip.split('.').reverse().join('.');
}

test('every request of the session is a package file, a fixture page or a DoH question to the configured resolver', { skip }, async () => {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const id = browser.extensionId;
  const packagePrefix = `chrome-extension://${id}/`;
  const fixtureOrigins = new Set([...HOSTS.map((h) => `https://${h}`), new URL(roundcube.url).origin]);
  /** Whether a request comes from extension code's context: the worker or a page of ours. */
  const fromOurs = (r) => r.documentUrl.startsWith(packagePrefix) || (r.target.type === 'service_worker' && r.target.url.startsWith(packagePrefix));
  const requests = recorder.requests;

  // The recording saw the service worker and the popup.
  assert.ok(recorder.targets.some((t) => t.type === 'service_worker' && t.url === `${packagePrefix}extension/background.js`), `the service worker was recorded: ${JSON.stringify(recorder.targets)}`);
  assert.ok(recorder.targets.some((t) => t.type === 'page' && t.urls.some((u) => u.startsWith(`${packagePrefix}extension/popup/`))), 'the popup was recorded');

  const kinds = { package: [], fixture: [], doh: [], browser: [], other: [] };
  for (const r of requests) {
    if (r.url.startsWith('data:') || r.url.startsWith('blob:')) continue; // never leaves the browser
    // The browser's own interface (the omnibox's WebUI) loading its resources from the binary.
    if (r.url.startsWith('chrome://') && r.documentUrl.startsWith('chrome://')) kinds.browser.push(r);
    else if (r.url.startsWith(packagePrefix)) kinds.package.push(r);
    else if (r.url.startsWith(`${proxy.url}?`)) kinds.doh.push(r);
    else if (/^https?:/.test(r.url) && fixtureOrigins.has(new URL(r.url).origin)) kinds.fixture.push(r);
    else kinds.other.push(r);
  }
  const show = (list) => JSON.stringify(list.map((r) => ({ url: r.url, target: r.target, document: r.documentUrl, initiator: r.initiatorUrls })), null, 1);
  assert.deepEqual(kinds.other, [], `requests to anything else (analytics, remote code, other resolvers): ${show(kinds.other)}`);
  assert.deepEqual(requests.filter((r) => r.url.startsWith('chrome-extension://') && !r.url.startsWith(packagePrefix)), [], 'no other extension');

  // The extension's own contexts fetch their package and DNS questions, nothing else; the pages
  // fetch their fixture files, and none of those requests comes from the extension's scripts.
  const fromExtension = requests.filter(fromOurs);
  assert.deepEqual(fromExtension.filter((r) => !kinds.package.includes(r) && !kinds.doh.includes(r) && !/^(data|blob):/.test(r.url)), [], 'extension contexts reach only their package and the resolver');
  const scripted = kinds.fixture.filter((r) => r.initiatorUrls.some((u) => u.startsWith('chrome-extension://')) || fromOurs(r));
  assert.deepEqual(scripted, [], `requests to the webmail made by extension code: ${show(scripted)}`);
  // No remote code: every script, worker and module is a file of the package or a fixture's own.
  const scripts = requests.filter((r) => !kinds.browser.includes(r)).filter((r) => ['Script', 'Worker', 'ServiceWorker'].includes(r.resourceType) || /\.m?js(\?|$)/.test(r.url));
  for (const r of scripts) {
    assert.ok(r.url.startsWith(packagePrefix) || (kinds.fixture.includes(r) && !fromOurs(r)), `a script from outside the package: ${r.url}`);
  }

  // DoH: from the service worker only, a GET with one question and nothing else.
  for (const r of kinds.doh) {
    assert.equal(r.target.type, 'service_worker', `${r.url} comes from the service worker`);
    assert.equal(r.method, 'GET');
    assert.equal(r.body, '');
    assert.deepEqual([...new URL(r.url).searchParams.keys()], ['dns'], `${r.url}: the question is the only parameter`);
    const sent = Object.entries(r.headers).filter(([name, value]) => ['cookie', 'referer', 'authorization'].includes(name.toLowerCase()) && value !== '');
    assert.deepEqual(sent, [], `${r.url}: no cookie, referrer or credentials`);
  }

  // The recorder works: it holds every request the resolver received (and no more), and every
  // request Playwright saw.
  const received = proxy.seen.map((s) => `${proxy.url.replace(/\/dns-query$/, '')}${s.url}`).sort();
  assert.ok(received.length > 0, 'the session made DNS lookups');
  assert.deepEqual(kinds.doh.map((r) => r.url).sort(), received, 'the recording holds exactly what reached the resolver');
  const recorded = new Set(requests.map((r) => r.url));
  // (Except the worker's own modules, loaded at its start, before the recording could attach.)
  const unseen = browser.requests.map((r) => r.url).filter((u) => !recorded.has(u) && !u.startsWith(packagePrefix));
  assert.deepEqual(unseen, [], 'Playwright saw nothing the recording missed');

  // Every question's name comes from the inputs, from answers, or a documented prefix of them.
  const questions = kinds.doh.map((r) => questionOf(r.url));
  const inputText = [...pageTexts, DRAFT.recipient, DRAFT.link, CHECKED_DOMAIN].join('\n').toLowerCase();
  const inputs = new Set([CHECKED_DOMAIN]);
  for (const m of inputText.matchAll(/[\p{L}\p{N}._%+-]+@([a-z0-9-]+(?:\.[a-z0-9-]+)+)/gu)) inputs.add(m[1]);
  for (const m of inputText.matchAll(/https?:\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)/g)) inputs.add(m[1]);
  for (const host of HOSTS) inputs.delete(host); // the webmail's own name is no input of a draft
  const answered = namesInAnswers(proxy.seen.map((s) => s.answer));
  const known = new Set([...inputs, ...answered.names]);
  const ancestors = (name) => name.split('.').slice(1).map((_, i, labels) => labels.slice(i).join('.'));
  const reversed = answered.ips.map(reversedIp);
  const allowed = (name) => {
    if (known.has(name)) return true;
    for (const prefix of PREFIXES) {
      const rest = name.replace(prefix, '');
      // DMARC's discovery walks up the tree (RFC 9989), to the top-level domain.
      if (rest !== name && (known.has(rest) || (prefix.source === '^_dmarc\\.' && [...known].some((k) => ancestors(k).includes(rest))))) return true;
    }
    // DMARC's external report check: <domain>._report._dmarc.<report domain>, or its wildcard.
    const report = /^(.+)\._report\._dmarc\.(.+)$/.exec(name);
    if (report && (known.has(report[1]) || report[1] === '*') && known.has(report[2])) return true;
    if (reversed.some((ip) => name === `${ip}.in-addr.arpa` || name === `${ip}.ip6.arpa`)) return true;
    return BLOCKLIST_ZONES.some((zone) => {
      const listed = name.endsWith(`.${zone}`) ? name.slice(0, -zone.length - 1) : null;
      return listed !== null && (reversed.includes(listed) || known.has(listed) || BLOCKLIST_CANARIES.includes(listed));
    });
  };
  const strays = questions.filter((q) => !allowed(q.name));
  assert.deepEqual(strays, [], `names that come from no input: ${JSON.stringify(strays)} (inputs: ${[...inputs].join(' ')})`);
  // The lookups the session has to make were seen: R10's MX for a typed recipient domain, and
  // the domain check's SPF and DMARC records.
  const asked = new Set(questions.map((q) => `${q.type} ${q.name}`));
  for (const expected of ['MX buyer.example', `TXT ${CHECKED_DOMAIN}`, `TXT _dmarc.${CHECKED_DOMAIN}`, 'TXT _spf.mailer.example']) {
    assert.ok(asked.has(expected), `${expected} was looked up (asked: ${[...asked].join(', ')})`);
  }

  // No word of the drafts or of the bounce in any request, nor in any question's name.
  const secrets = [...SECRET_WORDS, ...SECRET_WORDS.map((w) => w.toLowerCase()), ...BOUNCE_WORDS];
  const everything = [
    ...requests,
    ...browser.requests,
    ...server.requests.map((r) => ({ url: `https://${r.host}${r.url}`, body: r.body })),
    // (Roundcube's own requests are in the browser's recordings.)
    ...proxy.seen.map((s) => ({ url: s.url, body: s.body.toString('latin1'), headers: /** @type {any} */ (s.headers) })),
  ];
  assert.deepEqual(leaks(everything, secrets).map((r) => r.url), [], 'no request carries a word of the drafts or the bounce');
  const leakedNames = questions.filter((q) => secrets.some((w) => q.name.includes(w.toLowerCase())));
  assert.deepEqual(leakedNames, [], 'no question names a word of the drafts');

  const names = new Set(questions.map((q) => q.name));
  console.log(
    `privacy: ${requests.length} requests recorded on ${recorder.targets.length} targets ` +
      `(${kinds.package.length} package files, ${kinds.fixture.length} fixture files, ${kinds.doh.length} DoH queries, ` +
      `${kinds.browser.length} chrome:// resources of the browser's own UI, ${kinds.other.length} other); ${names.size} distinct names, ${asked.size} distinct questions; ` +
      `the resolver received ${proxy.seen.length}; Playwright saw ${browser.requests.length}; ` +
      `${SECRET_WORDS.length + BOUNCE_WORDS.length} secret words checked`,
  );
  console.log(`privacy: names looked up: ${[...names].sort().join(' ')}`);
});
