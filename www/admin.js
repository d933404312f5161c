// Tenant administration: the policy editor with presets and a live preview, how people's
// passwords stand against it, security settings (who must use 2FA, the factors allowed, the
// breach check, the SMS providers and a test text), users (with reset and unlock), API tokens
// and service accounts, the audit log with filters and exports, and the outbox. Everything but
// the preview and the presets works before the password checker has loaded; a refusal is
// shown beside the field it names, or beside the form's Save button.
import { compliance } from './admin-compliance.js';
import { adminTokens } from './admin-tokens.js';
import { usersTable } from './admin-users.js';
import { api } from './api.js';
import { clearRefusal, errorMessage, refuse, say } from './feedback.js';
import { codes, language, named, t, when, zone } from './i18n.js';
import { frame, go, notice, ready } from './layout.js';
import { announcer, loadChecker } from './password-field.js';
import { esc, markChecklist, meterMarkup, renderRequirements, renderStrength } from './password-ui.js';
import { smsSettings } from './sms-settings.js';
import { table } from './table.js';

const { current, tenant } = await frame();
const $ = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
if (current.stage !== 'full') await go('signin.html', tenant.slug);
if (current.user.role !== 'admin') {
  notice(t('admin.title'), t('admin.forbidden', { email: current.user.email }));
  ready();
  await new Promise(() => {});
}

// ---- the policy editor -------------------------------------------------------------------
const NUMBERS = ['minLength', 'maxLength', 'minScore', 'maxRepeatedChars', 'maxAgeDays', 'historyCount'];
const CLASSES = ['lowercase', 'uppercase', 'digit', 'symbol'];
const policyForm = /** @type {HTMLFormElement} */ (document.getElementById('policy'));

/** @param {any} policy */
function fillPolicy(policy) {
  for (const id of NUMBERS) $(id).value = policy[id] ?? '';
  for (const id of CLASSES) $(id).value = policy.classes?.[id] ?? '';
  $('rejectPersonalData').checked = Boolean(policy.rejectPersonalData);
  $('rejectBreached').checked = Boolean(policy.rejectBreached);
  $('bannedWords').value = (policy.bannedWords ?? []).join('\n');
}

/** The draft policy as the form holds it (empty fields are left out). */
function draftPolicy() {
  /** @type {Record<string, any>} */
  const policy = {};
  for (const id of NUMBERS) if ($(id).value !== '') policy[id] = Number($(id).value);
  /** @type {Record<string, number>} */
  const classes = {};
  for (const id of CLASSES) if ($(id).value !== '' && Number($(id).value) > 0) classes[id] = Number($(id).value);
  if (Object.keys(classes).length) policy.classes = classes;
  if ($('rejectPersonalData').checked) policy.rejectPersonalData = true;
  if ($('rejectBreached').checked) policy.rejectBreached = true;
  const words = $('bannedWords').value.split('\n').map((w) => w.trim()).filter(Boolean);
  if (words.length) policy.bannedWords = words;
  return policy;
}

/** @type {typeof import('twofold') | null} */
let twofold = null;
const announce = announcer($('try-checklist'));
function preview() {
  if (!twofold) return;
  clearRefusal(policyForm);
  say($('policy-status'), '');
  let checker;
  try {
    checker = new twofold.PasswordChecker(draftPolicy(), language());
  } catch (error) {
    // The package's reason is for developers; the admin gets the page's words, at the field.
    const field = /** @type {any} */ (error).field;
    refuse(policyForm, $('policy-status'), { body: { message: t('admin.policyInvalid'), field } });
    return;
  }
  renderRequirements($('preview-requirements'), checker.requirements());
  const verdict = checker.check($('try').value, { tenant: tenant.name });
  if ($('try').value) markChecklist($('try-checklist'), verdict.checklist); else $('try-checklist').replaceChildren();
  renderStrength($('try-strength'), verdict, (time) => t('strength.crack', { time }));
  announce(verdict);
}
$('preview-requirements').innerHTML = `<li class="loading">${esc(t('checker.loading'))}</li>`;
loadChecker().then((loaded) => {
  twofold = loaded;
  $('try-strength').innerHTML = meterMarkup(t('strength.title'));
  $('try-strength').hidden = false;
  $('preset').disabled = false;
  preview();
  document.body.dataset.checker = 'ready';
}, () => $('preview-requirements').replaceChildren());
policyForm.addEventListener('input', preview);
$('try').addEventListener('input', preview);
$('preset').addEventListener('change', () => {
  const name = $('preset').value;
  if (!name || !twofold) return;
  const twoFactor = name.endsWith('-2fa');
  fillPolicy(twofold.presetPolicy(twoFactor ? name.slice(0, -4) : name, { twoFactor, bannedWords: draftPolicy().bannedWords ?? [] }));
  preview();
});
policyForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearRefusal(policyForm);
  try {
    const saved = await api('PUT', '/api/admin/policy', draftPolicy());
    fillPolicy(saved.policy);
    say($('policy-status'), t('admin.saved'), 'ok');
    loadCompliance();
    loadAudit();
  } catch (error) {
    refuse(policyForm, $('policy-status'), error);
  }
});

// ---- settings ----------------------------------------------------------------------------
const SETTINGS = ['graceDays', 'rememberDeviceDays', 'lockoutThreshold', 'lockoutBaseSeconds', 'lockoutMaxSeconds'];
const settingsForm = /** @type {HTMLFormElement} */ (document.getElementById('settings'));
const factorBoxes = () => /** @type {HTMLInputElement[]} */ ([...document.querySelectorAll('#allowedFactors input')]);
/** The settings as loaded: what the form does not show (a fixed grace date…) goes back as it came. */
let loadedSettings = {};
const sms = smsSettings(settingsForm);
/** A fixed grace date is a day in the admin's own time zone, to its end. @param {number | null | undefined} unix */
const graceDate = (unix) => {
  if (!unix) return '';
  const day = new Date(unix * 1000);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
};
/** @param {any} s */
function fillSettings(s) {
  loadedSettings = s;
  $('twoFactorRequired').value = s.twoFactorRequired;
  $('breachCheck').value = s.breachCheck;
  for (const box of factorBoxes()) box.checked = (s.allowedFactors ?? []).includes(box.value);
  for (const id of SETTINGS) $(id).value = s[id];
  $('graceUntil').value = graceDate(s.graceUntil);
  $('ipAllowlist').value = s.ipAllowlist.join('\n');
  $('syslogTarget').value = s.syslogTarget ?? '';
  sms.fill(s.sms);
}
settingsForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearRefusal(settingsForm);
  /** @type {Record<string, any>} */
  const settings = {
    ...loadedSettings,
    twoFactorRequired: $('twoFactorRequired').value,
    breachCheck: $('breachCheck').value,
    allowedFactors: factorBoxes().filter((box) => box.checked).map((box) => box.value),
    ipAllowlist: $('ipAllowlist').value.split('\n').map((n) => n.trim()).filter(Boolean),
    syslogTarget: $('syslogTarget').value.trim() || null,
    graceUntil: $('graceUntil').value ? Date.parse(`${$('graceUntil').value}T23:59:59`) / 1000 : null,
    sms: sms.read(),
  };
  for (const id of SETTINGS) settings[id] = Number($(id).value);
  try {
    fillSettings(await api('PUT', '/api/admin/settings', settings));
    say($('settings-status'), t('admin.saved'), 'ok');
    loadUsers();
    loadAudit();
  } catch (error) {
    refuse(settingsForm, $('settings-status'), error);
  }
});

// A test text goes through the saved settings, so that what is tried is what users get.
const testForm = /** @type {HTMLFormElement} */ (document.getElementById('sms-test'));
testForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearRefusal(testForm);
  say($('sms-test-status'), '');
  try {
    const sent = await api('POST', '/api/admin/sms/test', { phone: $('sms-test-phone').value.trim() });
    say($('sms-test-status'), t('sms.testSent', { to: sent.to, provider: t(`sms.provider.${sent.provider}`) }), 'ok');
    loadAudit();
    loadOutbox();
  } catch (error) {
    refuse(testForm, $('sms-test-status'), error);
  }
});

// ---- tables ------------------------------------------------------------------------------
/** @param {number | null | undefined} time */
const at = (time) => (time ? when(time) : '');

/**
 * Loads a table, saying beside it why when it cannot be (the session may have moved on: a
 * new requirement sends even an admin to enrollment).
 * @param {string} name the table's id, and the prefix of its status element
 * @param {() => Promise<void>} load
 */
async function refresh(name, load) {
  try {
    await load();
    say($(`${name}-status`), '');
  } catch (error) {
    say($(`${name}-status`), errorMessage(error), 'error');
  }
}

const users = usersTable({
  table: $('users'),
  status: $('users-status'),
  dialog: /** @type {HTMLDialogElement} */ (document.getElementById('user-action')),
  invite: /** @type {HTMLFormElement} */ (document.getElementById('invite')),
  self: current.user.id,
  changed: () => { loadAudit(); loadOutbox(); },
});
const loadUsers = () => refresh('users', users);
const loadCompliance = compliance({ changed: () => loadAudit() });
const loadTokens = adminTokens({ changed: () => { loadUsers(); loadAudit(); } });

$('zone').textContent = t('admin.zone', { zone: zone() });
$('events').innerHTML = codes('event').map((code) => `<option value="${esc(code)}">${esc(named('event', code))}</option>`).join('');
let page = 1;
function filters() {
  const query = new URLSearchParams();
  if ($('f-event').value) query.set('event', $('f-event').value.trim());
  if ($('f-email').value) query.set('email', $('f-email').value.trim());
  // A date is a day in the admin's own time zone, as the table shows times.
  if ($('f-since').value) query.set('since', String(Date.parse(`${$('f-since').value}T00:00:00`) / 1000));
  if ($('f-until').value) query.set('until', String(Date.parse(`${$('f-until').value}T23:59:59`) / 1000));
  return query;
}
/** An event's name, with how often it happened when a refusal was repeated. @param {any} e */
const eventName = (e) => (e.repeats > 1 ? t('admin.repeated', { event: named('event', e.event), count: e.repeats }) : named('event', e.event));

const loadAudit = () => refresh('audit', async () => {
  const query = filters();
  /** @type {HTMLAnchorElement} */ (/** @type {unknown} */ ($('export-jsonl'))).href = `/api/admin/audit/export?${new URLSearchParams([...query, ['format', 'jsonl']])}`;
  /** @type {HTMLAnchorElement} */ (/** @type {unknown} */ ($('export-syslog'))).href = `/api/admin/audit/export?${new URLSearchParams([...query, ['format', 'syslog']])}`;
  query.set('page', String(page));
  query.set('perPage', '25');
  const { events, total } = await api('GET', `/api/admin/audit?${query}`);
  const pages = Math.max(1, Math.ceil(total / 25));
  table($('audit'), [
    ['col.time', (e) => when(e.at)], ['col.event', eventName], ['col.email', (e) => e.email],
    ['col.ip', (e) => e.ip], ['col.agent', (e) => e.userAgent],
  ], /** @type {any[]} */ (events), (e) => e.event);
  $('page').textContent = t('admin.page', { page, pages });
  $('prev').disabled = page <= 1;
  $('next').disabled = page >= pages;
});
$('audit-filter').addEventListener('submit', (event) => { event.preventDefault(); page = 1; loadAudit(); });
$('prev').addEventListener('click', () => { page -= 1; loadAudit(); });
$('next').addEventListener('click', () => { page += 1; loadAudit(); });

const loadOutbox = () => refresh('outbox', async () => {
  const { messages } = await api('GET', '/api/admin/outbox');
  table($('outbox'), [
    ['col.time', (m) => when(m.at)], ['col.to', (m) => m.recipient], ['col.subject', (m) => m.subject], ['col.delivered', (m) => at(m.deliveredAt)],
  ], /** @type {any[]} */ (messages));
});

try {
  const [policy, settings] = await Promise.all([api('GET', '/api/admin/policy'), api('GET', '/api/admin/settings')]);
  fillPolicy(policy.policy);
  fillSettings(settings);
  await Promise.all([loadUsers(), loadCompliance(), loadTokens(), loadAudit(), loadOutbox()]);
} catch (error) {
  notice(t('admin.title'), errorMessage(error));
}
ready();
