// The front end's files, checked without a browser: every language has every string with the
// same placeholders and the plural forms its rule needs; every string a page asks for
// exists; each page preloads exactly the modules it imports (no round trip per level of
// imports on a slow link) and never the full package, which loads only when needed; and no
// form can send a password anywhere before its script is ready; and the modules type-check.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const www = join(root, 'www');
const read = (/** @type {string} */ path) => readFileSync(path, 'utf8');
const catalogue = (/** @type {string} */ tag) => JSON.parse(read(join(www, 'locales', `${tag}.json`)));

/** The categories each plural rule of `www/i18n.js` (and the core's `src/i18n.rs`) can pick. */
const CATEGORIES = { one_other: ['one', 'other'], zero_one_other: ['one', 'other'], east_slavic: ['one', 'few', 'many'], invariant: ['other'] };

const tags = JSON.parse(read(join(www, 'locales', 'index.json')));
const pages = readdirSync(www).filter((f) => f.endsWith('.html'));
const scripts = readdirSync(www).filter((f) => f.endsWith('.js'));

/** The placeholders of a message, over all its forms. */
function placeholders(message) {
  const texts = typeof message === 'string' ? [message] : Object.entries(message).filter(([k]) => k !== 'plural').map(([, v]) => v);
  return [...new Set(texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1])))].sort();
}

test('locales/index.json lists every catalogue, and the package and the server speak the same languages', () => {
  const files = readdirSync(join(www, 'locales')).filter((f) => f !== 'index.json' && f.endsWith('.json')).map((f) => f.slice(0, -5));
  assert.deepEqual([...tags].sort(), files.sort());
  for (const [folder, why] of [['locales', 'the checklist'], ['server/locales', 'the server’s refusals']]) {
    const theirs = readdirSync(join(root, folder)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
    assert.deepEqual([...tags].sort(), theirs.sort(), `a language the page has but ${folder}/ lacks would mix languages in ${why}`);
  }
});

test('every language has every string, with the same placeholders and the plural forms of its rule', () => {
  const english = catalogue('en').messages;
  for (const tag of tags) {
    const { name, pluralRule, messages } = catalogue(tag);
    assert.ok(name, `${tag}: a name`);
    assert.ok(pluralRule in CATEGORIES, `${tag}: a known plural rule, not ${pluralRule}`);
    assert.deepEqual(Object.keys(messages).sort(), Object.keys(english).sort(), `${tag}: the same keys as en`);
    for (const [key, message] of Object.entries(messages)) {
      assert.deepEqual(placeholders(message), placeholders(english[key]), `${tag} ${key}: the placeholders of en`);
      if (typeof message === 'string') continue;
      assert.ok(placeholders(message).includes(message.plural), `${tag} ${key}: the plural names one of its placeholders`);
      for (const form of [...CATEGORIES[pluralRule], 'other']) assert.equal(typeof message[form], 'string', `${tag} ${key}: a "${form}" form`);
    }
  }
});

test('every string a page or script asks for exists', () => {
  const english = catalogue('en').messages;
  const asked = new Set();
  for (const page of pages) for (const m of read(join(www, page)).matchAll(/data-i18n(?:-label)?="([^"]+)"/g)) asked.add(m[1]);
  for (const script of scripts) for (const m of read(join(www, script)).matchAll(/\bt\('([\w.]+)'/g)) asked.add(m[1]);
  assert.ok(asked.size > 100, `found the strings (${asked.size})`);
  assert.deepEqual([...asked].filter((key) => !(key in english)), []);
});

/** A URL path of the site to its file: www at /, the package's js/ and pkg/ at /twofold/. */
function file(/** @type {string} */ path) {
  return path.startsWith('/twofold/') ? join(root, path.slice('/twofold/'.length)) : join(www, path.replace(/^\//, ''));
}
function url(/** @type {string} */ path) {
  const rel = relative(root, path);
  return rel.startsWith('www') ? `/${relative(www, path)}` : `/twofold/${rel}`;
}

/** The modules a module imports statically, all the way down, as site paths. */
function graph(/** @type {string} */ entry, seen = new Set()) {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = read(file(entry));
  for (const m of source.matchAll(/^\s*(?:import|export)\s[^'"`;]*?from\s+['"]([^'"]+)['"]/gm)) {
    const target = m[1].startsWith('/') ? m[1] : url(resolve(dirname(file(entry)), m[1]));
    graph(target, seen);
  }
  return seen;
}

test('each page preloads exactly the modules it imports, and only the one-time-password half of the package', () => {
  assert.ok(existsSync(join(root, 'pkg', 'otp-web', 'twofold.js')), 'the package is built (node scripts/build.mjs)');
  for (const page of pages) {
    const html = read(join(www, page));
    const entry = html.match(/<script type="module" src="([^"]+)"/)?.[1];
    assert.ok(entry, `${page}: a module script`);
    const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => (m[1].startsWith('/') ? m[1] : `/${m[1]}`));
    const imported = [...graph(`/${entry}`)];
    assert.deepEqual(preloaded.sort(), imported.sort(), `${page}: modulepreload = the static imports`);
    assert.ok(!imported.includes('/twofold/js/browser.js'), `${page}: the full package is not a static import`);
  }
});

test('no form can send a password before its script is ready', () => {
  for (const page of pages) {
    const html = read(join(www, page));
    for (const form of html.matchAll(/<form\b[^>]*>/g)) assert.match(form[0], /method="post"/, `${page}: ${form[0]}`);
    for (const input of html.matchAll(/<input\b[^>]*type="password"[^>]*>/g)) assert.doesNotMatch(input[0], /\sname=/, `${page}: a password field has no name to be sent under`);
    // A hidden form cannot be reached before the script shows it; any other waits for it.
    for (const [, open, body] of html.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/g)) {
      if (/\shidden\b/.test(open)) continue;
      for (const button of body.matchAll(/<button\b[^>]*type="submit"[^>]*>/g)) {
        assert.match(button[0], /\sdata-wait\b/, `${page}: ${button[0]}`);
        assert.match(button[0], /\sdisabled\b/, `${page}: ${button[0]}`);
      }
    }
  }
});

test('the pages’ modules type-check (strict JSDoc) against the package’s generated types', () => {
  const tsc = join(root, 'tests', 'js', 'node_modules', '.bin', 'tsc');
  const run = spawnSync(tsc, ['-p', join(www, 'jsconfig.json')], { encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
});
