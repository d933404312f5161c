// The tenant's API tokens, each revocable, and service accounts: users that hold tokens for a
// system (a SIEM pulling the audit log) so that its access outlives whoever set it up. An admin
// makes one with a name and the email of who answers for it, then a token for it; the token
// takes the admin's own password, and a code from their app when the server asks for one. The
// secret is shown once, as the server answers it.
import { api } from './api.js';
import { clearRefusal, errorMessage, refuse, say } from './feedback.js';
import { t } from './i18n.js';
import { scopeChoices, showSecret, tokenRequest, tokenTable } from './token-ui.js';

/**
 * Wires the section; answers the function that loads its table and the service accounts.
 * @param {{ changed: () => void }} parts `changed` reloads what these actions write to (the audit log)
 */
export function adminTokens({ changed }) {
  const $ = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
  const accountForm = /** @type {HTMLFormElement} */ (document.getElementById('service-account'));
  const tokenForm = /** @type {HTMLFormElement} */ (document.getElementById('service-token'));
  scopeChoices(/** @type {HTMLElement} */ (tokenForm.querySelector('[data-field="scopes"]')), true);

  const load = async () => {
    try {
      const [{ tokens }, { users }] = await Promise.all([api('GET', '/api/admin/tokens'), api('GET', '/api/admin/users')]);
      tokenTable({ element: $('tenant-tokens'), status: $('tenant-tokens-status'), tokens, owners: true, path: (k) => `/api/admin/tokens/${k.id}`, revoked: () => { load(); changed(); } });
      const chosen = $('service-token-account').value;
      const accounts = /** @type {{ id: number, email: string, name: string, serviceAccount: boolean }[]} */ (users).filter((u) => u.serviceAccount);
      $('service-token-account').replaceChildren(...accounts.map((u) => new Option(`${u.name} (${u.email})`, String(u.id), false, String(u.id) === chosen)));
      tokenForm.hidden = !accounts.length;
    } catch (error) {
      say($('tenant-tokens-status'), errorMessage(error), 'error');
    }
  };

  accountForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearRefusal(accountForm);
    say($('service-account-status'), '');
    const name = $('service-account-name').value.trim();
    try {
      const made = await api('POST', '/api/admin/service-accounts', { name, email: $('service-account-email').value.trim() });
      $('service-account-name').value = '';
      $('service-account-email').value = '';
      await load();
      $('service-token-account').value = String(made.id);
      say($('service-account-status'), t('service.made', { name: made.name }), 'ok');
      changed();
    } catch (error) {
      refuse(accountForm, $('service-account-status'), error);
    }
  });

  tokenForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = $('service-token-status');
    const request = tokenRequest(tokenForm, status);
    if (!request) return;
    const code = $('service-token-code').value.trim();
    try {
      const created = await api('POST', `/api/admin/service-accounts/${$('service-token-account').value}/tokens`, {
        ...request, password: $('service-token-password').value, ...(code ? { code } : {}),
      });
      for (const id of ['service-token-name', 'service-token-password', 'service-token-code']) $(id).value = '';
      $('service-token-code-field').hidden = true;
      await load();
      changed();
      await showSecret($('service-token-output'), created);
      say(status, t('token.ready', { name: created.token.name }), 'ok');
    } catch (error) {
      // A second factor is asked for only when the admin has one and has not proved it lately.
      if (/** @type {any} */ (error).code === 'step_up_required') {
        $('service-token-code-field').hidden = false;
        say(status, errorMessage(error), 'warn');
        $('service-token-code').focus();
      } else {
        refuse(tokenForm, status, error);
      }
    }
  });
  return load;
}
