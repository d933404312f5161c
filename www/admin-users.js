// The tenant's users, with what an admin does for one who cannot get in: reset the second
// factor of a member who lost it (a reason is required: it is audited and mailed to them,
// and the server takes it only from an admin who proved their own second factor in this
// session, never for themselves), and unlock an account locked by failed attempts (a reason
// is optional). Each asks in a dialog that says what will happen before it does.
import { api } from './api.js';
import { clearRefusal, refuse, say } from './feedback.js';
import { named, t, when } from './i18n.js';
import { table } from './table.js';

/**
 * @typedef {object} UserSummary a user as `GET /api/admin/users` lists them
 * @property {number} id
 * @property {string} email
 * @property {string} name
 * @property {string} role
 * @property {boolean} twoFactorEnabled
 * @property {number | null} twoFactorDeadline
 * @property {number | null} lockedUntil
 * @property {number} recoveryCodesLeft
 */

/** What each action asks and sends. */
const ACTIONS = {
  reset: { path: 'reset-2fa', reason: 'admin.reason', required: true },
  unlock: { path: 'unlock', reason: 'admin.reasonOptional', required: false },
};

/** @param {number | null | undefined} time */
const at = (time) => (time ? when(time) : '');

/**
 * Wires the users table and its dialog; answers the function that loads the table.
 * @param {{ table: HTMLElement, status: HTMLElement, dialog: HTMLDialogElement, self: number, changed: () => void }} parts
 *   `self` is the admin's own id (no reset for them); `changed` reloads what an action writes to
 */
export function usersTable({ table: element, status, dialog, self, changed }) {
  const form = /** @type {HTMLFormElement} */ (dialog.querySelector('form'));
  const $ = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (dialog.querySelector(`#${id}`));
  /** @type {{ action: keyof typeof ACTIONS, user: UserSummary } | null} */
  let asking = null;

  /** @param {keyof typeof ACTIONS} action @param {UserSummary} user */
  const ask = (action, user) => {
    asking = { action, user };
    clearRefusal(form);
    say($('user-action-status'), '');
    $('user-action-title').textContent = t(`admin.${action}.title`, { email: user.email });
    $('user-action-help').textContent = t(`admin.${action}.help`);
    $('reason-label').textContent = t(ACTIONS[action].reason);
    $('reason').value = '';
    $('user-action-submit').textContent = t(`admin.${action}.submit`);
    dialog.showModal();
    $('reason').focus();
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!asking) return;
    const { action, user } = asking;
    clearRefusal(form);
    const reason = $('reason').value.trim();
    try {
      await api('POST', `/api/admin/users/${user.id}/${ACTIONS[action].path}`, reason || ACTIONS[action].required ? { reason } : {});
      asking = null;
      dialog.close();
      say(status, t(`admin.${action}.done`, { email: user.email }), 'ok');
      await load();
      changed();
    } catch (error) {
      refuse(form, $('user-action-status'), error);
    }
  });
  $('user-action-cancel').addEventListener('click', () => dialog.close());

  /** A row's buttons: reset for a member with a second factor, unlock for a locked account. @param {UserSummary} user */
  const actions = (user) => {
    const cell = document.createElement('span');
    cell.className = 'row-actions';
    /** @param {keyof typeof ACTIONS} action */
    const button = (action) => {
      const b = Object.assign(document.createElement('button'), { type: 'button', className: 'secondary', id: `${action}-${user.id}`, textContent: t(`admin.${action}.button`) });
      b.setAttribute('aria-label', t(`admin.${action}.named`, { email: user.email }));
      b.addEventListener('click', () => ask(action, user));
      cell.append(b, ' ');
    };
    if (user.twoFactorEnabled && user.id !== self) button('reset');
    if (user.lockedUntil && user.lockedUntil * 1000 > Date.now()) button('unlock');
    return cell;
  };

  const load = async () => {
    const { users } = await api('GET', '/api/admin/users');
    table(element, [
      ['col.email', (u) => u.email], ['col.name', (u) => u.name], ['col.role', (u) => named('role', u.role)],
      ['col.twofa', (u) => t(u.twoFactorEnabled ? 'yes' : 'no')], ['col.codes', (u) => (u.twoFactorEnabled ? u.recoveryCodesLeft : '')],
      ['col.deadline', (u) => at(u.twoFactorDeadline)], ['col.locked', (u) => at(u.lockedUntil)], ['col.actions', actions],
    ], /** @type {UserSummary[]} */ (users), (u) => u.email);
  };
  return load;
}
