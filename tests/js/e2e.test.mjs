// The real front end against the real server, in Chromium, as people use it: an admin sets a
// policy; signup refuses a weak password (in the form and on the server) and accepts a good
// one; enrollment with a code computed by an independent library (otpauth), the code shown
// only after a wrong try; recovery codes saved, naming the account and the site; the key for
// a second device; sign-in with a code, a reused code refused, a recovery code good once, a
// second step that expired; "remember this device"; mandatory 2FA past its grace period; a
// lockout; a member on the admin page; an unknown tenant; the admin's audit log and a refused
// setting shown beside the form. axe-core checks each of these states in light and dark and
// at 360 px; there must be no violation.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, test } from 'node:test';

import * as OTPAuth from 'otpauth';
import { accessibilityProblems, runs } from './support/axe.mjs';
import { latestMail } from './support/outbox.mjs';
import { useSite } from './support/site.mjs';

const ARTIFACTS = new URL('artifacts/', import.meta.url);
const SHOTS = new URL('screenshots/', ARTIFACTS);
mkdirSync(SHOTS, { recursive: true });

const site = useSite();
/** Every problem seen on any page: a console error, an exception, a failed request, a 5xx. */
const problems = [];
/** The states axe looked at. */
const audited = [];

after(() => {
  writeFileSync(new URL('axe-e2e.json', ARTIFACTS), `${JSON.stringify({ runs: runs.count, states: audited }, null, 2)}\n`);
  assert.deepEqual(problems, [], 'no console error, exception or failed request on any page');
});

/** A fresh browser (its own cookies) with a page that reports every problem. */
async function person(lang = 'en', viewport = { width: 1024, height: 900 }) {
  const context = await site.browser.newContext({ viewport, acceptDownloads: true, locale: lang });
  await context.addInitScript((l) => localStorage.setItem('twofold.lang', l), lang);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  // A download cut short by leaving the page (the checker, loaded after the page) is no failure.
  page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
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

const { url } = site;
const totpFor = (secret) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
/** Waits for the start of the next 30-second time step, so a fresh code exists. */
const nextTimeStep = () => new Promise((done) => setTimeout(done, 30_000 - (Date.now() % 30_000) + 300));
const text = (page, selector) => page.locator(selector).textContent();

async function shoot(page, name) {
  await page.screenshot({ path: new URL(`${name}.png`, SHOTS).pathname, fullPage: true });
}

/** axe on the page as it is, in both schemes and at 360 px: no violation. */
async function accessible(page, state) {
  audited.push(state);
  assert.deepEqual(await accessibilityProblems(page, state), []);
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

/** The header's links and buttons, as the user reads them. */
const headerItems = (page) => page.locator('header nav a, header nav button').allTextContents();

const PASSWORD = 'orbit velvet cactus nine';
const state = {};

test('an admin sets the password policy with a preset and a live preview', async () => {
  const { page } = await person();
  state.admin = page;
  await signIn(page, 'admin@acme.test', site.server.adminPassword);
  await arrive(page, /account\.html/);
  assert.deepEqual(await headerItems(page), ['ACME Corporation', 'Account security', 'Administration', 'Sign out']);
  await open(page, 'admin.html?tenant=acme');
  // Everything but the preview works before the checker has loaded; the preset waits for it.
  await page.waitForSelector('body[data-checker="ready"]');
  await page.selectOption('#preset', 'nist-800-63b-4-2fa');
  assert.equal(await page.inputValue('#minLength'), '8');
  await page.fill('#bannedWords', 'acme\nroadrunner');
  await page.fill('#try', 'roadrunner1');
  await page.waitForFunction(() => document.querySelector('#try-checklist .unmet'));
  assert.match(await text(page, '#preview-requirements'), /At least 8 characters/);
  await accessible(page, 'admin, a password tried in the preview');
  await page.click('#policy button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#policy-status')?.textContent === 'Saved.');
  await shoot(page, 'en-admin');
});

test('an impossible policy is said at its field, in the page’s words, while typing', async () => {
  const page = state.admin;
  await page.fill('#minLength', '20');
  await page.fill('#maxLength', '10');
  await page.waitForSelector('#minLength-error');
  assert.equal(await page.getAttribute('#minLength', 'aria-invalid'), 'true');
  assert.match(await text(page, '#minLength-error'), /not possible/);
  await accessible(page, 'admin, an impossible policy');
  await page.fill('#maxLength', '64');
  await page.waitForSelector('#minLength-error', { state: 'detached' });
  await page.fill('#minLength', '8');
  // The tried password's checklist follows the draft: the rule's new words, in place.
  assert.match(await text(page, '#try-checklist'), /At most 64 characters/);
  assert.doesNotMatch(await text(page, '#try-checklist'), /128/);
});

test('a refused setting is shown beside its field, in the page’s language, not at the top of the page', async () => {
  const page = state.admin;
  await page.fill('#ipAllowlist', 'not a network');
  await page.click('#settings button[type=submit]');
  await page.waitForSelector('#ipAllowlist-error');
  assert.equal(await page.getAttribute('#ipAllowlist', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#ipAllowlist', 'aria-describedby'), /\bipAllowlist-error\b/);
  assert.match(await text(page, '#ipAllowlist-error'), /“not a network” is not an address or a network/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'ipAllowlist');
  await accessible(page, 'admin, a refused setting');
  await shoot(page, 'en-admin-refused-setting');
  await page.fill('#ipAllowlist', '');
});

test('signup: usable at once, checked live once the checker is in; a weak password refused in the form and by the server', async () => {
  const { page } = await person('en', { width: 360, height: 780 });
  state.jane = page;
  await open(page, 'signup.html?tenant=acme');
  assert.deepEqual(await headerItems(page), ['ACME Corporation', 'Sign in', 'Create account']);
  await page.waitForSelector('body[data-checker="ready"]');
  const before = await page.locator('#checklist li').allTextContents();
  assert.ok(before.some((l) => /At least 8 characters/.test(l)), 'requirements are listed before typing');
  await accessible(page, 'signup, empty');
  await page.fill('#email', 'jane@example.com');
  await page.fill('#name', 'Jane Doe');
  await page.type('#password', 'acme2024');
  await page.waitForFunction(() => document.querySelector('#strength .label')?.textContent);
  const unmet = await page.locator('#checklist li.unmet').allTextContents();
  assert.ok(unmet.some((l) => /company or product names/.test(l)), unmet.join('|'));
  // The changes are told once typing pauses, in a few words, not the whole list.
  await page.waitForFunction(() => document.querySelector('#checklist + [aria-live]')?.textContent);
  const told = await text(page, '#checklist + [aria-live]');
  assert.match(told, /Strength: /);
  assert.equal(await page.locator('#checklist[aria-live], #strength[aria-live]').count(), 0, 'the list itself is not live');
  // The password can be shown and hidden again.
  await page.click('.reveal[aria-controls="password"]');
  assert.equal(await page.getAttribute('#password', 'type'), 'text');
  assert.equal(await page.getAttribute('.reveal[aria-controls="password"]', 'aria-pressed'), 'true');
  await page.click('.reveal[aria-controls="password"]');
  assert.equal(await page.getAttribute('#password', 'type'), 'password');
  let posted = false;
  page.on('request', (r) => { if (r.url().endsWith('/signup')) posted = true; });
  await page.click('#signup button[type=submit]');
  assert.match(await text(page, '#missing'), /acme/);
  assert.equal(posted, false, 'the form does not send a password it knows is refused');
  await accessible(page, 'signup, a weak password refused');
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
  await page.waitForSelector('body[data-checker="ready"]');
  await accessible(page, 'account, 2FA off');
});

test('the account’s address is confirmed with the code mailed to it, so that notices reach it', async () => {
  const page = state.jane;
  assert.match(await text(page, '#email-state'), /jane@example\.com is not confirmed yet/);
  await page.click('#email-send');
  await page.waitForSelector('#email-status:not([hidden])');
  assert.match(await text(page, '#email-status'), /A code is on its way to jane@example\.com/);
  const mail = await latestMail(site.server, 'jane@example.com');
  const code = mail.subject.match(/\b(\d{6,8})\b/)[1];
  await accessible(page, 'account, a code sent to the address');
  await page.fill('#email-code', code);
  await page.click('#email-form button[type=submit]');
  await page.waitForFunction(() => /is confirmed/.test(document.querySelector('#email-state').textContent));
  assert.equal(await page.locator('#email-form').isVisible(), false);
});

test('enrollment: the code is not shown until a wrong try; a code from an independent library turns 2FA on', async () => {
  const page = state.jane;
  await page.click('#enable');
  await arrive(page, /enroll\.html/);
  await page.waitForSelector('#qr svg');
  const secret = (await text(page, '#secret')).replaceAll(' ', '');
  assert.match(secret, /^[A-Z2-7]{32}$/);
  state.secret = secret;
  assert.ok(!(await page.locator('main').innerText()).includes(totpFor(secret).generate()), 'the code to type is not on the page');
  assert.equal(await page.locator('#trouble').isVisible(), false);
  await accessible(page, 'enrollment');
  await shoot(page, 'en-enroll');

  const wrong = String((Number(totpFor(secret).generate()) + 500_000) % 1_000_000).padStart(6, '0');
  await page.fill('#confirm-code', wrong);
  await page.click('#confirm button[type=submit]');
  await page.waitForSelector('#trouble:not([hidden])');
  const shown = (await text(page, '#preview')).replace(' ', '');
  const now = totpFor(secret);
  assert.ok([now.generate(), now.generate({ timestamp: Date.now() - 1500 })].includes(shown), 'having trouble? shows what the app shows');
  await accessible(page, 'enrollment, a wrong code and "having trouble?"');
  await shoot(page, 'en-enroll-trouble');

  await page.fill('#confirm-code', totpFor(secret).generate());
  await page.click('#confirm button[type=submit]');
  await page.waitForSelector('#codes li');
  const codes = await page.locator('#codes li').allTextContents();
  assert.equal(codes.length, 10);
  assert.match(await text(page, '.recovery .for'), /jane@example\.com at ACME Corporation \(127\.0\.0\.1:\d+\)/);
  const download = page.waitForEvent('download');
  await page.click('#download');
  const saved = readFileSync(await (await download).path(), 'utf8');
  for (const code of codes) assert.ok(saved.includes(code));
  assert.match(saved, /^Recovery codes for jane@example\.com at ACME Corporation/);
  // On paper: the codes, the account and the site, and nothing else of the page.
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((el) => el.checkVisibility({ visibilityProperty: true }) && el.children.length === 0).map((el) => el.textContent.trim()).filter(Boolean));
  await page.emulateMedia({ media: 'screen' });
  assert.ok(printed.includes('Recovery codes for jane@example.com at ' + `ACME Corporation (${new URL(site.server.url).host})`), printed.join('|'));
  for (const code of codes) assert.ok(printed.includes(code));
  assert.ok(!printed.some((line) => /Set up two-step verification|Sign out|I have saved them/.test(line)), printed.join('|'));
  state.recovery = codes;
  await accessible(page, 'recovery codes');
  await shoot(page, 'en-recovery-codes');
  await page.click('#done');
  await arrive(page, /account\.html/);
  assert.equal(await text(page, '#twofa-state'), 'On');
  assert.match(await text(page, '#twofa-detail'), /^10 recovery codes left$/);
  await accessible(page, 'account, 2FA on');
  await shoot(page, 'en-account');
});

test('the key for another device: its QR code, its key and the image to save', async () => {
  const page = state.jane;
  await nextTimeStep();
  await page.fill('#proof-code', totpFor(state.secret).generate());
  await page.fill('#proof-password', PASSWORD);
  await page.click('#show-qr');
  await page.waitForSelector('#twofa-output #qr svg');
  assert.equal((await text(page, '#twofa-output #secret')).replaceAll(' ', ''), state.secret);
  assert.ok(await page.locator('#twofa-output #save-qr[href^="blob:"]').isVisible());
  await accessible(page, 'account, the key for another device');
  await shoot(page, 'en-account-second-device');
});

test('sign-in with a code; the same code is refused a second time', async () => {
  const page = state.jane;
  await nextTimeStep();
  await signOut(page);
  await signIn(page, 'jane@example.com', PASSWORD);
  await page.waitForSelector('#second-step:not([hidden])');
  assert.deepEqual(await headerItems(page), ['ACME Corporation', 'Sign out'], 'only sign-out at the second step');
  await accessible(page, 'sign-in, second step');
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
  // The server names the field at fault: its message stands beside it.
  await page.waitForSelector('#code-error');
  assert.match(await text(page, '#code-error'), /already used/);
  assert.equal(await page.getAttribute('#code', 'aria-invalid'), 'true');
  await accessible(page, 'sign-in, a code refused');
});

test('a recovery code works once and only once', async () => {
  const page = state.jane;
  await page.click('#toggle');
  await page.fill('#recovery', state.recovery[0].toLowerCase());
  await page.click('#second-step button[type=submit]');
  await arrive(page, /account\.html/);
  assert.match(await text(page, '#twofa-detail'), /9 recovery codes left/);
  await signOut(page);
  await signIn(page, 'jane@example.com', PASSWORD);
  await page.waitForSelector('#second-step:not([hidden])');
  await page.click('#toggle');
  await page.fill('#recovery', state.recovery[0]);
  await page.click('#second-step button[type=submit]');
  await page.waitForSelector('#recovery-error');
  assert.match(await text(page, '#recovery-error'), /not right or was already used|was just used/);
});

test('a second step the server no longer has says why and asks for the password again', async () => {
  const { context, page } = await person();
  await signIn(page, 'jane@example.com', PASSWORD);
  await page.waitForSelector('#second-step:not([hidden])');
  // What the server does when the step's minutes are up: it forgets the pending session.
  await context.clearCookies({ name: 'twofold_session' });
  await page.fill('#code', '123456');
  await page.click('#second-step button[type=submit]');
  await page.waitForSelector('#password-step:not([hidden])');
  assert.match(await text(page, '#status'), /expired: the code must follow the password within a few minutes/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'password');
  await accessible(page, 'sign-in, the second step expired');
  await shoot(page, 'en-signin-expired');
});

test('"remember this device" skips the code next time', async () => {
  const page = state.jane;
  await nextTimeStep();
  await page.click('#toggle');
  await page.fill('#code', totpFor(state.secret).generate());
  assert.match(await text(page, '#remember-label'), /30 days/);
  await page.check('#remember');
  await page.click('#second-step button[type=submit]');
  await arrive(page, /account\.html/);
  await signOut(page);
  await signIn(page, 'jane@example.com', PASSWORD);
  await arrive(page, /account\.html/);
});

test('a member on the admin page is told it is not theirs', async () => {
  const page = state.jane;
  await open(page, 'admin.html?tenant=acme');
  assert.match(await text(page, '#notice'), /for your organisation’s administrators, and jane@example\.com is not one of them/);
  assert.deepEqual(await headerItems(page), ['ACME Corporation', 'Account security', 'Sign out']);
  await accessible(page, 'admin page, a member');
  await shoot(page, 'en-admin-member');
});

test('an unknown tenant gets a message, not a blank page', async () => {
  const { page } = await person();
  for (const name of ['index', 'signup', 'signin']) {
    await open(page, `${name}.html?tenant=no-such-company`);
    assert.equal(await text(page, 'h1'), 'Organisation not found');
    assert.match(await text(page, '#notice'), /no organisation called “no-such-company”/);
  }
  await accessible(page, 'an unknown tenant');
  await shoot(page, 'en-unknown-tenant');
  await open(page, 'index.html?tenant=acme');
  assert.equal(await text(page, 'h1'), 'Welcome to ACME Corporation');
  await accessible(page, 'home');
});

test('repeated wrong passwords lock the account, and say until when', async () => {
  const { page } = await person();
  for (let i = 0; i < 5; i++) {
    await signIn(page, 'jane@example.com', `wrong guess ${i}`);
    await page.waitForFunction(() => document.querySelector('#status')?.textContent);
  }
  assert.match(await text(page, '#status'), /locked until .+ UTC/);
  await accessible(page, 'sign-in, locked');
  await shoot(page, 'en-signin-locked');
});

test('the admin sees those events in the audit log, by name, filters and exports it', async () => {
  const admin = state.admin;
  await open(admin, 'admin.html?tenant=acme');
  await admin.waitForSelector('#audit tbody tr');
  for (const event of ['lockout', 'password_failed', 'code_reused', 'recovery_code_used', 'two_factor_enabled']) {
    await admin.fill('#f-event', event);
    await admin.click('#audit-filter button[type=submit]');
    await admin.waitForFunction((e) => {
      const rows = [...document.querySelectorAll('#audit tbody tr')];
      return rows.length > 0 && rows.every((tr) => tr.dataset.key === e);
    }, event);
  }
  assert.equal(await text(admin, '#audit tbody tr td:nth-child(2)'), 'Two-step verification turned on');
  assert.match(await text(admin, '#audit tbody'), /jane@example.com/);
  const exported = await admin.evaluate(async () => (await fetch(document.querySelector('#export-syslog').href)).text());
  assert.match(exported, /^<\d+>1 \S+ twofold twofold - two_factor_enabled /m);
  const users = await text(admin, '#users tbody');
  assert.match(users, /jane@example\.com/);
  assert.match(await text(admin, '#users tbody tr[data-key="admin@acme.test"] td:nth-child(3)'), /^Administrator$/);
  assert.match(await text(admin, '#outbox tbody'), /two-step verification is on/);
  await accessible(admin, 'admin, the audit log filtered');
  await shoot(admin, 'en-admin-audit');
});

test('sign-in works with the keyboard alone, from the skip link on', async () => {
  const { page } = await person();
  await open(page, 'signin.html?tenant=acme');
  await accessible(page, 'sign-in');
  const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.className);
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'skip');
  await page.keyboard.press('Enter');
  assert.equal(await focused(), 'main');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'email', 'the skip link leads straight to the form');
  await page.keyboard.type('admin@acme.test');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'password');
  await page.keyboard.type(site.server.adminPassword);
  await page.keyboard.press('Enter');
  await arrive(page, /account\.html/);
});

test('a table too wide for a phone can be scrolled from the keyboard', async () => {
  const { page } = await person('en', { width: 360, height: 780 });
  await signIn(page, 'admin@acme.test', site.server.adminPassword);
  await arrive(page, /account\.html/);
  await open(page, 'admin.html?tenant=acme');
  const region = page.locator('.table:has(#audit)');
  assert.ok(await region.evaluate((el) => el.scrollWidth > el.clientWidth), 'the audit table is wider than the phone');
  await region.focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('.table:has(#audit)').scrollLeft > 0);
  await accessible(page, 'admin at 360 px');
  await shoot(page, 'en-admin-360');
});

test('mandatory 2FA with an expired grace period forces enrollment, the admin’s too, and the header says only sign-out', async () => {
  const admin = state.admin;
  await open(admin, 'admin.html?tenant=acme');
  await admin.selectOption('#twoFactorRequired', 'everyone');
  await admin.fill('#graceDays', '0');
  await admin.click('#settings button[type=submit]');
  await admin.waitForFunction(() => document.querySelector('#settings-status')?.textContent === 'Saved.');
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
  assert.match(await text(page, '#deadline'), /requires this by .+ (UTC|GMT)/, 'the time names its zone');
  assert.deepEqual(await headerItems(page), ['ACME Corporation', 'Sign out']);
  await accessible(page, 'enrollment only');
  // The requirement holds for the admin too, who has no second factor either: last in the
  // suite, since it sends every page of theirs to enrollment from now on.
  await admin.goto(url('admin.html?tenant=acme'));
  await arrive(admin, /enroll\.html/);
  assert.deepEqual(await headerItems(admin), ['ACME Corporation', 'Sign out']);
});
