// Account security: 2FA status and deadline, the authenticators (listed, added, removed),
// the key for another device, "my device has changed", new recovery codes, turning 2FA off,
// new-browser notices, changing the password, API tokens, forgetting devices. Each answer is
// shown beside the control that asked for it.
import { identifiers } from './account-ids.js';
import { accountTokens } from './account-tokens.js';
import { addForms } from './add-factor.js';
import { api } from './api.js';
import { keyMarkup, showEnrollment, showRecoveryCodes, wireKey } from './enroll-ui.js';
import { renderFactors } from './factor-list.js';
import { clearRefusal, errorMessage, refuse, say } from './feedback.js';
import { language, t, when } from './i18n.js';
import { frame, go, ready } from './layout.js';
import { passwordField } from './password-field.js';
import { esc } from './password-ui.js';
import { stepUp } from './step-up.js';

const { current, tenant } = await frame();
const $ = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
if (!current.stage || current.stage === 'second_factor') await go('signin.html', tenant.slug);
if (current.stage === 'enrollment_only') await go('enroll.html', tenant.slug);
let user = current.user;
const owner = { account: user.email, site: `${tenant.name} (${location.host})` };
// An expired password can only be changed: the rest waits, and the page says why.
const changeOnly = current.stage === 'password_change';
$('expired').hidden = !changeOnly;
for (const id of ['twofa-section', 'devices-section']) $(id).hidden = changeOnly;

// An address not yet proved gets no security notices: say so, and offer to prove it.
const emailForm = /** @type {HTMLFormElement} */ (document.getElementById('email-form'));
function renderEmail() {
  $('email-section').hidden = changeOnly;
  $('email-state').textContent = t(user.emailVerified ? 'account.emailConfirmed' : 'account.emailUnconfirmed', { email: user.email });
  emailForm.hidden = user.emailVerified;
}
renderEmail();
identifiers(user, !changeOnly);
$('email-send').addEventListener('click', async () => {
  clearRefusal(emailForm);
  try {
    const sent = await api('POST', '/api/me/email/verification', {});
    say($('email-status'), t('account.emailSent', { email: user.email, minutes: Math.max(1, Math.round(sent.expiresIn / 60)) }), 'info');
    $('email-code').focus();
  } catch (error) {
    refuse(emailForm, $('email-status'), error);
  }
});
emailForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearRefusal(emailForm);
  try {
    user = (await api('POST', '/api/me/email/verify', { code: $('email-code').value.trim() })).user;
    say($('email-status'), '');
    renderEmail();
  } catch (error) {
    refuse(emailForm, $('email-status'), error);
  }
});

// ---- two-step verification: the authenticators, adding and removing them, the app's key
// for another device, a new device, recovery codes, turning it off ------------------------
const sensitive = stepUp(/** @type {HTMLFormElement} */ (document.getElementById('proof')), $('proof-status'));
/** The proof as the routes that take `{ code }` or `{ recoveryCode }` want it. @param {import('./step-up.js').Proof} proof */
const codes = ({ code, recoveryCode }) => ({ ...(code ? { code } : {}), ...(recoveryCode ? { recoveryCode } : {}) });
const output = $('twofa-output');
/** @type {import('./factor-list.js').Factor[]} */
let factors = [];

/** Whether the tenant requires a second factor of this user, who then may not turn it off. */
const requiredOfUser = () => tenant.twoFactorRequired === 'everyone' || (tenant.twoFactorRequired === 'admins' && user.role === 'admin');
const hasApp = () => factors.some((f) => f.type === 'totp' && f.confirmed);

/** Runs an action from the buttons: its answer or refusal in the section's status line. @param {() => Promise<void>} action */
async function act(action) {
  say($('twofa-status'), '');
  try {
    await action();
  } catch (error) {
    say($('twofa-status'), errorMessage(error), 'error');
  }
}

/** @param {import('./factor-list.js').Factor} factor */
function remove(factor) {
  act(async () => {
    user = (await sensitive((proof) => api('DELETE', `/api/me/factors/${factor.id}`, codes(proof)))).user;
    await load();
    say($('twofa-status'), t('factors.removed', { name: factor.name }), 'ok');
  });
}

/** Draws the section for the account and its authenticators as they are now. */
function render() {
  const on = user.twoFactorEnabled;
  $('twofa-state').textContent = t(on ? 'account.on' : 'account.off');
  $('twofa-detail').textContent = on ? t('account.left', { count: user.recoveryCodesLeft })
    : user.twoFactorDeadline ? t('account.deadline', { time: when(user.twoFactorDeadline) }) : '';
  $('factors-block').hidden = !factors.length;
  renderFactors($('factors'), factors, remove);
  // Another app, email or phone is added here once 2FA is on; the first goes through the
  // set-up page, which leads with the app.
  $('add-section').hidden = !on;
  // One address per account: once its codes work, there is no second to add.
  const addEmail = document.getElementById('add-email');
  if (addEmail) addEmail.hidden = factors.some((f) => f.type === 'email' && f.confirmed);
  const buttons = on
    ? [...(hasApp() ? [['show-qr', 'account.showQr'], ['reenroll', 'account.reenroll']] : []), ['regenerate', 'account.regenerate'],
      ...(requiredOfUser() ? [] : [['disable', 'account.disable']])]
    : [['enable', 'account.enable']];
  $('twofa-actions').innerHTML = buttons.map(([id, key]) => `<button type="button" id="${id}" class="secondary">${esc(t(key))}</button>`).join(' ');
  $('enable')?.addEventListener('click', () => go('enroll.html', tenant.slug));
  $('show-qr')?.addEventListener('click', () => act(async () => {
    // The key opens the account to whoever sees it: the password is asked for every time.
    const { uri } = await sensitive(({ code, password }) => api('POST', '/api/me/2fa/qr', { ...(code ? { code } : {}), password }), { password: true, recovery: false });
    output.innerHTML = `<section class="enroll"><p>${esc(t('account.qrHelp'))}</p>${keyMarkup(uri)}</section>`;
    wireKey(output, uri);
  }));
  $('reenroll')?.addEventListener('click', () => act(async () => {
    const started = await sensitive((proof) => api('POST', '/api/me/2fa/reenroll', codes(proof)));
    const confirmed = await showEnrollment(output, started, (code) => api('POST', `/api/me/factors/${started.factorId}/confirm`, { code }));
    if (confirmed.recoveryCodes) await showRecoveryCodes(output, confirmed.recoveryCodes, owner);
    output.replaceChildren();
    user = confirmed.user;
    await load();
    say($('twofa-status'), t('account.reenrolled'), 'ok');
  }));
  $('regenerate')?.addEventListener('click', () => act(async () => {
    const { recoveryCodes } = await sensitive((proof) => api('POST', '/api/me/2fa/recovery-codes', codes(proof)), { recovery: false });
    await showRecoveryCodes(output, recoveryCodes, owner);
    output.replaceChildren();
    user = { ...user, recoveryCodesLeft: recoveryCodes.length };
    render();
  }));
  $('disable')?.addEventListener('click', () => act(async () => {
    user = (await sensitive((proof) => api('POST', '/api/me/2fa/disable', codes(proof)))).user;
    await load();
    say($('twofa-status'), t('account.disabled'), 'ok');
  }));
}

/** Reads the authenticators again and redraws. */
async function load() {
  factors = (await api('GET', '/api/me/factors')).factors;
  render();
}

if (!changeOnly) {
  addForms($('add-forms'), output, {
    kinds: tenant.allowedFactors ?? [],
    level: 4,
    outputLevel: 3,
    email: user.email,
    run: sensitive,
    owner,
    added: (confirmed) => act(async () => {
      user = confirmed.user;
      await load();
      say($('twofa-status'), t('add.done', { name: confirmed.factor.name }), 'ok');
    }),
  });
  await load().catch((error) => say($('twofa-status'), errorMessage(error), 'error'));
}

// Tokens wait, like the rest, for a password that must change first.
$('tokens-section').hidden = changeOnly;
if (!changeOnly) await accountTokens({ admin: user.role === 'admin', sensitive })();

// New-browser notices may be turned off; notices of security changes may not.
$('notices-section').hidden = changeOnly;
$('notify-new-browser').checked = user.notifyNewBrowser;
$('notify-new-browser').addEventListener('change', async () => {
  try {
    user = (await api('POST', '/api/me/preferences', { notifyNewBrowser: $('notify-new-browser').checked })).user;
    say($('notices-status'), t('account.noticesSaved'), 'ok');
  } catch (error) {
    $('notify-new-browser').checked = user.notifyNewBrowser;
    say($('notices-status'), errorMessage(error), 'error');
  }
});

const passwordForm = /** @type {HTMLFormElement} */ (document.getElementById('password-form'));
const field = passwordField({
  input: $('new'),
  checklist: $('checklist'),
  meter: $('strength'),
  policy: tenant.policy,
  context: () => ({ email: user.email, name: user.name, tenant: tenant.name }),
});
passwordForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearRefusal(passwordForm);
  const verdict = field.update();
  if (verdict && !verdict.accepted) {
    say($('password-status'), verdict.violations.map((/** @type {any} */ v) => v.message).join(' '), 'warn');
    $('new').focus();
    return;
  }
  try {
    await api('POST', '/api/me/password', { current: $('current').value, new: $('new').value, locale: language() });
    $('current').value = '';
    $('new').value = '';
    if (changeOnly) await go('account.html', tenant.slug);
    say($('password-status'), t('account.passwordDone'), 'ok');
  } catch (error) {
    const refused = /** @type {any} */ (error).body?.verdict;
    if (refused) say($('password-status'), refused.violations.map((/** @type {any} */ v) => v.message).join(' '), 'error');
    else refuse(passwordForm, $('password-status'), error);
  }
});

$('forget-devices').addEventListener('click', async () => {
  try {
    const { revoked } = await api('DELETE', '/api/me/devices');
    say($('devices-status'), t('account.devicesDone', { count: revoked }), 'ok');
  } catch (error) {
    say($('devices-status'), errorMessage(error), 'error');
  }
});
ready();
