// Each language all the way through: a person switches the page's language with the header's
// switch, then signs up, enrolls, saves recovery codes, signs in, meets an unknown tenant and
// the admin page; an admin opens the admin page. On every page and state no string of another
// language may show: none of another catalogue's words (the page's www/locales and the
// package's locales), and no Cyrillic outside Russian. The server's refusals and the mails in
// the outbox are held to the same rule once the server localises them (it says so by
// answering differently per Accept-Language); until then those checks are skipped, saying
// why. A screenshot of each page in each language goes to artifacts/screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';

import * as OTPAuth from 'otpauth';
import { FOREIGN, LANGUAGES, foreignIn, strangers } from './support/languages.mjs';
import { client } from './support/server.mjs';
import { useSite } from './support/site.mjs';

const SHOTS = new URL('artifacts/screenshots/', import.meta.url);
mkdirSync(SHOTS, { recursive: true });
const PASSWORD = 'orbit velvet cactus nine';

const site = useSite();
const problems = [];
/** The server's refusal of a wrong password in each language, when it localises them. */
let refusals = null;
/** The subjects of the mails each language's user got. */
const subjects = {};

before(async () => {
  await site.started();
  for (const tag of LANGUAGES) assert.ok(FOREIGN[tag].size > 100, `${tag}: pieces of other languages to look for`);
  refusals = await serverRefusals();
});
after(() => {
  assert.deepEqual(problems, [], 'no exception on any page');
});

const { url } = site;

/** Checks the page in `tag` and keeps a screenshot of it. */
async function check(page, tag, name) {
  await page.waitForSelector('body[data-ready="yes"]');
  assert.equal(await page.evaluate(() => document.documentElement.lang), tag, `${name}: <html lang>`);
  assert.deepEqual(await strangers(page, tag), [], `${tag} ${name}`);
  await page.screenshot({ path: new URL(`${tag}-${name}.png`, SHOTS).pathname, fullPage: true });
}

async function person(lang) {
  const context = await site.browser.newContext({ viewport: { width: 1024, height: 900 }, locale: lang, acceptDownloads: true });
  await context.addInitScript((l) => { if (!localStorage.getItem('twofold.lang')) localStorage.setItem('twofold.lang', l); }, lang);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  return page;
}

async function signIn(page, email, password) {
  await page.goto(url('signin.html?tenant=acme'));
  await page.waitForSelector('body[data-ready="yes"]');
  await page.fill('#identifier', email);
  await page.fill('#password', password);
  await page.click('#password-step button[type=submit]');
}

/**
 * The server's refusal of a wrong password in each language, or null while the server
 * answers them all alike (before it localises its messages).
 */
async function serverRefusals() {
  const messages = {};
  for (const language of LANGUAGES) {
    const api = client(site.server.url, { language });
    await api.get('/api/session');
    const { body } = await api.post('/api/t/acme/signin', { email: 'nobody@example.com', password: 'not the password' });
    messages[language] = body.message;
  }
  return new Set(Object.values(messages)).size > 1 ? messages : null;
}

for (const [index, tag] of LANGUAGES.entries()) {
  test(`everything in ${tag}, after switching to it`, async (t) => {
    const page = await person(LANGUAGES[(index + 1) % LANGUAGES.length]);
    const email = `user-${tag}@example.com`;

    await page.goto(url('signup.html?tenant=acme'));
    await page.waitForSelector('body[data-ready="yes"]');
    await Promise.all([page.waitForEvent('load'), page.selectOption('#lang', tag)]);
    await page.waitForSelector('body[data-checker="ready"]');
    await page.fill('#email', email);
    await page.fill('#name', 'Alex Doe');
    await page.type('#password', 'acme2024');
    await page.waitForFunction(() => document.querySelector('#strength .label')?.textContent);
    await page.click('#signup button[type=submit]');
    await page.waitForSelector('#missing:not([hidden])');
    await check(page, tag, 'signup');
    await page.fill('#password', PASSWORD);
    await page.click('#signup button[type=submit]');
    await page.waitForURL(/account\.html/);
    // A code to confirm the address: the first mail, in the language signed up in.
    await page.waitForSelector('body[data-ready="yes"]');
    await page.click('#email-send');
    await page.waitForSelector('#email-status:not([hidden])');
    await check(page, tag, 'account-2fa-off');

    await page.click('#enable');
    await page.waitForURL(/enroll\.html/);
    await page.waitForSelector('#qr svg');
    await check(page, tag, 'enroll');
    const secret = (await page.locator('#secret').textContent()).replaceAll(' ', '');
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
    await page.fill('#confirm-code', String((Number(totp.generate()) + 500_000) % 1_000_000).padStart(6, '0'));
    await page.click('#confirm button[type=submit]');
    await page.waitForSelector('#trouble:not([hidden])');
    await check(page, tag, 'enroll-trouble');
    await page.fill('#confirm-code', totp.generate());
    await page.click('#confirm button[type=submit]');
    await page.waitForSelector('#codes li');
    const codes = await page.locator('#codes li').allTextContents();
    await check(page, tag, 'recovery-codes');
    await page.click('#done');
    await page.waitForURL(/account\.html/);
    await check(page, tag, 'account');

    await page.click('#signout');
    await page.waitForURL(/signin\.html/);
    await check(page, tag, 'signin');
    await signIn(page, email, 'a wrong password');
    await page.waitForSelector('#status:not([hidden])');
    if (refusals && tag !== 'en') assert.ok(!(await page.locator('#status').textContent()).includes(refusals.en), 'the refusal is not in English');
    await check(page, tag, 'signin-refused');
    await signIn(page, email, PASSWORD);
    await page.waitForSelector('#second-step:not([hidden])');
    await check(page, tag, 'signin-second-step');
    await page.click('#method-recovery');
    await page.fill('#recovery', codes[0]);
    await page.click('#second-step button[type=submit]');
    await page.waitForURL(/account\.html/);
    await page.goto(url('admin.html?tenant=acme'));
    await page.waitForSelector('#notice');
    await check(page, tag, 'admin-member');
    await page.goto(url('index.html?tenant=no-such-company'));
    await check(page, tag, 'unknown-tenant');

    const admin = await person(tag);
    await signIn(admin, 'admin@acme.test', site.server.adminPassword);
    await admin.waitForURL(/account\.html/);
    await admin.goto(url('admin.html?tenant=acme'));
    await admin.waitForSelector('body[data-checker="ready"]');
    await admin.fill('#try', 'roadrunner1');
    await admin.waitForSelector('#audit tbody tr');
    await check(admin, tag, 'admin');
    await admin.click('#signout');
    await admin.waitForURL(/signin\.html/);
    await admin.goto(url('index.html?tenant=acme'));
    await check(admin, tag, 'index');

    if (!refusals) {
      t.diagnostic('server refusals and outbox mails: not checked, the server answers every language alike (not localised yet)');
      return;
    }
    assert.deepEqual(foreignIn(refusals[tag], tag), [], `${tag} refusal: ${refusals[tag]}`);
    if (tag === 'ru') assert.match(refusals[tag], /\p{Script=Cyrillic}/u);
    if (tag !== 'en') assert.notEqual(refusals[tag], refusals.en);
    const adminApi = client(site.server.url, { language: tag });
    await adminApi.get('/api/session');
    await adminApi.post('/api/t/acme/signin', { email: 'admin@acme.test', password: site.server.adminPassword });
    const { body } = await adminApi.get('/api/admin/outbox');
    const mails = body.messages.filter((m) => m.recipient === email);
    assert.ok(mails.length > 0, 'the user got mail');
    subjects[tag] = new Set(mails.map((m) => m.subject));
    for (const mail of mails) {
      const text = `${mail.subject}\n${mail.body}`;
      if (tag === 'ru') assert.match(text, /\p{Script=Cyrillic}/u, text);
      else assert.doesNotMatch(text, /\p{Script=Cyrillic}/u, text);
      if (tag !== 'en' && subjects.en) assert.ok(!subjects.en.has(mail.subject), `${tag} mail in English: ${mail.subject}`);
    }
  });
}
