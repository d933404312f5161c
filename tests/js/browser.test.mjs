// The installed package in headless Chromium, twice: a plain page with an import map, and a
// Vite production build. Each page computes the RFC 6238 codes, renders a QR code that zbar
// reads back from a screenshot, and shows no console error or failed request.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { build } from 'vite';
import { serve } from '../../scripts/serve.mjs';
import { launch, openPage } from './support/browser.mjs';
import { vectors } from './support/vectors.mjs';
import { zbarimg } from './support/zbar.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'twofold-browser-'));
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Opens `url`, checks the page end to end, and returns what it saw. */
async function checkPage(url, name) {
  const { page, problems } = await openPage(browser);
  await page.goto(url);
  await page.waitForSelector('body[data-ready="yes"]', { timeout: 15000 });

  const codes = await page.evaluate((rows) => rows.map((row) => {
    const seed = row.seed;
    const options = { time: row.time, digits: 8, algorithm: row.algorithm };
    return [window.twofold.totp(seed, options).code, window.twofold.verifyTotp(row.code, seed, options).valid];
  }), vectors.totp.map((row) => ({ ...row, seed: vectors.seeds[row.algorithm] })));
  assert.deepEqual(codes, vectors.totp.map((row) => [row.code, true]));

  const shot = join(scratch, `${name}.png`);
  await page.locator('#qr svg').screenshot({ path: shot });
  const enroll = await page.evaluate(() => window.twofold.enroll);
  assert.deepEqual(zbarimg(shot), [enroll]);
  assert.match(await page.locator('#code').textContent(), /^\d{6}$/);
  assert.equal(await page.locator('#qr svg title').textContent(), 'Enrollment QR code');
  assert.deepEqual(problems, []);
  await page.close();
}

test('a plain <script type="module"> page with an import map', async () => {
  const server = await serve({ '/': here });
  try {
    await checkPage(`${server.url}fixtures/plain.html`, 'plain');
  } finally {
    await server.close();
  }
});

test('a Vite production build', async () => {
  const outDir = join(scratch, 'vite-dist');
  await build({ root: join(here, 'fixtures'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const assets = readdirSync(join(outDir, 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `the .wasm is emitted as an asset: ${assets}`);
  const server = await serve({ '/': outDir });
  try {
    await checkPage(server.url, 'vite');
  } finally {
    await server.close();
  }
});
