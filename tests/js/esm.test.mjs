// The installed package through Node's ESM entry: the RFC vectors, errors, and the exports
// matching the TypeScript declarations.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import * as twofold from 'twofold';
import { generateSecret, hotp, totp, verifyTotp, normalizeRecoveryCode, generateRecoveryCodes } from 'twofold';
import { vectors } from './support/vectors.mjs';

test('RFC 4226 Appendix D', () => {
  for (const { counter, code } of vectors.hotp) assert.equal(hotp(vectors.seeds.SHA1, counter), code);
});

test('RFC 6238 Appendix B, all 18 rows', () => {
  assert.equal(vectors.totp.length, 18);
  for (const row of vectors.totp) {
    const options = { time: row.time, digits: 8, algorithm: row.algorithm };
    assert.deepEqual(totp(vectors.seeds[row.algorithm], options), {
      code: row.code, timeStep: row.timeStep, remainingSeconds: 30 - (row.time % 30),
    });
    const first = verifyTotp(row.code, vectors.seeds[row.algorithm], options);
    assert.deepEqual(first, { valid: true, timeStep: row.timeStep, delta: 0 });
    assert.deepEqual(verifyTotp(row.code, vectors.seeds[row.algorithm], { ...options, afterTimeStep: first.timeStep }), { valid: false });
  }
});

test('no init call, and the clock is read when no time is given', () => {
  const secret = generateSecret();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  const { code, timeStep } = totp(secret);
  assert.ok(Math.abs(timeStep - Math.floor(Date.now() / 30000)) <= 1);
  assert.equal(verifyTotp(code, secret).valid, true);
  assert.equal(verifyTotp(`${code.slice(0, 3)} ${code.slice(3)}`, secret).valid, true);
});

test('fractional and post-2038 times', () => {
  const secret = vectors.seeds.SHA1;
  assert.equal(totp(secret, { time: 59.999, digits: 8 }).code, '94287082');
  assert.equal(totp(secret, { time: 2 ** 32 + 30 }).timeStep, Math.floor((2 ** 32 + 30) / 30));
});

test('errors are TwofoldError with a stable code', () => {
  const cases = [
    [() => totp('0000'), 'base32_character_invalid'],
    [() => totp(vectors.seeds.SHA1, { digit: 8 }), 'options_invalid'],
    [() => totp(vectors.seeds.SHA1, { digits: 5 }), 'digits_out_of_range'],
    [() => totp(vectors.seeds.SHA1, { time: Number.NaN }), 'argument_invalid'],
    [() => totp(vectors.seeds.SHA1, { time: 2 ** 53 }), 'time_invalid'],
    [() => verifyTotp('12345', vectors.seeds.SHA1), 'code_length_mismatch'],
    [() => verifyTotp('12E456', vectors.seeds.SHA1), 'code_not_numeric'],
    [() => hotp(vectors.seeds.SHA1, 0.5), 'argument_invalid'],
    [() => hotp(vectors.seeds.SHA1, 1, { counter: 2 }), 'counter_mismatch'],
    [() => twofold.parseOtpauthUri('otpauth://totp/A:b'), 'uri_secret_missing'],
    [() => generateSecret(4), 'secret_size_out_of_range'],
    [() => normalizeRecoveryCode('0000'), 'recovery_code_malformed'],
  ];
  for (const [call, code] of cases) {
    assert.throws(call, (error) => {
      assert.ok(error instanceof Error);
      assert.equal(error.name, 'TwofoldError');
      assert.equal(error.code, code);
      assert.ok(error.message.length > 0);
      return true;
    });
  }
});

test('recovery codes', () => {
  const codes = generateRecoveryCodes();
  assert.equal(codes.length, 10);
  assert.equal(new Set(codes).size, 10);
  for (const code of codes) {
    assert.match(code, /^[2-9A-HJKMNP-TW-Z]{5}-[2-9A-HJKMNP-TW-Z]{5}-[2-9A-HJKMNP-TW-Z]{5}$/);
    assert.equal(normalizeRecoveryCode(code.toLowerCase().replaceAll('-', ' ')), code);
  }
});

test('the exports are exactly the functions and classes the declarations describe', () => {
  const require = createRequire(import.meta.url);
  const installed = (path) => readFileSync(require.resolve('twofold/package.json').replace('package.json', path), 'utf8');
  // The glue's, and those of checkBreached, written in JS over it.
  const declarations = installed('pkg/web/twofold.d.ts') + installed('js/breach.d.ts');
  const declared = [...declarations.matchAll(/^export (?:function|class) (\w+)/gm)].map((m) => m[1]).sort();
  const exported = Object.keys(twofold).filter((k) => typeof twofold[k] === 'function').sort();
  assert.deepEqual(exported, declared);
  for (const name of ['totp', 'hotp', 'verifyTotp', 'generateSecret', 'buildOtpauthUri', 'parseOtpauthUri', 'qrSvg', 'qrMatrix', 'generateRecoveryCodes', 'normalizeRecoveryCode', 'checkPassword', 'PasswordChecker', 'presetPolicy', 'checkBreached', 'breachRangeUrl', 'breachCount']) {
    assert.ok(declared.includes(name), name);
  }
});
