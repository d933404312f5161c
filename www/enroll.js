// Enrollment: start, show, confirm, then the recovery codes.
import { api } from './api.js';
import { errorMessage, t, when } from './i18n.js';
import { frame, go, ready, say } from './layout.js';
import { showEnrollment, showRecoveryCodes } from './enroll-ui.js';

const current = await frame();
const $ = (id) => document.getElementById(id);
if (!current.stage) await go('signin.html');
if (current.user?.twoFactorDeadline) say($('deadline'), t('enroll.deadline', { time: when(current.user.twoFactorDeadline) }), 'warn');
try {
  const started = await api('POST', '/api/me/2fa/enroll', {});
  const confirmation = showEnrollment($('enrollment'), started);
  ready();
  const confirmed = await confirmation;
  await showRecoveryCodes($('enrollment'), confirmed.recoveryCodes);
  go('account.html', current.tenant.slug);
} catch (error) {
  say($('status'), errorMessage(error), 'error');
  ready();
}
