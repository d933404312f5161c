// The real front end against the real server, in Chromium, as people use it: an admin sets a
// policy; signup refuses a weak password (in the form and on the server) and accepts a good
// one; enrollment with a code computed by an independent library (otpauth); recovery codes
// saved; sign-in with a code, a reused code refused, a recovery code good once; "remember this
// device"; mandatory 2FA past its grace period; a lockout; and the admin's audit log.
// Screenshots of every page, in English and Russian, go to artifacts/screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import * as OTPAuth from 'otpauth';
import { launch } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const SHOTS = new URL('artifacts/screenshots/', import.meta.url);
mkdirSync(SHOTS, { recursive: true });

let server;
let browser;
/** Every problem seen on any page: a console error, an exception, a failed request, a 5xx. */
const problems = [];

before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  assert.deepEqual(problems, [], 'no console error, exception or failed request on any page');
});

/** A fresh browser (its own cookies) with a page that reports every problem. */
async function person(lang = 'en', viewport = { width: 1024, height: 900 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: lang });
  await context.addInitScript((l) => localStorage.setItem('twofold.lang', l), lang);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 500 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // The API answers refusals (wrong code, locked...) with 4xx, which the page shows; Chromium
    // also logs each as "Failed to load resource". Those are answers, not errors.
    const refusal = /status of 4\d\d/.test(m.text()) && new URL(m.location().url).pathname.startsWith('/api/');
    if (!refusal) problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  return { context, page };
}

const url = (path) => new URL(path, server.url).href;
const totpFor = (secret) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
/** Waits for the start of the next 30-second time step, so a fresh code exists. */
const nextTimeStep = () => new Promise((done) => setTimeout(done, 30_000 - (Date.now() % 30_000) + 300));
const status = (page) => page.locator('#status').textContent();

async function shoot(page, name) {
  await page.screenshot({ path: new URL(`${name}.png`, SHOTS).pathname, fullPage: true });
}

/** Opens a page of the app and waits until its script has loaded and wired everything. */
async function open(page, path) {
  await page.goto(url(path));
  await page.waitForSelector('body[data-ready="yes"]');
}

/** Waits for a navigation to `pattern` and for that page to be ready. */
async function arrive(page, pattern) {
  await page.waitForURL(pattern);
  await page.waitForSelector('body[data-ready="yes"]');
}

async function signIn(page, email, password) {
  await open(page, 'signin.html?tenant=acme');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('#password-step button[type=submit]');
}

async function signOut(page) {
  await page.click('#signout');
  await arrive(page, /signin\.html/);
}

const PASSWORD = 'orbit velvet cactus nine';
const state = {};

test('an admin sets the password policy with a preset and a live preview', async () => {
  const { page } = await person();
  state.admin = page;
  await signIn(page, 'admin@acme.test', server.adminPassword);
  await arrive(page, /account\.html/);
  await open(page, 'admin.html?tenant=acme');
  await page.selectOption('#preset', 'nist-800-63b-4-2fa');
  assert.equal(await page.inputValue('#minLength'), '8');
  await page.fill('#bannedWords', 'acme\nroadrunner');
  await page.fill('#try', 'roadrunner1');
  await page.waitForFunction(() => document.querySelector('#try-checklist .unmet'));
  assert.match(await page.locator('#preview-requirements').textContent(), /At least 8 characters/);
  await page.click('#policy button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'Saved.');
  await shoot(page, 'en-admin');
});

test('signup: a weak password is refused in the form and by the server; a good one is accepted', async () => {
  const { page } = await person('en', { width: 360, height: 780 });
  state.jane = page;
  await open(page, 'signup.html?tenant=acme');
  const before = await page.locator('#checklist li').allTextContents();
  assert.ok(before.some((l) => /At least 8 characters/.test(l)), 'requirements are listed before typing');
  await page.fill('#email', 'jane@example.com');
  await page.fill('#name', 'Jane Doe');
  await page.type('#password', 'acme2024');
  await page.waitForFunction(() => document.querySelector('#strength .label')?.textContent);
  const unmet = await page.locator('#checklist li.unmet').allTextContents();
  assert.ok(unmet.some((l) => /company or product names/.test(l)), unmet.join('|'));
  let posted = false;
  page.on('request', (r) => { if (r.url().endsWith('/signup')) posted = true; });
  await page.click('#signup button[type=submit]');
  assert.match(await page.locator('#missing').textContent(), /acme/);
  assert.equal(posted, false, 'the form does not send a password it knows is refused');
  await shoot(page, 'en-signup-360');

  // The server refuses the same password with the same violations.
  const refusal = await page.evaluate(async () => {
    const csrf = document.cookie.match(/twofold_csrf=([^;]+)/)[1];
    const response = await fetch('/api/t/acme/signup', {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({ email: 'jane@example.com', name: 'Jane Doe', password: 'acme2024' }),
    });
    return { status: response.status, body: await response.json() };
  });
  assert.equal(refusal.status, 422);
  // "acme" is a word of the tenant's name (ACME Corporation), so personal data as well as banned.
  assert.deepEqual(refusal.body.verdict.violations.map((v) => v.code), ['too_weak', 'contains_personal_data', 'contains_banned_word']);

  await page.fill('#password', PASSWORD);
  await page.waitForFunction(() => document.querySelectorAll('#checklist li.unmet').length === 0);
  await page.click('#signup button[type=submit]');
  await arrive(page, /account\.html/);
});

test('enrollment: the code from an independent TOTP library turns 2FA on; recovery codes are saved', async () => {
  const page = state.jane;
  await page.click('#enable');
  await arrive(page, /enroll\.html/);
  await page.waitForSelector('#qr svg');
  const secret = (await page.locator('#secret').textContent()).replaceAll(' ', '');
  assert.match(secret, /^[A-Z2-7]{32}$/);
  state.secret = secret;
  const preview = (await page.locator('#preview').textContent()).replace(' ', '');
  assert.equal(preview, totpFor(secret).generate(), 'the page previews what the app shows');
  await shoot(page, 'en-enroll');
  await page.fill('#confirm-code', totpFor(secret).generate());
  await page.click('#confirm button[type=submit]');
  await page.waitForSelector('#codes li');
  const codes = await page.locator('#codes li').allTextContents();
  assert.equal(codes.length, 10);
  const download = page.waitForEvent('download');
  await page.click('#download');
  const saved = readFileSync(await (await download).path(), 'utf8');
  for (const code of codes) assert.ok(saved.includes(code));
  state.recovery = codes;
  await shoot(page, 'en-recovery-codes');
  await page.click('#done');
  await arrive(page, /account\.html/);
  assert.equal(await page.locator('#twofa-state').textContent(), 'On');
  await shoot(page, 'en-account');
});

test('sign-in with a code; the same code is refused a second time', async () => {
  const page = state.jane;
  await nextTimeStep();
  await signOut(page);
  await signIn(page, 'jane@example.com', PASSWORD);
  await page.waitForSelector('#second-step:not([hidden])');
  await shoot(page, 'en-signin-second-step');
  const code = totpFor(state.secret).generate();
  await page.fill('#code', code);
  await page.click('#second-step button[type=submit]');
  await arrive(page, /account\.html/);
  await signOut(page);
  await signIn(page, 'jane@example.com', PASSWORD);
  await page.waitForSelector('#second-step:not([hidden])');
  await page.fill('#code', code);
  await page.click('#second-step button[type=submit]');
  await page.waitForFunction(() => /already used/.test(document.querySelector('#status').textContent));
});

test('a recovery code works once and only once', async () => {
  const page = state.jane;
  await page.click('#toggle');
  await page.fill('#recovery', state.recovery[0].toLowerCase());
  await page.click('#second-step button[type=submit]');
  await arrive(page, /account\.html/);
  assert.match(await page.locator('#twofa-detail').textContent(), /9 recovery codes left/);
  await signOut(page);
  await signIn(page, 'jane@example.com', PASSWORD);
  await page.waitForSelector('#second-step:not([hidden])');
  await page.click('#toggle');
  await page.fill('#recovery', state.recovery[0]);
  await page.click('#second-step button[type=submit]');
  await page.waitForFunction(() => /already been used|already used|not right/.test(document.querySelector('#status').textContent));
});

test('"remember this device" skips the code next time', async () => {
  const page = state.jane;
  await nextTimeStep();
  await page.click('#toggle');
  await page.fill('#code', totpFor(state.secret).generate());
  assert.match(await page.locator('#remember-label').textContent(), /30 days/);
  await page.check('#remember');
  await page.click('#second-step button[type=submit]');
  await arrive(page, /account\.html/);
  await signOut(page);
  await signIn(page, 'jane@example.com', PASSWORD);
  await arrive(page, /account\.html/);
});

test('mandatory 2FA with an expired grace period forces enrollment', async () => {
  const admin = state.admin;
  await open(admin, 'admin.html?tenant=acme');
  await admin.check('#twoFactorRequired');
  await admin.fill('#graceDays', '0');
  await admin.click('#settings button[type=submit]');
  await admin.waitForFunction(() => document.querySelector('#status')?.textContent === 'Saved.');
  const { page } = await person();
  await open(page, 'signup.html?tenant=acme');
  await page.fill('#email', 'bob@example.com');
  await page.fill('#name', 'Bob Builder');
  await page.fill('#password', PASSWORD);
  await page.click('#signup button[type=submit]');
  await arrive(page, /enroll\.html/);
  await page.goto(url('account.html?tenant=acme'));
  await arrive(page, /enroll\.html/);
  await page.waitForSelector('#qr svg');
  assert.match(await page.locator('#deadline').textContent(), /requires this by/);
  // Turn it back off for the rest of the suite.
  await admin.uncheck('#twoFactorRequired');
  await admin.click('#settings button[type=submit]');
  await admin.waitForFunction(() => document.querySelector('#status')?.textContent === 'Saved.');
});

test('repeated wrong passwords lock the account, and say until when', async () => {
  const { page } = await person();
  for (let i = 0; i < 5; i++) {
    await signIn(page, 'jane@example.com', `wrong guess ${i}`);
    await page.waitForFunction(() => document.querySelector('#status')?.textContent);
  }
  assert.match(await status(page), /locked until/);
  await shoot(page, 'en-signin-locked');
});

test('the admin sees those events in the audit log, filters and exports it', async () => {
  const admin = state.admin;
  await open(admin, 'admin.html?tenant=acme');
  await admin.waitForSelector('#audit tbody tr');
  for (const event of ['lockout', 'password_failed', 'code_reused', 'recovery_code_used', 'two_factor_enabled']) {
    await admin.fill('#f-event', event);
    await admin.click('#audit-filter button[type=submit]');
    await admin.waitForFunction((e) => {
      const cells = [...document.querySelectorAll('#audit tbody td:nth-child(2)')];
      return cells.length > 0 && cells.every((td) => td.textContent === e);
    }, event);
  }
  assert.match(await admin.locator('#audit tbody').textContent(), /jane@example.com/);
  const exported = await admin.evaluate(async () => (await fetch(document.querySelector('#export-syslog').href)).text());
  assert.match(exported, /^<\d+>1 \S+ twofold twofold - two_factor_enabled /m);
  const users = await admin.locator('#users tbody').textContent();
  assert.match(users, /jane@example\.com/);
  assert.match(await admin.locator('#outbox tbody').textContent(), /two-factor authentication turned on/);
  await shoot(admin, 'en-admin-audit');
});

test('sign-in works with the keyboard alone', async () => {
  const { page } = await person();
  await open(page, 'signin.html?tenant=acme');
  const focused = () => page.evaluate(() => document.activeElement?.id);
  for (let i = 0; i < 20 && (await focused()) !== 'email'; i++) await page.keyboard.press('Tab');
  assert.equal(await focused(), 'email', 'the email field is reachable with Tab');
  await page.keyboard.type('admin@acme.test');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'password');
  await page.keyboard.type(server.adminPassword);
  await page.keyboard.press('Enter');
  await arrive(page, /account\.html/);
});

test('every page in Russian', async () => {
  const { page } = await person('ru');
  for (const name of ['index', 'signup', 'signin']) {
    await open(page, `${name}.html?tenant=acme`);
    await page.waitForLoadState('networkidle');
    await shoot(page, `ru-${name}`);
  }
  await open(page, 'signup.html?tenant=acme');
  await page.type('#password', 'пароль');
  await page.waitForFunction(() => document.querySelector('#strength .label')?.textContent);
  assert.match(await page.locator('#checklist').textContent(), /Не менее 8 символов/);
  await shoot(page, 'ru-signup-typing');
  await signIn(page, 'admin@acme.test', server.adminPassword);
  await arrive(page, /account\.html/);
  assert.equal(await page.locator('h1').textContent(), 'Безопасность учётной записи');
  await shoot(page, 'ru-account');
  await open(page, 'admin.html?tenant=acme');
  await page.waitForSelector('#audit tbody tr');
  await shoot(page, 'ru-admin');
  await open(page, 'enroll.html?tenant=acme');
  await page.waitForSelector('#qr svg');
  await shoot(page, 'ru-enroll');
  for (const name of ['index', 'signup', 'signin']) {
    const { page: en } = await person('en');
    await open(en, `${name}.html?tenant=acme`);
    await en.waitForLoadState('networkidle');
    await shoot(en, `en-${name}`);
  }
});
