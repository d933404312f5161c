// The shared table of password cases through the npm package, in English, Russian and Catalan:
// the verdicts equal the native ones (tests/vectors/verdicts.json), and a PasswordChecker
// gives the same verdicts as checkPassword.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { PasswordChecker, checkPassword, presetPolicy } from 'twofold';

const read = (name) => JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), 'utf8'));
const table = read('password-cases.json');
const expected = read('verdicts.json');

/** Numbers rounded as the Rust side compares them: log10 may differ in the last bit. */
const comparable = (value) => JSON.parse(JSON.stringify(value), (_, v) => (typeof v === 'number' ? v.toExponential(8) : v));

for (const locale of table.locales) {
  test(`${table.cases.length} cases in ${locale} equal the native verdicts`, () => {
    const checkers = new Map();
    table.cases.forEach((c, i) => {
      const policy = table.policies[c.policy];
      const context = table.contexts[c.context];
      const verdict = checkPassword(c.password, policy, context, locale);
      assert.deepEqual(comparable(verdict), comparable(expected[locale][i]), `case ${i}: ${JSON.stringify(c.password)}`);
      if (!checkers.has(c.policy)) checkers.set(c.policy, new PasswordChecker(policy, locale));
      assert.deepEqual(checkers.get(c.policy).check(c.password, context), verdict);
    });
  });
}

test('presets and requirements', () => {
  assert.deepEqual(presetPolicy('nist-800-63b-4'), table.policies['nist-800-63b-4']);
  assert.equal(presetPolicy('nist-800-63b-4', { twoFactor: true }).minLength, 8);
  const requirements = new PasswordChecker(presetPolicy('legacy-complex'), 'ru').requirements();
  assert.deepEqual(requirements.at(-1), { code: 'history_count', params: { count: 5 }, label: 'Не совпадает с последними 5 паролями', serverSide: true });
  assert.throws(() => presetPolicy('nope'), { name: 'TwofoldError', code: 'preset_unknown' });
});

test('bad policies and contexts are TwofoldErrors naming the problem', () => {
  assert.throws(() => new PasswordChecker({ minLenght: 8 }), { name: 'TwofoldError', code: 'policy_invalid', message: /unknown field `minLenght`/ });
  assert.throws(() => checkPassword('x', { minLength: 20, maxLength: 10 }), { code: 'policy_invalid', field: 'minLength' });
  assert.throws(() => checkPassword('x', { classes: { upper: 1 } }), { code: 'policy_invalid' });
  assert.throws(() => checkPassword('x', { minScore: 'high' }), { code: 'policy_invalid' });
  assert.throws(() => checkPassword('x', [12]), { code: 'argument_invalid', field: 'policy' });
  assert.throws(() => checkPassword('x', undefined), { code: 'argument_invalid', field: 'policy' });
  assert.throws(() => checkPassword('x', {}, { mail: 'a@b.c' }), { code: 'options_invalid', field: 'mail' });
  assert.throws(() => checkPassword('x', { bannedWords: [1n] }), { code: 'argument_invalid', field: 'bannedWords[0]' });
});

test('odd input returns a verdict: lone surrogates, a megabyte, control characters', () => {
  const policy = table.policies.design;
  for (const password of ['\uD800', 'a\uDC00b', '\u0000\u0001\u0007', 'x'.repeat(1 << 20), '👍🏽'.repeat(1000)]) {
    const started = performance.now();
    const verdict = checkPassword(password, policy, {}, 'en');
    assert.equal(typeof verdict.accepted, 'boolean');
    assert.ok(verdict.evaluatedChars <= 64);
    assert.ok(performance.now() - started < 2000, 'bounded');
  }
  assert.equal(checkPassword('x'.repeat(1 << 20), policy).violations[0].code, 'too_long');
});
