// twofold's estimate against the original `zxcvbn` package (4.4.2) on a generated corpus.
// twofold ports zxcvbn 4.4.2's matching, scoring and feedback to Rust with its word lists, so
// the guesses must agree for every password within the ranks by bucket: each listed word of
// rank 30 or more stands for the representative of its bucket, off by at most 3.7 %, so a
// password's log10 guesses may be off by log10(1.037) per such word of zxcvbn's sequence, and
// the scores must agree on at least 99.9 % of the passwords. One deliberate exception:
// twofold counts the years 2020-2029 as recent years, which zxcvbn 4.4.2 (released in 2016)
// does not. Scores, warnings and every difference go to artifacts/strength-agreement.json.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { PasswordChecker } from 'twofold';
import zxcvbn from 'zxcvbn';
import { corpus } from '../../bench/corpus.mjs';

const require = createRequire(import.meta.url);

// zxcvbn's English warnings, by twofold's code.
const WARNINGS = {
  top10_password: 'This is a top-10 common password',
  top100_password: 'This is a top-100 common password',
  common_password: 'This is a very common password',
  similar_to_common_password: 'This is similar to a commonly used password',
  word_by_itself: 'A word by itself is easy to guess',
  names_by_themselves: 'Names and surnames by themselves are easy to guess',
  common_names: 'Common names and surnames are easy to guess',
  straight_rows_of_keys: 'Straight rows of keys are easy to guess',
  short_keyboard_patterns: 'Short keyboard patterns are easy to guess',
  repeats_like_aaa: 'Repeats like "aaa" are easy to guess',
  repeats_like_abcabc: 'Repeats like "abcabcabc" are only slightly harder to guess than "abc"',
  sequences: 'Sequences like abc or 6543 are easy to guess',
  recent_years: 'Recent years are easy to guess',
  dates: 'Dates are often easy to guess',
};

/** How far the ranks by bucket may move zxcvbn's estimate of `result`, in log10 guesses. */
const bucketTolerance = (result) =>
  result.sequence.filter((m) => m.pattern === 'dictionary' && m.rank >= 30).length * Math.log10(1.037) + 1e-9;

test('estimates equal zxcvbn 4.4.2 on 1,200 varied passwords within the ranks by bucket, but for the 2020s', (t) => {
  const passwords = corpus(require('zxcvbn/lib/frequency_lists.js'), 1200);
  assert.equal(new Set(passwords.map((p) => p.kind)).size, 8);
  const checker = new PasswordChecker({});
  const differences = [];
  let sameScore = 0;
  let recent = 0;
  let compared = 0;
  let largest = 0;
  let reread = 0;
  for (const { kind, password } of passwords) {
    const ours = checker.check(password).strength;
    const theirs = zxcvbn(password);
    const difference = Math.abs(ours.guessesLog10 - Math.log10(theirs.guesses));
    if (!/202\d/.test(password)) {
      compared += 1;
      if (ours.score === theirs.score) sameScore += 1;
      largest = Math.max(largest, difference);
    }
    const sameGuesses = difference <= bucketTolerance(theirs);
    const sameWarning = (ours.warning ? WARNINGS[ours.warning.code] : '') === theirs.feedback.warning;
    if (sameGuesses && sameWarning) continue;
    // Within the tolerance the buckets may tip the choice between two readings as cheap as
    // each other (a surname and three guessed characters, or seven guessed characters), and
    // the feedback follows the reading.
    if (sameGuesses && !/202\d/.test(password)) {
      reread += 1;
      differences.push({ kind, password, reread: true, twofold: [ours.score, ours.guessesLog10, ours.warning?.code ?? ''], zxcvbn: [theirs.score, Math.log10(theirs.guesses), theirs.feedback.warning] });
      continue;
    }
    const row = { kind, password, twofold: [ours.score, ours.guessesLog10, ours.warning?.code ?? ''], zxcvbn: [theirs.score, Math.log10(theirs.guesses), theirs.feedback.warning] };
    differences.push(row);
    // Only a year of the 2020s may explain a difference, and it can only make a guess easier.
    assert.match(password, /202\d/, `unexplained difference: ${JSON.stringify(row)}`);
    assert.ok(ours.guessesLog10 < Math.log10(theirs.guesses), JSON.stringify(row));
    recent += 1;
  }
  mkdirSync(new URL('artifacts/', import.meta.url), { recursive: true });
  writeFileSync(new URL('artifacts/strength-agreement.json', import.meta.url),
    JSON.stringify({ passwords: passwords.length, compared, sameScore, largest, differences }, null, 1));
  t.diagnostic(`same guesses (within the buckets) and warning: ${passwords.length - differences.length} of ` +
    `${passwords.length}; same score: ${sameScore} of the ${compared} without a 2020s year; ` +
    `largest log10 difference there: ${largest.toFixed(4)}; feedback of another reading within the ` +
    `buckets: ${reread}; other differences, all from 2020s years: ${recent}`);
  assert.ok(sameScore >= 0.999 * compared, `scores agree on ${sameScore} of ${compared}`);
  assert.ok(reread <= 0.001 * compared, `feedback differs on ${reread} of ${compared}`);
  // The corpus has names with years up to 2026, so the exception must actually be exercised.
  assert.ok(recent > 0);
});
