// Sign-in: an email, login or phone in one field (the server tells them apart) and the
// password, then the second step (second-step.js) with "remember this device"; a second
// step left too long says so and starts again from the password.
import { api } from './api.js';
import { clearRefusal, errorMessage, refuse, say } from './feedback.js';
import { t } from './i18n.js';
import { frame, go, ready, restage } from './layout.js';
import { secondStep } from './second-step.js';

const { current, tenant } = await frame();
const $ = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
const passwordStep = /** @type {HTMLFormElement} */ (document.getElementById('password-step'));
const secondForm = /** @type {HTMLFormElement} */ (document.getElementById('second-step'));
$('remember-label').textContent = t('field.remember', { days: tenant.rememberDeviceDays });
/** @type {HTMLElement} */ ($('remember').parentElement).hidden = tenant.rememberDeviceDays === 0;
$('forgot').setAttribute('href', `reset.html?tenant=${encodeURIComponent(tenant.slug)}`);

/** The pending step ended (it lasts minutes): say why, and ask for the password again. */
function expired() {
  restage(undefined);
  secondForm.hidden = true;
  passwordStep.hidden = false;
  $('password').value = '';
  say($('status'), t('signin.expired'), 'warn');
  $('password').focus();
}

const openSecondStep = secondStep(secondForm, $('status'), { done: next, expired });

/** Where each stage leads. @param {string} stage */
async function next(stage) {
  if (stage === 'second_factor') {
    restage(stage);
    passwordStep.hidden = true;
    secondForm.hidden = false;
    await openSecondStep().catch((error) => {
      if (/** @type {any} */ (error).code === 'not_signed_in') expired();
      else say($('status'), errorMessage(error), 'error');
    });
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
    const result = await api('POST', `/api/t/${encodeURIComponent(tenant.slug)}/signin`, { identifier: $('identifier').value, password: $('password').value });
    await next(result.stage);
  } catch (error) {
    refuse(passwordStep, $('status'), error);
  }
});
ready();
