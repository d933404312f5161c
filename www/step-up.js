// The proof a sensitive action may need (adding or removing an authenticator, showing the QR
// code again, new recovery codes, a new device, turning 2FA off). The server takes the action
// as it is for a few minutes after a second factor was proved in this session, so it is
// first tried without one; only when the server asks for a proof does the proof form open,
// with the server's words, and what is typed there goes with the action when it is tried
// again. Showing the QR code also takes the password, every time: its form opens at once,
// and so does making an API token's, beside the form it asks for.
import { clearRefusal, refuse, say } from './feedback.js';

/** @typedef {{ code?: string, recoveryCode?: string, password?: string }} Proof */
/**
 * @typedef {object} Options
 * @property {boolean} [password] the action also takes the password
 * @property {boolean} [recovery] a recovery code may stand for the code
 * @property {Element} [near] where the form opens, right after (the action's own form, when
 *   it is far from the form's place in the page)
 * @property {string} [label] what the password field is called, when not what the page says
 */

/** The fields of the proof form, as refusals name them. */
const PROOF_FIELDS = ['code', 'recoveryCode', 'password'];

/** Whether a refusal names a field of the action's own form (a phone number, a name). @param {any} error */
const elsewhere = (error) => typeof error?.body?.field === 'string' && !PROOF_FIELDS.includes(error.body.field);

/**
 * Wires the proof form; answers `sensitive(action, options)`, which resolves with what the
 * action answered once it is through, and rejects with any refusal that is not about the
 * proof (the caller shows it beside its own fields). A cancelled action never settles.
 * @param {HTMLFormElement} form with `#proof-code`, `#proof-recovery`, `#proof-password`
 * @param {HTMLElement} status the form's status line
 */
export function stepUp(form, status) {
  const $ = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (form.querySelector(`#${id}`));
  /** @type {{ action: (proof: Proof) => Promise<any>, options: Options, resolve: (value: any) => void, reject: (error: unknown) => void } | null} */
  let pending = null;
  // Where the form goes back to after opening elsewhere, and what its password is called there.
  const home = document.createComment('proof');
  form.before(home);
  const passwordLabel = /** @type {HTMLElement} */ (form.querySelector('label[for="proof-password"]'));
  const homeLabel = passwordLabel.textContent ?? '';

  const close = () => {
    pending = null;
    form.hidden = true;
    clearRefusal(form);
    say(status, '');
    for (const id of ['proof-code', 'proof-recovery', 'proof-password']) $(id).value = '';
  };

  /** Opens the form for `options`, with the code fields when `codes`. @param {Options} options @param {boolean} codes */
  const open = (options, codes) => {
    (options.near ?? home).after(form);
    passwordLabel.textContent = options.label ?? homeLabel;
    form.hidden = false;
    $('proof-password-field').hidden = !options.password;
    $('proof-codes').hidden = !codes;
    $('proof-recovery-field').hidden = !(options.recovery ?? true);
    (codes ? $('proof-code') : $('proof-password')).focus();
  };

  /** What is typed: the password when asked for, and a code or else a recovery code. */
  const typed = () => {
    /** @type {Proof} */
    const proof = {};
    const options = pending?.options ?? {};
    if (options.password) proof.password = $('proof-password').value;
    const code = $('proof-code').value.trim();
    const recovery = $('proof-recovery').value.trim();
    if (code) proof.code = code;
    else if (recovery && (options.recovery ?? true)) proof.recoveryCode = recovery;
    return proof;
  };

  /** Tries the pending action with `proof`. @param {Proof} proof */
  const attempt = async (proof) => {
    const tried = pending;
    if (!tried) return;
    clearRefusal(form);
    say(status, '');
    try {
      const result = await tried.action(proof);
      close();
      tried.resolve(result);
    } catch (error) {
      const code = /** @type {any} */ (error)?.code;
      if (code === 'step_up_required') {
        open(tried.options, true);
        say(status, /** @type {any} */ (error).body?.message ?? '', 'warn');
      } else if (!form.hidden && !elsewhere(error)) {
        refuse(form, status, error);
      } else {
        close();
        tried.reject(error);
      }
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    attempt(typed());
  });
  $('proof-cancel').addEventListener('click', close);

  /**
   * @template T
   * @param {(proof: Proof) => Promise<T>} action
   * @param {Options} [options]
   * @returns {Promise<T>}
   */
  return function sensitive(action, options = {}) {
    close();
    return new Promise((resolve, reject) => {
      pending = { action, options, resolve, reject };
      if (options.password) open(options, false);
      else attempt({});
    });
  };
}
