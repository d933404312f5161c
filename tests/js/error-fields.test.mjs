// The packed package's errors carry their limits: a form can say "at least 10 bytes" or
// list the presets from `error.min` or `error.known` instead of parsing the message. Each
// value is the core's own limit (src/error.rs), the same in ESM, CommonJS and `twofold/otp`.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import * as esm from 'twofold';
import * as otp from 'twofold/otp';
import { vectors } from './support/vectors.mjs';

const cjs = createRequire(import.meta.url)('twofold');
const SHA1 = vectors.seeds.SHA1;

/** The error `call` throws, which must be a TwofoldError. */
function thrown(call) {
  try {
    call();
  } catch (error) {
    assert.equal(error?.name, 'TwofoldError', String(error));
    return error;
  }
  assert.fail('no error thrown');
}

// Each call, the code it must throw and the fields the error must carry, exactly.
const cases = (api) => [
  [() => api.totp('AAAAAAAA'), 'secret_too_short', { min: 10 }],
  [() => api.totp('A'.repeat(208)), 'secret_too_long', { max: 128 }],
  [() => api.generateSecret(8), 'secret_size_out_of_range', { min: 16, max: 64 }],
  [() => api.totp(SHA1, { digits: 9 }), 'digits_out_of_range', { min: 6, max: 8 }],
  [() => api.totp(SHA1, { period: 0 }), 'period_out_of_range', { min: 1, max: 3600 }],
  [() => api.verifyTotp('123456', SHA1, { window: 11 }), 'window_out_of_range', { max: 10 }],
  [() => api.verifyTotp('12345', SHA1), 'code_length_mismatch', { expected: 6 }],
  [() => api.totp('AB1CDEFGHIJKLMNO'), 'base32_character_invalid', { position: 2 }],
  [() => api.qrSvg('x', { margin: 65 }), 'qr_margin_out_of_range', { max: 64 }],
  [() => api.generateRecoveryCodes(101), 'recovery_count_out_of_range', { min: 1, max: 100 }],
  [() => api.parseOtpauthUri(`otpauth://totp/a?secret=${SHA1}&secret=${SHA1}`), 'uri_parameter_duplicated', { parameter: 'secret' }],
  [() => api.totp(SHA1, { digit: 8 }), 'options_invalid', { field: 'digit', known: ['algorithm', 'digits', 'period', 'type', 'issuer', 'account', 'secret', 'counter', 'time'] }],
  [() => api.hotp(SHA1, -1), 'argument_invalid', { field: 'counter', expected: 'a whole number from 0 to 9007199254740991' }],
];

const FIELDS = ['field', 'min', 'max', 'expected', 'known', 'position', 'parameter', 'length', 'alphabet', 'detail'];

for (const [name, api] of [['ESM', esm], ['CommonJS', cjs], ['twofold/otp', otp]]) {
  test(`${name}: errors carry their limits as fields`, () => {
    for (const [call, code, fields] of cases(api)) {
      const error = thrown(call);
      assert.equal(error.code, code);
      const carried = Object.fromEntries(FIELDS.filter((f) => error[f] !== undefined).map((f) => [f, error[f]]));
      assert.deepEqual(carried, fields, code);
    }
  });
}

test('a recovery code error names its length and alphabet, and the alphabet is the codes\'', () => {
  const error = thrown(() => esm.normalizeRecoveryCode('0000'));
  assert.equal(error.code, 'recovery_code_malformed');
  assert.equal(error.length, 15);
  const code = esm.generateRecoveryCodes(1)[0].replaceAll('-', '');
  assert.equal(code.length, error.length);
  for (const c of code) assert.ok(error.alphabet.includes(c), c);
});

test('an unknown preset lists the known ones, each of which works', () => {
  const error = thrown(() => esm.presetPolicy('nope'));
  assert.equal(error.code, 'preset_unknown');
  assert.ok(Array.isArray(error.known) && error.known.length > 0);
  for (const name of error.known) assert.equal(typeof esm.presetPolicy(name), 'object');
});

test('a policy error names its field and says what is wrong in detail', () => {
  const error = thrown(() => new esm.PasswordChecker({ minLength: 20, maxLength: 10 }));
  assert.equal(error.code, 'policy_invalid');
  assert.equal(error.field, 'minLength');
  assert.equal(typeof error.detail, 'string');
  assert.ok(error.message.includes(error.detail));
});
