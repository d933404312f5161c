// Account security: 2FA status and deadline, the QR for a new device, "my device has
// changed", new recovery codes, turning 2FA off, changing the password, forgetting devices.
import { api } from './api.js';
import { errorMessage, language, t, when } from './i18n.js';
import { frame, go, ready, say } from './layout.js';
import { showEnrollment, showRecoveryCodes } from './enroll-ui.js';
import { passwordField } from './password-field.js';
import { esc } from './password-ui.js';
import { qrSvg } from '/twofold/js/browser.js';

const current = await frame();
const $ = (id) => document.getElementById(id);
if (!current.stage || current.stage === 'second_factor') await go('signin.html');
if (current.stage === 'enrollment_only') await go('enroll.html', current.tenant.slug);
const notice = sessionStorage.getItem('twofold.notice');
if (notice) {
  sessionStorage.removeItem('twofold.notice');
  say($('status'), notice, 'warn');
}
let user = current.user;
// An expired password can only be changed: the rest waits.
const changeOnly = current.stage === 'password_change';
for (const el of document.querySelectorAll('main > section')) el.hidden = changeOnly && !el.contains($('password-form'));

/** The proof typed in the shared fields: a code, or a recovery code when allowed. */
function proof(allowRecovery) {
  const recovery = $('proof-recovery').value.trim();
  if (allowRecovery && recovery && !$('proof-code').value.trim()) return { recoveryCode: recovery };
  return { code: $('proof-code').value.trim() };
}

/** Runs an action that needs a current code; shows its error if it fails. */
async function withProof(action) {
  say($('status'), '');
  try {
    await action();
    $('proof-code').value = '';
    $('proof-recovery').value = '';
  } catch (error) {
    say($('status'), errorMessage(error), 'error');
  }
}

function render() {
  const on = user.twoFactorEnabled;
  $('twofa-state').textContent = t(on ? 'account.on' : 'account.off');
  $('twofa-detail').textContent = on ? t('account.left', { count: user.recoveryCodesLeft })
    : user.twoFactorDeadline ? t('account.deadline', { time: when(user.twoFactorDeadline) }) : '';
  $('proof').hidden = !on;
  const buttons = on
    ? [['show-qr', 'account.showQr'], ['reenroll', 'account.reenroll'], ['regenerate', 'account.regenerate'],
      ...(current.tenant.twoFactorRequired ? [] : [['disable', 'account.disable']])]
    : [['enable', 'account.enable']];
  $('twofa-actions').innerHTML = buttons.map(([id, key]) => `<button type="button" id="${id}" class="secondary">${esc(t(key))}</button>`).join(' ');
  $('enable')?.addEventListener('click', () => go('enroll.html', current.tenant.slug));
  $('show-qr')?.addEventListener('click', () => withProof(async () => {
    const { uri } = await api('POST', '/api/me/2fa/qr', proof(false));
    $('twofa-output').innerHTML = `<div class="qr">${qrSvg(uri, { title: t('account.showQr') })}</div>`;
  }));
  $('reenroll')?.addEventListener('click', () => withProof(async () => {
    const started = await api('POST', '/api/me/2fa/reenroll', proof(true));
    const confirmed = await showEnrollment($('twofa-output'), started);
    await showRecoveryCodes($('twofa-output'), confirmed.recoveryCodes);
    $('twofa-output').innerHTML = '';
    user = confirmed.user;
    render();
  }));
  $('regenerate')?.addEventListener('click', () => withProof(async () => {
    const { recoveryCodes } = await api('POST', '/api/me/2fa/recovery-codes', proof(false));
    await showRecoveryCodes($('twofa-output'), recoveryCodes);
    $('twofa-output').innerHTML = '';
    user = { ...user, recoveryCodesLeft: recoveryCodes.length };
    render();
  }));
  $('disable')?.addEventListener('click', () => withProof(async () => {
    user = (await api('POST', '/api/me/2fa/disable', proof(true))).user;
    say($('status'), t('account.disabled'), 'ok');
    render();
  }));
}
render();

const field = passwordField({
  input: $('new'),
  checklist: $('checklist'),
  meter: $('strength'),
  policy: current.tenant.policy,
  context: () => ({ email: user.email, name: user.name, tenant: current.tenant.name }),
});
$('password-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const verdict = field.update();
  if (!verdict.accepted) {
    say($('status'), verdict.violations.map((v) => v.message).join(' '), 'warn');
    return;
  }
  try {
    await api('POST', '/api/me/password', { current: $('current').value, new: $('new').value, locale: language() });
    say($('status'), t('account.passwordDone'), 'ok');
    $('current').value = '';
    $('new').value = '';
  } catch (error) {
    const refusal = error.code === 'password_refused' ? error.body.verdict.violations.map((v) => v.message).join(' ') : errorMessage(error);
    say($('status'), refusal, 'error');
  }
});

$('forget-devices').addEventListener('click', async () => {
  try {
    const { revoked } = await api('DELETE', '/api/me/devices');
    say($('status'), t('account.devicesDone', { count: revoked }), 'ok');
  } catch (error) {
    say($('status'), errorMessage(error), 'error');
  }
});
ready();
