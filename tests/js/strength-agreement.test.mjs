// twofold's score against the original `zxcvbn` package on a generated corpus. The Rust port
// behind twofold follows zxcvbn 4.4.2, so scores should nearly always agree; the rate and
// every disagreement are written to artifacts/strength-agreement.json for the record.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { PasswordChecker } from 'twofold';
import zxcvbn from 'zxcvbn';
import { corpus } from '../../bench/corpus.mjs';

const require = createRequire(import.meta.url);

test('scores agree with zxcvbn on 1,200 varied passwords', (t) => {
  const passwords = corpus(require('zxcvbn/lib/frequency_lists.js'), 1200);
  assert.equal(new Set(passwords.map((p) => p.kind)).size, 8);
  const checker = new PasswordChecker({});
  const disagreements = [];
  for (const { kind, password } of passwords) {
    const ours = checker.check(password).strength;
    const theirs = zxcvbn(password);
    if (ours.score !== theirs.score) {
      disagreements.push({ kind, password, twofold: ours.score, zxcvbn: theirs.score, twofoldLog10: ours.guessesLog10, zxcvbnLog10: theirs.guesses_log10 });
    }
  }
  const rate = 1 - disagreements.length / passwords.length;
  const byKind = {};
  for (const { kind } of disagreements) byKind[kind] = (byKind[kind] ?? 0) + 1;
  mkdirSync(new URL('artifacts/', import.meta.url), { recursive: true });
  writeFileSync(new URL('artifacts/strength-agreement.json', import.meta.url),
    JSON.stringify({ passwords: passwords.length, agreement: rate, byKind, disagreements }, null, 1));
  t.diagnostic(`score agreement ${(rate * 100).toFixed(2)}% (${disagreements.length} of ${passwords.length} differ: ${JSON.stringify(byKind)})`);
  // The estimators are the same algorithm; anything under 97% means ours has drifted.
  assert.ok(rate >= 0.97, `agreement ${rate}`);
});
