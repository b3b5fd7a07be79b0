// Meta-tests of the extension's strings and package: every key the code uses exists in both
// languages, both catalogs have the same keys, every rule is documented in both languages, and
// every file the manifest names is in the assembled dist/.
// Run by `./build.sh test` (node --test tests/extension/), after the wasm build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXTENSION = join(ROOT, 'extension');
const LOCALES = { en: 'en', 'zh-CN': 'zh_CN' };

/** @param {string} dir @returns {string[]} the files under `dir`, the wasm package excepted */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === join(EXTENSION, 'pkg') ? [] : walk(path);
    return [path];
  });
}

/** @param {string} dir */
const catalog = (dir) => JSON.parse(readFileSync(join(ROOT, '_locales', dir, 'messages.json'), 'utf8'));
const catalogs = Object.fromEntries(Object.entries(LOCALES).map(([lang, dir]) => [lang, catalog(dir)]));

/**
 * Every message key the extension uses, with where it is used: `data-i18n*` attributes of the
 * pages, `MH.t('…')`, `getMessage('…')` and `t('…')` calls of the scripts, `__MSG_…__` of the
 * manifest, and, in the pages' own scripts, string literals shaped like a key of their area
 * (lookup tables such as a rule category's heading key).
 * @returns {Map<string, string[]>}
 */
function usedKeys() {
  /** @type {Map<string, string[]>} */
  const used = new Map();
  const add = (key, where) => used.set(key, [...(used.get(key) ?? []), where]);
  const files = walk(EXTENSION);
  for (const file of files) {
    const where = relative(ROOT, file);
    const source = readFileSync(file, 'utf8');
    if (file.endsWith('.html')) {
      for (const m of source.matchAll(/\bdata-i18n(?:-[a-z-]+)?\s*=\s*["']([^"']*)["']/g)) add(m[1], where);
    }
    if (/\.(m?js)$/.test(file)) {
      for (const m of source.matchAll(/(?<![\w$])(?:MH\.t|getMessage|t)\(\s*(['"`])([^'"`]*)\1/g)) add(m[2], where);
      if (/^extension[\\/](popup|options|lib)[\\/]/.test(where)) {
        for (const m of source.matchAll(/['"]((?:popup|options|common)[A-Z][A-Za-z0-9]*)['"]/g)) add(m[1], where);
      }
    }
  }
  for (const m of readFileSync(join(ROOT, 'manifest.json'), 'utf8').matchAll(/__MSG_(\w+)__/g)) add(m[1], 'manifest.json');
  return used;
}

test('the scanner finds the keys of each kind of use (so the next test can fail)', () => {
  const used = usedKeys();
  for (const key of ['extName', 'optionsTitle', 'popupHintCodes', 'optionsCategorySubject']) {
    assert.ok(used.has(key), `${key} is found`);
  }
});

test('every key used in extension/ and manifest.json exists in both languages', () => {
  const missing = [];
  for (const [key, where] of usedKeys()) {
    for (const [lang, messages] of Object.entries(catalogs)) {
      if (!Object.hasOwn(messages, key)) missing.push(`${key} (${lang}; used in ${[...new Set(where)].join(', ')})`);
    }
  }
  assert.deepEqual(missing, [], `missing message keys:\n${missing.join('\n')}`);
});

test('both languages have the same keys, each with a message, a description and the same placeholders', () => {
  const en = catalogs.en;
  const zh = catalogs['zh-CN'];
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  for (const [lang, messages] of Object.entries(catalogs)) {
    for (const [key, entry] of Object.entries(messages)) {
      assert.ok(/^[A-Za-z0-9_@]+$/.test(key), `${lang} ${key}: a key is letters, digits and _ only`);
      assert.equal(typeof entry.message, 'string', `${lang} ${key}: message`);
      assert.ok(entry.message.trim(), `${lang} ${key}: message is not empty`);
      assert.equal(typeof entry.description, 'string', `${lang} ${key}: description for translators`);
      assert.ok(entry.description.trim().length >= 10, `${lang} ${key}: description says something`);
      const names = Object.keys(entry.placeholders ?? {}).map((n) => n.toLowerCase()).sort();
      const referenced = [...new Set([...entry.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1].toLowerCase()))].sort();
      assert.deepEqual(referenced, names, `${lang} ${key}: every $NAME$ has a placeholder and every placeholder is used`);
    }
  }
  for (const key of Object.keys(en)) {
    const names = (e) => Object.keys(e.placeholders ?? {}).map((n) => n.toLowerCase()).sort();
    assert.deepEqual(names(zh[key]), names(en[key]), `${key}: same placeholders in both languages`);
  }
});

test('every rule has its docs in both languages', async () => {
  const pkg = join(EXTENSION, 'pkg');
  const { default: init, ruleDocs } = await import(join(pkg, 'mailhint.js'));
  await init({ module_or_path: readFileSync(join(pkg, 'mailhint_bg.wasm')) });
  // The docs as the service worker serves them: from extension/rules/<lang>.json, which the
  // build writes with `mailhint rules --format json` (the wasm is built without the long docs).
  const en = JSON.parse(readFileSync(join(EXTENSION, 'rules/en.json'), 'utf8'));
  const zh = JSON.parse(readFileSync(join(EXTENSION, 'rules/zh-CN.json'), 'utf8'));
  // The wasm's own list still has every rule, with its summary and fix in both languages.
  for (const [lang, docs] of [['en', en], ['zh-CN', zh]]) {
    const wasm = ruleDocs(lang);
    assert.deepEqual(wasm.map((r) => r.code), docs.map((r) => r.code), `ruleDocs('${lang}') lists every rule`);
    for (const [i, rule] of wasm.entries()) {
      assert.equal(rule.summary, docs[i].summary, `${rule.code} ${lang}: summary`);
      assert.equal(rule.fix, docs[i].fix, `${rule.code} ${lang}: fix`);
    }
  }
  assert.ok(en.length >= 91, `${en.length} rules`);
  assert.deepEqual(zh.map((r) => r.code), en.map((r) => r.code), 'the same rules in the same order');
  const cjk = /[\u4e00-\u9fff]/;
  for (const [i, rule] of en.entries()) {
    const other = zh[i];
    for (const field of ['summary', 'fix', 'doc']) {
      assert.ok(typeof rule[field] === 'string' && rule[field].trim(), `${rule.code} en ${field}`);
      assert.ok(typeof other[field] === 'string' && other[field].trim(), `${rule.code} zh-CN ${field}`);
    }
    assert.ok(rule.doc.includes('## What it does'), `${rule.code}: English doc`);
    assert.ok(other.doc.includes('## 检查什么') && cjk.test(other.summary), `${rule.code}: Chinese doc and summary`);
  }
  // The options page names each category with a key of its own: a new category needs one.
  const categories = readFileSync(join(EXTENSION, 'options/options.js'), 'utf8');
  for (const category of new Set(en.map((r) => r.category))) {
    assert.ok(categories.includes(`'${category}'`) || categories.includes(`${category}:`), `options.js names category ${category}`);
  }
});

test('every file manifest.json names exists in dist/chrome and dist/firefox', (t) => {
  // Assembles a copy of the tree in a temporary directory, so the real dist/ (which the e2e
  // tests may be using at this moment) is left alone.
  const copy = mkdtempSync(join(tmpdir(), 'mailhint-dist-'));
  t.after(() => rmSync(copy, { recursive: true, force: true }));
  for (const part of ['manifest.json', 'extension', '_locales', 'tests/tools/assemble_dist.py']) {
    cpSync(join(ROOT, part), join(copy, part), { recursive: true });
  }
  execFileSync('python3', [join(copy, 'tests/tools/assemble_dist.py')], { stdio: 'ignore', timeout: 120_000 });
  for (const browser of ['chrome', 'firefox']) {
    const dist = join(copy, 'dist', browser);
    const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
    const paths = [
      manifest.background?.service_worker,
      ...(manifest.background?.scripts ?? []),
      manifest.action?.default_popup,
      manifest.options_ui?.page,
      ...Object.values(manifest.icons ?? {}),
      ...Object.values(manifest.action?.default_icon ?? {}),
      ...(manifest.content_scripts ?? []).flatMap((cs) => [...(cs.js ?? []), ...(cs.css ?? [])]),
      ...(manifest.web_accessible_resources ?? []).flatMap((r) => r.resources.filter((p) => !p.includes('*'))),
      `_locales/${manifest.default_locale}/messages.json`,
    ].filter((p) => typeof p === 'string');
    assert.ok(paths.length >= 5, `${browser}: the manifest names its files`);
    const absent = paths.filter((p) => !existsSync(join(dist, p)) || !statSync(join(dist, p)).isFile());
    assert.deepEqual(absent, [], `${browser}: files named in the manifest but missing`);
    // The pages' own scripts and styles must be in the package too.
    for (const page of [manifest.action.default_popup, manifest.options_ui.page]) {
      const html = readFileSync(join(dist, page), 'utf8');
      for (const m of html.matchAll(/\b(?:src|href)="([^":]+)"/g)) {
        assert.ok(existsSync(join(dist, page, '..', m[1])), `${browser}: ${page} refers to ${m[1]}`);
      }
    }
  }
});
