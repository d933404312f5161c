// QR codes we render, read back by an independent decoder (zbar), give exactly the text.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { buildOtpauthUri, generateSecret, qrMatrix, qrSvg } from 'twofold';
import { seeded } from './support/random.mjs';
import { decodeMatrix, rasterizeSvg, zbarBytes } from './support/zbar.mjs';

const TEXTS = [
  buildOtpauthUri({ type: 'totp', issuer: 'ACME Co', account: 'alice@example.com', secret: generateSecret() }).uri,
  buildOtpauthUri({ type: 'totp', issuer: 'ACME', account: 'bob@example.com', secret: generateSecret(64), algorithm: 'SHA512', digits: 8 }).uri,
  'HELLO WORLD 123',
  '0123456789012345678901234567890',
  'https://example.com/enroll?token=abc123&lang=ca',
  'Ünïcode: Пароль, 日本語, 🔐',
  'x'.repeat(1200),
];

for (const ecc of ['L', 'M', 'Q', 'H']) {
  test(`zbar reads back every text at error correction ${ecc}`, () => {
    for (const text of TEXTS) {
      assert.deepEqual(decodeMatrix(qrMatrix(text, { ecc })), [text], text.slice(0, 40));
    }
  });
}

test('zbar reads a symbol of every version, 1 to 40, the levels in turn', async () => {
  const random = seeded(40);
  const long = Array.from({ length: 3000 }, () => random.pick('abcdefghijklmnopqrstuvwxyz0123456789.,é')).join('');
  const version = (text, ecc) => {
    try {
      return (qrMatrix(text, { ecc }).size - 17) / 4;
    } catch {
      return Infinity; // longer than version 40 holds
    }
  };
  for (let v = 1; v <= 40; v++) {
    const ecc = ['L', 'M', 'Q', 'H'][v % 4];
    // The longest prefix that still fits version v.
    let [low, high] = [1, long.length];
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (version(long.slice(0, mid), ecc) <= v) low = mid;
      else high = mid - 1;
    }
    const text = long.slice(0, low);
    assert.equal(version(text, ecc), v);
    const bytes = await zbarBytes(rasterizeSvg(qrSvg(text, { ecc })));
    assert.equal(bytes.toString('utf8'), text, `version ${v}-${ecc}`);
  }
});

test('the SVG is one path for the modules, scales, and has an accessible title', () => {
  const svg = qrSvg(TEXTS[0]);
  const matrix = qrMatrix(TEXTS[0]);
  assert.match(svg, new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${matrix.size + 8} ${matrix.size + 8}"`));
  assert.doesNotMatch(svg, /<rect|width="\d|height="\d/);
  assert.match(svg, /shape-rendering="crispEdges"/);
  assert.match(svg, /role="img"><title>QR code<\/title>/);
  assert.equal(svg.match(/<path /g).length, 2);
  // Compact: well under the bytes a rectangle per dark module would take.
  const dark = matrix.modules.reduce((n, m) => n + m, 0);
  assert.ok(svg.length < dark * 5, `${svg.length} bytes for ${dark} dark modules`);
  const transparent = qrSvg('x', { light: 'transparent', dark: '#123456', margin: 0, title: 'Scan & enroll' });
  assert.equal(transparent.match(/<path /g).length, 1);
  assert.match(transparent, /viewBox="0 0 21 21".*<title>Scan &amp; enroll<\/title>.*stroke="#123456"/);
});
