// A user keeps one parameters object per account: what parseOtpauthUri (or the object given to
// buildOtpauthUri) holds is accepted whole as the options of totp, verifyTotp and hotp, and a
// part of it that disagrees with the call is a TwofoldError saying which.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { buildOtpauthUri, hotp, parseOtpauthUri, totp, verifyTotp } from 'twofold';

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

test('a TOTP key URI\'s parameters are the options of totp and verifyTotp', () => {
  const given = { type: 'totp', issuer: 'Сбербанк', account: 'zoë 😀', secret: SECRET.toLowerCase(), algorithm: 'SHA256', digits: 8, period: 60 };
  const params = parseOtpauthUri(buildOtpauthUri(given).uri);
  const time = 1_700_000_000;
  const expected = totp(SECRET, { algorithm: 'SHA256', digits: 8, period: 60, time });
  assert.deepEqual(totp(params.secret, { ...params, time }), expected);
  assert.deepEqual(totp(SECRET, { ...given, time }), expected);
  assert.deepEqual(verifyTotp(expected.code, params.secret, { ...params, time }), { valid: true, timeStep: expected.timeStep, delta: 0 });
  assert.equal(totp(params.secret, params).code.length, 8);
});

test('an HOTP key URI\'s parameters are the options of hotp', () => {
  const params = parseOtpauthUri(buildOtpauthUri({ type: 'hotp', account: 'a', secret: SECRET, counter: 5 }).uri);
  assert.equal(params.period, 30);
  assert.equal(hotp(params.secret, params.counter, params), hotp(SECRET, 5));
});

test('a part that disagrees with the call is refused, naming what', () => {
  const t = parseOtpauthUri(buildOtpauthUri({ type: 'totp', account: 'a', secret: SECRET }).uri);
  const h = parseOtpauthUri(buildOtpauthUri({ type: 'hotp', account: 'a', secret: SECRET, counter: 5 }).uri);
  const cases = [
    [() => totp('JBSWY3DPEHPK3PXP', t), 'secret_mismatch'],
    [() => verifyTotp('123456', 'JBSWY3DPEHPK3PXP', t), 'secret_mismatch'],
    [() => totp(SECRET, h), 'type_mismatch'],
    [() => verifyTotp('123456', SECRET, h), 'type_mismatch'],
    [() => hotp(SECRET, 5, t), 'type_mismatch'],
    [() => hotp(SECRET, 6, h), 'counter_mismatch'],
    [() => hotp(SECRET, 5, { ...h, period: 60 }), 'period_with_hotp'],
    [() => totp(SECRET, { ...t, counter: 1 }), 'counter_with_totp'],
  ];
  for (const [call, code] of cases) assert.throws(call, { name: 'TwofoldError', code });
  // Other unknown fields are still typos.
  assert.throws(() => totp(SECRET, { ...t, issuerName: 'x' }), { name: 'TwofoldError', code: 'options_invalid', field: 'issuerName' });
});
