// The user's API tokens: listed with their state, made with a name, the scopes the user may
// give and a life in days, and revoked. Making one takes the password every time, and a
// second factor when the server asks for one (a token outlives the session and skips 2FA, so
// a borrowed cookie alone must not mint one). The secret is shown once, as the server answers
// it; the list shows only its first characters.
import { api } from './api.js';
import { errorMessage, refuse, say } from './feedback.js';
import { t } from './i18n.js';
import { scopeChoices, showSecret, tokenRequest, tokenTable } from './token-ui.js';

/**
 * Wires the tokens section; answers the function that loads its table.
 * @param {{ admin: boolean, sensitive: ReturnType<typeof import('./step-up.js').stepUp> }} parts
 *   `admin` says whether the user may give the administrative scopes
 */
export function accountTokens({ admin, sensitive }) {
  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const form = /** @type {HTMLFormElement} */ ($('token-form'));
  const status = $('token-status');
  // With no scope the user may give, there is no token to make.
  const none = !scopeChoices(/** @type {HTMLElement} */ (form.querySelector('[data-field="scopes"]')), admin);
  form.hidden = none;
  $('token-none').hidden = !none;

  const load = async () => {
    try {
      const { tokens } = await api('GET', '/api/me/tokens');
      tokenTable({ element: $('tokens'), status: $('tokens-status'), tokens, owners: false, path: (k) => `/api/me/tokens/${k.id}`, revoked: load });
      $('tokens-block').hidden = !tokens.length;
    } catch (error) {
      say($('tokens-status'), errorMessage(error), 'error');
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const request = tokenRequest(form, status);
    if (!request) return;
    try {
      const created = await sensitive(({ password, code, recoveryCode }) => api('POST', '/api/me/tokens', {
        ...request, password: password ?? '', ...(code ? { code } : {}), ...(recoveryCode ? { recoveryCode } : {}),
      }), { password: true, near: form, label: t('token.password') });
      /** @type {HTMLInputElement} */ (form.querySelector('[data-field="name"]')).value = '';
      await load();
      await showSecret($('token-output'), created);
      say(status, t('token.ready', { name: created.token.name }), 'ok');
    } catch (error) {
      refuse(form, status, error);
    }
  });
  return load;
}
