// Shared helpers of the end-to-end tests: a local HTTPS server that serves webmail fixtures at
// their real origins, Chromium with the unpacked extension (dist/chrome) and the host mapping,
// Firefox with the temporary add-on (dist/firefox) behind a local proxy that does the same
// mapping, and readers for the extension's test contract (`<mailhint-badge>` attributes,
// highlights). The readers take a Playwright or a Puppeteer page alike.
//
// Every wait here is bounded: a test that cannot see what it expects fails with the last state
// it saw instead of hanging.
//
// Typical use (see gmail.test.mjs):
//   const skip = missing() || false;                       // test(name, { skip, timeout }, fn)
//   const server = await startServer([site({ host: 'mail.163.com', dir: join(SITES, 'netease'),
//     base: '/js6/', index: 'index.html', headers: { 'content-security-policy': '…' } })]);
//   const browser = await launch({ hosts: ['mail.163.com'], port: server.port });
//   const page = await browser.context.newPage();
//   await waitForBadges(page, (b) => b[0]?.grade !== null && b[0].codes.includes('B01'));
//   await highlightTexts(page.frame({ name: 'editor' }), 'mailhint-high');   // iframe editors
//   leaks([...browser.requests, ...server.requests], ['typed words']);      // must be []
//   await screenshot(page, 'netease');  await browser.close();  await server.close();
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:https';
import { connect, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST_CHROME = join(ROOT, 'dist', 'chrome');
export const SITES = join(ROOT, 'tests', 'e2e', 'sites');
export const SCREENSHOTS = join(ROOT, 'target', 'e2e-screenshots');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const DIST_FIREFOX = join(ROOT, 'dist', 'firefox');
/** Debian's Firefox ESR (`./build.sh setup` installs it). */
export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
/** The add-on's id (browser_specific_settings.gecko.id) and the internal UUID the tests give it. */
export const FIREFOX_ADDON_ID = 'mailhint@mailhint.dev';
const FIREFOX_ADDON_UUID = '6d61696c-6869-4e74-a5e2-65326574657374';

/** Why the e2e tests cannot run here, or '' when they can (for `test(..., {skip})`). */
/**
 * Why the local DNS-over-HTTPS server (BIND behind dnsdist) cannot run here, or '' when it can.
 * @param {string[]} [more] further commands the test needs, e.g. `python3`
 */
export function dnsMissing(more = []) {
  for (const tool of ['/usr/sbin/named', 'dnsdist', ...more]) {
    try {
      execFileSync('bash', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `${tool} is missing: ./build.sh setup installs it (apt-get install -y bind9 dnsdist)`;
    }
  }
  return '';
}

/**
 * Starts a DNS-over-HTTPS resolver on loopback for a test file: real BIND, authoritative for
 * `zones`, behind real dnsdist (`tests/dns/start.sh`), on the ports and state folder that `env`
 * names (`MAILHINT_DNS_*`: each test file its own, so that servers never collide). Returns the
 * DoH URL; `stopDoh(env)` stops it, also after a start that failed halfway.
 * @param {string[]} zones
 * @param {Record<string, string>} env
 */
export function startDoh(zones, env) {
  const url = execFileSync('bash', [join(ROOT, 'tests/dns/start.sh'), ...zones], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 60_000,
  }).trim();
  if (!/^http:\/\/127\.0\.0\.1:\d+\/dns-query$/.test(url)) throw new Error(`tests/dns/start.sh gave no DoH URL: ${url}`);
  return url;
}

/** @param {Record<string, string>} env the same as `startDoh`'s */
export function stopDoh(env) {
  execFileSync('bash', [join(ROOT, 'tests/dns/stop.sh')], { env: { ...process.env, ...env }, stdio: 'inherit' });
}

/**
 * A copy of the built extension under `dir` that may also reach a loopback resolver (a user
 * grants a custom resolver's access in the options; the test build has it from the start), and
 * whose content scripts also match `sites` (match patterns): sites the user switched on from the
 * popup (headless Chromium cannot answer the permission prompt; the manifest grants them the way
 * it grants the webmails).
 * @param {string} dir
 * @param {string[]} [sites]
 * @returns {string} the copy's folder
 */
export function distWithLoopbackResolver(dir, sites = []) {
  const dist = join(dir, 'chrome');
  cpSync(DIST_CHROME, dist, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
  manifest.host_permissions = [...(manifest.host_permissions ?? []), 'http://127.0.0.1/*'];
  manifest.content_scripts[0].matches.push(...sites);
  writeFileSync(join(dist, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dist;
}

const TRAP_PKG = join(ROOT, 'target', 'test-trap', 'pkg');
const TRAP_FILES = ['mailhint.js', 'mailhint_bg.wasm', 'mailhint_full.js', 'mailhint_full_bg.wasm'];

/**
 * The test-only trapping build of both wasm modules (mailhint-wasm's `test-trap` feature; never
 * in dist/), made by tests/tools/build_trap_dist.sh when missing or older than the binding it is
 * built from.
 */
export function trapPackage() {
  const newest = Math.max(...['crates/mailhint-wasm/src/lib.rs', 'crates/mailhint-wasm/Cargo.toml', 'Cargo.lock', 'build.sh'].map((f) => statSync(join(ROOT, f)).mtimeMs));
  const built = TRAP_FILES.every((f) => existsSync(join(TRAP_PKG, f)) && statSync(join(TRAP_PKG, f)).mtimeMs >= newest);
  if (!built) execFileSync(join(ROOT, 'tests/tools/build_trap_dist.sh'), { stdio: ['ignore', 'inherit', 'inherit'], timeout: 20 * 60_000 });
  return TRAP_PKG;
}

/**
 * A copy of dist/chrome under `dir` with the trapping modules (`trapPackage`): a draft, message,
 * list row, warm-up list or DMARC report holding MAILHINT-TEST-TRAP makes the module trap.
 * @param {string} dir
 * @param {{loopbackResolver?: boolean}} [options] start from `distWithLoopbackResolver`'s copy
 * @returns {string} the copy's folder
 */
export function distWithTrap(dir, { loopbackResolver = false } = {}) {
  let dist = join(dir, 'chrome');
  if (loopbackResolver) dist = distWithLoopbackResolver(dir);
  else execFileSync('cp', ['-a', DIST_CHROME, dist]);
  for (const file of TRAP_FILES) cpSync(join(trapPackage(), file), join(dist, 'extension', 'pkg', file));
  return dist;
}

/**
 * Two TCP ports free on loopback right now, different from each other: both listeners stay open
 * until both ports are known, so the kernel cannot hand out the same port twice.
 * @returns {Promise<[number, number]>}
 */
async function twoFreePorts() {
  const servers = [createNetServer(), createNetServer()];
  const ports = await Promise.all(
    servers.map((s) => new Promise((resolve, reject) => {
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => resolve(/** @type {import('node:net').AddressInfo} */ (s.address()).port));
    })),
  );
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return /** @type {[number, number]} */ (ports);
}

/**
 * Starts a private Dovecot and Roundcube on loopback (tests/e2e/roundcube/start.sh) in a new
 * folder under /tmp, on ports picked free. start.sh checks that its own PHP server answers HTTP;
 * a port taken between picking and binding (other test files run at the same time) makes it fail,
 * and it is tried again on other ports, at most three times. The servers are also stopped when the
 * test process exits without running `stop` (a crash, Ctrl+C, the runner's SIGTERM).
 * @param {string} prefix the folder's name prefix; short, Dovecot's socket paths are limited
 * @returns {Promise<{dir: string, url: string, env: NodeJS.ProcessEnv, stop: () => void}>}
 */
export async function startRoundcube(prefix) {
  const scripts = join(ROOT, 'tests/e2e/roundcube');
  const dir = mkdtempSync(join('/tmp', prefix));
  let env = process.env;
  const stop = () => {
    try {
      execFileSync(join(scripts, 'stop.sh'), [], { env, timeout: 20_000, stdio: 'ignore' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once('exit', () => {
    try {
      stop();
    } catch {
      // Nothing more can be done while exiting.
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      try {
        stop();
      } finally {
        process.kill(process.pid, signal);
      }
    });
  }
  let failure = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const [http, imap] = await twoFreePorts();
    env = { ...process.env, RC_DIR: dir, HTTP_PORT: String(http), IMAP_PORT: String(imap) };
    try {
      execFileSync(join(scripts, 'start.sh'), [], { env, timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
      return { dir, url: `http://127.0.0.1:${http}`, env, stop };
    } catch (error) {
      const logs = ['php-server.log', 'dovecot-start.log', 'dovecot.log'].map((f) => {
        try {
          return readFileSync(join(dir, 'logs', f), 'utf8');
        } catch {
          return '';
        }
      });
      failure = `attempt ${attempt} on ports ${http}/${imap}: ${error.stderr || error.message}\n${logs.join('\n').slice(-2000)}`;
    }
  }
  throw new Error(`tests/e2e/roundcube/start.sh failed three times; the last:\n${failure}`);
}

export function missing() {
  if (!existsSync(CHROMIUM)) return `Chromium is not installed at ${CHROMIUM} (./build.sh setup installs it)`;
  if (!existsSync(join(DIST_CHROME, 'manifest.json'))) return 'dist/chrome is missing: run ./build.sh wasm (or python3 tests/tools/assemble_dist.py)';
  try {
    import.meta.resolve('playwright-core');
  } catch {
    return 'playwright-core is missing: run npm ci at the repository root';
  }
  return '';
}

/**
 * Logs in to a Roundcube of `startRoundcube` as a user does.
 * @param {import('playwright-core').Page} page
 * @param {string} base the server's URL
 */
export async function roundcubeLogin(page, base) {
  const { ROUNDCUBE: SEL, ROUNDCUBE_LOGIN: LOGIN } = await import('./drafts.mjs');
  await page.goto(base + '/');
  await page.fill(SEL.loginUser, LOGIN.user);
  await page.fill(SEL.loginPass, LOGIN.password);
  await Promise.all([page.waitForURL(/_task=mail/), page.click(SEL.loginSubmit)]);
}

/**
 * Logs in to a Roundcube of `startRoundcube` and opens a fresh compose (plain text, the server's
 * default); returns once Roundcube's own script is idle.
 * @param {import('playwright-core').Page} page
 * @param {string} base the server's URL
 */
export async function roundcubeCompose(page, base) {
  const { ROUNDCUBE: SEL } = await import('./drafts.mjs');
  // Roundcube asks before leaving a changed compose; closing the page must not hang on it.
  page.on('dialog', (d) => d.accept().catch(() => {}));
  await roundcubeLogin(page, base);
  await page.goto(base + '/?_task=mail&_action=compose');
  await page.waitForURL(/_action=compose&_id=/);
  await page.waitForSelector(SEL.subject);
  // The page's own object, read by the test only (the adapter never sees the page's world).
  await page.waitForFunction(() => window.rcmail && window.rcmail.busy === false && window.rcmail.env.compose_id);
}

/**
 * Why the Firefox e2e tests are skipped here: only when no Firefox is installed ('' otherwise).
 * Anything else missing is an error (`firefoxNotReady`), not a reason to skip.
 */
export function missingFirefox() {
  return existsSync(FIREFOX) ? '' : `Firefox is not installed at ${FIREFOX} (./build.sh setup installs firefox-esr)`;
}

/** What else the Firefox e2e tests need and is missing, or '' when they can run. */
export function firefoxNotReady() {
  if (!existsSync(join(DIST_FIREFOX, 'manifest.json'))) return 'dist/firefox is missing: run ./build.sh wasm (or python3 tests/tools/assemble_dist.py)';
  try {
    import.meta.resolve('puppeteer-core');
  } catch {
    return 'puppeteer-core is missing: run npm ci at the repository root';
  }
  return staleDist(DIST_FIREFOX);
}

/**
 * dist/chrome (or `dist`) must hold the content scripts being tested: a stale copy would test
 * old code.
 * @param {string} [dist]
 * @returns {string} a warning, or '' when the build is as new as extension/
 */
export function staleDist(dist = DIST_CHROME) {
  const newest = (dir) => {
    let time = 0;
    for (const entry of readdirRecursive(dir)) time = Math.max(time, statSync(entry).mtimeMs);
    return time;
  };
  const source = newest(join(ROOT, 'extension', 'content'));
  const built = newest(join(dist, 'extension', 'content'));
  const name = dist.slice(ROOT.length).replace(/\/$/, '');
  return source > built + 1000 ? `${name} is older than extension/content: run python3 tests/tools/assemble_dist.py` : '';
}

function* readdirRecursive(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* readdirRecursive(path);
    else yield path;
  }
}

/** A self-signed certificate for `hosts`, made with openssl in a temporary directory. */
export function makeCertificate(hosts) {
  const dir = mkdtempSync(join(tmpdir(), 'mailhint-cert-'));
  try {
    const san = hosts.map((h) => `DNS:${h}`).join(',');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${hosts[0]}`,
      '-addext', `subjectAltName=${san}`, '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore', timeout: 30_000 });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml', '.json': 'application/json' };

/**
 * A fixture site: `base` (e.g. `/mail/u/0/`) serves `index`, `base + name` serves `dir/name`, and
 * each path of `routes` (e.g. `/js6/main.jsp`) serves its file under `dir`; each path of `delays`
 * is answered that many milliseconds late (a slow frame, say).
 * @param {{host: string, dir: string, base?: string, index?: string, routes?: Record<string, string>, delays?: Record<string, number>, headers?: Record<string, string>}} site
 */
export function site({ host, dir, base = '/', index = 'index.html', routes = {}, delays = {}, headers = {} }) {
  return { host, dir, base, index, routes, delays, headers };
}

/**
 * Starts an HTTPS server on 127.0.0.1 for the given sites (chosen by the Host header). Every
 * request it receives is recorded with its body, so a test can check that nothing the user
 * typed ever reached a server.
 * @param {ReturnType<typeof site>[]} sites
 */
export async function startServer(sites) {
  const { key, cert } = makeCertificate(sites.map((s) => s.host));
  /** @type {{method: string, host: string, url: string, body: string}[]} */
  const requests = [];
  const server = createServer({ key, cert }, (req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      requests.push({ method: req.method, host, url: req.url, body: Buffer.concat(chunks).toString('utf8') });
      const target = sites.find((s) => s.host === host);
      const path = new URL(req.url, 'https://x').pathname;
      const routed = target && Object.hasOwn(target.routes ?? {}, path) ? target.routes[path] : undefined;
      if (!target || (!routed && !path.startsWith(target.base))) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const name = routed ?? (path.slice(target.base.length) || target.index);
      const file = join(target.dir, name);
      if (name.includes('..') || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const headers = { 'content-type': type, 'cache-control': 'no-store' };
      if (type.startsWith('text/html')) Object.assign(headers, target.headers);
      const body = readFileSync(file);
      const delay = target.delays?.[path] ?? 0;
      if (delay) setTimeout(() => res.writeHead(200, headers).end(body), delay);
      else res.writeHead(200, headers).end(body);
    });
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    port,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve(undefined));
    }),
  };
}

/**
 * Launches Chromium with the unpacked extension, every `hosts` name mapped to the local server
 * and every other name unresolvable (no real network at all). `args`: more Chromium flags (e.g.
 * `--remote-debugging-port=0`, which writes the port to `profile`/DevToolsActivePort).
 * @param {{hosts: string[], port: number, dist?: string, locale?: string, direct?: string[], args?: string[]}} options
 */
export async function launch({ hosts, port, dist = DIST_CHROME, locale = 'en-US', direct = [], args = [] }) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'mailhint-profile-'));
  // `direct`: hosts reached as they are (a loopback server addressed by IP, such as the test
  // DNS resolver): `MAP *` would otherwise rewrite even IP literals.
  const rules = [...hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`), 'MAP * ~NOTFOUND', ...direct.map((h) => `EXCLUDE ${h}`)].join(', ');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale,
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 860 },
    timeout: 60_000,
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', `--lang=${locale}`,
      `--disable-extensions-except=${dist}`, `--load-extension=${dist}`,
      `--host-resolver-rules=${rules}`, '--ignore-certificate-errors', ...args,
    ],
  });
  context.setDefaultTimeout(20_000);
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 20_000 });
  const extensionId = new URL(worker.url()).host;
  /** Every request of the browser (pages, frames, the service worker), with its body. */
  const requests = [];
  context.on('request', (request) => {
    requests.push({ url: request.url(), method: request.method(), body: request.postData() ?? '', headers: request.headers() });
  });
  return {
    context,
    worker,
    extensionId,
    requests,
    profile,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * An HTTP proxy on 127.0.0.1 that tunnels `CONNECT host:443` for the `hosts` names to the local
 * server's port and refuses everything else: Firefox's counterpart of Chromium's
 * `--host-resolver-rules`, so that pages load at their real origins (no port in the URL) and
 * nothing reaches the network. Every CONNECT is recorded with its host and whether it went
 * through (the tunnels are TLS: their bodies are recorded by the server).
 * @param {string[]} hosts
 * @param {number} port the local HTTPS server's
 */
export async function startProxy(hosts, port) {
  /** @type {{host: string, allowed: boolean}[]} */
  const connects = [];
  const sockets = new Set();
  const proxy = createHttpServer((req, res) => {
    // Plain-HTTP requests (Firefox's captive-portal and connectivity checks, if any): refused.
    connects.push({ host: req.headers.host ?? '', allowed: false });
    res.writeHead(403, { 'content-type': 'text/plain' }).end('no network in the e2e tests');
  });
  proxy.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  proxy.on('connect', (req, client, head) => {
    const [host, targetPort = '443'] = (req.url ?? '').split(':');
    const allowed = hosts.includes(host) && targetPort === '443';
    connects.push({ host, allowed });
    if (!allowed) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head?.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise((resolve, reject) => proxy.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port: proxyPort } = /** @type {import('node:net').AddressInfo} */ (proxy.address());
  return {
    port: proxyPort,
    connects,
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      proxy.close(() => resolve(undefined));
    }),
  };
}

/**
 * Launches Firefox (headless, a fresh profile) through Puppeteer over WebDriver BiDi, installs
 * dist/firefox as a temporary add-on (unsigned, like `about:debugging`), and sends every request
 * through `startProxy`: the `hosts` names reach the local server, every other name is refused.
 * Firefox's and the extension's console messages are collected in `output` (Firefox prints them
 * on its standard output with the `devtools.console.stdout.*` preferences). The add-on's pages
 * are at `url(path)`: its internal UUID is fixed by a preference (Firefox draws a random one per
 * profile otherwise). `prefs` adds or overrides preferences.
 * @param {{hosts: string[], port: number, dist?: string, locale?: string, prefs?: Record<string, unknown>}} options
 */
export async function launchFirefox({ hosts, port, dist = DIST_FIREFOX, locale = 'en-US', prefs = {} }) {
  const { default: puppeteer } = await import('puppeteer-core');
  const proxy = await startProxy(hosts, port);
  /** @type {string[]} */
  const output = [];
  let browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      protocol: 'webDriverBiDi',
      headless: true,
      acceptInsecureCerts: true,
      defaultViewport: { width: 1280, height: 860 },
      timeout: 60_000,
      protocolTimeout: 60_000,
      // WebDriver BiDi navigates only to web pages unless allowed: the add-on's own pages
      // (moz-extension://) need it.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        // Every connection through the proxy, localhost included: no real network at all.
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': proxy.port,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxy.port,
        'network.proxy.no_proxies_on': '',
        'network.proxy.allow_hijacking_localhost': true,
        'network.proxy.share_proxy_settings': false,
        // The proxy resolves names, Firefox must not (DNS would leak the names otherwise).
        'network.proxy.socks_remote_dns': true,
        'network.dns.disabled': true,
        'intl.locale.requested': locale,
        'intl.accept_languages': locale,
        // Console messages of pages, content scripts and the background on standard output.
        'devtools.console.stdout.content': true,
        'devtools.console.stdout.chrome': true,
        'extensions.webextensions.warnings-as-errors': false,
        // Firefox's own calls home (remote settings, add-on blocklist updates) go nowhere.
        'services.settings.server': 'data:,#remote-settings-dummy/v1',
        'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: FIREFOX_ADDON_UUID }),
        ...prefs,
      },
    });
  } catch (error) {
    await proxy.close();
    throw error;
  }
  const child = browser.process();
  for (const stream of [child?.stdout, child?.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk) => output.push(...String(chunk).split('\n').filter(Boolean)));
  }
  let extensionId;
  try {
    extensionId = await browser.installExtension(dist);
  } catch (error) {
    await browser.close().catch(() => {});
    await proxy.close();
    throw error;
  }
  return {
    browser,
    extensionId,
    proxy,
    output,
    /** @param {string} path e.g. `options/options.html` */
    url: (path) => `moz-extension://${FIREFOX_ADDON_UUID}/extension/${path}`,
    /**
     * Opens one of the add-on's pages in a new tab and waits for it to load. Puppeteer does not
     * see a navigation to moz-extension:// finish (the page moves to the extension process), so
     * the wait is on the page's own state.
     * @param {string} path e.g. `options/options.html`
     */
    async open(path) {
      const url = `moz-extension://${FIREFOX_ADDON_UUID}/extension/${path}`;
      const page = await browser.newPage();
      page.goto(url, { timeout: 0 }).catch(() => {});
      const deadline = Date.now() + 20_000;
      let state = null;
      while (Date.now() < deadline) {
        state = await page.evaluate(() => [location.href, document.readyState]).catch(() => null);
        if (state?.[0] === url && state[1] === 'complete') return page;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await page.close().catch(() => {});
      throw new Error(`timed out opening ${url}; last seen: ${JSON.stringify(state)}`);
    },
    /**
     * Switches `origin` on the way a user does, from the popup's "check compose windows on this
     * site" (the optional permission is granted without a prompt when the browser was launched
     * with `extensions.webextOptionalPermissionPrompts: false`). The tab showing the site must be
     * the one opened last. The popup learns a tab's address from the click on the toolbar
     * button, which a test cannot make: the tab's report names its origin instead (as
     * popup-options.test.mjs does).
     * @param {string} origin
     * @returns {Promise<{granted: boolean, scripts: {id: string, matches: string[], allFrames: boolean}[], sites: string[]}>}
     *   the permission, the registered content scripts and the settings' sites afterwards
     */
    async switchOn(origin) {
      const options = await this.open('options/options.html');
      let tabId;
      try {
        tabId = await options.evaluate(async (site) => {
          const me = await chrome.tabs.getCurrent();
          const [before] = await chrome.tabs.query({ windowId: me.windowId, index: me.index - 1 });
          await chrome.storage.session.set({ [`report:${before.id}`]: { grade: 10, codes: [], origin: site, at: 0 } });
          return before.id;
        }, origin);
      } finally {
        await options.close();
      }
      const popup = await this.open(`popup/popup.html?tab=${tabId}`);
      try {
        await popup.waitForSelector('body[data-ready="true"]');
        const shown = await popup.$eval('#site-origin', (e) => e.textContent);
        if (shown !== origin) throw new Error(`the popup describes ${shown}, not ${origin}`);
        await popup.click('#site-enable');
        await popup.waitForSelector('#site-enabled:not([hidden])', { timeout: 15_000 });
        return await popup.evaluate(async (site) => {
          const u = new URL(site);
          return {
            granted: await chrome.permissions.contains({ origins: [`${u.protocol}//${u.hostname}/*`] }),
            scripts: (await chrome.scripting.getRegisteredContentScripts()).map((c) => ({ id: c.id, matches: c.matches, allFrames: c.allFrames })),
            sites: (await chrome.storage.sync.get('settings')).settings?.sites,
          };
        }, origin);
      } finally {
        await popup.close();
      }
    },
    async close() {
      await browser.close().catch(() => {});
      await proxy.close();
    },
  };
}

/**
 * The `<mailhint-badge>` hosts of a page with their contract attributes.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{grade: number|null, codes: string[]}[]>}
 */
export function readBadges(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('mailhint-badge')].map((host) => ({
      grade: host.hasAttribute('data-mailhint-grade') ? Number(host.getAttribute('data-mailhint-grade')) : null,
      codes: (host.getAttribute('data-mailhint-codes') ?? '').split(' ').filter(Boolean),
    })),
  );
}

/**
 * Polls the badges until `predicate(badges)` holds; fails with the last badges seen.
 * @param {import('playwright-core').Page} page
 * @param {(badges: {grade: number|null, codes: string[]}[]) => boolean} predicate
 * @param {{timeout?: number, what?: string}} [options]
 */
export async function waitForBadges(page, predicate, { timeout = 15_000, what = 'the badges' } = {}) {
  const deadline = Date.now() + timeout;
  let badges = [];
  while (Date.now() < deadline) {
    badges = await readBadges(page);
    if (predicate(badges)) return badges;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what}; last seen: ${JSON.stringify(badges)}`);
}

/**
 * The texts of the ranges of a highlight registered by the extension. The registry belongs to
 * the document and is shared by the page's world and the content scripts' isolated world, so
 * the page can read what the extension registered.
 * @param {import('playwright-core').Page|import('playwright-core').Frame} page
 * @param {string} name e.g. `mailhint-high`
 * @returns {Promise<string[]>}
 */
export function highlightTexts(page, name) {
  return page.evaluate((n) => {
    const highlight = CSS.highlights.get(n);
    return highlight ? [...highlight].map((range) => range.toString()) : [];
  }, name);
}

/** Every highlight of the extension in a document: name → texts. */
export function allHighlights(page) {
  return page.evaluate(() => {
    const out = {};
    for (const [name, highlight] of CSS.highlights) {
      if (name.startsWith('mailhint-')) out[name] = [...highlight].map((range) => range.toString());
    }
    return out;
  });
}

/**
 * The markup of an element, read in the page's world: the extension must never change it.
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 */
export function markupOf(page, selector) {
  return page.$eval(selector, (element) => element.innerHTML);
}

/**
 * Requests (browser-side and server-side) whose URL, headers or body contain any of `secrets`.
 * @param {{url: string, body?: string, headers?: Record<string, string>}[]} requests
 * @param {string[]} secrets
 */
export function leaks(requests, secrets) {
  const variants = (s) => [s, encodeURIComponent(s), encodeURIComponent(s).replace(/%20/g, '+'), Buffer.from(s).toString('base64')];
  return requests.filter((request) => {
    const haystack = `${safeDecode(request.url)}\n${request.url}\n${request.body ?? ''}\n${JSON.stringify(request.headers ?? {})}`;
    return secrets.some((secret) => variants(secret).some((v) => haystack.includes(v)));
  });
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Saves a screenshot to target/e2e-screenshots/<name>.png.
 * @param {import('playwright-core').Page|import('playwright-core').Locator} target
 * @param {string} name
 */
export async function screenshot(target, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await target.screenshot({ path, timeout: 15_000 });
  return path;
}
