// Enrollment: a new key, its confirmation with a code, then the recovery codes.
import { api } from './api.js';
import { showEnrollment, showRecoveryCodes } from './enroll-ui.js';
import { errorMessage, say } from './feedback.js';
import { t, when } from './i18n.js';
import { frame, go, ready } from './layout.js';

const { current, tenant } = await frame();
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
if (!current.stage || current.stage === 'second_factor') await go('signin.html', tenant.slug);
if (current.user?.twoFactorDeadline) say($('deadline'), t('enroll.deadline', { time: when(current.user.twoFactorDeadline) }), 'warn');
try {
  const started = await api('POST', '/api/me/2fa/enroll', {});
  const confirmation = showEnrollment($('enrollment'), started);
  ready();
  const confirmed = await confirmation;
  $('deadline').hidden = true;
  await showRecoveryCodes($('enrollment'), confirmed.recoveryCodes, { account: current.user.email, site: `${tenant.name} (${location.host})` });
  await go('account.html', tenant.slug);
} catch (error) {
  say($('status'), errorMessage(error), 'error');
  ready();
}
