// Never a trap: every export of the packed package (ESM, CommonJS and `twofold/otp`), given a
// value of the wrong type for any argument or option, or a number no argument can take,
// throws a TwofoldError `argument_invalid` naming it in `field`. One table says what each
// argument and option is; the wrong values follow from that.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import * as esm from 'twofold';
import * as otpEsm from 'twofold/otp';

const require = createRequire(import.meta.url);
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

// Values of every JS type; each kind below refuses all but its own.
const VALUES = {
  string: 'x', number: 42, boolean: true, object: {}, array: [], function: () => 1,
  symbol: Symbol('x'), bigint: 10n, null: null, undefined,
};
// Numbers no argument takes: never wrapped, truncated or rounded.
const BAD_WHOLE = [-1, 0.5, 2 ** 32 + 0.5, Number.NaN, Infinity, -Infinity, 2 ** 53, 1e300, -(2 ** 53)];
const BAD_SECONDS = [Number.NaN, Infinity, -Infinity];

/** A kind: the JS types it takes, and the further values it refuses. */
const kind = (types, invalid = []) => ({ types, invalid });
const string = kind(['string']);
const whole = kind(['number'], BAD_WHOLE);
const seconds = kind(['number'], BAD_SECONDS);
const boolean = kind(['boolean']);
const words = kind(['array'], [['acme', 1], [null]]);
const closed = (...names) => kind(['string'], ['', 'other', ...names.map((n) => n.toLowerCase()).filter((n) => !names.includes(n))]);
const algorithm = closed('SHA1', 'SHA256', 'SHA512');
const ecc = closed('L', 'M', 'Q', 'H');
const otpType = closed('totp', 'hotp');
const options = (fields) => ({ ...kind(['object']), fields });
const document = kind(['object']);

const KEY_URI = { algorithm, digits: whole, period: whole, type: otpType, issuer: string, account: string, secret: string, counter: whole };
const TOTP = { ...KEY_URI, time: seconds };
const CONTEXT = options({ email: string, name: string, username: string, tenant: string });

// Every export: its arguments as [name, kind, a value that works, optional?]. A call with the
// working values must succeed, so each refusal below is the named argument's doing.
const EXPORTS = {
  generateSecret: [['bytes', whole, 20, true]],
  totp: [['secret', string, SECRET], ['options', options(TOTP), { time: 59 }, true]],
  hotp: [['secret', string, SECRET], ['counter', whole, 1], ['options', options(KEY_URI), { digits: 6 }, true]],
  verifyTotp: [['code', string, '287082'], ['secret', string, SECRET],
    ['options', options({ ...TOTP, window: whole, afterTimeStep: whole }), { time: 59 }, true]],
  buildOtpauthUri: [['params', options(KEY_URI), { type: 'totp', account: 'a', secret: SECRET }]],
  parseOtpauthUri: [['uri', string, `otpauth://totp/a?secret=${SECRET}`]],
  qrSvg: [['text', string, 'x'], ['options', options({ ecc, margin: whole, dark: string, light: string, title: string }), { ecc: 'L' }, true]],
  qrMatrix: [['text', string, 'x'], ['options', options({ ecc }), { ecc: 'L' }, true]],
  generateRecoveryCodes: [['count', whole, 10, true]],
  normalizeRecoveryCode: [['input', string, '7KQ4M-XW9PA-3HTNC']],
  checkPassword: [['password', string, 'x'], ['policy', document, {}], ['context', CONTEXT, {}, true], ['locale', string, 'en', true]],
  presetPolicy: [['name', string, 'nist-800-63b-4'], ['options', options({ twoFactor: boolean, bannedWords: words }), {}, true]],
  PasswordChecker: [['policy', document, {}], ['locale', string, 'en', true]],
  'PasswordChecker.check': [['password', string, 'x'], ['context', CONTEXT, {}, true]],
};
// Fields of `buildOtpauthUri`'s params that must be there.
const REQUIRED_FIELDS = { buildOtpauthUri: ['type', 'account', 'secret'] };

function call(api, name, args) {
  if (name === 'PasswordChecker') return new api.PasswordChecker(...args);
  if (name === 'PasswordChecker.check') return new api.PasswordChecker({}).check(...args);
  return api[name](...args);
}

/** The wrong values for a kind: every other JS type (`undefined` too, unless optional), then its own bad values. */
function wrongValues(k, optional) {
  const others = Object.entries(VALUES).filter(([type]) => !k.types.includes(type) && !(optional && type === 'undefined'));
  return [...others.map(([, v]) => v), ...k.invalid];
}

/** Every call that must be refused: [description, args, field]. */
function* refusals(name, params) {
  const good = params.map(([, , value]) => value);
  for (const [i, [param, k, , optional]] of params.entries()) {
    const with_ = (value) => good.map((v, j) => (j === i ? value : v));
    for (const value of wrongValues(k, optional)) yield [`${param} = ${show(value)}`, with_(value), param];
    for (const [field, fk] of Object.entries(k.fields ?? {})) {
      const required = REQUIRED_FIELDS[name]?.includes(field);
      for (const value of wrongValues(fk, !required)) {
        yield [`${param}.${field} = ${show(value)}`, with_({ ...good[i], [field]: value }), field];
      }
      if (required) {
        const { [field]: _, ...without } = good[i];
        yield [`${param} without ${field}`, with_(without), field];
      }
    }
  }
}

function show(value) {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return `${value}n`; // a BigInt
  }
}

const APIS = { ESM: esm, CommonJS: require('twofold'), 'twofold/otp': otpEsm };

for (const [entry, api] of Object.entries(APIS)) {
  test(`${entry}: every wrong type and impossible number is argument_invalid, naming the argument`, () => {
    let calls = 0;
    for (const [name, params] of Object.entries(EXPORTS)) {
      if (!(name.split('.')[0] in api)) continue;
      assert.doesNotThrow(() => call(api, name, params.map(([, , value]) => value)), `${name} with working values`);
      for (const [what, args, field] of refusals(name, params)) {
        calls++;
        assert.throws(() => call(api, name, args), (error) => {
          assert.equal(error?.name, 'TwofoldError', `${name}(${what}): ${error}`);
          assert.equal(error.code, 'argument_invalid', `${name}(${what}): ${error.message}`);
          assert.equal(error.field, field, `${name}(${what})`);
          assert.match(error.message, new RegExp(`^${field.replace(/[[\].]/g, '\\$&')} must be `));
          return true;
        }, `${name}(${what}) must throw`);
      }
    }
    assert.ok(calls > (entry === 'twofold/otp' ? 600 : 800), `${calls} calls`);
    console.log(`${entry}: ${calls} refused calls`);
  });
}

test('a whole number outside what an argument allows gets its own code, never wrapped', () => {
  const cases = [
    [() => esm.generateSecret(2 ** 32 + 20), 'secret_size_out_of_range'],
    [() => esm.generateRecoveryCodes(2 ** 32 + 2), 'recovery_count_out_of_range'],
    [() => esm.totp(SECRET, { digits: 2 ** 8 + 6 }), 'digits_out_of_range'],
    [() => esm.totp(SECRET, { period: 2 ** 32 + 30 }), 'period_out_of_range'],
    [() => esm.verifyTotp('287082', SECRET, { window: 2 ** 32 + 1 }), 'window_out_of_range'],
    [() => esm.qrSvg('x', { margin: 2 ** 32 + 4 }), 'qr_margin_out_of_range'],
    [() => esm.totp(SECRET, { time: 2 ** 53 }), 'time_invalid'],
  ];
  for (const [call, code] of cases) assert.throws(call, { name: 'TwofoldError', code });
});

test('policies: what JSON cannot hold is argument_invalid with its path, the rest the core judges', () => {
  const refused = [
    [{ minLength: undefined }, 'minLength'], [{ minLength: Number.NaN }, 'minLength'],
    [{ minLength: 10n }, 'minLength'], [{ classes: { digit: Symbol('x') } }, 'classes.digit'],
    [{ bannedWords: ['acme', () => 1] }, 'bannedWords[1]'], [{ maxLength: Infinity }, 'maxLength'],
  ];
  for (const [policy, field] of refused) {
    for (const call of [() => esm.checkPassword('x', policy), () => new esm.PasswordChecker(policy)]) {
      assert.throws(call, { name: 'TwofoldError', code: 'argument_invalid', field });
    }
  }
  const cyclic = {};
  cyclic.classes = cyclic;
  assert.throws(() => esm.checkPassword('x', cyclic), { name: 'TwofoldError', code: 'argument_invalid' });
  assert.throws(() => esm.checkPassword('x', { minLength: '12' }), { name: 'TwofoldError', code: 'policy_invalid' });
  assert.throws(() => esm.checkPassword('x', { minLenght: 12 }), { name: 'TwofoldError', code: 'policy_invalid' });
  // Only own properties count, as for JSON.
  assert.equal(esm.checkPassword('x', Object.create({ minLength: 12 })).accepted, true);
});

test('options are read as own properties only: a polluted prototype changes nothing', () => {
  const code = esm.totp(SECRET, { time: 1_000_000 }).code;
  const late = { time: 1_000_000 + 5 * 30 };
  assert.equal(esm.verifyTotp(code, SECRET, late).valid, false);
  for (const [key, value] of [['window', 10], ['digits', 8], ['time', 0], ['algorithm', 'SHA512'], ['ecc', 'H']]) {
    Object.prototype[key] = value;
  }
  try {
    assert.equal(esm.verifyTotp(code, SECRET, late).valid, false);
    assert.equal(esm.totp(SECRET, { time: 1_000_000 }).code, code);
    assert.equal(esm.qrMatrix('x', {}).size, esm.qrMatrix('x', { ecc: 'M' }).size);
  } finally {
    for (const key of ['window', 'digits', 'time', 'algorithm', 'ecc']) delete Object.prototype[key];
  }
  assert.equal(esm.totp(SECRET, Object.create({ digits: 8, time: 59 })).code.length, 6);
});

test('verifyTotp at the last time step a JS number holds answers', () => {
  const last = 2 ** 53 - 1;
  const { code, timeStep } = esm.totp(SECRET, { time: last, period: 1 });
  assert.equal(timeStep, last);
  assert.deepEqual(esm.verifyTotp(code, SECRET, { time: last, period: 1 }), { valid: true, timeStep: last, delta: 0 });
  const other = code === '000000' ? '111111' : '000000';
  assert.equal(typeof esm.verifyTotp(other, SECRET, { time: last, period: 1, window: 10 }).valid, 'boolean');
});

test('a freed checker throws a TwofoldError, in ESM and CommonJS; freeing twice is harmless', () => {
  for (const api of [esm, require('twofold')]) {
    const checker = new api.PasswordChecker({ minLength: 8 });
    assert.equal(checker.check('x').accepted, false);
    checker.free();
    assert.throws(() => checker.check('x'), { name: 'TwofoldError', code: 'checker_freed' });
    assert.throws(() => checker.requirements(), { name: 'TwofoldError', code: 'checker_freed' });
    checker.free();
    checker[Symbol.dispose]?.();
  }
});
