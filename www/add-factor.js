// Adding an authenticator: an app (named, so that a phone and a tablet can both be added),
// the account's email address, or a phone number for SMS. An app shows its key and asks for
// its first code; email and SMS get a code sent and a field to type it back, which is what
// proves the address or the number. The app is offered first and always when the tenant
// allows it; email and SMS say what NIST SP 800-63B-4 says of them before anything is sent.
// The first authenticator turns 2FA on and brings recovery codes, shown once.
import { api } from './api.js';
import { holdButton, retryAfter } from './countdown.js';
import { showEnrollment, showRecoveryCodes } from './enroll-ui.js';
import { clearRefusal, refuse, say } from './feedback.js';
import { t, unbroken } from './i18n.js';
import { esc } from './password-ui.js';

/** @typedef {'totp' | 'email' | 'sms'} Kind */
/** @typedef {import('./step-up.js').Proof} Proof */
/** @typedef {<T>(action: (proof: Proof) => Promise<T>) => Promise<T>} Run a request, with the step-up the server may ask for */
/** @typedef {{ account: string, site: string }} Owner */

/** The order they are offered in: the strongest first. */
export const KINDS = /** @type {Kind[]} */ (['totp', 'email', 'sms']);

/** A direct run, for a user with nothing to prove yet (2FA still off). @type {Run} */
export const direct = (action) => action({});

/**
 * Starts adding one: the request with what the step-up asked for.
 * @param {Run} run
 * @param {{ type: Kind, name?: string, phone?: string }} request
 * @returns {Promise<{ factor: import('./factor-list.js').Factor, secret?: string, uri?: string }>}
 */
const start = (run, request) => run((proof) => api('POST', '/api/me/factors', { ...request, ...proof }));

/** @param {number} id @param {string} code */
const confirm = (id, code) => api('POST', `/api/me/factors/${id}/confirm`, { code });

/**
 * After the first code: the recovery codes when this one turned 2FA on; resolves with the
 * confirmation once they are saved.
 * @param {HTMLElement} output
 * @param {any} confirmed
 * @param {Owner} owner
 */
async function finish(output, confirmed, owner) {
  if (confirmed.recoveryCodes?.length) await showRecoveryCodes(output, confirmed.recoveryCodes, owner);
  output.replaceChildren();
  return confirmed;
}

/**
 * Starts adding an app named `name`: its key, the same one again while it waits (for the
 * same name; unnamed, the server names it and shows whichever is waiting).
 * @param {string | undefined} name
 * @param {Run} run
 */
export const startApp = (name, run) => start(run, { type: 'totp', ...(name ? { name } : {}) });

/**
 * Shows the key of an app being added and asks for its first code.
 * @param {HTMLElement} output
 * @param {Awaited<ReturnType<typeof startApp>>} started
 * @param {Owner} owner
 */
export async function confirmApp(output, started, owner) {
  const confirmed = await showEnrollment(output, /** @type {{ uri: string }} */ (started), (code) => confirm(started.factor.id, code));
  return finish(output, confirmed, owner);
}

/**
 * Asks for the code sent for `factor`, with "send a new code" (which starts again, so that
 * a code that never came is replaced); resolves with the confirmation.
 * @param {HTMLElement} output
 * @param {import('./factor-list.js').Factor} factor
 * @param {() => ReturnType<typeof start>} again
 * @param {number} level the panel's heading level, where `output` stands
 * @returns {Promise<any>}
 */
function askSentCode(output, factor, again, level) {
  output.innerHTML = `
    <section class="sent" aria-labelledby="sent-title">
      <h${level} id="sent-title">${esc(t(`add.${factor.type}.confirmTitle`))}</h${level}>
      <form id="confirm-sent" method="post" novalidate>
        <p id="sent-to" class="status info"></p>
        <label for="sent-code">${esc(t('add.code'))}</label>
        <input id="sent-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="8" aria-describedby="sent-to">
        <p class="actions">
          <button type="submit">${esc(t('add.confirm'))}</button>
          <button type="button" id="resend" class="secondary">${esc(t('add.resend'))}</button>
        </p>
        <div id="sent-status" class="status" role="alert" hidden></div>
      </form>
    </section>`;
  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (output.querySelector(`#${id}`));
  const form = /** @type {HTMLFormElement} */ ($('confirm-sent'));
  const code = /** @type {HTMLInputElement} */ ($('sent-code'));
  let id = factor.id;
  const sentTo = (/** @type {string} */ address) => { $('sent-to').textContent = t('add.sent', { address: unbroken(address) }); };
  sentTo(factor.address ?? '');
  code.focus();
  $('resend').addEventListener('click', async () => {
    clearRefusal(form);
    say($('sent-status'), '');
    try {
      const started = await again();
      id = started.factor.id;
      sentTo(started.factor.address ?? '');
      say($('sent-status'), t('add.resent'), 'info');
      code.focus();
    } catch (error) {
      refuse(form, $('sent-status'), error);
      const wait = retryAfter(error);
      if (wait) holdButton(/** @type {HTMLButtonElement} */ ($('resend')), wait, (seconds) => t('add.resendIn', { seconds }));
    }
  });
  return new Promise((resolve) => {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearRefusal(form);
      say($('sent-status'), '');
      try {
        resolve(await confirm(id, code.value.trim()));
      } catch (error) {
        refuse(form, $('sent-status'), error);
      }
    });
  });
}

/**
 * Adds the account's email address, or the phone number `phone`: a code is sent to it,
 * and typed back.
 * @param {HTMLElement} output
 * @param {{ type: 'email' | 'sms', name: string, phone?: string }} request
 * @param {Run} run
 * @param {Owner} owner
 * @param {number} level the heading level of what is shown in `output`
 */
export async function addSent(output, request, run, owner, level) {
  const started = await start(run, request);
  const confirmed = await askSentCode(output, started.factor, () => start(run, request), level);
  return finish(output, confirmed, owner);
}

/**
 * The form that adds one kind, at heading `level`.
 * @param {Kind} kind
 * @param {number} level
 * @param {string} email the account's address, where emailed codes go
 */
function formMarkup(kind, level, email) {
  const heading = `h${level}`;
  const fields = {
    totp: `<label for="totp-name">${esc(t('add.totp.name'))}</label>
        <input id="totp-name" name="name" autocomplete="off" maxlength="60" aria-describedby="add-totp-help">`,
    email: '',
    sms: `<label for="phone">${esc(t('add.sms.phone'))}</label>
        <input id="phone" name="phone" type="tel" autocomplete="tel" inputmode="tel" aria-describedby="add-sms-help">`,
  }[kind];
  return `
      <form id="add-${kind}" class="add" method="post" novalidate aria-labelledby="add-${kind}-title">
        <${heading} id="add-${kind}-title">${esc(t(`add.${kind}.title`))}</${heading}>
        <p id="add-${kind}-help" class="${kind === 'totp' ? '' : 'factor-note'}">${esc(t(`add.${kind}.help`, { email }))}</p>
        ${fields}
        <button type="submit">${esc(t(`add.${kind}.submit`))}</button>
        <div id="add-${kind}-status" class="status" role="alert" hidden></div>
      </form>`;
}

/**
 * The forms that add each of `kinds`, in `container`; what they start goes to `output`.
 * `added` is told of each authenticator once its first code is in (and its recovery codes,
 * when it brought some, were saved).
 * @param {HTMLElement} container
 * @param {HTMLElement} output
 * @param {{ kinds: Kind[], level: number, outputLevel: number, email: string, run: Run, owner: Owner, added: (confirmed: any) => void }} options
 *   `level` is the forms' heading level, `outputLevel` that of what `output` shows
 */
export function addForms(container, output, { kinds, level, outputLevel, email, run, owner, added }) {
  container.innerHTML = KINDS.filter((kind) => kinds.includes(kind)).map((kind) => formMarkup(kind, level, email)).join('');
  for (const kind of kinds) {
    const form = /** @type {HTMLFormElement | null} */ (container.querySelector(`#add-${kind}`));
    if (!form) continue;
    const status = /** @type {HTMLElement} */ (form.querySelector(`#add-${kind}-status`));
    const value = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (form.querySelector(`#${id}`)).value.trim();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearRefusal(form);
      say(status, '');
      // A name in the page's language when none is typed: the server would name it in the
      // language the account was made in.
      const name = (kind === 'totp' && value('totp-name')) || t(`factor.defaultName.${kind}`);
      try {
        const confirmed = kind === 'totp'
          ? await confirmApp(output, await startApp(name, run), owner)
          : await addSent(output, { type: kind, name, ...(kind === 'sms' ? { phone: value('phone') } : {}) }, run, owner, outputLevel);
        form.reset();
        added(confirmed);
      } catch (error) {
        refuse(form, status, error);
      }
    });
  }
}
