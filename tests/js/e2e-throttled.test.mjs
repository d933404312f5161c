// Signup on a slow phone link (Chromium's network emulation: 1.6 Mbit/s down, 150 ms of
// latency, at 360 px): when the page is usable, when the live password check has arrived,
// and what was downloaded, on a first visit and on a second one. The times are reported,
// not asserted (this machine is shared); what is asserted is what the design promises:
// the page is usable before the checker arrives, labelled and with its button enabled,
// the package's files come compressed, and the second visit revalidates instead of
// downloading them again. The figures go to artifacts/throttled.json.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';

import { useSite } from './support/site.mjs';

const ARTIFACTS = new URL('artifacts/', import.meta.url);
mkdirSync(ARTIFACTS, { recursive: true });
const LINK = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 };

const site = useSite();

/**
 * Loads `path` on the emulated link in `page` and answers the page's own marks and every
 * response with the bytes it took on the wire.
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').CDPSession} cdp
 */
async function visit(page, cdp, path) {
  /** @type {Map<string, { url: string, status: number, encoding: string, bytes: number }>} */
  const responses = new Map();
  const received = (e) => responses.set(e.requestId, {
    url: new URL(e.response.url).pathname, status: e.response.status, encoding: e.response.headers['content-encoding'] ?? '', bytes: 0,
  });
  const finished = (e) => { const r = responses.get(e.requestId); if (r) r.bytes = e.encodedDataLength; };
  const failed = [];
  const failure = (e) => failed.push(e.errorText);
  cdp.on('Network.responseReceived', received);
  cdp.on('Network.loadingFinished', finished);
  cdp.on('Network.loadingFailed', failure);
  await page.goto(site.url(path));
  await page.waitForSelector('body[data-ready="yes"]');
  const bytesWhenUsable = [...responses.values()].reduce((sum, r) => sum + r.bytes, 0);
  const usable = await page.evaluate(() => ({
    labels: [...document.querySelectorAll('main label')].map((l) => l.textContent.trim()),
    heading: document.querySelector('h1').textContent,
    submitDisabled: document.querySelector('main button[type=submit]').disabled,
  }));
  await page.waitForSelector('body[data-checker="ready"]');
  await page.waitForLoadState('networkidle');
  const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)])));
  cdp.off('Network.responseReceived', received);
  cdp.off('Network.loadingFinished', finished);
  cdp.off('Network.loadingFailed', failure);
  return { marks, usable, bytesWhenUsable, responses: [...responses.values()], failed };
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const total = (responses) => responses.reduce((sum, r) => sum + r.bytes, 0);

test('signup at 1.6 Mbit/s and 150 ms: usable first, the checker after; compressed; revalidated on a second visit', async (t) => {
  const context = await site.browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'en-US' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', LINK);

  const first = await visit(page, cdp, 'signup.html?tenant=acme');
  assert.deepEqual(first.failed, []);
  assert.equal(first.usable.heading, 'Create your account');
  assert.deepEqual(first.usable.labels, ['Email', 'Full name', 'Password']);
  assert.equal(first.usable.submitDisabled, false, 'the form can be sent as soon as the page is usable');
  assert.ok(first.marks['twofold:ready'] < first.marks['twofold:checker'], 'usable before the checker has arrived');
  const wasm = first.responses.find((r) => r.url === '/twofold/pkg/web/twofold_bg.wasm');
  assert.equal(wasm?.encoding, 'br', 'the full package’s wasm comes brotli-compressed');
  assert.ok(!first.responses.some((r) => r.url.includes('otp-web')), 'signup does not fetch the one-time-password half');

  const second = await visit(page, cdp, 'signup.html?tenant=acme');
  assert.deepEqual(second.failed, []);
  const again = second.responses.find((r) => r.url === '/twofold/pkg/web/twofold_bg.wasm');
  // A fetch() answered from the cache after a 304 reports the cached 200, with the few bytes
  // the 304 took on the wire.
  assert.ok(!again || again.bytes < 1024, `the wasm is revalidated, not downloaded again (${again?.bytes} bytes)`);
  assert.ok(total(second.responses) < total(first.responses) / 10, 'a second visit downloads a tenth or less');

  const report = {
    link: '1.6 Mbit/s down, 150 ms latency, 360 px',
    first: { usableMs: first.marks['twofold:ready'], checkerMs: first.marks['twofold:checker'], bytesWhenUsable: first.bytesWhenUsable, bytes: total(first.responses), requests: first.responses },
    second: { usableMs: second.marks['twofold:ready'], checkerMs: second.marks['twofold:checker'], bytesWhenUsable: second.bytesWhenUsable, bytes: total(second.responses), requests: second.responses },
  };
  writeFileSync(new URL('throttled.json', ARTIFACTS), `${JSON.stringify(report, null, 2)}\n`);
  for (const [name, v] of Object.entries({ 'first visit': report.first, 'second visit': report.second })) {
    t.diagnostic(`${name}: usable after ${v.usableMs} ms (${kib(v.bytesWhenUsable)} downloaded), live check after ${v.checkerMs} ms, ${kib(v.bytes)} in ${v.requests.length} responses`);
  }
  await context.close();
});
