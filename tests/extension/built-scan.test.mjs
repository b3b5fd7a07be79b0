// A security scan of the BUILT extension (dist/chrome and dist/firefox, the wasm-bindgen glue of
// extension/pkg included): no HTML parsing sinks, no code from strings, no string-built HTML, no
// inline script or handler in the pages; injected UI only in closed shadow roots; content
// scripts that hear no window message or custom event; manifests with no way in for web pages
// and no remote code (issue 7, "Security review").
//
// JavaScript is parsed with acorn, so comments and the names in them are not findings; every
// string and template literal is checked for HTML tags. The scanner is first run on a sample of
// each sink, so that a scanner that finds nothing is a failing test, not a passing one.
// Run by `./build.sh test` (node --test tests/extension/), after the build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DISTS = ['chrome', 'firefox'].map((name) => join(ROOT, 'dist', name));

/**
 * Findings the scan accepts, each with the exact file, finding and why it is safe. Empty today:
 * the wasm-bindgen glue (pkg/mailhint.js, pkg/mailhint_full.js) decodes strings with
 * TextDecoder and builds no HTML or code. An entry that no longer matches fails the test.
 * @type {{file: string, finding: string, reason: string}[]}
 */
const ALLOWED = [];

/** Properties whose assignment or call parses HTML or runs a string. */
const HTML_PROPERTIES = new Set(['innerHTML', 'outerHTML', 'srcdoc']);
const HTML_METHODS = new Set(['insertAdjacentHTML', 'createContextualFragment', 'parseFromString', 'write', 'writeln', 'setHTMLUnsafe']);
const STRING_TIMERS = new Set(['setTimeout', 'setInterval']);
/** A tag in a string: `<div`, `</p>`, `<br/>`; not a comparison or an arrow. */
const HTML_TAG = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>|<[a-z][a-z0-9-]*\s+[a-z-]+\s*=/i;

/** Every node of an acorn tree, with its parent. */
function* nodes(node, parent = null) {
  if (!node || typeof node.type !== 'string') return;
  yield [node, parent];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc' || key === 'range') continue;
    if (Array.isArray(value)) for (const child of value) yield* nodes(child, node);
    else if (value && typeof value === 'object' && typeof value.type === 'string') yield* nodes(value, node);
  }
}

const propertyName = (member) => (member.computed ? (member.property.type === 'Literal' ? String(member.property.value) : null) : member.property.name);
const isString = (node) => (node?.type === 'Literal' && typeof node.value === 'string') || node?.type === 'TemplateLiteral' || (node?.type === 'BinaryExpression' && node.operator === '+' && (isString(node.left) || isString(node.right)));

/**
 * The findings of one JavaScript source: `line: what`.
 * @param {string} source
 * @returns {{line: number, finding: string}[]}
 */
export function scanScript(source) {
  const tree = parse(source, { ecmaVersion: 'latest', sourceType: 'module', locations: true, allowHashBang: true });
  const found = [];
  const add = (node, finding) => found.push({ line: node.loc.start.line, finding });
  for (const [node, parent] of nodes(tree)) {
    if (node.type === 'MemberExpression') {
      const name = propertyName(node);
      if (HTML_PROPERTIES.has(name)) add(node, `.${name}`);
      if (HTML_METHODS.has(name) && parent?.type === 'CallExpression' && parent.callee === node) {
        // document.write/writeln only; any object's insertAdjacentHTML, parseFromString, …
        if (!['write', 'writeln'].includes(name) || node.object.name === 'document' || propertyName(node.object) === 'document') add(node, `.${name}()`);
      }
    }
    if (node.type === 'CallExpression' || node.type === 'NewExpression') {
      const callee = node.callee.type === 'MemberExpression' ? propertyName(node.callee) : node.callee.name;
      if (callee === 'eval') add(node, 'eval()');
      if (callee === 'Function') add(node, `${node.type === 'NewExpression' ? 'new ' : ''}Function()`);
      if (STRING_TIMERS.has(callee) && isString(node.arguments[0])) add(node, `${callee}(string)`);
      if (callee === 'setAttribute' && node.arguments[0]?.type === 'Literal' && /^(on|srcdoc$)/i.test(String(node.arguments[0].value))) add(node, `setAttribute('${node.arguments[0].value}')`);
    }
    if (node.type === 'Literal' && typeof node.value === 'string' && HTML_TAG.test(node.value)) add(node, `HTML in a string: ${JSON.stringify(node.value.slice(0, 60))}`);
    if (node.type === 'TemplateElement' && HTML_TAG.test(node.value.cooked ?? node.value.raw)) add(node, `HTML in a template: ${JSON.stringify(node.value.raw.slice(0, 60))}`);
    if (node.type === 'Literal' && typeof node.value === 'string' && /^\s*javascript:/i.test(node.value)) add(node, 'a javascript: URL');
  }
  return found;
}

/**
 * The findings of one HTML page of the package: inline scripts, inline handlers, javascript:
 * URLs, scripts or styles from elsewhere than the package.
 * @param {string} html
 */
export function scanPage(html) {
  const found = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (!/\bsrc\s*=/.test(m[1])) found.push('an inline <script>');
    const src = /\bsrc\s*=\s*["']?([^"'\s>]+)/.exec(m[1])?.[1];
    if (src && /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(src)) found.push(`a script from elsewhere: ${src}`);
  }
  for (const m of html.matchAll(/<[a-z][^>]*\s(on[a-z]+)\s*=/gi)) found.push(`an inline handler ${m[1]}=`);
  if (/\b(?:href|src|action)\s*=\s*["']?\s*javascript:/i.test(html)) found.push('a javascript: URL');
  for (const m of html.matchAll(/<link\b[^>]*\bhref\s*=\s*["']?((?:[a-z][a-z0-9+.-]*:|\/\/)[^"'\s>]*)/gi)) found.push(`a stylesheet from elsewhere: ${m[1]}`);
  return found;
}

/**
 * Names bound to lists of string literals in a tree: `const EVENTS = ['input', …]`, and the
 * variable of `for (const type of EVENTS)` or `for (const type of ['a', …])`.
 * @returns {Map<string, string[]>}
 */
function literalLists(tree) {
  const lists = new Map();
  const strings = (node) => (node?.type === 'ArrayExpression' && node.elements.every((e) => e?.type === 'Literal' && typeof e.value === 'string') ? node.elements.map((e) => e.value) : null);
  for (const [node] of nodes(tree)) {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && strings(node.init)) lists.set(node.id.name, strings(node.init));
  }
  for (const [node] of nodes(tree)) {
    if (node.type !== 'ForOfStatement' || node.left.type !== 'VariableDeclaration') continue;
    const values = strings(node.right) ?? (node.right.type === 'Identifier' ? lists.get(node.right.name) : null);
    const id = node.left.declarations[0]?.id;
    if (values && id?.type === 'Identifier') lists.set(id.name, values);
  }
  return lists;
}

/**
 * The listeners of a content script a page could send to: window messages, custom events (their
 * names have a dash or a colon, or are ours), event names the scan cannot read.
 * @returns {string[]} `line: what`
 */
export function pageMessageListeners(tree) {
  const lists = literalLists(tree);
  const found = [];
  for (const [node] of nodes(tree)) {
    if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression' && /^onmessage/.test(propertyName(node.left) ?? '')) found.push(`${node.loc.start.line}: onmessage`);
    if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || propertyName(node.callee) !== 'addEventListener') continue;
    const event = node.arguments[0];
    const names = event?.type === 'Literal' ? [String(event.value)] : event?.type === 'Identifier' ? lists.get(event.name) : undefined;
    if (!names) found.push(`${node.loc.start.line}: an event name the scan cannot read`);
    for (const name of names ?? []) if (/^message|[-:]|^mailhint/i.test(name)) found.push(`${node.loc.start.line}: ${name}`);
  }
  return found;
}

/** @param {string} dir @returns {string[]} */
function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}

test('the scanner finds each sink and page-message listener in a sample (so that finding none in the build means something)', () => {
  const sample = [
    'el.innerHTML = draft;',
    'el.outerHTML = x;',
    'el.insertAdjacentHTML("beforeend", x);',
    'document.write(x);',
    'eval(code);',
    'new Function("return 1");',
    'setTimeout("go()", 10);',
    'setInterval(`tick()`, 10);',
    'const card = "<div class=card>" + name + "</div>";',
    'const row = `<li>${name}</li>`;',
    'range.createContextualFragment(x);',
    'new DOMParser().parseFromString(x, "text/html");',
    'frame.srcdoc = x;',
    'a.setAttribute("onclick", x);',
    'a.href = "javascript:alert(1)";',
    '// innerHTML in a comment is fine; so is a < b > c',
    'if (a < b && c > d) setTimeout(() => go(), 10);',
  ].join('\n');
  const found = scanScript(sample).map((f) => f.line);
  assert.deepEqual([...new Set(found)], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], 'every sink line, and not the harmless ones');
  const listeners = parse([
    "window.addEventListener('message', f);",
    "document.addEventListener('mailhint:check', f);",
    "for (const t of ['input', 'message']) d.addEventListener(t, f);",
    'port.onmessage = f;',
    'el.addEventListener(names[0], f);',
    "const EVENTS = ['input', 'paste']; for (const e of EVENTS) el.addEventListener(e, f); el.addEventListener('click', f);",
  ].join('\n'), { ecmaVersion: 'latest', locations: true });
  assert.deepEqual(pageMessageListeners(listeners), ['1: message', '2: mailhint:check', '3: message', '4: onmessage', '5: an event name the scan cannot read']);
  assert.deepEqual(
    scanPage('<script>go()</script><script src="https://cdn.example/x.js"></script><button onclick="x()">x</button><a href="javascript:x()">x</a><link rel="stylesheet" href="//cdn.example/x.css"><script src="popup.js" type="module"></script>'),
    ['an inline <script>', 'a script from elsewhere: https://cdn.example/x.js', 'an inline handler onclick=', 'a javascript: URL', 'a stylesheet from elsewhere: //cdn.example/x.css'],
  );
});

for (const dist of DISTS) {
  const name = relative(ROOT, dist);
  const present = existsSync(join(dist, 'manifest.json'));

  test(`${name}: no HTML sink, no code from a string, no string-built HTML, no inline script`, { skip: present ? false : `${name} is missing: run ./build.sh wasm` }, () => {
    const all = files(dist);
    const scripts = all.filter((f) => /\.m?js$/.test(f));
    const pages = all.filter((f) => f.endsWith('.html'));
    assert.ok(scripts.some((f) => f.endsWith('extension/pkg/mailhint.js')) && scripts.some((f) => f.endsWith('extension/pkg/mailhint_full.js')), 'the wasm-bindgen glue is scanned');
    assert.ok(scripts.some((f) => f.includes('/content/')), 'the content scripts are scanned');
    const findings = [];
    for (const file of scripts) {
      for (const f of scanScript(readFileSync(file, 'utf8'))) findings.push({ file: relative(dist, file), finding: `${f.line}: ${f.finding}` });
    }
    for (const file of pages) {
      for (const f of scanPage(readFileSync(file, 'utf8'))) findings.push({ file: relative(dist, file), finding: f });
    }
    const accepted = (f) => ALLOWED.some((a) => a.file === f.file && f.finding.endsWith(a.finding));
    assert.deepEqual(findings.filter((f) => !accepted(f)), [], 'findings (fix them, or allow one in ALLOWED with its reason)');
    for (const a of ALLOWED) assert.ok(findings.some((f) => f.file === a.file && f.finding.endsWith(a.finding)), `ALLOWED entry no longer needed: ${JSON.stringify(a)}`);
    console.log(`${name}: ${scripts.length} scripts and ${pages.length} pages scanned, ${findings.length} findings, ${ALLOWED.length} allowed`);
  });

  test(`${name}: the injected UI lives in closed shadow roots only; content scripts hear no page messages`, { skip: present ? false : `${name} is missing` }, () => {
    const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
    const contentFiles = [...new Set((manifest.content_scripts ?? []).flatMap((cs) => cs.js ?? []))];
    assert.ok(contentFiles.length > 0, 'the manifest has content scripts');
    let calls = 0;
    for (const file of contentFiles) {
      const tree = parse(readFileSync(join(dist, file), 'utf8'), { ecmaVersion: 'latest', sourceType: 'script', locations: true });
      for (const [node] of nodes(tree)) {
        if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || propertyName(node.callee) !== 'attachShadow') continue;
        calls++;
        const options = node.arguments[0];
        const mode = options?.type === 'ObjectExpression' ? options.properties.find((p) => (p.key?.name ?? p.key?.value) === 'mode')?.value : null;
        assert.equal(mode?.type === 'Literal' ? mode.value : '(not a literal)', 'closed', `${file}:${node.loc.start.line}: attachShadow with mode 'closed'`);
      }
      // Shadow roots are the only UI: nothing in a content script opens one, or reads another's.
      assert.doesNotMatch(readFileSync(join(dist, file), 'utf8'), /\.shadowRoot\b|mode:\s*['"]open['"]/, `${file}: no open shadow root`);
      // The page reaches content scripts through the DOM only: no window messages, no custom
      // events (whose names have a dash or a colon, or ours) are listened to.
      assert.deepEqual(pageMessageListeners(tree), [], `${file}: listeners a page could talk to`);
    }
    assert.ok(calls >= 2, `the badge's and the reading cards' hosts attach shadow roots (${calls} calls)`);
  });

  test(`${name}: the manifest lets no web page in and runs no remote code`, { skip: present ? false : `${name} is missing` }, () => {
    const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
    assert.equal(manifest.externally_connectable, undefined, 'no externally_connectable: web pages get no runtime messaging');
    assert.equal(manifest.web_accessible_resources, undefined, 'no web-accessible resources: pages cannot frame or fetch ours');
    const csp = manifest.content_security_policy?.extension_pages ?? '';
    const scriptSrc = /script-src([^;]*)/.exec(csp)?.[1].trim().split(/\s+/) ?? [];
    assert.deepEqual(scriptSrc.sort(), ["'self'", "'wasm-unsafe-eval'"].sort(), `script-src is the package and WebAssembly only: ${csp}`);
    assert.doesNotMatch(csp, /'unsafe-eval'|'unsafe-inline'|https?:|\*/, 'no eval, no inline, no remote source');
  });
}
