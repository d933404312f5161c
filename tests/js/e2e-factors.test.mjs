// Second factors (issue 13) in the real front end against the real server, in each language,
// as people meet them: an admin makes 2FA required of administrators, sets up the console
// SMS provider (a refused field marked where it is, a stored secret shown masked and kept)
// and sends a test text; the admin adds a code by email, read from the outbox, labelled
// weaker, with the app still offered, and signs in with an emailed code, the resend counted
// down from the server's `resendAfter` and `retryAfter`; an employee adds a phone (the code
// read from the console's text, its last line `@host #123456`) and two named apps, removes
// one from another browser, which asks for a proof first, and signs in by SMS; "Show QR"
// right after signing in asks for the password only; a re-enrolled device's first code is
// accepted in the very time step the old one just used; the admin resets the employee's 2FA
// (a reason required) and the employee sets it up again at the next sign-in; the admin
// unlocks a locked account. Every state is checked with axe-core (light, dark, 360 px), for
// words of another language, and kept as a screenshot.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';

import * as OTPAuth from 'otpauth';
import { runs } from './support/axe.mjs';
import { keyAgain, refusedAt } from './support/forms.mjs';
import { journey } from './support/journey.mjs';
import { LANGUAGES, words } from './support/languages.mjs';
import { outboxReader } from './support/outbox.mjs';
import { client } from './support/server.mjs';
import { useSite } from './support/site.mjs';

const ARTIFACTS = new URL('artifacts/', import.meta.url);
const SHOTS = new URL('screenshots/', ARTIFACTS);
mkdirSync(SHOTS, { recursive: true });
const PASSWORD = 'orbit velvet cactus nine';
/** The states axe looked at, over every language. */
const audited = [];
after(() => {
  writeFileSync(new URL('axe-factors.json', ARTIFACTS), `${JSON.stringify({ runs: runs.count, states: audited }, null, 2)}\n`);
});

const totpFor = (secret) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
const step = (ms = Date.now()) => Math.floor(ms / 30_000);
/** Waits for the start of the next 30-second time step, so a fresh code exists. */
const nextTimeStep = () => new Promise((done) => setTimeout(done, 30_000 - (Date.now() % 30_000) + 300));
const sleep = (ms) => new Promise((done) => setTimeout(done, Math.max(0, ms)));

// The languages run side by side, each on its own server: most of the time goes in waiting
// for a minute between codes and for the next time step, which they can share.
describe('second factors', { concurrency: LANGUAGES.length }, () => {
  for (const [index, tag] of LANGUAGES.entries()) {
    describe(`in ${tag}`, { concurrency: 1 }, () => {
      const site = useSite();
      const { say, pattern } = words(tag);
      const problems = [];
      const state = {};
      const employee = `employee-${tag}@example.com`;
      /** Each language its own numbers, so that no cap of one is another's. */
      const phone = { test: `+34 612 345 67${index}`, employee: `+34 622 000 11${index}`, e164: `+3462200011${index}` };
      /** A number as the server shows it: the country code and the last four digits. */
      const masked = (number) => `+34 ••• •• ${number.replaceAll(' ', '').slice(-4, -2)} ${number.slice(-2)}`;

      after(() => assert.deepEqual(problems, [], 'no console error, exception or failed request on any page'));

      const { person, text, open, arrive, signIn, signOut, check } = journey({ site, tag, problems, audited, shots: SHOTS });

      test('an admin makes 2FA required of administrators and sets up text messages, a refused field marked where it is', async () => {
        await site.started();
        state.outbox = await outboxReader(site.server);
        const { page } = await person();
        state.admin = page;
        await signIn(page, 'admin@acme.test', site.server.adminPassword);
        await arrive(page, /account\.html/);
        await open(page, 'admin.html?tenant=acme');
        await page.selectOption('#twoFactorRequired', 'admins');
        await page.fill('#graceDays', '7');
        for (const kind of ['totp', 'email', 'sms']) await page.check(`#allowedFactors input[value=${kind}]`);
        // A second provider that cannot send: its own field is marked, not the first one's.
        await page.selectOption('#sms-provider', 'console');
        assert.equal(await text(page, '#sms-hint'), say('sms.hint.console'));
        await page.check('#sms-second');
        await page.selectOption('#sms-secondary-provider', 'twilio');
        await page.fill('#sms-secondary-accountSid', 'AC0123456789abcdef0123456789abcdef');
        await page.fill('#sms-secondary-authToken', 'token-0123456789');
        await page.fill('#sms-secondaryPrefixes', '+7');
        await page.click('#settings button[type=submit]');
        await page.waitForSelector('#sms-secondary-from-error');
        assert.equal(await page.getAttribute('#sms-secondary-from', 'aria-invalid'), 'true');
        assert.equal(await page.locator('#sms-fields .field-error').count(), 0, 'the first provider is not blamed');
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'sms-secondary-from');
        await check(page, 'admin-sms-refused');

        // A secret is shown masked once saved, and saving it masked keeps it.
        await page.uncheck('#sms-second');
        await page.selectOption('#sms-provider', 'clickatell');
        await page.fill('#sms-apiKey', 'clickatell-key-0123456789');
        await page.click('#settings button[type=submit]');
        await page.waitForFunction((saved) => document.querySelector('#settings-status')?.textContent === saved, say('admin.saved'));
        await open(page, 'admin.html?tenant=acme');
        assert.equal(await page.getAttribute('#sms-apiKey', 'type'), 'password');
        assert.equal(await page.inputValue('#sms-apiKey'), '••••6789');
        assert.equal(await text(page, '#sms-apiKey-kept'), say('sms.secretKept', { masked: '••••6789' }));
        await page.click('#settings button[type=submit]');
        await page.waitForFunction((saved) => document.querySelector('#settings-status')?.textContent === saved, say('admin.saved'));
        assert.equal(await page.inputValue('#sms-apiKey'), '••••6789', 'the stored key stands');
        await check(page, 'admin-sms-secret');

        await page.selectOption('#sms-provider', 'console');
        await page.click('#settings button[type=submit]');
        await page.waitForFunction((saved) => document.querySelector('#settings-status')?.textContent === saved, say('admin.saved'));
        assert.equal(await page.inputValue('#twoFactorRequired'), 'admins');
      });

      test('a test message goes through the saved provider, and a wrong number is said at its field', async () => {
        const page = state.admin;
        assert.ok(await refusedAt(page, 'sms-test', 'sms-test-phone', '12'));
        await page.fill('#sms-test-phone', phone.test);
        await page.click('#sms-test button[type=submit]');
        await page.waitForFunction(() => document.querySelector('#sms-test-status')?.classList.contains('ok'));
        assert.equal(await text(page, '#sms-test-status'), say('sms.testSent', { to: masked(phone.test), provider: say('sms.provider.console') }));
        const [texted] = await state.outbox.to(phone.test.replaceAll(' ', ''));
        assert.ok(texted, 'the console provider put the text in the outbox');
        await page.waitForSelector(`#outbox tbody tr`);
        await check(page, 'admin-sms-test');
      });

      test('the admin sets up a code by email, said to be weaker, with the app still offered', async () => {
        const page = state.admin;
        await open(page, 'account.html?tenant=acme');
        assert.match(await text(page, '#twofa-detail'), pattern('account.deadline'), 'required of admins, by a date');
        await page.click('#enable');
        await arrive(page, /enroll\.html/);
        await page.waitForSelector('#qr svg');
        assert.equal(await text(page, '#others-title'), say('enroll.others'));
        assert.equal(await text(page, '#add-email-help'), say('add.email.help', { email: 'admin@acme.test' }));
        assert.equal(await text(page, '#add-sms-help'), say('add.sms.help'));
        await check(page, 'enroll-choices');
        await page.click('#add-email button[type=submit]');
        await page.waitForSelector('#confirm-sent');
        assert.equal(await text(page, '#sent-to'), say('add.sent', { address: 'a•••@acme.test' }));
        assert.equal(await page.getAttribute('#sent-code', 'autocomplete'), 'one-time-code');
        state.emailSentAt = Date.now();
        await check(page, 'enroll-email-code');
        await page.fill('#sent-code', await state.outbox.mailedCode('admin@acme.test'));
        await page.click('#confirm-sent button[type=submit]');
        await page.waitForSelector('#codes li');
        assert.equal(await page.locator('#codes li').count(), 10);
        await page.click('#done');
        await arrive(page, /account\.html/);
        assert.equal(await text(page, '#twofa-state'), say('account.on'));
        const item = page.locator('#factors li[data-type=email]');
        assert.equal(await item.locator('.factor-name').innerText(), say('factor.defaultName.email'));
        assert.equal(await item.locator('.factor-address').innerText(), 'a•••@acme.test');
        assert.equal(await item.locator('.factor-note').innerText(), say('assurance.weaker'));
        assert.ok(await page.locator('#add-totp').isVisible(), 'an app can still be added');
        await check(page, 'account-email');
      });

      test('an employee adds a phone for SMS, the code read from the console’s text, and two named apps', async () => {
        const { page } = await person({ width: 360, height: 780 });
        state.employee = page;
        await open(page, 'signup.html?tenant=acme');
        await page.fill('#email', employee);
        await page.fill('#name', 'Eve Employee');
        await page.fill('#password', PASSWORD);
        await page.click('#signup button[type=submit]');
        await arrive(page, /account\.html/);
        // A proved address, so that notices (the reset's, later) reach it.
        await page.click('#email-send');
        await page.waitForSelector('#email-status:not([hidden])');
        await page.fill('#email-code', await state.outbox.mailedCode(employee));
        await page.click('#email-form button[type=submit]');
        await page.waitForSelector('#email-form', { state: 'hidden' });
        // The same person in another browser, signed in before any second factor.
        state.other = await person();
        await signIn(state.other.page, employee, PASSWORD);
        await arrive(state.other.page, /account\.html/);

        await page.click('#enable');
        await arrive(page, /enroll\.html/);
        assert.ok(await refusedAt(page, 'add-sms', 'phone', '12'));
        await check(page, 'enroll-phone-refused');
        await page.fill('#phone', phone.employee);
        await page.click('#add-sms button[type=submit]');
        await page.waitForSelector('#confirm-sent');
        state.smsSentAt = Date.now();
        assert.equal(await text(page, '#sent-to'), say('add.sent', { address: masked(phone.employee) }));
        const texted = await state.outbox.texted(phone.e164);
        assert.equal(texted.host, new URL(site.server.url).hostname, 'the code is bound to the site’s host');
        await page.fill('#sent-code', texted.code);
        await page.click('#confirm-sent button[type=submit]');
        await page.waitForSelector('#codes li');
        await page.click('#done');
        await arrive(page, /account\.html/);
        const sms = page.locator('#factors li[data-type=sms]');
        assert.equal(await sms.locator('.factor-address').innerText(), masked(phone.employee));
        assert.equal(await sms.locator('.factor-note').innerText(), say('assurance.restricted'));

        // Two apps, each with its own name; the proof of a moment ago stands in for a code.
        state.apps = {};
        for (const name of ['Pixel', 'Tablet']) {
          await page.fill('#totp-name', name);
          await page.click('#add-totp button[type=submit]');
          await page.waitForSelector('#twofa-output #qr svg');
          const secret = (await text(page, '#twofa-output #secret')).replaceAll(' ', '');
          state.apps[name] = secret;
          state.confirmedStep = step();
          await page.fill('#confirm-code', totpFor(secret).generate());
          await page.click('#confirm button[type=submit]');
          await page.waitForFunction((done) => document.querySelector('#twofa-status')?.textContent === done, say('add.done', { name }));
          await page.waitForFunction((added) => [...document.querySelectorAll('#factors .factor-name')].some((el) => el.textContent === added), name);
        }
        assert.deepEqual(await page.locator('#factors .factor-name').allInnerTexts(), [say('factor.defaultName.sms'), 'Pixel', 'Tablet']);
        await check(page, 'account-several');
      });

      test('removing one from a browser that proved nothing asks for a code first', async () => {
        const { page, context } = state.other;
        await open(page, 'account.html?tenant=acme');
        const tablet = await page.locator('#factors li', { hasText: 'Tablet' }).getAttribute('data-id');
        await page.click(`#remove-${tablet}`);
        await page.waitForSelector('#proof:not([hidden]) #proof-code');
        assert.ok(await page.locator('#proof-status').isVisible(), 'the server’s words say why');
        assert.equal(await page.locator('#proof-password-field').isVisible(), false);
        await check(page, 'account-step-up');
        // The tablet's first code spent its time step: the proof is the next one.
        if (step() === state.confirmedStep) await nextTimeStep();
        await page.fill('#proof-code', totpFor(state.apps.Tablet).generate());
        await page.click('#proof button[type=submit]');
        await page.waitForFunction((removed) => document.querySelector('#twofa-status')?.textContent === removed, say('factors.removed', { name: 'Tablet' }));
        assert.equal(await page.locator('#factors li', { hasText: 'Tablet' }).count(), 0);
        await context.close();
      });

      test('the admin signs in with an emailed code, the resend counted down as the server says', async () => {
        const page = state.admin;
        // A minute between codes: the one that confirmed the address was the last.
        await sleep(state.emailSentAt + 61_000 - Date.now());
        await signOut(page);
        await signIn(page, 'admin@acme.test', site.server.adminPassword);
        await page.waitForSelector('#second-step:not([hidden])');
        // The step shows at once; its ways through follow from the server's list.
        await page.waitForFunction(() => document.querySelector('#second-help')?.textContent);
        // Email is the admin's only way: it is offered at once, and nothing goes before asking.
        assert.equal(await text(page, '#second-help'), say('signin.sent.help.email', { address: 'a•••@acme.test' }));
        assert.equal(await page.locator('#code-field').isVisible(), true);
        assert.deepEqual(await page.locator('#methods button').allInnerTexts(), [say('signin.useRecovery')]);
        await page.click('#send');
        await page.waitForFunction((sent) => document.querySelector('#send-status')?.textContent.replaceAll('\u00a0', ' ') === sent, say('signin.sent', { address: 'a•••@acme.test' }));
        assert.ok(await page.locator('#send').isDisabled(), 'a new code waits');
        assert.match(await text(page, '#send'), pattern('signin.resendIn'));
        const first = Number((await text(page, '#send')).match(/\d+/)[0]);
        assert.ok(first > 50 && first <= 60, `counted from resendAfter (60 s): ${first}`);
        await page.waitForFunction((before) => Number(document.querySelector('#send')?.textContent.match(/\d+/)?.[0]) < before, first);
        await check(page, 'signin-email-sent');
        // A reload forgets the countdown; the server still holds the wait, and says how long.
        await page.reload();
        await page.waitForSelector('#second-step:not([hidden])');
        await page.click('#send');
        await page.waitForSelector('#send-status.error');
        assert.ok(await page.locator('#send').isDisabled());
        assert.match(await text(page, '#send'), pattern('signin.resendIn'));
        await check(page, 'signin-email-wait');
        await page.fill('#code', await state.outbox.mailedCode('admin@acme.test'));
        await page.click('#second-step button[type=submit]');
        await arrive(page, /account\.html/);
      });

      test('the employee signs in by SMS through the console provider, choosing it instead of the app', async () => {
        const page = state.employee;
        await sleep(state.smsSentAt + 61_000 - Date.now());
        await signOut(page);
        await signIn(page, employee, PASSWORD);
        await page.waitForSelector('#second-step:not([hidden])');
        // The step shows at once; its ways through follow from the server's list.
        await page.waitForFunction(() => document.querySelector('#second-help')?.textContent);
        assert.equal(await text(page, '#second-help'), say('signin.second.help'), 'the app first');
        assert.equal(await page.getAttribute('#code', 'autocomplete'), 'one-time-code');
        assert.equal(await page.getAttribute('#code', 'inputmode'), 'numeric');
        const number = masked(phone.employee);
        await check(page, 'signin-choices');
        await page.getByRole('button', { name: say('signin.method.sms', { address: number }) }).click();
        assert.equal(await text(page, '#second-help'), say('signin.sent.help.sms', { address: number }));
        assert.equal(await text(page, '#send'), say('signin.send.sms'));
        await page.click('#send');
        await page.waitForFunction((sent) => document.querySelector('#send-status')?.textContent.replaceAll('\u00a0', ' ') === sent, say('signin.sent', { address: number }));
        assert.equal(await text(page, '#code-label'), say('signin.code.sent'));
        const texted = await state.outbox.texted(phone.e164);
        await check(page, 'signin-sms-sent');
        await page.fill('#code', texted.code);
        await page.click('#second-step button[type=submit]');
        await arrive(page, /account\.html/);
      });

      /** Signs the employee in again with a fresh code of the app named `name`; answers when. */
      async function signInWithApp(page, name) {
        await signOut(page);
        await nextTimeStep();
        await signIn(page, employee, PASSWORD);
        await page.waitForSelector('#second-step:not([hidden])');
        const at = Date.now();
        await page.fill('#code', totpFor(state.apps[name]).generate());
        await page.click('#second-step button[type=submit]');
        await arrive(page, /account\.html/);
        return at;
      }

      test('right after signing in with the app, "Show QR" asks for the password only', async () => {
        const page = state.employee;
        await signInWithApp(page, 'Pixel');
        assert.equal(await keyAgain(page, PASSWORD), state.apps.Pixel, 'the first app’s key');
        await check(page, 'account-qr');
      });

      test('a re-enrolled device’s first code is accepted, in the very time step the old device’s code just used', async () => {
        const page = state.employee;
        const signedInAt = await signInWithApp(page, 'Pixel');
        await page.click('#reenroll');
        await page.waitForSelector('#twofa-output #confirm-code');
        const fresh = (await text(page, '#twofa-output #secret')).replaceAll(' ', '');
        assert.notEqual(fresh, state.apps.Pixel);
        const code = totpFor(fresh).generate();
        // The old app's replay state has spent this step; the new device must have its own.
        assert.equal(step(), step(signedInAt), 'the new code is of the step the sign-in spent');
        await page.fill('#confirm-code', code);
        await page.click('#confirm button[type=submit]');
        await page.waitForSelector('#codes li');
        await check(page, 'account-reenroll-codes');
        await page.click('#done');
        await page.waitForFunction((done) => document.querySelector('#twofa-status')?.textContent === done, say('account.reenrolled'));
        const names = await page.locator('#factors .factor-name').allInnerTexts();
        assert.ok(!names.includes('Pixel'), `the old device is gone: ${names}`);
        assert.equal(await page.locator('#factors li[data-type=totp]').count(), 1);
        state.newApp = fresh;
        await check(page, 'account-reenrolled');
      });

      test('the admin resets the employee’s 2FA with a reason, and unlocks a locked account', async () => {
        const page = state.admin;
        await open(page, 'admin.html?tenant=acme');
        const row = page.locator(`#users tr[data-key="${employee}"]`);
        await check(page, 'admin-users-actions');
        await row.getByRole('button', { name: say('admin.reset.named', { email: employee }) }).click();
        await page.waitForSelector('#user-action[open]');
        assert.equal(await text(page, '#user-action-title'), say('admin.reset.title', { email: employee }));
        assert.equal(await page.locator('#users tr[data-key="admin@acme.test"] button[id^="reset-"]').count(), 0, 'no reset of oneself');
        await page.click('#user-action-submit');
        await page.waitForSelector('#reason-error');
        await check(page, 'admin-reset-reason');
        await page.fill('#reason', 'Lost phone, checked by a call');
        await page.click('#user-action-submit');
        await page.waitForFunction((done) => document.querySelector('#users-status')?.textContent === done, say('admin.reset.done', { email: employee }));
        assert.equal(await page.locator('#user-action[open]').count(), 0);
        const [mail] = await state.outbox.to(employee);
        assert.match(mail.body, /Lost phone, checked by a call/, 'the member is mailed the reason');

        // Someone locked out by wrong passwords, unlocked by the admin.
        const locked = `locked-${tag}@example.com`;
        const them = client(site.server.url);
        await them.get('/api/session');
        await them.post('/api/t/acme/signup', { email: locked, name: 'Lou Locked', password: PASSWORD });
        const guesser = client(site.server.url);
        await guesser.get('/api/session');
        for (let i = 0; i < 5; i++) await guesser.post('/api/t/acme/signin', { email: locked, password: `wrong guess ${i}` });
        assert.equal((await guesser.post('/api/t/acme/signin', { email: locked, password: PASSWORD })).body.code, 'locked');
        await open(page, 'admin.html?tenant=acme');
        await page.locator(`#users tr[data-key="${locked}"]`).getByRole('button', { name: say('admin.unlock.named', { email: locked }) }).click();
        await page.waitForSelector('#user-action[open]');
        await check(page, 'admin-unlock');
        await page.click('#user-action-submit');
        await page.waitForFunction((done) => document.querySelector('#users-status')?.textContent === done, say('admin.unlock.done', { email: locked }));
        assert.equal((await guesser.post('/api/t/acme/signin', { email: locked, password: PASSWORD })).body.stage, 'full');
        await check(page, 'admin-users');
      });

      test('after the reset, the employee sets two-step verification up again at the next sign-in', async () => {
        const page = state.employee;
        // The reset ended every session of theirs: the page finds itself signed out.
        await page.goto(site.url('account.html?tenant=acme'));
        await arrive(page, /signin\.html/);
        await signIn(page, employee, PASSWORD);
        await arrive(page, /enroll\.html/);
        await page.waitForSelector('#qr svg');
        assert.deepEqual(await page.locator('header nav a, header nav button').allInnerTexts(), ['ACME Corporation', say('nav.signout')]);
        await check(page, 'enroll-after-reset');
        const secret = (await text(page, '#secret')).replaceAll(' ', '');
        assert.notEqual(secret, state.newApp, 'a new key');
        await page.fill('#confirm-code', totpFor(secret).generate());
        await page.click('#confirm button[type=submit]');
        await page.waitForSelector('#codes li');
        await page.click('#done');
        await arrive(page, /account\.html/);
        assert.equal(await text(page, '#twofa-state'), say('account.on'));
        assert.equal(await page.locator('#factors li').count(), 1, 'only the new app: the reset took the rest');
      });
    });
  }
});
