// What each language is made of, to tell when a page shows words of another: every text of
// the page's catalogue (www/locales) and the package's (locales), all plural forms, and the
// pieces of other languages' messages that would betray them on a page in a given language.
// Also each catalogue's own words, for a test to say what a person should read.
import { readFileSync } from 'node:fs';

const root = new URL('../../../', import.meta.url);
export const LANGUAGES = JSON.parse(readFileSync(new URL('www/locales/index.json', root), 'utf8'));

/** @param {string} folder @param {string} tag */
const catalogue = (folder, tag) => JSON.parse(readFileSync(new URL(`${folder}${tag}.json`, root), 'utf8')).messages;

/** The forms of a message: itself, or each plural form. */
const forms = (message) => (typeof message === 'string' ? [message] : Object.entries(message).filter(([k]) => k !== 'plural').map(([, v]) => v));

/** Every text of a language: the page's catalogue and the package's, all plural forms. */
function corpus(tag) {
  return ['www/locales/', 'locales/'].flatMap((folder) => Object.values(catalogue(folder, tag)).flatMap(forms));
}
const CORPORA = Object.fromEntries(LANGUAGES.map((tag) => [tag, corpus(tag)]));

/**
 * The pieces of other languages' messages that would betray them on a page in `tag`: each
 * message cut at its placeholders, pieces of four letters or more that `tag`'s own messages
 * do not also contain (product names, "2FA" and the like are shared).
 */
function foreign(tag) {
  const own = CORPORA[tag].join('\n');
  const pieces = new Map();
  for (const other of LANGUAGES.filter((t) => t !== tag)) {
    for (const text of CORPORA[other]) {
      for (const piece of text.split(/\{\w+\}/).map((p) => p.replace(/^[\s:.,;()«»“”"]+|[\s:.,;()«»“”"]+$/g, ''))) {
        if (/\p{L}{4}/u.test(piece) && !own.includes(piece)) pieces.set(piece, other);
      }
    }
  }
  return pieces;
}
export const FOREIGN = Object.fromEntries(LANGUAGES.map((tag) => [tag, foreign(tag)]));

/**
 * Everything a person can read or hear on the page: text, names, titles, the QR's title;
 * less what is another language on purpose: what is marked so (each language's own name in
 * the language switch, `<option lang="ru">Русский</option>`), and the outbox's mails, which
 * are in the language of each recipient.
 */
const readable = (page) => page.evaluate(() => [
  document.title,
  [...document.querySelectorAll('body [lang], #outbox tbody')].filter((el) => el.lang !== document.documentElement.lang)
    .reduce((text, el) => text.replaceAll(/** @type {HTMLElement} */ (el).innerText, ''), document.body.innerText),
  ...[...document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')]
    .flatMap((el) => ['aria-label', 'title', 'placeholder', 'alt'].map((a) => el.getAttribute(a)).filter(Boolean)),
  ...[...document.querySelectorAll('svg title')].map((el) => el.textContent),
].join('\n'));

/** Whether `piece` stands in `text` as whole words. */
const within = (text, piece) => new RegExp(`(?<![\\p{L}\\p{N}])${piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u').test(text);

/** What in `text` belongs to another language than `tag`. */
export const foreignIn = (text, tag) => [...FOREIGN[tag]].filter(([piece]) => within(text, piece)).map(([piece, other]) => `${other}: “${piece}”`);

/** What on the page belongs to another language than `tag`. */
export async function strangers(page, tag) {
  const text = await readable(page);
  const found = foreignIn(text, tag);
  if (tag !== 'ru' && /\p{Script=Cyrillic}/u.test(text)) found.push(`Cyrillic: ${text.match(/.*\p{Script=Cyrillic}.*/u)[0]}`);
  return found;
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The page's own words in `tag`, as a test expects to read them: `say(key, args)` for a
 * message with its placeholders filled (a plural message is matched by `pattern` instead),
 * `pattern(key, args)` for a RegExp any of its forms matches, with the placeholders not
 * given matching anything.
 */
export function words(tag) {
  const messages = catalogue('www/locales/', tag);
  const fill = (text, args) => text.replace(/\{(\w+)\}/g, (whole, name) => (name in args ? String(args[name]) : whole));
  return {
    say(key, args = {}) {
      const message = messages[key];
      if (typeof message !== 'string') throw new Error(`${tag} ${key}: not a plain message`);
      return fill(message, args);
    },
    pattern(key, args = {}) {
      const alternatives = forms(messages[key]).map((text) => fill(text, args).split(/\{\w+\}/).map(escape).join('.+?'));
      return new RegExp(`(?:${alternatives.join('|')})`);
    },
  };
}
