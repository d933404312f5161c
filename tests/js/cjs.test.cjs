// The installed package through `require`: the CommonJS build computes the same codes.
const assert = require('node:assert/strict');
const { test } = require('node:test');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const twofold = require('twofold');
const vectors = JSON.parse(readFileSync(join(__dirname, '..', 'vectors', 'rfc.json'), 'utf8'));

test('require("twofold") computes the RFC 6238 and RFC 4226 vectors', () => {
  for (const row of vectors.totp) {
    const { code } = twofold.totp(vectors.seeds[row.algorithm], { time: row.time, digits: 8, algorithm: row.algorithm });
    assert.equal(code, row.code);
  }
  for (const { counter, code } of vectors.hotp) assert.equal(twofold.hotp(vectors.seeds.SHA1, counter), code);
});

test('require("twofold") throws TwofoldError and builds URIs', () => {
  assert.throws(() => twofold.verifyTotp('1', vectors.seeds.SHA1), { name: 'TwofoldError', code: 'code_length_mismatch' });
  const { uri } = twofold.buildOtpauthUri({ type: 'totp', issuer: 'ACME', account: 'a@b.c', secret: twofold.generateSecret() });
  assert.equal(twofold.parseOtpauthUri(uri).issuer, 'ACME');
  assert.match(twofold.qrSvg(uri), /^<svg /);
});
