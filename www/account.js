// Account security: 2FA status and deadline, the key for another device, "my device has
// changed", new recovery codes, turning 2FA off, changing the password, forgetting devices.
// Each answer is shown beside the control that asked for it.
import { api } from './api.js';
import { keyMarkup, showEnrollment, showRecoveryCodes, wireKey } from './enroll-ui.js';
import { clearRefusal, errorMessage, refuse, say } from './feedback.js';
import { language, t, when } from './i18n.js';
import { frame, go, ready } from './layout.js';
import { passwordField } from './password-field.js';
import { esc } from './password-ui.js';

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

const proofForm = /** @type {HTMLFormElement} */ (document.getElementById('proof'));
/** The proof typed in the shared fields: a code, or a recovery code when allowed. @param {boolean} allowRecovery */
function proof(allowRecovery) {
  const recovery = $('proof-recovery').value.trim();
  if (allowRecovery && recovery && !$('proof-code').value.trim()) return { recoveryCode: recovery };
  return { code: $('proof-code').value.trim() };
}

/** Runs an action that needs a current code; shows its refusal beside the fields. @param {() => Promise<void>} action */
async function withProof(action) {
  clearRefusal(proofForm);
  say($('twofa-status'), '');
  try {
    await action();
    $('proof-code').value = '';
    $('proof-recovery').value = '';
  } catch (error) {
    refuse(proofForm, $('twofa-status'), error);
  }
}

/** Whether the tenant requires a second factor of this user, who then may not turn it off. */
const requiredOfUser = () => tenant.twoFactorRequired === 'everyone' || (tenant.twoFactorRequired === 'admins' && user.role === 'admin');

function render() {
  const on = user.twoFactorEnabled;
  $('twofa-state').textContent = t(on ? 'account.on' : 'account.off');
  $('twofa-detail').textContent = on ? t('account.left', { count: user.recoveryCodesLeft })
    : user.twoFactorDeadline ? t('account.deadline', { time: when(user.twoFactorDeadline) }) : '';
  proofForm.hidden = !on;
  const buttons = on
    ? [['show-qr', 'account.showQr'], ['reenroll', 'account.reenroll'], ['regenerate', 'account.regenerate'],
      ...(requiredOfUser() ? [] : [['disable', 'account.disable']])]
    : [['enable', 'account.enable']];
  $('twofa-actions').innerHTML = buttons.map(([id, key]) => `<button type="button" id="${id}" class="secondary">${esc(t(key))}</button>`).join(' ');
  $('enable')?.addEventListener('click', () => go('enroll.html', tenant.slug));
  $('show-qr')?.addEventListener('click', () => withProof(async () => {
    // The key opens the account to whoever sees it: the password is asked for as well.
    const { uri } = await api('POST', '/api/me/2fa/qr', { code: $('proof-code').value.trim(), password: $('proof-password').value });
    $('proof-password').value = '';
    $('twofa-output').innerHTML = `<section class="enroll"><p>${esc(t('account.qrHelp'))}</p>${keyMarkup(uri)}</section>`;
    wireKey($('twofa-output'), uri);
  }));
  $('reenroll')?.addEventListener('click', () => withProof(async () => {
    const started = await api('POST', '/api/me/2fa/reenroll', proof(true));
    const confirmed = await showEnrollment($('twofa-output'), started);
    await showRecoveryCodes($('twofa-output'), confirmed.recoveryCodes, owner);
    $('twofa-output').replaceChildren();
    user = confirmed.user;
    render();
  }));
  $('regenerate')?.addEventListener('click', () => withProof(async () => {
    const { recoveryCodes } = await api('POST', '/api/me/2fa/recovery-codes', proof(false));
    await showRecoveryCodes($('twofa-output'), recoveryCodes, owner);
    $('twofa-output').replaceChildren();
    user = { ...user, recoveryCodesLeft: recoveryCodes.length };
    render();
  }));
  $('disable')?.addEventListener('click', () => withProof(async () => {
    user = (await api('POST', '/api/me/2fa/disable', proof(true))).user;
    say($('twofa-status'), t('account.disabled'), 'ok');
    render();
  }));
}
render();

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
