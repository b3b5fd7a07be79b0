// The DOM-free parts of extension/content/textmap.js: the visible text must be built exactly as
// the core builds it from HTML (else spans point at the wrong words), and findings must be
// found again by their quote when it is not.
// Run with `node --test tests/extension/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import vm from 'node:vm';

const root = new URL('../../', import.meta.url);

/** Loads the classic content script into a fresh context and returns its `mailhint.textmap`. */
async function load() {
  const context = vm.createContext({});
  vm.runInContext(await readFile(new URL('extension/content/textmap.js', root), 'utf8'), context, { filename: 'textmap.js' });
  return context.mailhint.textmap;
}
const tm = await load();

/** Objects made in the script's context have that context's prototypes; compare them as data. */
const plain = (value) => JSON.parse(JSON.stringify(value));

/** Pieces from a tiny markup: `|` is a block boundary, the rest are text runs split on `^`. */
const pieces = (spec) =>
  spec.split(/(\|)/).filter((s) => s !== '').flatMap((s) => (s === '|' ? [{ block: true }] : s.split('^').map((text) => ({ text, node: { text } }))));

test('white space collapses and blocks become single line breaks, as in the core', () => {
  assert.equal(tm.normalise(pieces('|Hello\u00a0Maria,||We   make ^valves^.|')).text, 'Hello Maria,\nWe make valves.');
  assert.equal(tm.normalise(pieces('|Dear Sir/Madam,||||We are|')).text, 'Dear Sir/Madam,\nWe are');
  assert.equal(tm.normalise(pieces('  lead and trail  |  |')).text, 'lead and trail');
  assert.equal(tm.normalise(pieces('a^ ^b')).text, 'a b', 'a white-space-only run between words is one space');
  assert.equal(tm.normalise(pieces('a \n\t ^ b')).text, 'a b');
});

test('every unit of the text maps back to its node and offset', () => {
  const map = tm.normalise(pieces('|  Hi   there|'));
  assert.equal(map.text, 'Hi there');
  assert.equal(map.nodes.length, map.text.length);
  assert.deepEqual([...map.offsets], [2, 3, 4, 7, 8, 9, 10, 11]);
  const broken = tm.normalise(pieces('|one||two|'));
  assert.equal(broken.text, 'one\ntwo');
  assert.equal(broken.nodes[3], null, 'a made-up line break has no node');
});

test('a span is trusted when it holds the quote, else the nearest occurrence wins', () => {
  const text = 'best price here. Our best price is best.';
  assert.deepEqual(plain(tm.locate(text, { span: { start_utf16: 21, end_utf16: 31 }, quote: 'best price' })), { start: 21, end: 31 });
  assert.deepEqual(plain(tm.locate(text, { span: { start_utf16: 19, end_utf16: 29 }, quote: 'best price' })), { start: 21, end: 31 });
  assert.deepEqual(plain(tm.locate(text, { span: { start_utf16: 2, end_utf16: 12 }, quote: 'best price' })), { start: 0, end: 10 });
  assert.deepEqual(plain(tm.locate(text, { span: { start_utf16: 0, end_utf16: 4 } })), { start: 0, end: 4 }, 'no quote: the span');
  assert.equal(tm.locate(text, { quote: 'cheap' }), null);
  assert.equal(tm.locate(text, { span: { start_utf16: 30, end_utf16: 99 } }), null, 'a span past the end is refused');
  assert.deepEqual(plain(tm.locate('BEST Price', { quote: 'best price' })), { start: 0, end: 10 }, 'case differences are tolerated');
  assert.deepEqual(plain(tm.locate('xx a long sentence here', { span: { start_utf16: 3, end_utf16: 23 }, quote: 'a long…' })), { start: 3, end: 23 });
});

test('UTF-16 offsets hold for Chinese and astral characters', () => {
  const text = '😀 您好，我们是中国领先的LED灯制造商';
  const start = text.indexOf('中国领先');
  assert.deepEqual(plain(tm.locate(text, { span: { start_utf16: start, end_utf16: start + 4 }, quote: '中国领先' })), { start, end: start + 4 });
});

test('custom words match whole words in Latin script and anywhere in Chinese', () => {
  const text = 'Wholesale SALE now, on sale! 限时特价，特价商品';
  assert.deepEqual(plain(tm.findWords(text, ['sale']).map((m) => text.slice(m.start, m.end))), ['SALE', 'sale']);
  assert.deepEqual(plain(tm.findWords(text, ['特价']).map((m) => m.start)), [text.indexOf('特价'), text.lastIndexOf('特价')]);
  assert.equal(tm.findWords(text, ['  ']).length, 0);
});

test('escaping keeps text text', () => {
  assert.equal(tm.escape('<b a="1">&\u00a0</b>'), '&lt;b a=&quot;1&quot;&gt;&amp;&nbsp;&lt;/b&gt;');
});

test('the normalisation agrees with the core on real markup', async () => {
  // The same markup through the wasm core and through normalise() (pieces from a minimal
  // tokenizer good enough for this markup) give the same text: the spans line up.
  const pkg = new URL('extension/pkg/', root);
  let core;
  try {
    const mod = await import(new URL('mailhint.js', pkg));
    await mod.default({ module_or_path: await readFile(new URL('mailhint_bg.wasm', pkg)) });
    mod.setPublicSuffixList(await readFile(new URL('public-suffix-list.txt', pkg), 'utf8'));
    core = mod;
  } catch {
    // The wasm package is built by ./build.sh wasm; wasm.test.mjs reports its absence.
    return;
  }
  const html = '<div dir="ltr">Dear Sir/Madam,<div><br></div><div>We are a <b>leading</b>   manufacturer&nbsp;of LED lights.</div><div>Best regards,<br>Lily</div></div>';
  const report = core.checkDraft(JSON.stringify({ subject: 'x', html }), null, 'en', null);
  const b01 = report.findings.find((f) => f.code === 'B01');
  const list = [];
  for (const token of html.split(/(<[^>]+>)/).filter(Boolean)) {
    if (token.startsWith('<')) {
      if (/^<\/?(div|br|p)\b/.test(token)) list.push({ block: true });
    } else list.push({ text: token.replace(/&nbsp;/g, '\u00a0') });
  }
  const { text } = tm.normalise(list);
  assert.equal(text.slice(b01.span.start_utf16, b01.span.end_utf16), b01.quote);
  const b02 = report.findings.find((f) => f.code === 'B02');
  if (b02) assert.equal(text.slice(b02.span.start_utf16, b02.span.end_utf16), b02.quote);
});
