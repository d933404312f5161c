// The page's own words in the user's language. Each language is a catalogue in locales/ with
// the shape of the twofold package's catalogues (`name`, `pluralRule`, `messages`, a plural
// message being `{ plural, one, few, many, other }`), so both follow one set of rules, and
// adding a language is adding its file and its tag in locales/index.json. Password rules,
// verdicts and strength feedback come translated from the package; server refusals from the
// server, asked for in the same language (api.js).

/** @typedef {string | { plural: string, [form: string]: string }} Message */
/** @typedef {{ name: string, pluralRule: string, messages: Record<string, Message> }} Catalogue */

const SAVED = 'twofold.lang';
const FALLBACK = 'en';

/**
 * How each rule picks a form; the same rules, by the same names, as the package's
 * `src/i18n.rs`. A number that is not a whole one takes `other`.
 * @type {Record<string, (n: number) => string>}
 */
export const PLURAL_RULES = {
  one_other: (n) => (n === 1 ? 'one' : 'other'),
  zero_one_other: (n) => (n === 0 || n === 1 ? 'one' : 'other'),
  east_slavic: (n) => {
    const [units, tens] = [n % 10, n % 100];
    if (units === 1 && tens !== 11) return 'one';
    if (units >= 2 && units <= 4 && (tens < 12 || tens > 14)) return 'few';
    return 'many';
  },
  invariant: () => 'other',
};

/** @param {string} path */
async function json(path) {
  const response = await fetch(new URL(path, import.meta.url));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

/** The user's languages, best first: a saved choice, then the browser's (language only). */
function wishes() {
  const saved = localStorage.getItem(SAVED);
  const browser = (navigator.languages?.length ? navigator.languages : [navigator.language ?? FALLBACK])
    .map((tag) => tag.split(/[-_]/)[0].toLowerCase());
  return [...(saved ? [saved] : []), ...browser, FALLBACK];
}

/** The tags with a catalogue. */
export const tags = json('locales/index.json').then((/** @type {string[]} */ list) => list);

// A saved choice was picked from the index, so its catalogue can be fetched at once, beside
// the index; a first visit waits for the index to pick the best of the browser's languages.
const saved = localStorage.getItem(SAVED);
const early = saved ? json(`locales/${saved}.json`).catch(() => null) : Promise.resolve(null);
let chosen = FALLBACK;
/** @type {Catalogue} */
let catalogue = { name: '', pluralRule: 'one_other', messages: {} };

/** Resolves once the catalogue of the user's language is loaded; every page awaits it. */
export const loaded = (async () => {
  const known = await tags;
  chosen = wishes().find((tag) => known.includes(tag)) ?? FALLBACK;
  catalogue = (chosen === saved && (await early)) || (await json(`locales/${chosen}.json`));
})();

let settled = false;
loaded.then(() => { settled = true; }, () => {});

/**
 * The language the page is in (a tag of locales/index.json) once `loaded`; before that,
 * the best guess, so that requests made meanwhile already ask for it.
 */
export function language() {
  return settled ? chosen : wishes()[0];
}

/** Remembers the user's choice for every later page. @param {string} tag */
export function setLanguage(tag) {
  localStorage.setItem(SAVED, tag);
}

/** The language's name in itself, for the language switch. @param {string} tag */
export function languageName(tag) {
  const name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
  return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1);
}

/**
 * The message `key` with `{name}` placeholders filled from `args`; a plural message takes
 * the form its rule picks for the argument it names. A missing key shows as itself (the
 * locale test keeps every catalogue complete).
 * @param {string} key
 * @param {Record<string, string | number>} [args]
 */
export function t(key, args = {}) {
  const message = catalogue.messages[key];
  if (message === undefined) return key;
  let template = message;
  if (typeof message === 'object') {
    const n = Number(args[message.plural]);
    const form = Number.isInteger(n) ? (PLURAL_RULES[catalogue.pluralRule] ?? PLURAL_RULES.invariant)(n) : 'other';
    template = message[form] ?? message.other;
  }
  return String(template).replace(/\{(\w+)\}/g, (whole, name) => (name in args ? String(args[name]) : whole));
}

/** Translates `[data-i18n]` (text) and `[data-i18n-label]` (aria-label) under `root`. */
export function translate(root = document) {
  document.documentElement.lang = language();
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(/** @type {HTMLElement} */ (el).dataset.i18n ?? '');
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(/** @type {HTMLElement} */ (el).dataset.i18nLabel ?? ''));
}

/**
 * A moment in the user's language and time zone, the zone named, since an admin and a user
 * reading "locked until 14:05" may not share one.
 * @param {number} unixSeconds
 */
export function when(unixSeconds) {
  return new Intl.DateTimeFormat(chosen, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
  }).format(new Date(unixSeconds * 1000));
}

/** The user's time zone, as the audit log's note names it. */
export function zone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * The codes named by messages `prefix.code` (audit events, roles), for lists that grow with
 * the catalogue, and the name of one code, which is the code itself when the catalogue does
 * not know it yet (a newer server, say).
 * @param {string} prefix
 */
export function codes(prefix) {
  return Object.keys(catalogue.messages).filter((key) => key.startsWith(`${prefix}.`)).map((key) => key.slice(prefix.length + 1));
}

/** @param {string} prefix @param {string} code */
export function named(prefix, code) {
  const key = `${prefix}.${code}`;
  return key in catalogue.messages ? t(key) : code;
}

/**
 * A short value that should not break across lines inside a sentence (a masked phone number
 * such as `+34 ••• •• 56 78`): its spaces made non-breaking.
 * @param {string} text
 */
export const unbroken = (text) => text.replace(/ /g, '\u00a0');
