// Setting up two-step verification, the first authenticator: the app's key at once, since
// an app is the strongest kind, and below it the other kinds the tenant allows (a code by
// email, a phone for SMS), each saying what it is worth; then the recovery codes.
import { KINDS, addForms, confirmApp, direct, startApp } from './add-factor.js';
import { api } from './api.js';
import { errorMessage, say } from './feedback.js';
import { t, when } from './i18n.js';
import { frame, go, ready } from './layout.js';

const { current, tenant } = await frame();
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
if (!current.stage || current.stage === 'second_factor') await go('signin.html', tenant.slug);
// Already on: more authenticators are added on the account page.
if (current.user.twoFactorEnabled) await go('account.html', tenant.slug);
if (current.user.twoFactorDeadline) say($('deadline'), t('enroll.deadline', { time: when(current.user.twoFactorDeadline) }), 'warn');
const owner = { account: current.user.email, site: `${tenant.name} (${location.host})` };
const kinds = KINDS.filter((kind) => (tenant.allowedFactors ?? KINDS).includes(kind));
/** @type {number | undefined} the app set up below, waiting for its first code */
let waiting;
const done = async () => {
  $('deadline').hidden = true;
  // Another kind was chosen: the app's key, never confirmed, is no use to anyone.
  if (waiting !== undefined) await api('DELETE', `/api/me/factors/${waiting}`).catch(() => {});
  await go('account.html', tenant.slug);
};

const others = kinds.filter((kind) => kind !== 'totp');
$('others').hidden = !others.length;
$('others-title').textContent = t(kinds.includes('totp') ? 'enroll.others' : 'enroll.choose');
// Nothing is on yet, so there is nothing to prove: each request goes as it is.
addForms($('other-forms'), $('enrollment'), { kinds: others, level: 3, outputLevel: 2, email: current.user.email, run: direct, owner, added: done });
if (kinds.includes('totp')) {
  try {
    // Unnamed, so that a reload shows the same key whatever the page's language: the server
    // names it in the account's.
    const started = await startApp(undefined, direct);
    waiting = started.factor.id;
    const confirmation = confirmApp($('enrollment'), started, owner);
    ready();
    await confirmation;
    waiting = undefined;
    await done();
  } catch (error) {
    say($('status'), errorMessage(error), 'error');
    ready();
  }
} else {
  ready();
}
