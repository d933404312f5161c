// `twofold/otp`, the one-time-password half without the password checker: the same API for
// what it has (the RFC vectors again), nothing of the checker, through ESM and require.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import * as full from 'twofold';
import * as otp from 'twofold/otp';
import { vectors } from './support/vectors.mjs';

const require = createRequire(import.meta.url);

test('twofold/otp computes the RFC 6238 and RFC 4226 vectors, in ESM and CommonJS', () => {
  for (const api of [otp, require('twofold/otp')]) {
    for (const row of vectors.totp) {
      assert.equal(api.totp(vectors.seeds[row.algorithm], { time: row.time, digits: 8, algorithm: row.algorithm }).code, row.code);
    }
    for (const { counter, code } of vectors.hotp) assert.equal(api.hotp(vectors.seeds.SHA1, counter), code);
    assert.throws(() => api.verifyTotp('1', vectors.seeds.SHA1), { name: 'TwofoldError', code: 'code_length_mismatch' });
  }
});

test('twofold/otp has the OTP half of the API and none of the password checker', () => {
  const functions = (api) => Object.keys(api).filter((k) => typeof api[k] === 'function').sort();
  const missing = functions(full).filter((name) => !functions(otp).includes(name));
  assert.deepEqual(missing, ['PasswordChecker', 'breachCount', 'breachRangeUrl', 'checkBreached', 'checkPassword', 'presetPolicy']);
  const uri = otp.buildOtpauthUri({ type: 'totp', issuer: 'ACME', account: 'a@b.c', secret: otp.generateSecret() }).uri;
  assert.deepEqual(otp.parseOtpauthUri(uri), full.parseOtpauthUri(uri));
  assert.equal(otp.qrSvg(uri), full.qrSvg(uri));
});
