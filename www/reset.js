// Password reset. Without a token in the fragment: the request form, whose answer is the
// same whether or not an account matches (the server's too). With one: the new password for
// the account the link is for, with the live checklist; then sign-in, which still asks the
// second factor where the account has one (the server leaves the session at that step).
import { api } from './api.js';
import { clearRefusal, refuse, say } from './feedback.js';
import { t } from './i18n.js';
import { frame, go, ready } from './layout.js';
import { linkToken, lookUp, setPasswordForm } from './link-page.js';

const { tenant } = await frame();
const $ = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
const slug = encodeURIComponent(tenant.slug);
const token = linkToken();
/** @type {import('./link-page.js').LinkWords} */
const words = {
  expired: t('reset.expiredTitle'), invalid: t('reset.invalidTitle'), missing: t('reset.noToken'),
  next: '', link: [`reset.html?tenant=${slug}`, t('reset.again')],
};
$('back').setAttribute('href', `signin.html?tenant=${slug}`);

if (!token) {
  const request = /** @type {HTMLFormElement} */ (document.getElementById('request'));
  request.hidden = false;
  request.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearRefusal(request);
    say($('request-status'), '');
    try {
      await api('POST', `/api/t/${slug}/password-reset`, { identifier: $('identifier').value });
      say($('request-status'), t('reset.sent'), 'ok');
    } catch (error) {
      refuse(request, $('request-status'), error);
    }
  });
  ready();
} else {
  $('checking').hidden = false;
  ready();
  const found = await lookUp('/api/password-reset/lookup', token, words);
  if (found) {
    const form = /** @type {HTMLFormElement} */ (document.getElementById('set-password'));
    $('who').textContent = t('reset.for', { email: found.user.email });
    setPasswordForm({
      form, found, path: '/api/password-reset/confirm', token, words,
      done: async (answer) => {
        say($('status'), t('reset.done'), 'ok');
        // A second factor is still asked: sign-in shows that step, the session being there.
        if (answer.stage === 'second_factor') await go('signin.html', tenant.slug);
        else await go(answer.stage === 'enrollment_only' ? 'enroll.html' : 'account.html', tenant.slug);
      },
    });
    $('checking').hidden = true;
    form.hidden = false;
    $('password').focus();
  }
}
