// A generated corpus of varied passwords, the same on every run (seeded): common passwords,
// names with years, l33t words, keyboard walks, dates, random strings, passphrases and
// repeats. The word lists are passed in: the zxcvbn package's frequency lists (data, not
// code), `require('zxcvbn/lib/frequency_lists.js')`, from wherever the caller installed it.
import { seeded } from '../tests/js/support/random.mjs';
const ROWS = ['`1234567890-=', 'qwertyuiop[]\\', 'asdfghjkl;\'', 'zxcvbnm,./'];
const COLUMNS = ['1qaz', '2wsx', '3edc', '4rfv', '5tgb', '6yhn', '7ujm', '8ik,', '9ol.', '0p;/'];
const LEET = { a: ['4', '@'], e: ['3'], i: ['1', '!'], o: ['0'], s: ['$', '5'], t: ['7'], l: ['1'] };
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

const capitalize = (w) => w[0].toUpperCase() + w.slice(1);

/**
 * `count` distinct passwords, the kinds taking turns, in a fixed order for a given seed.
 * @param {Record<string, string|string[]>} lists zxcvbn's frequency lists
 * @returns {{ kind: string, password: string }[]}
 */
export function corpus(lists, count = 1200, seed = 20261123) {
  const words = (name, limit) => String(lists[name]).split(',').slice(0, limit);
  const COMMON = words('passwords', 10000);
  const ENGLISH = words('english_wikipedia', 5000).filter((w) => /^[a-z]{3,}$/.test(w));
  const NAMES = [...words('female_names', 1500), ...words('male_names', 900)].filter((w) => /^[a-z]{3,}$/.test(w));
  const SURNAMES = words('surnames', 3000).filter((w) => /^[a-z]{3,}$/.test(w));
  const r = seeded(seed);
  const kinds = {
    common: () => r.pick(COMMON.slice(0, r.pick([100, 1000, 10000]))),
    'name+year': () => {
      const name = r.pick([...NAMES, ...SURNAMES]);
      const year = String(r.int(1940, 2026));
      return `${r.next() < 0.5 ? capitalize(name) : name}${r.next() < 0.5 ? year : year.slice(2)}${r.pick(['', '', '!', '.', '#'])}`;
    },
    l33t: () => {
      const word = r.pick(ENGLISH.filter((w) => w.length >= 5));
      const leet = [...word].map((c) => (LEET[c] && r.next() < 0.6 ? r.pick(LEET[c]) : c)).join('');
      return `${r.next() < 0.4 ? capitalize(leet) : leet}${r.next() < 0.5 ? r.int(0, 99) : ''}`;
    },
    'keyboard walk': () => {
      if (r.next() < 0.3) {
        const start = r.int(0, 6);
        return COLUMNS.slice(start, start + r.int(2, 4)).join('');
      }
      const row = r.pick(ROWS);
      const start = r.int(0, row.length - 6);
      const walk = row.slice(start, start + r.int(6, row.length - start));
      return r.next() < 0.3 ? walk.toUpperCase() : walk;
    },
    date: () => {
      const [d, m, y] = [r.int(1, 28), r.int(1, 12), r.int(1950, 2026)];
      const p = (n) => String(n).padStart(2, '0');
      return r.pick([
        `${p(d)}${p(m)}${y}`, `${p(m)}/${p(d)}/${y}`, `${y}-${p(m)}-${p(d)}`, `${p(d)}.${p(m)}.${String(y).slice(2)}`,
        `${r.pick(NAMES)}${p(d)}${p(m)}${String(y).slice(2)}`,
      ]);
    },
    random: () => {
      const alphabet = r.pick(['abcdefghijklmnopqrstuvwxyz', 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', PRINTABLE]);
      return Array.from({ length: r.int(8, 64) }, () => r.pick([...alphabet])).join('');
    },
    passphrase: () => {
      const n = r.int(3, 6);
      const separator = r.pick([' ', '-', '', '.', '_']);
      const phrase = Array.from({ length: n }, () => r.pick(ENGLISH)).map((w) => (r.next() < 0.2 ? capitalize(w) : w));
      return phrase.join(separator).slice(0, 64);
    },
    repeats: () => r.pick([
      () => r.pick([...'abcxyz1!']).repeat(r.int(4, 16)),
      () => r.pick(['abc', 'xyz', '123', 'qwe', 'ab1']).repeat(r.int(2, 5)),
      () => 'abcdefghijklmnopqrstuvwxyz'.slice(0, r.int(4, 12)),
      () => '9876543210'.slice(0, r.int(4, 10)),
      () => [...r.pick(ENGLISH.filter((w) => w.length > 5))].reverse().join(''),
    ])(),
  };
  const names = Object.keys(kinds);
  const seen = new Set();
  const out = [];
  for (let i = 0; out.length < count; i++) {
    const kind = names[i % names.length];
    const password = kinds[kind]();
    if (!seen.has(password)) {
      seen.add(password);
      out.push({ kind, password });
    }
  }
  return out;
}
