// The invitation link: who is invited to which organisation, and their first password with
// the live checklist (the card's name, email and login are personal data, as the server
// judges them); then two-step set-up where the tenant requires it, else the account.
import { t } from './i18n.js';
import { frame, go, ready } from './layout.js';
import { linkToken, lookUp, setPasswordForm } from './link-page.js';

const { tenant } = await frame();
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const token = linkToken();
/** @type {import('./link-page.js').LinkWords} */
const words = {
  expired: t('invite.expiredTitle'), invalid: t('invite.invalidTitle'), missing: t('invite.noToken'),
  next: t('invite.askAgain'), link: [`signin.html?tenant=${encodeURIComponent(tenant.slug)}`, t('invite.signin')],
};
ready();
const found = await lookUp('/api/invitations/lookup', token, words);
if (found) {
  const form = /** @type {HTMLFormElement} */ ($('set-password'));
  $('who').textContent = t('invite.who', { tenant: found.tenant.name, name: found.user.name, email: found.user.email });
  if (found.user.login) {
    $('login-too').textContent = t('invite.loginToo', { login: found.user.login });
    $('login-too').hidden = false;
  }
  setPasswordForm({
    form, found, path: '/api/invitations/accept', token, words,
    done: async (answer) => {
      // Set-up follows where the tenant asks it of this person, even within a grace.
      const role = answer.user?.role;
      const required = tenant.twoFactorRequired === 'everyone' || (tenant.twoFactorRequired === 'admins' && role === 'admin');
      await go(answer.stage === 'enrollment_only' || required ? 'enroll.html' : 'account.html', tenant.slug);
    },
  });
  $('checking').hidden = true;
  form.hidden = false;
  /** @type {HTMLInputElement} */ ($('password')).focus();
}
