// Signup: the form is usable as soon as the page is; the tenant's rules and the live check
// follow when the checker has loaded, and the server's refusal (the same verdict) is shown
// the same way whether or not it has.
import { api } from './api.js';
import { clearRefusal, refuse, say } from './feedback.js';
import { language, t } from './i18n.js';
import { frame, go, notice, ready } from './layout.js';
import { passwordField, readyToSend, showVerdict } from './password-field.js';

const { tenant } = await frame();
if (tenant.selfSignup === false) {
  // Invitation only: say so before anyone fills the form in for nothing.
  notice(t('signup.closedTitle'), t('signup.closed'));
  ready();
  await new Promise(() => {});
}
const $ = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
const form = /** @type {HTMLFormElement} */ (document.getElementById('signup'));
const field = passwordField({
  input: $('password'),
  checklist: $('checklist'),
  meter: $('strength'),
  policy: tenant.policy,
  context: () => ({ email: $('email').value, name: $('name').value, tenant: tenant.name }),
});
// The user's name and email are rules too: check again when they change.
for (const id of ['email', 'name']) $(id).addEventListener('input', () => $('password').value && field.update());

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearRefusal(form);
  say($('status'), '');
  // Before the checker has loaded there is no verdict here: the server gives it.
  if (!readyToSend(field, $('missing'), $('password'))) return;
  try {
    const created = await api('POST', `/api/t/${encodeURIComponent(tenant.slug)}/signup`, {
      email: $('email').value, name: $('name').value, password: $('password').value, locale: language(),
    });
    say($('status'), t('signup.done'), 'ok');
    // A new account is a member's: it must enroll when everyone must.
    await go(created.stage === 'enrollment_only' || tenant.twoFactorRequired === 'everyone' ? 'enroll.html' : 'account.html', tenant.slug);
  } catch (error) {
    if (!showVerdict(error, { checklist: $('checklist'), status: $('status'), input: $('password') })) refuse(form, $('status'), error);
  }
});
ready();
