// Cross-checks against an independent implementation, the `otpauth` package: the same codes
// for the same secret and time, and key URIs that each side reads as the other wrote them.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as OTPAuth from 'otpauth';
import { buildOtpauthUri, hotp, parseOtpauthUri, totp, verifyTotp } from 'twofold';
import { seeded } from './support/random.mjs';

const ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'];
const CASES = 3000;

test(`${CASES} TOTP codes agree with otpauth and verify with twofold`, () => {
  const random = seeded(6238);
  for (let i = 0; i < CASES; i++) {
    const secret = new OTPAuth.Secret({ buffer: random.bytes(random.int(10, 64)).buffer });
    const algorithm = random.pick(ALGORITHMS);
    const digits = random.int(6, 8);
    const period = random.pick([30, 30, 60, random.int(1, 3600)]);
    // Up to 2^41 seconds: past 2038, past 2^32, far past any real clock.
    const time = random.pick([0, 59, 2 ** 31, 2 ** 32, random.int(0, 2 ** 41)]);
    const theirs = new OTPAuth.TOTP({ secret, algorithm, digits, period }).generate({ timestamp: time * 1000 });
    const ours = totp(secret.base32, { algorithm, digits, period, time });
    assert.equal(ours.code, theirs, `case ${i}: ${algorithm}/${digits}/${period} at ${time}`);
    const check = verifyTotp(theirs, secret.base32, { algorithm, digits, period, time });
    assert.equal(check.valid, true, `case ${i}`);
  }
});

test(`${CASES / 3} HOTP codes agree with otpauth`, () => {
  const random = seeded(4226);
  for (let i = 0; i < CASES / 3; i++) {
    const secret = new OTPAuth.Secret({ buffer: random.bytes(random.int(10, 64)).buffer });
    const algorithm = random.pick(ALGORITHMS);
    const digits = random.int(6, 8);
    const counter = random.pick([0, 1, 2 ** 32, random.int(0, 2 ** 40)]);
    const theirs = new OTPAuth.HOTP({ secret, algorithm, digits }).generate({ counter });
    assert.equal(hotp(secret.base32, counter, { algorithm, digits }), theirs, `case ${i}`);
  }
});

const NAMES = ['ACME', 'ACME Co.', 'Società Ünïcode', 'Пример', '例え', 'a&b=c?d#e/f', '50% off +1', 'o\'Brien "quoted"', 'emoji 🔐'];
const ACCOUNTS = ['alice@example.com', 'bob', 'José María', 'user+tag@example.org', 'ivan@пример.рф', 'a b c'];

test('every key URI we build is read by otpauth as the same parameters', () => {
  const random = seeded(2024);
  for (let i = 0; i < 1000; i++) {
    const hotpType = random.next() < 0.25;
    const params = {
      type: hotpType ? 'hotp' : 'totp',
      issuer: random.next() < 0.9 ? random.pick(NAMES) : undefined,
      account: random.pick(ACCOUNTS),
      secret: new OTPAuth.Secret({ buffer: random.bytes(random.int(10, 64)).buffer }).base32,
      algorithm: random.pick(ALGORITHMS),
      digits: random.int(6, 8),
      ...(hotpType ? { counter: random.int(0, 2 ** 40) } : { period: random.int(1, 3600) }),
    };
    const { uri } = buildOtpauthUri(params);
    const theirs = OTPAuth.URI.parse(uri);
    assert.equal(theirs instanceof OTPAuth.HOTP, hotpType, uri);
    assert.equal(theirs.issuer, params.issuer ?? '', uri);
    assert.equal(theirs.label, params.account, uri);
    assert.equal(theirs.secret.base32, params.secret, uri);
    assert.equal(theirs.algorithm, params.algorithm, uri);
    assert.equal(theirs.digits, params.digits, uri);
    if (hotpType) assert.equal(theirs.counter, params.counter, uri);
    else assert.equal(theirs.period, params.period, uri);
    // And back: what we read from our own URI is what we were given.
    const expected = { period: 30, ...params };
    if (expected.issuer === undefined) delete expected.issuer;
    assert.deepEqual(parseOtpauthUri(uri), expected);
  }
});

test('every key URI otpauth builds is read by twofold as the same parameters', () => {
  const random = seeded(1337);
  for (let i = 0; i < 1000; i++) {
    const secret = new OTPAuth.Secret({ buffer: random.bytes(random.int(10, 64)).buffer });
    const common = {
      issuer: random.pick(NAMES), label: random.pick(ACCOUNTS), secret,
      algorithm: random.pick(ALGORITHMS), digits: random.int(6, 8),
    };
    const theirs = random.next() < 0.25
      ? new OTPAuth.HOTP({ ...common, counter: random.int(0, 2 ** 40) })
      : new OTPAuth.TOTP({ ...common, period: random.int(1, 3600) });
    const ours = parseOtpauthUri(theirs.toString());
    assert.equal(ours.issuer, common.issuer);
    assert.equal(ours.account, common.label);
    assert.equal(ours.secret, secret.base32);
    assert.equal(ours.algorithm, common.algorithm);
    assert.equal(ours.digits, common.digits);
    if (theirs instanceof OTPAuth.HOTP) assert.equal(ours.counter, theirs.counter);
    else assert.equal(ours.period, theirs.period);
  }
});
