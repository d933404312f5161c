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

test('require("twofold") has checkBreached, asking a range API as the ES module does', async () => {
  const { createHash } = require('node:crypto');
  const { createServer } = require('node:http');
  const listed = 'velvet orbit cactus lantern';
  const hash = createHash('sha1').update(listed, 'utf8').digest('hex').toUpperCase();
  const asked = [];
  const server = createServer((request, response) => {
    asked.push([request.url, request.headers['add-padding']]);
    response.writeHead(200, { 'content-type': 'text/plain' }).end(`${hash.slice(5)}:12\r\n0018A45C4D1DEF81644B54AB7F969B88D65:0`);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  try {
    const url = `http://127.0.0.1:${server.address().port}/range/`;
    assert.deepEqual(await twofold.checkBreached(listed, { url }), { breached: true, count: 12 });
    assert.deepEqual(asked, [[`/range/${hash.slice(0, 5)}`, 'true']]);
    assert.deepEqual(await twofold.checkBreached('harbor willow sprocket ninety', { url }), { breached: false, count: 0 });
    await assert.rejects(twofold.checkBreached(42, { url }), { name: 'TwofoldError', code: 'argument_invalid' });
  } finally {
    server.close();
  }
});
