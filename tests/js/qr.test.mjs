// QR codes we render, read back by an independent decoder (zbar), give exactly the text.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { buildOtpauthUri, generateSecret, qrMatrix, qrSvg } from 'twofold';
import { decodeMatrix } from './support/zbar.mjs';

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
