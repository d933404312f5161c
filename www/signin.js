// Sign-in: the password, then a code or a recovery code, with "remember this device".
import { api, tenantSlug } from './api.js';
import { errorMessage, t } from './i18n.js';
import { frame, go, ready, say } from './layout.js';

const current = await frame();
const slug = tenantSlug();
const $ = (id) => document.getElementById(id);
const tenant = await api('GET', `/api/t/${encodeURIComponent(slug)}`);
$('remember-label').textContent = t('field.remember', { days: tenant.rememberDeviceDays });
$('remember').parentElement.hidden = tenant.rememberDeviceDays === 0;

/** Where each stage leads. */
function next(stage) {
  if (stage === 'second_factor') {
    $('password-step').hidden = true;
    $('second-step').hidden = false;
    $('code').focus();
  } else if (stage === 'enrollment_only') {
    go('enroll.html', slug);
  } else if (stage === 'password_change') {
    sessionStorage.setItem('twofold.notice', t('error.password_change_required'));
    go('account.html', slug);
  } else {
    go('account.html', slug);
  }
}
if (current.stage && current.stage !== 'full') next(current.stage);

$('password-step').addEventListener('submit', async (event) => {
  event.preventDefault();
  say($('status'), '');
  try {
    const result = await api('POST', `/api/t/${encodeURIComponent(slug)}/signin`, { email: $('email').value, password: $('password').value });
    next(result.stage);
  } catch (error) {
    say($('status'), errorMessage(error), 'error');
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

$('second-step').addEventListener('submit', async (event) => {
  event.preventDefault();
  say($('status'), '');
  const proof = useRecovery ? { recoveryCode: $('recovery').value } : { code: $('code').value };
  try {
    const result = await api('POST', '/api/signin/second-factor', { ...proof, rememberDevice: $('remember').checked });
    next(result.stage);
  } catch (error) {
    say($('status'), errorMessage(error), 'error');
    if (error.code === 'not_signed_in') {
      $('second-step').hidden = true;
      $('password-step').hidden = false;
    }
  }
});
ready();
