// Accounts (issue 14) in the real front end against the real server, in each language, as
// people meet them: an admin invites an employee with a card (email, name, role, login,
// phone), sends the invitation again (the first link then says it no longer works), invites
// and revokes another, disables and enables that card, and is told at the action that they
// cannot disable themselves or give up their own role, and at the policy's field that this
// server has no breached-password service to screen with; the employee opens the mailed link
// (read from the outbox), sees who is invited where, is refused a password with their login
// in it by the live checklist, sets one and is led to two-step set-up, which the tenant
// requires; they change their login and prove a phone by a texted code; they sign in by
// login and by phone, each time asked for the second factor; they forget the password, ask
// for a link from the sign-in page (the same answer for an unknown name), reset it from the
// mailed link, and sign in again through the second factor; the spent link says so; where
// the tenant takes members by invitation only, no page offers to create an account. Every
// state is checked with axe-core (light, dark, 360 px), for words of another language, and
// kept as a screenshot.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';

import * as OTPAuth from 'otpauth';
import { runs } from './support/axe.mjs';
import { journey } from './support/journey.mjs';
import { LANGUAGES, words } from './support/languages.mjs';
import { outboxReader } from './support/outbox.mjs';
import { client } from './support/server.mjs';
import { useSite } from './support/site.mjs';

const ARTIFACTS = new URL('artifacts/', import.meta.url);
const SHOTS = new URL('screenshots/', ARTIFACTS);
mkdirSync(SHOTS, { recursive: true });
const PASSWORD = 'orbit velvet cactus nine';
const NEW_PASSWORD = 'lantern meadow copper tide';
/** The states axe looked at, over every language. */
const audited = [];
after(() => {
  writeFileSync(new URL('axe-accounts.json', ARTIFACTS), `${JSON.stringify({ runs: runs.count, states: audited }, null, 2)}\n`);
});

const totpFor = (secret) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
const step = (ms = Date.now()) => Math.floor(ms / 30_000);
const sleep = (ms) => new Promise((done) => setTimeout(done, Math.max(0, ms)));
/** Waits for a time step after `used`, so that the app shows a code not yet spent. */
async function freshStep(used) {
  while (step() <= used) await sleep(30_000 - (Date.now() % 30_000) + 300);
}

/** The link in a mail's or text's body: `…/invite.html?tenant=acme#token=…`. */
function linkIn(body) {
  const found = body.match(/https?:\/\/\S+?#token=[\w-]+/)?.[0];
  assert.ok(found, `a link in ${JSON.stringify(body)}`);
  return new URL(found);
}

describe('accounts', { concurrency: LANGUAGES.length }, () => {
  for (const [index, tag] of LANGUAGES.entries()) {
    describe(`in ${tag}`, { concurrency: 1 }, () => {
      const site = useSite();
      const { say } = words(tag);
      const problems = [];
      const state = {};
      const nina = { email: `nina-${tag}@example.com`, name: 'Nina Novak', login: `nina-${tag}` };
      const omar = { email: `omar-${tag}@example.com`, name: 'Omar Ortiz' };
      const phone = { typed: `+34 633 000 10${index}`, e164: `+3463300010${index}`, national: `0034 633 000 10${index}` };

      after(() => assert.deepEqual(problems, [], 'no console error, exception or failed request on any page'));

      const { person, text, open, arrive, signIn, signOut, check } = journey({ site, tag, problems, audited, shots: SHOTS, prefix: 'accounts-' });
      /** Opens a mailed link as its reader would: the same path, query and fragment on the site. */
      const follow = async (page, link) => {
        await page.goto(site.url(`${link.pathname.slice(1)}${link.search}${link.hash}`));
        await page.waitForSelector('body[data-ready="yes"]');
      };
      /** The second step with the app's code of a time step not used yet; answers that step. */
      const secondStep = async (page) => {
        await page.waitForSelector('#second-step:not([hidden]) #code');
        await freshStep(state.usedStep);
        state.usedStep = step();
        await page.fill('#code', totpFor(state.secret).generate());
        await page.click('#second-step button[type=submit]');
        await arrive(page, /account\.html/);
      };
      /** The newest message to `recipient` with a link, once it has come (some are sent after the answer). */
      const linkTo = async (recipient, newerThan = 0) => {
        for (let tries = 0; tries < 50; tries += 1) {
          const [message] = (await state.outbox.to(recipient)).filter((m) => m.id > newerThan && m.body.includes('#token='));
          if (message) return { id: message.id, link: linkIn(message.body), body: message.body };
          await sleep(200);
        }
        throw new Error(`no link sent to ${recipient}`);
      };

      test('an admin invites an employee with a card, sends it again, and is told at the action what they may not do to themselves', async () => {
        await site.started();
        state.outbox = await outboxReader(site.server);
        // An API session of the admin's, opened before 2FA is required, to set the tenant up.
        state.api = client(site.server.url);
        await state.api.get('/api/session');
        await state.api.post('/api/t/acme/signin', { identifier: 'admin@acme.test', password: site.server.adminPassword });

        const { page } = await person();
        state.admin = page;
        await signIn(page, 'admin@acme.test', site.server.adminPassword);
        await arrive(page, /account\.html/);
        await open(page, 'admin.html?tenant=acme');
        await page.fill('#invite-email', nina.email);
        await page.fill('#invite-name', nina.name);
        await page.fill('#invite-login', nina.login);
        await page.fill('#invite-phone', '12');
        await page.click('#invite button[type=submit]');
        await page.waitForSelector('#invite-phone-error');
        assert.equal(await page.getAttribute('#invite-phone', 'aria-invalid'), 'true', 'a wrong number is refused at its field');
        await check(page, 'invite-refused');
        await page.fill('#invite-phone', phone.typed);
        await page.click('#invite button[type=submit]');
        await page.waitForFunction((done) => document.querySelector('#invite-status')?.textContent === done, say('admin.invite.done', { email: nina.email }));
        const row = page.locator(`#users tr[data-key="${nina.email}"]`);
        await row.waitFor();
        assert.match(await row.innerText(), new RegExp(nina.login));
        const first = await linkTo(nina.email);
        state.firstLink = first.link;
        assert.equal(state.firstLink.pathname, '/invite.html');
        assert.equal(state.firstLink.searchParams.get('tenant'), 'acme');
        await check(page, 'invited');

        // Sent again: a new link, and the first one stops working.
        await row.locator('button[id^="resend-"]').click();
        await page.waitForFunction((done) => document.querySelector('#users-status')?.textContent === done, say('admin.resend.done', { email: nina.email }));
        state.link = await linkTo(nina.email, first.id);
        assert.notEqual(state.link.link.hash, state.firstLink.hash, 'a new token');

        // Oneself: the server's refusal, in the page's language, where it was asked.
        const own = page.locator('#users tr[data-key="admin@acme.test"]');
        await own.locator('button[id^="disable-"]').click();
        await page.waitForSelector('#user-action[open]');
        await page.click('#user-action-submit');
        await page.waitForSelector('#user-action-status.error');
        assert.ok((await text(page, '#user-action-status')).length > 0);
        await check(page, 'disable-self-refused');
        await page.click('#user-action-cancel');
        const demote = own.locator('button[id^="role-member-"]');
        await demote.click();
        const note = own.locator('.field-error');
        await note.waitFor();
        assert.equal(await demote.getAttribute('aria-describedby'), await note.getAttribute('id'), 'the refusal describes its button');
        await check(page, 'role-self-refused');

        // This server was started without --breach-api: the rule is refused at its box, in
        // the page's language as the server words it.
        const server = JSON.parse(readFileSync(new URL(`../../server/locales/${tag}.json`, import.meta.url), 'utf8')).messages;
        await page.check('#rejectBreached');
        await page.click('#policy button[type=submit]');
        await page.waitForSelector('#rejectBreached-error');
        assert.equal(await text(page, '#rejectBreached-error'), server['error.policy_invalid.breach_api_missing']);
        assert.equal(await page.getAttribute('#rejectBreached', 'aria-invalid'), 'true');
        await check(page, 'breach-api-missing');
        await page.uncheck('#rejectBreached');
      });

      test('another card is invited and revoked, then disabled and enabled', async () => {
        const page = state.admin;
        await page.fill('#invite-email', omar.email);
        await page.fill('#invite-name', omar.name);
        await page.selectOption('#invite-role', 'admin');
        await page.click('#invite button[type=submit]');
        await page.waitForFunction((done) => document.querySelector('#invite-status')?.textContent === done, say('admin.invite.done', { email: omar.email }));
        state.omarLink = (await linkTo(omar.email)).link;
        const row = page.locator(`#users tr[data-key="${omar.email}"]`);
        assert.match(await row.innerText(), new RegExp(say('role.admin')));
        await row.locator('button[id^="revoke-"]').click();
        await page.waitForFunction((done) => document.querySelector('#users-status')?.textContent === done, say('admin.revoke.done', { email: omar.email }));
        await row.locator('button[id^="disable-"]').click();
        await page.waitForSelector('#user-action[open]');
        assert.equal(await text(page, '#user-action-title'), say('admin.disable.title', { email: omar.email }));
        await check(page, 'disable-dialog');
        await page.click('#user-action-submit');
        await page.waitForFunction((done) => document.querySelector('#users-status')?.textContent === done, say('admin.disable.done', { email: omar.email }));
        // The table is drawn again after the words are said.
        await row.filter({ hasText: say('status.disabled') }).waitFor();
        await check(page, 'disabled');
        await row.locator('button[id^="enable-"]').click();
        await page.waitForSelector('#user-action[open]');
        await page.click('#user-action-submit');
        await page.waitForFunction((done) => document.querySelector('#users-status')?.textContent === done, say('admin.enable.done', { email: omar.email }));

        // From now on everyone sets up a second factor (within a grace, so that the admin's
        // sessions stay as they are); texts go to the outbox.
        const { body: settings } = await state.api.get('/api/admin/settings');
        settings.twoFactorRequired = 'everyone';
        settings.graceDays = 7;
        delete settings.graceUntil;
        settings.sms = { primary: { provider: 'console' } };
        const saved = await state.api.put('/api/admin/settings', settings);
        assert.equal(saved.status, 200, JSON.stringify(saved.body));
      });

      test('links that no longer work say so: replaced by a new one, and revoked', async () => {
        const { page, context } = await person();
        await follow(page, state.firstLink);
        await page.waitForSelector('#link-trouble');
        assert.equal(await text(page, 'h1'), say('invite.invalidTitle'));
        assert.match(await text(page, '#link-next'), new RegExp(say('invite.askAgain')));
        await check(page, 'invite-replaced');
        await follow(page, state.omarLink);
        await page.waitForSelector('#link-trouble');
        assert.equal(await text(page, 'h1'), say('invite.invalidTitle'));
        await open(page, 'invite.html?tenant=acme');
        await page.waitForSelector('#link-trouble');
        assert.equal(await text(page, '#link-trouble'), say('invite.noToken'));
        await context.close();
      });

      test('the invitee sets a password with the live checklist and sets up two-step verification', async () => {
        const { page } = await person({ width: 360, height: 780 });
        state.nina = page;
        // The token stays in the fragment: no request carries it in its URL.
        const urls = [];
        page.on('request', (r) => urls.push(r.url()));
        await follow(page, state.link.link);
        const token = new URLSearchParams(state.link.link.hash.slice(1)).get('token');
        await page.waitForSelector('#set-password:not([hidden])');
        assert.deepEqual(urls.filter((u) => u.includes(token)), [], 'the token is in no request line');
        assert.equal(await text(page, '#who'), say('invite.who', { tenant: 'ACME Corporation', name: nina.name, email: nina.email }));
        assert.equal(await text(page, '#login-too'), say('invite.loginToo', { login: nina.login }));
        await page.waitForSelector('body[data-checker="ready"]');
        await check(page, 'invite');
        // The card's login is personal data, as the server judges it.
        await page.fill('#password', `${nina.login} velvet cactus`);
        await page.waitForSelector('#checklist li[data-code="personal_data"].unmet');
        await page.click('#set-password button[type=submit]');
        await page.waitForSelector('#missing:not([hidden])');
        await check(page, 'invite-personal-data');
        await page.fill('#password', PASSWORD);
        await page.click('#set-password button[type=submit]');
        await arrive(page, /enroll\.html/);
        await page.waitForSelector('#qr svg');
        state.secret = (await text(page, '#secret')).replaceAll(' ', '');
        state.usedStep = step();
        await page.fill('#confirm-code', totpFor(state.secret).generate());
        await page.click('#confirm button[type=submit]');
        await page.waitForSelector('#codes li');
        await page.click('#done');
        await arrive(page, /account\.html/);
        assert.equal(await text(page, '#twofa-state'), say('account.on'));
        await check(page, 'invite-enrolled');
      });

      test('the employee changes their login and proves a phone with a texted code', async () => {
        const page = state.nina;
        assert.equal(await text(page, '#login-state'), say('account.loginIs', { login: nina.login }));
        nina.login = `Nina.${tag}`;
        await page.fill('#login', nina.login);
        await page.click('#login-form button[type=submit]');
        await page.waitForFunction((done) => document.querySelector('#login-status')?.textContent === done, say('account.loginSaved'));
        await page.fill('#phone', phone.typed);
        await page.click('#phone-form button[type=submit]');
        await page.waitForSelector('#phone-verify:not([hidden])');
        const { code } = await state.outbox.texted(phone.e164);
        await page.fill('#phone-code', String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
        await page.click('#phone-verify button[type=submit]');
        await page.waitForSelector('#phone-code-error, #code-error');
        await check(page, 'phone-wrong-code');
        await page.fill('#phone-code', code);
        await page.click('#phone-verify button[type=submit]');
        await page.waitForFunction((done) => document.querySelector('#phone-status')?.textContent === done, say('account.phoneDone'));
        assert.match(await text(page, '#phone-state'), new RegExp(say('account.phoneVerified', { phone: '.+' }).replace(/[()]/g, '.')));
        await check(page, 'phone-proved');
      });

      test('the employee signs in by login and by phone, asked for the second factor each time', async () => {
        const page = state.nina;
        await signOut(page);
        assert.equal(await text(page, 'label[for="identifier"]'), say('field.identifier'));
        await check(page, 'signin');
        await signIn(page, nina.login.toUpperCase(), PASSWORD);
        await secondStep(page);
        await signOut(page);
        await signIn(page, phone.national, PASSWORD);
        await page.waitForSelector('#second-step:not([hidden]) #code');
        await check(page, 'signin-phone-second-step');
        await secondStep(page);
        await signOut(page);
      });

      test('a forgotten password: a link asked for from sign-in, the same answer for anyone, a reset, and the second factor still asked', async () => {
        const page = state.nina;
        await open(page, 'signin.html?tenant=acme');
        await page.click('#forgot');
        await arrive(page, /reset\.html/);
        await check(page, 'reset-request');
        const before = (await state.outbox.to(nina.email))[0]?.id ?? 0;
        await page.fill('#identifier', 'nobody-here');
        await page.click('#request button[type=submit]');
        await page.waitForFunction((sent) => document.querySelector('#request-status')?.textContent === sent, say('reset.sent'));
        await page.fill('#identifier', nina.email);
        await page.click('#request button[type=submit]');
        // The same words again, for a name that exists.
        await page.waitForSelector('#request-status.ok');
        assert.equal(await text(page, '#request-status'), say('reset.sent'));
        await check(page, 'reset-sent');
        const { link } = await linkTo(nina.email, before);
        assert.equal(link.pathname, '/reset.html');
        await follow(page, link);
        await page.waitForSelector('#set-password:not([hidden])');
        assert.equal(await text(page, '#who'), say('reset.for', { email: nina.email }));
        await page.waitForSelector('body[data-checker="ready"]');
        await check(page, 'reset');
        await page.fill('#password', NEW_PASSWORD);
        await page.click('#set-password button[type=submit]');
        await arrive(page, /signin\.html/);
        await page.waitForSelector('#second-step:not([hidden]) #code');
        assert.equal(await page.locator('#password-step').isVisible(), false, 'the second step, not the password again');
        await check(page, 'reset-second-step');
        await secondStep(page);
        await signOut(page);
        // The old password is gone, and the link is spent.
        await signIn(page, nina.email, PASSWORD);
        await page.waitForSelector('#status.error');
        await follow(page, link);
        await page.waitForSelector('#link-trouble');
        assert.equal(await text(page, 'h1'), say('reset.invalidTitle'));
        await check(page, 'reset-spent');
        await signIn(page, nina.email, NEW_PASSWORD);
        await secondStep(page);
      });

      test('where members come by invitation only, no page offers an account and signup says why', async () => {
        const { body: settings } = await state.api.get('/api/admin/settings');
        const saved = await state.api.put('/api/admin/settings', { ...settings, selfSignup: false });
        assert.equal(saved.status, 200, JSON.stringify(saved.body));
        const { page, context } = await person();
        await open(page, 'index.html?tenant=acme');
        assert.equal(await page.locator('#go-signup').isVisible(), false);
        assert.equal(await page.locator('header a[href^="signup.html"]').count(), 0);
        await open(page, 'signup.html?tenant=acme');
        assert.equal(await text(page, '#notice'), say('signup.closed'));
        await check(page, 'signup-closed');
        await context.close();
      });
    });
  }
});
