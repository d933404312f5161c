// How the tenant's people stand against its password policy since it last changed: new
// rules apply to new passwords, so the server judges each password again at its owner's next
// sign-in and counts those that pass, those that fail, and those not judged yet. An admin
// may then make the failing ones (and the unknown, if asked) choose a new password at their
// next sign-in; the page says first what that does, and then how many it marked.
import { api } from './api.js';
import { confirmed } from './confirm.js';
import { clearRefusal, errorMessage, refuse, say } from './feedback.js';
import { t, when } from './i18n.js';

/**
 * @typedef {object} Standing `GET /api/admin/policy/compliance`
 * @property {number} policyVersion
 * @property {number | null} policyChangedAt
 * @property {number} active
 * @property {number} passing
 * @property {number} failing
 * @property {number} unknown
 */

/**
 * Wires the compliance section; answers the function that reads the counts again (after the
 * policy is saved, say).
 * @param {{ changed: () => void }} parts `changed` reloads what requiring a change writes to (the audit log)
 */
export function compliance({ changed }) {
  const $ = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
  const form = /** @type {HTMLFormElement} */ (document.getElementById('compliance'));
  /** @type {Standing | null} */
  let standing = null;

  const load = async () => {
    try {
      standing = /** @type {Standing} */ (await api('GET', '/api/admin/policy/compliance'));
      for (const count of /** @type {const} */ (['passing', 'failing', 'unknown'])) $(`compliance-count-${count}`).textContent = String(standing[count]);
      $('compliance-since').textContent = standing.policyChangedAt
        ? t('compliance.since', { version: standing.policyVersion, time: when(standing.policyChangedAt) })
        : t('compliance.unchanged');
      $('compliance-counts').hidden = false;
    } catch (error) {
      say($('compliance-status'), errorMessage(error), 'error');
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearRefusal(form);
    say($('compliance-status'), '');
    const unknownToo = $('compliance-unknown').checked;
    const count = (standing?.failing ?? 0) + (unknownToo ? standing?.unknown ?? 0 : 0);
    const yes = await confirmed({ title: t('compliance.confirmTitle'), help: t('compliance.confirmHelp', { count }), submit: t('compliance.require') });
    if (!yes) return;
    try {
      const { marked } = await api('POST', '/api/admin/policy/compliance/require-change', { includeUnknown: unknownToo });
      say($('compliance-status'), t('compliance.marked', { count: marked }), 'ok');
      await load();
      changed();
    } catch (error) {
      refuse(form, $('compliance-status'), error);
    }
  });
  $('compliance-refresh').addEventListener('click', load);
  return load;
}
