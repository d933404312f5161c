// API tokens as the account page and the admin page show them: a table of tokens with their
// state and a revoke button each, the request a creation form holds (checked here where the
// browser can say it in the page's words), and the secret, shown the one time the server
// answers it.
import { api } from './api.js';
import { confirmed } from './confirm.js';
import { clearRefusal, errorMessage, refuse, say } from './feedback.js';
import { named, t, when } from './i18n.js';
import { table } from './table.js';

/**
 * @typedef {object} Token a token as `GET /api/me/tokens` and `GET /api/admin/tokens` list them
 * @property {number} id
 * @property {string} name
 * @property {string[]} scopes
 * @property {string} hint the secret's first characters, to tell tokens apart
 * @property {{ id: number, email: string, name: string, serviceAccount: boolean }} owner
 * @property {number} createdAt
 * @property {number} expiresAt
 * @property {number | null} lastUsedAt
 * @property {number | null} revokedAt
 */

/** The scopes the server knows (server/src/model/token.rs), and whether only an administrator may give one. */
const SCOPES = [{ name: 'audit:read', administrative: true }];
/** The longest a token may live, in days, as the server allows. */
const MAX_DAYS = 365;

/** A token's state: revoked, expired, or working until when. @param {Token} token */
function stateOf(token) {
  if (token.revokedAt) return t('token.revoked', { time: when(token.revokedAt) });
  if (token.expiresAt * 1000 <= Date.now()) return t('token.expired', { time: when(token.expiresAt) });
  return t('token.active', { time: when(token.expiresAt) });
}

/**
 * Draws `tokens` in `element`, each working one with a button that revokes it through
 * `path(token)` once the person has said yes; `status` tells what came of it.
 * @param {{ element: HTMLElement, status: HTMLElement, tokens: Token[], owners: boolean, path: (token: Token) => string, revoked: () => void }} parts
 *   `owners` adds whose each token is (the admin's table); `revoked` reloads what a revocation changes
 */
export function tokenTable({ element, status, tokens, owners, path, revoked }) {
  /** @param {Token} token */
  const revoke = (token) => {
    if (token.revokedAt || token.expiresAt * 1000 <= Date.now()) return '';
    const button = Object.assign(document.createElement('button'), { type: 'button', className: 'secondary', id: `revoke-token-${token.id}`, textContent: t('token.revoke') });
    button.setAttribute('aria-label', t('token.revokeNamed', { name: token.name }));
    button.addEventListener('click', async () => {
      const yes = await confirmed({ title: t('token.revokeTitle', { name: token.name }), help: t('token.revokeHelp'), submit: t('token.revoke') });
      if (!yes) {
        button.focus();
        return;
      }
      try {
        await api('DELETE', path(token));
        say(status, t('token.revokeDone', { name: token.name }), 'ok');
        revoked();
      } catch (error) {
        say(status, errorMessage(error), 'error');
      }
    });
    const cell = Object.assign(document.createElement('span'), { className: 'row-actions' });
    cell.append(button);
    return cell;
  };
  /** @type {[string, (token: Token) => unknown][]} */
  const columns = [['col.name', (k) => k.name]];
  if (owners) columns.push(['col.owner', (k) => (k.owner.serviceAccount ? t('token.serviceOwner', { email: k.owner.email }) : k.owner.email)]);
  columns.push(
    ['col.scopes', (k) => k.scopes.map((s) => named('scope', s)).join(', ')], ['col.hint', (k) => `${k.hint}…`],
    ['col.created', (k) => when(k.createdAt)], ['col.lastUsed', (k) => (k.lastUsedAt ? when(k.lastUsedAt) : t('token.neverUsed'))],
    ['col.status', stateOf], ['col.actions', revoke],
  );
  table(element, columns, tokens, (k) => k.name);
}

/**
 * Offers in `fieldset` a box for each scope the person may give, the first checked (today's
 * one scope is what every token is for); answers how many there are.
 * @param {HTMLElement} fieldset
 * @param {boolean} admin whether the person may give the administrative scopes
 */
export function scopeChoices(fieldset, admin) {
  const offered = SCOPES.filter((scope) => admin || !scope.administrative);
  fieldset.append(...offered.map((scope, index) => {
    const label = Object.assign(document.createElement('label'), { className: 'check' });
    label.append(Object.assign(document.createElement('input'), { type: 'checkbox', value: scope.name, checked: index === 0 }), ' ', named('scope', scope.name));
    return label;
  }));
  return offered.length;
}

/**
 * The token a creation form asks for: its name, its scopes (the checked boxes of
 * `[data-field="scopes"]`) and its life in days. An impossible number of days is refused at
 * its field here, since the browser would otherwise send nothing for it and the server make
 * the token for 90; answers null then.
 * @param {HTMLFormElement} form
 * @param {HTMLElement} status the form's status line
 * @returns {{ name: string, scopes: string[], expiresInDays: number } | null}
 */
export function tokenRequest(form, status) {
  const field = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (form.querySelector(`[data-field="${name}"]`));
  clearRefusal(form);
  say(status, '');
  const days = Number(field('expiresInDays').value);
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS || field('expiresInDays').validity.badInput) {
    refuse(form, status, { body: { message: t('token.expiryInvalid', { max: MAX_DAYS }), field: 'expiresInDays' } });
    return null;
  }
  const scopes = [...field('scopes').querySelectorAll('input:checked')].map((box) => /** @type {HTMLInputElement} */ (box).value);
  return { name: field('name').value.trim(), scopes, expiresInDays: days };
}

/**
 * Shows a token just made, its secret with a copy button and the warning that it will not be
 * shown again; resolves once the person says they have kept it, and forgets it then.
 * @param {HTMLElement} container
 * @param {{ token: Token, secret: string }} created
 * @returns {Promise<void>}
 */
export function showSecret(container, { token, secret }) {
  const section = Object.assign(document.createElement('section'), { className: 'once' });
  section.setAttribute('aria-labelledby', 'token-made');
  const heading = Object.assign(document.createElement('h3'), { id: 'token-made', textContent: t('token.made', { name: token.name }) });
  const warning = Object.assign(document.createElement('p'), { id: 'token-once', className: 'status warn', textContent: t('token.once') });
  const value = Object.assign(document.createElement('code'), { id: 'token-secret', className: 'secret', textContent: secret });
  const copy = Object.assign(document.createElement('button'), { type: 'button', id: 'token-copy', className: 'secondary', textContent: t('token.copy') });
  copy.setAttribute('aria-describedby', 'token-once');
  const done = Object.assign(document.createElement('button'), { type: 'button', id: 'token-done', textContent: t('token.kept') });
  const line = document.createElement('p');
  line.append(value, ' ', copy);
  const actions = Object.assign(document.createElement('p'), { className: 'actions' });
  actions.append(done);
  section.append(heading, warning, line, actions);
  container.replaceChildren(section);
  copy.addEventListener('click', async () => {
    await navigator.clipboard?.writeText(secret).catch(() => {});
    copy.textContent = t('enroll.copied');
  });
  copy.focus();
  return new Promise((resolve) => done.addEventListener('click', () => {
    container.replaceChildren();
    resolve();
  }));
}
