// The content scripts' namespace (extension/content/namespace.js) and the Gmail adapter's pure
// helpers, run in Node against a fake `chrome`: the retry of a message to a sleeping service
// worker, the settings' defaults, the debounce, the language choice.
// Run with `node --test tests/extension/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import vm from 'node:vm';

const root = new URL('../../', import.meta.url);
const plain = (value) => JSON.parse(JSON.stringify(value));

/**
 * A context with the content scripts loaded and a fake extension API.
 * @param {object} fake parts of `chrome` to use
 * @param {string[]} files content scripts, in manifest order
 */
async function load(fake, files = ['namespace.js']) {
  const context = vm.createContext({ chrome: fake, navigator: { language: 'en-GB' }, setTimeout, clearTimeout });
  for (const file of files) {
    vm.runInContext(await readFile(new URL(`extension/content/${file}`, root), 'utf8'), context, { filename: file });
  }
  return context.mailhint;
}

/** A fake `chrome` whose storage holds `sync` and `local`, and whose worker answers with `answers`. */
function fakeChrome({ sync = {}, local = {}, answers = [] } = {}) {
  const sent = [];
  return {
    sent,
    runtime: {
      id: 'test-extension',
      async sendMessage(message) {
        sent.push(message);
        const answer = answers.shift();
        if (answer instanceof Error) throw answer;
        return answer;
      },
    },
    storage: {
      sync: { get: async (key) => ({ [key]: sync[key] }), set: async (items) => Object.assign(sync, items) },
      local: { get: async (key) => ({ [key]: local[key] }), set: async (items) => Object.assign(local, items) },
      onChanged: { addListener() {} },
    },
    i18n: { getMessage: (key, subs) => (key === 'known' ? `known ${subs.join(',')}` : '') },
  };
}

test('send retries once when the service worker was asleep, and never throws', async () => {
  const chrome = fakeChrome({ answers: [new Error('Could not establish connection. Receiving end does not exist.'), { report: { grade: 7 } }] });
  const MH = await load(chrome);
  assert.deepEqual(plain(await MH.send({ type: 'check-draft' })), { report: { grade: 7 } });
  assert.equal(chrome.sent.length, 2);
  const failing = fakeChrome({ answers: [new Error('down'), new Error('still down')] });
  const MH2 = await load(failing);
  assert.match((await MH2.send({ type: 'version' })).error, /still down/);
});

test('settings fill in defaults and drop malformed values', async () => {
  const MH = await load(fakeChrome({ sync: { settings: { mode: 'campaign', lang: 'zh-CN', disabledRules: ['S01', 5], customWords: [' cheap ', ''] } } }));
  assert.deepEqual(plain(await MH.settings()), { mode: 'campaign', lang: 'zh-CN', disabledRules: ['S01'], customWords: ['cheap'], sites: [] });
  const empty = await load(fakeChrome());
  assert.deepEqual(plain(await empty.settings()), { mode: 'one-to-one', lang: 'auto', disabledRules: [], customWords: [], sites: [] });
});

test('the language is the setting, else the browser\'s', async () => {
  const MH = await load(fakeChrome({ sync: { settings: { lang: 'zh-CN' } } }));
  assert.equal(MH.lang(), 'en', 'before the settings are read: the browser (en-GB)');
  assert.equal(await MH.refreshLang(), 'zh-CN');
});

test('ignored hints are stored by code and quote', async () => {
  const chrome = fakeChrome();
  const MH = await load(chrome);
  await MH.ignoreHint('B01', 'Dear Sir/Madam');
  assert.deepEqual(Object.keys(await MH.ignoredHints()), ['B01\u0000Dear Sir/Madam']);
});

test('t falls back to the key, debounce runs once after the pause', async () => {
  const MH = await load(fakeChrome());
  assert.equal(MH.t('known', 1, 'b'), 'known 1,b');
  assert.equal(MH.t('missingKey'), 'missingKey');
  let calls = 0;
  const debounced = MH.debounce(() => (calls += 1), 20);
  debounced();
  debounced();
  debounced();
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(calls, 1);
  debounced();
  debounced.flush();
  assert.equal(calls, 2);
});

test('adapters register once, in order; the Gmail adapter parses attachment sizes', async () => {
  const MH = await load(fakeChrome(), ['namespace.js', 'textmap.js', 'adapters/gmail.js']);
  assert.deepEqual(plain(MH.adapters.map((a) => a.id)), ['gmail']);
  MH.registerAdapter(MH.adapters[0]);
  assert.equal(MH.adapters.length, 1);
  const gmail = MH.adapters[0];
  assert.ok(gmail.matches({ hostname: 'mail.google.com' }));
  assert.ok(!gmail.matches({ hostname: 'mail.google.com.evil.example' }));
  assert.equal(gmail.parseSize('(183K)'), 183 * 1024);
  assert.equal(gmail.parseSize('1.5 MB'), 1.5 * 1024 * 1024);
  assert.equal(gmail.parseSize('12,5M'), 12.5 * 1024 * 1024);
  assert.equal(gmail.parseSize(''), undefined);
});

test('every string the content scripts use exists in English and Chinese, with a description', async () => {
  const sources = await Promise.all(
    ['namespace.js', 'textmap.js', 'highlights.js', 'ui.js', 'main.js'].map((f) => readFile(new URL(`extension/content/${f}`, root), 'utf8')),
  );
  const used = new Set();
  for (const source of sources) for (const [, key] of source.matchAll(/MH\.t\('(\w+)'/g)) used.add(key);
  // Keys built at run time: the panel's part headings and severity names.
  for (const part of ['Subject', 'Body', 'Links', 'Images', 'Attachments', 'Recipients', 'Sender', 'Headers', 'Custom']) used.add(`contentPart${part}`);
  for (const severity of ['Critical', 'High', 'Medium', 'Low', 'Info']) used.add(`contentSeverity${severity}`);
  assert.ok(used.size >= 20, `found the keys in use (${used.size})`);
  for (const locale of ['en', 'zh_CN']) {
    const messages = JSON.parse(await readFile(new URL(`_locales/${locale}/messages.json`, root), 'utf8'));
    for (const key of used) {
      assert.ok(messages[key]?.message, `${locale} lacks ${key}`);
      assert.ok(messages[key]?.description, `${locale} ${key} has no description`);
      const wanted = [...(messages[key].message.matchAll(/\$(\w+)\$/g))].map((m) => m[1].toLowerCase());
      for (const name of wanted) assert.ok(messages[key].placeholders?.[name], `${locale} ${key} defines $${name}$`);
    }
  }
});
