// A form pressed with Enter before its script has loaded (issue 12, item 10): the page's
// script is held back at the network, the person types a password and presses Enter, and
// nothing may be sent anywhere, least of all into the address bar and the history. Once the
// script arrives, what was typed is still there, and Enter sends it the way it should (JSON
// to the API), never in a URL.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { useSite } from './support/site.mjs';

const SECRET = 'My-Secret-Passw0rd-99 orbit';
const site = useSite();
const { url } = site;

/**
 * Opens `path` with `script` held back, lets `type` fill the form and presses Enter in
 * `field`; answers the navigations the browser started, the history's length before typing
 * and a function that lets the script through.
 */
async function early(page, path, script, type, field) {
  let release;
  const held = new Promise((done) => { release = done; });
  await page.route((u) => u.pathname === `/${script}`, async (route) => { await held; await route.continue(); });
  const navigations = [];
  page.on('request', (r) => r.isNavigationRequest() && r.frame() === page.mainFrame() && navigations.push(`${r.method()} ${r.url()}`));
  // Module scripts hold DOMContentLoaded back, so wait for the form itself.
  await page.goto(url(path), { waitUntil: 'commit' });
  await page.waitForSelector(`#${field}`);
  assert.equal(await page.evaluate(() => document.body.dataset.ready), undefined, 'the script has not run');
  const entries = await page.evaluate(() => history.length);
  await type(page);
  await page.press(`#${field}`, 'Enter');
  // A round trip into the page: whatever Enter set off has started by the time it returns.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0))));
  return { navigations, release, entries };
}

/** What the early Enter left: no navigation but the first, no password in the URL or history. */
async function nothingSent(page, path, { navigations, entries }) {
  assert.deepEqual(navigations, [`GET ${url(path)}`]);
  assert.equal(page.url(), url(path));
  assert.ok(!page.url().includes('Secret'));
  assert.equal(await page.evaluate(() => history.length), entries, 'no entry added to the history');
}

test('signup: Enter before the script sends nothing; after it, the account is made through the API', async () => {
  const context = await site.browser.newContext();
  const page = await context.newPage();
  const path = 'signup.html?tenant=acme';
  const held = await early(page, path, 'signup.js', async (p) => {
    await p.fill('#email', 'early@example.com');
    await p.fill('#name', 'Early Bird');
    await p.fill('#password', SECRET);
  }, 'password');
  await nothingSent(page, path, held);
  assert.ok(await page.locator('#signup button[type=submit]').isDisabled());

  const posted = [];
  page.on('request', (r) => r.method() === 'POST' && posted.push({ url: new URL(r.url()).pathname, body: r.postData() ?? '' }));
  held.release();
  await page.waitForSelector('body[data-ready="yes"]');
  assert.equal(await page.inputValue('#password'), SECRET, 'what was typed early is kept');
  await page.press('#password', 'Enter');
  await page.waitForURL(/account\.html/);
  assert.deepEqual(posted.map((p) => p.url), ['/api/t/acme/signup']);
  assert.equal(JSON.parse(posted[0].body).password, SECRET);
  assert.ok(held.navigations.every((n) => !n.includes('Secret')), held.navigations.join('\n'));
  await context.close();
});

test('sign-in: Enter before the script sends nothing; after it, sign-in goes through the API', async () => {
  const context = await site.browser.newContext();
  const page = await context.newPage();
  const path = 'signin.html?tenant=acme';
  const held = await early(page, path, 'signin.js', async (p) => {
    await p.fill('#identifier', 'admin@acme.test');
    await p.fill('#password', site.server.adminPassword);
  }, 'password');
  await nothingSent(page, path, held);
  held.release();
  await page.waitForSelector('body[data-ready="yes"]');
  await page.press('#password', 'Enter');
  await page.waitForURL(/account\.html/);
  assert.ok(held.navigations.every((n) => !n.includes(site.server.adminPassword)), held.navigations.join('\n'));
  await context.close();
});

test('account: Enter in the password change before the script sends nothing', async () => {
  const context = await site.browser.newContext();
  const page = await context.newPage();
  await page.goto(url('signin.html?tenant=acme'));
  await page.waitForSelector('body[data-ready="yes"]');
  await page.fill('#identifier', 'admin@acme.test');
  await page.fill('#password', site.server.adminPassword);
  await page.press('#password', 'Enter');
  await page.waitForURL(/account\.html/);
  const fresh = await context.newPage();
  const path = 'account.html?tenant=acme';
  const held = await early(fresh, path, 'account.js', async (p) => {
    await p.fill('#current', site.server.adminPassword);
    await p.fill('#new', SECRET);
  }, 'new');
  await nothingSent(fresh, path, held);
  held.release();
  await fresh.waitForSelector('body[data-ready="yes"]');
  await context.close();
});
