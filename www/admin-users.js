// The tenant's users and what an admin does for them: invite one (a card: email, name, role,
// and a login and phone if wanted), send the invitation again or revoke it, disable or
// enable an account, make someone an administrator or a member, reset the second factor of a
// member who lost it (a reason is required: it is audited and mailed to them, and the server
// takes it only from an admin who proved their own second factor in this session, never for
// themselves), and unlock an account locked by failed attempts. What changes someone's
// access asks in a dialog that says what will happen before it does; the server's refusals
// (oneself, the last administrator) are shown at the action that was refused, in the
// page's language as the server words them.
import { api } from './api.js';
import { clearRefusal, errorMessage, refuse, say } from './feedback.js';
import { language, named, t, when } from './i18n.js';
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
 * @property {'invited' | 'active' | 'disabled'} status
 * @property {string | null} login
 * @property {number | null} invitationExpiresAt
 */

/** What each action asks and sends. */
const ACTIONS = {
  reset: { path: 'reset-2fa', reason: 'admin.reason', required: true },
  unlock: { path: 'unlock', reason: 'admin.reasonOptional', required: false },
  disable: { path: 'disable', reason: 'admin.reasonOptional', required: false },
  enable: { path: 'enable', reason: 'admin.reasonOptional', required: false },
};

/** What a user's status says, with how long an invitation still works. @param {UserSummary} user */
function statusOf(user) {
  if (user.status !== 'invited') return t(`status.${user.status}`);
  const until = user.invitationExpiresAt;
  return until && until * 1000 > Date.now() ? t('status.invited', { time: when(until) }) : t('status.invitedLapsed');
}

/** @param {number | null | undefined} time */
const at = (time) => (time ? when(time) : '');

/**
 * Wires the users table and its dialog; answers the function that loads the table.
 * @param {{ table: HTMLElement, status: HTMLElement, dialog: HTMLDialogElement, invite: HTMLFormElement, self: number, changed: () => void }} parts
 *   `self` is the admin's own id (no reset for them); `changed` reloads what an action writes to
 */
export function usersTable({ table: element, status, dialog, invite, self, changed }) {
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

  // The invitation card: refused fields are marked where they are (the server names them).
  const field = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (invite.querySelector(`[data-field="${name}"]`));
  invite.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearRefusal(invite);
    const inviteStatus = /** @type {HTMLElement} */ (invite.querySelector('.status'));
    say(inviteStatus, '');
    /** @type {Record<string, string>} */
    const card = { email: field('email').value.trim(), name: field('name').value.trim(), role: field('role').value, locale: language() };
    for (const optional of ['login', 'phone']) if (field(optional).value.trim()) card[optional] = field(optional).value.trim();
    try {
      await api('POST', '/api/admin/users', card);
      say(inviteStatus, t('admin.invite.done', { email: card.email }), 'ok');
      for (const name of ['email', 'name', 'login', 'phone']) field(name).value = '';
      await load();
      changed();
    } catch (error) {
      refuse(invite, inviteStatus, error);
    }
  });

  /**
   * An action done at once from its button (resending, revoking, a role): the outcome in the
   * users' status line, a refusal beside the button itself.
   * @param {HTMLButtonElement} button
   * @param {() => Promise<unknown>} send
   * @param {string} done what to say once done
   */
  const now = async (button, send, done) => {
    const cell = /** @type {HTMLElement} */ (button.parentElement);
    cell.querySelector('.field-error')?.remove();
    button.removeAttribute('aria-describedby');
    try {
      await send();
      say(status, done, 'ok');
      await load();
      changed();
    } catch (error) {
      const note = Object.assign(document.createElement('p'), { className: 'field-error', id: `${button.id}-error`, textContent: errorMessage(error) });
      note.setAttribute('role', 'alert');
      cell.append(note);
      button.setAttribute('aria-describedby', note.id);
      button.focus();
    }
  };

  /**
   * A row's buttons: the invitation's for a card, disable or enable, the other role, reset for
   * a member with a second factor, unlock for a locked account. The admin's own row has them
   * too where the server has a rule to say why not (oneself, the last administrator).
   * @param {UserSummary} user
   */
  const actions = (user) => {
    const cell = document.createElement('span');
    cell.className = 'row-actions';
    /** @param {string} action @param {() => void} click */
    const button = (action, click) => {
      const b = Object.assign(document.createElement('button'), { type: 'button', className: 'secondary', id: `${action.replace('.', '-')}-${user.id}`, textContent: t(`admin.${action}.button`) });
      b.setAttribute('aria-label', t(`admin.${action}.named`, { email: user.email }));
      b.addEventListener('click', click);
      cell.append(b, ' ');
      return b;
    };
    /** @param {keyof typeof ACTIONS} action */
    const asking = (action) => button(action, () => ask(action, user));
    if (user.status === 'invited') {
      const resend = button('resend', () => now(resend, () => api('POST', `/api/admin/users/${user.id}/invitation`, {}), t('admin.resend.done', { email: user.email })));
      if (user.invitationExpiresAt && user.invitationExpiresAt * 1000 > Date.now()) {
        const revoke = button('revoke', () => now(revoke, () => api('DELETE', `/api/admin/users/${user.id}/invitation`), t('admin.revoke.done', { email: user.email })));
      }
    }
    asking(user.status === 'disabled' ? 'enable' : 'disable');
    const other = user.role === 'admin' ? 'member' : 'admin';
    const role = button(`role.${other}`, () => now(role, () => api('PUT', `/api/admin/users/${user.id}/role`, { role: other }), t('admin.role.done', { email: user.email, role: named('role', other) })));
    if (user.twoFactorEnabled && user.id !== self) asking('reset');
    if (user.lockedUntil && user.lockedUntil * 1000 > Date.now()) asking('unlock');
    return cell;
  };

  const load = async () => {
    const { users } = await api('GET', '/api/admin/users');
    table(element, [
      ['col.email', (u) => u.email], ['col.name', (u) => u.name], ['col.login', (u) => u.login ?? ''], ['col.status', statusOf],
      ['col.role', (u) => named('role', u.role)],
      ['col.twofa', (u) => t(u.twoFactorEnabled ? 'yes' : 'no')], ['col.codes', (u) => (u.twoFactorEnabled ? u.recoveryCodesLeft : '')],
      ['col.deadline', (u) => at(u.twoFactorDeadline)], ['col.locked', (u) => at(u.lockedUntil)], ['col.actions', actions],
    ], /** @type {UserSummary[]} */ (users), (u) => u.email);
  };
  return load;
}
