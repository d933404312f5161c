// Signup: the tenant's rules before typing, live feedback while typing, and the server's
// refusal (the same verdict) shown the same way.
import { api, tenantSlug } from './api.js';
import { errorMessage, language, t } from './i18n.js';
import { frame, go, ready, say } from './layout.js';
import { passwordField } from './password-field.js';
import { renderChecklist } from './password-ui.js';

await frame();
const slug = tenantSlug();
const tenant = await api('GET', `/api/t/${encodeURIComponent(slug)}`);
const $ = (id) => document.getElementById(id);
const field = passwordField({
  input: $('password'),
  checklist: $('checklist'),
  meter: $('strength'),
  policy: tenant.policy,
  context: () => ({ email: $('email').value, name: $('name').value, tenant: tenant.name }),
});
// The user's name and email are rules too: re-check when they change.
for (const id of ['email', 'name']) $(id).addEventListener('input', () => $('password').value && field.update());

$('signup').addEventListener('submit', async (event) => {
  event.preventDefault();
  const verdict = field.update();
  const missing = verdict.violations.map((v) => v.message);
  say($('missing'), missing.length ? t('signup.missing', { items: missing.join(' ') }) : '', 'warn');
  if (missing.length) {
    renderChecklist($('checklist'), verdict);
    $('password').focus();
    return;
  }
  try {
    const created = await api('POST', `/api/t/${encodeURIComponent(slug)}/signup`, {
      email: $('email').value, name: $('name').value, password: $('password').value, locale: language(),
    });
    say($('status'), t('signup.done'), 'ok');
    go(created.stage === 'enrollment_only' || tenant.twoFactorRequired ? 'enroll.html' : 'account.html', slug);
  } catch (error) {
    if (error.code === 'password_refused') {
      renderChecklist($('checklist'), error.body.verdict);
      say($('status'), `${t('signup.refused')} ${error.body.verdict.violations.map((v) => v.message).join(' ')}`, 'error');
    } else {
      say($('status'), errorMessage(error), 'error');
    }
  }
});
ready();
