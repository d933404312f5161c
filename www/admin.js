// Tenant administration: the policy editor with presets and a live preview, security
// settings, users, the audit log with filters and exports, and the outbox.
import { PasswordChecker, presetPolicy } from '/twofold/js/browser.js';
import { api } from './api.js';
import { errorMessage, language, t, when } from './i18n.js';
import { frame, go, ready, say } from './layout.js';
import { METER, esc, renderChecklist, renderRequirements, renderStrength } from './password-ui.js';

const current = await frame();
const $ = (id) => document.getElementById(id);
if (current.stage !== 'full' || current.user.role !== 'admin') await go('signin.html');

// ---- the policy editor -------------------------------------------------------------------
const NUMBERS = ['minLength', 'maxLength', 'minScore', 'maxRepeatedChars', 'maxAgeDays', 'historyCount'];
const CLASSES = ['lowercase', 'uppercase', 'digit', 'symbol'];

function fillPolicy(policy) {
  for (const id of NUMBERS) $(id).value = policy[id] ?? '';
  for (const id of CLASSES) $(id).value = policy.classes?.[id] ?? '';
  $('rejectPersonalData').checked = Boolean(policy.rejectPersonalData);
  $('bannedWords').value = (policy.bannedWords ?? []).join('\n');
}

/** The draft policy as the form holds it (empty fields are left out). */
function draftPolicy() {
  const policy = {};
  for (const id of NUMBERS) if ($(id).value !== '') policy[id] = Number($(id).value);
  const classes = {};
  for (const id of CLASSES) if ($(id).value !== '' && Number($(id).value) > 0) classes[id] = Number($(id).value);
  if (Object.keys(classes).length) policy.classes = classes;
  if ($('rejectPersonalData').checked) policy.rejectPersonalData = true;
  const words = $('bannedWords').value.split('\n').map((w) => w.trim()).filter(Boolean);
  if (words.length) policy.bannedWords = words;
  return policy;
}

$('try-strength').innerHTML = METER;
function preview() {
  try {
    const checker = new PasswordChecker(draftPolicy(), language());
    renderRequirements($('preview-requirements'), checker.requirements());
    const verdict = checker.check($('try').value, { tenant: current.tenant.name });
    if ($('try').value) renderChecklist($('try-checklist'), verdict); else $('try-checklist').innerHTML = '';
    renderStrength($('try-strength'), verdict, (time) => t('strength.crack', { time }));
    say($('status'), '');
  } catch (error) {
    $('preview-requirements').innerHTML = `<li class="unmet">${esc(error.message)}</li>`;
  }
}
$('policy').addEventListener('input', preview);
$('try').addEventListener('input', preview);
$('preset').addEventListener('change', () => {
  const name = $('preset').value;
  if (!name) return;
  const twoFactor = name.endsWith('-2fa');
  fillPolicy(presetPolicy(twoFactor ? name.slice(0, -4) : name, { twoFactor, bannedWords: draftPolicy().bannedWords ?? [] }));
  preview();
});
$('policy').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const saved = await api('PUT', '/api/admin/policy', draftPolicy());
    fillPolicy(saved.policy);
    say($('status'), t('admin.saved'), 'ok');
    loadAudit();
  } catch (error) {
    say($('status'), error.body?.message ?? errorMessage(error), 'error');
  }
});
fillPolicy((await api('GET', '/api/admin/policy')).policy);
preview();

// ---- settings ----------------------------------------------------------------------------
const SETTINGS = ['graceDays', 'rememberDeviceDays', 'lockoutThreshold', 'lockoutBaseSeconds', 'lockoutMaxSeconds'];
function fillSettings(s) {
  $('twoFactorRequired').checked = s.twoFactorRequired;
  for (const id of SETTINGS) $(id).value = s[id];
  $('ipAllowlist').value = s.ipAllowlist.join('\n');
  $('syslogTarget').value = s.syslogTarget ?? '';
}
fillSettings(await api('GET', '/api/admin/settings'));
$('settings').addEventListener('submit', async (event) => {
  event.preventDefault();
  const settings = { twoFactorRequired: $('twoFactorRequired').checked, ipAllowlist: $('ipAllowlist').value.split('\n').map((n) => n.trim()).filter(Boolean), syslogTarget: $('syslogTarget').value.trim() || null };
  for (const id of SETTINGS) settings[id] = Number($(id).value);
  try {
    fillSettings(await api('PUT', '/api/admin/settings', settings));
    say($('status'), t('admin.saved'), 'ok');
    loadUsers();
    loadAudit();
  } catch (error) {
    say($('status'), error.body?.message ?? errorMessage(error), 'error');
  }
});

// ---- tables ------------------------------------------------------------------------------
function table(element, columns, rows) {
  element.innerHTML = `<thead><tr>${columns.map(([key]) => `<th scope="col">${esc(t(key))}</th>`).join('')}</tr></thead>`
    + `<tbody>${rows.map((row) => `<tr>${columns.map(([, cell]) => `<td>${esc(cell(row) ?? '')}</td>`).join('')}</tr>`).join('')}</tbody>`;
}

async function loadUsers() {
  const { users } = await api('GET', '/api/admin/users');
  table($('users'), [
    ['col.email', (u) => u.email], ['col.name', (u) => u.name], ['col.role', (u) => u.role],
    ['col.twofa', (u) => t(u.twoFactorEnabled ? 'yes' : 'no')], ['col.codes', (u) => (u.twoFactorEnabled ? u.recoveryCodesLeft : '')],
    ['col.deadline', (u) => (u.twoFactorDeadline ? when(u.twoFactorDeadline) : '')], ['col.locked', (u) => (u.lockedUntil ? when(u.lockedUntil) : '')],
  ], users);
}

let page = 1;
function filters() {
  const query = new URLSearchParams();
  if ($('f-event').value) query.set('event', $('f-event').value.trim());
  if ($('f-email').value) query.set('email', $('f-email').value.trim());
  if ($('f-since').value) query.set('since', String(Date.parse($('f-since').value) / 1000));
  if ($('f-until').value) query.set('until', String(Date.parse($('f-until').value) / 1000 + 86399));
  return query;
}
async function loadAudit() {
  const query = filters();
  $('export-jsonl').href = `/api/admin/audit/export?${new URLSearchParams([...query, ['format', 'jsonl']])}`;
  $('export-syslog').href = `/api/admin/audit/export?${new URLSearchParams([...query, ['format', 'syslog']])}`;
  query.set('page', String(page));
  query.set('perPage', '25');
  const { events, total } = await api('GET', `/api/admin/audit?${query}`);
  const pages = Math.max(1, Math.ceil(total / 25));
  table($('audit'), [
    ['col.time', (e) => when(e.at)], ['col.event', (e) => e.event], ['col.email', (e) => e.email], ['col.ip', (e) => e.ip], ['col.agent', (e) => e.userAgent],
  ], events);
  $('page').textContent = t('admin.page', { page, pages });
  $('prev').disabled = page <= 1;
  $('next').disabled = page >= pages;
  const names = new Set([...$('events').options].map((o) => o.value));
  for (const e of events) if (!names.has(e.event)) $('events').insertAdjacentHTML('beforeend', `<option value="${esc(e.event)}">`);
}
$('audit-filter').addEventListener('submit', (event) => { event.preventDefault(); page = 1; loadAudit(); });
$('prev').addEventListener('click', () => { page -= 1; loadAudit(); });
$('next').addEventListener('click', () => { page += 1; loadAudit(); });

async function loadOutbox() {
  const { messages } = await api('GET', '/api/admin/outbox');
  table($('outbox'), [
    ['col.time', (m) => when(m.at)], ['col.to', (m) => m.recipient], ['col.subject', (m) => m.subject], ['col.delivered', (m) => (m.deliveredAt ? when(m.deliveredAt) : '')],
  ], messages);
}
await Promise.all([loadUsers(), loadAudit(), loadOutbox()]);
ready();
