// Sign-in: the password, then a code or a recovery code, with "remember this device"; a
// second step left too long says so and starts again from the password.
import { api } from './api.js';
import { clearRefusal, refuse, say } from './feedback.js';
import { t } from './i18n.js';
import { frame, go, ready, restage } from './layout.js';

const { current, tenant } = await frame();
const $ = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
const passwordStep = /** @type {HTMLFormElement} */ (document.getElementById('password-step'));
const secondStep = /** @type {HTMLFormElement} */ (document.getElementById('second-step'));
$('remember-label').textContent = t('field.remember', { days: tenant.rememberDeviceDays });
/** @type {HTMLElement} */ ($('remember').parentElement).hidden = tenant.rememberDeviceDays === 0;

/** Where each stage leads. @param {string} stage */
async function next(stage) {
  if (stage === 'second_factor') {
    restage(stage);
    passwordStep.hidden = true;
    secondStep.hidden = false;
    $('code').focus();
  } else if (stage === 'enrollment_only') {
    await go('enroll.html', tenant.slug);
  } else {
    // A password that must change is said on the account page, by the server's refusal.
    await go('account.html', tenant.slug);
  }
}
if (current.stage && current.stage !== 'full') await next(current.stage);

passwordStep.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearRefusal(passwordStep);
  say($('status'), '');
  try {
    const result = await api('POST', `/api/t/${encodeURIComponent(tenant.slug)}/signin`, { email: $('email').value, password: $('password').value });
    await next(result.stage);
  } catch (error) {
    refuse(passwordStep, $('status'), error);
  }
});

let useRecovery = false;
$('toggle').addEventListener('click', () => {
  useRecovery = !useRecovery;
  $('code-field').hidden = useRecovery;
  $('recovery-field').hidden = !useRecovery;
  $('toggle').textContent = t(useRecovery ? 'signin.useCode' : 'signin.useRecovery');
  (useRecovery ? $('recovery') : $('code')).focus();
});

secondStep.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearRefusal(secondStep);
  say($('status'), '');
  const proof = useRecovery ? { recoveryCode: $('recovery').value } : { code: $('code').value };
  try {
    const result = await api('POST', '/api/signin/second-factor', { ...proof, rememberDevice: $('remember').checked });
    await next(result.stage);
  } catch (error) {
    if (/** @type {any} */ (error).code === 'not_signed_in') {
      // The pending step ended (it lasts minutes): say why, and ask for the password again.
      restage(undefined);
      secondStep.hidden = true;
      passwordStep.hidden = false;
      $('password').value = '';
      say($('status'), t('signin.expired'), 'warn');
      $('password').focus();
    } else {
      refuse(secondStep, $('status'), error);
    }
  }
});
ready();
