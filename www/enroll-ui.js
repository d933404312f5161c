// The panels of two-factor enrollment, shared by the enrollment page and the account page:
// a key (QR code, image to save, key to type), the confirmation, and the one-time display of
// recovery codes. They need only the one-time-password half of the package.
//
// The confirmation step does not show the code to type, or confirming would prove nothing;
// after a wrong try, "Having trouble?" shows what the app should display now, so a user can
// tell a clock that is off from a key that was mistyped.
import { parseOtpauthUri, qrSvg, totp } from '/twofold/js/otp-browser.js';
import { clearRefusal, refuse } from './feedback.js';
import { t, when } from './i18n.js';
import { esc } from './password-ui.js';

/** Who the codes and keys are for: the account, and the site as people know it. */
/** @typedef {{ account: string, site: string }} Owner */

/**
 * The key of an `otpauth://` URI, three ways: a QR code, the image to keep, the key to type.
 * @param {string} uri
 * @returns {string} markup; wire it with `wireKey`
 */
export function keyMarkup(uri) {
  const grouped = (parseOtpauthUri(uri).secret.match(/.{1,4}/g) ?? []).join(' ');
  return `
      <div class="qr" id="qr">${qrSvg(uri, { title: t('enroll.qrTitle') })}</div>
      <p><a id="save-qr" class="button secondary" download="twofold-qr.svg">${esc(t('enroll.saveQr'))}</a></p>
      <p>${esc(t('enroll.manual'))} <code id="secret" class="secret">${esc(grouped)}</code>
        <button type="button" id="copy" class="secondary">${esc(t('enroll.copy'))}</button></p>`;
}

/** @param {HTMLElement} container @param {string} uri */
export function wireKey(container, uri) {
  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (container.querySelector(`#${id}`));
  /** @type {HTMLAnchorElement} */ ($('save-qr')).href = URL.createObjectURL(new Blob([qrSvg(uri, { title: t('enroll.qrTitle') })], { type: 'image/svg+xml' }));
  $('copy').addEventListener('click', async () => {
    await navigator.clipboard?.writeText(parseOtpauthUri(uri).secret).catch(() => {});
    $('copy').textContent = t('enroll.copied');
  });
}

/**
 * Shows `{ uri }` in `container` and asks for a code; resolves with the confirmation's answer.
 * @param {HTMLElement} container
 * @param {{ uri: string }} started
 * @param {(code: string) => Promise<any>} confirm sends the code (the app being added's own
 *   confirmation, `/api/me/factors/{id}/confirm`)
 * @returns {Promise<any>}
 */
export function showEnrollment(container, { uri }, confirm) {
  const secret = parseOtpauthUri(uri).secret;
  container.innerHTML = `
    <section class="enroll">
      <p>${esc(t('enroll.scan'))}</p>
      ${keyMarkup(uri)}
      <form id="confirm" method="post" novalidate>
        <label for="confirm-code">${esc(t('enroll.confirm'))}</label>
        <input id="confirm-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="8">
        <button type="submit">${esc(t('enroll.confirmSubmit'))}</button>
        <div id="enroll-status" class="status" role="alert" hidden></div>
      </form>
      <section id="trouble" class="trouble" aria-labelledby="trouble-title" hidden>
        <h2 id="trouble-title">${esc(t('enroll.trouble'))}</h2>
        <p>${esc(t('enroll.troubleNow'))}: <strong id="preview" class="preview"></strong> <span id="left"></span></p>
        <p>${esc(t('enroll.troubleHelp'))}</p>
      </section>
    </section>`;
  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (container.querySelector(`#${id}`));
  wireKey(container, uri);
  const form = /** @type {HTMLFormElement} */ ($('confirm'));
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let timer;
  const tick = () => {
    const { code, remainingSeconds } = totp(secret);
    $('preview').textContent = `${code.slice(0, 3)} ${code.slice(3)}`;
    $('left').textContent = t('enroll.secondsLeft', { seconds: remainingSeconds });
  };
  return new Promise((resolve) => {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearRefusal(form);
      try {
        const result = await confirm(/** @type {HTMLInputElement} */ ($('confirm-code')).value.trim());
        clearInterval(timer);
        resolve(result);
      } catch (error) {
        refuse(form, $('enroll-status'), error);
        if ($('trouble').hidden) {
          $('trouble').hidden = false;
          tick();
          timer = setInterval(tick, 1000);
        }
      }
    });
  });
}

/**
 * Shows recovery codes once, naming the account and the site on screen, on paper and in the
 * file, since a sheet of codes found in a drawer must say what it opens; resolves when the
 * user moves on.
 * @param {HTMLElement} container
 * @param {string[]} codes
 * @param {Owner} owner
 * @returns {Promise<void>}
 */
export function showRecoveryCodes(container, codes, { account, site }) {
  const heading = t('recovery.heading', { account, site });
  const made = t('recovery.made', { time: when(Date.now() / 1000) });
  container.innerHTML = `
    <section class="recovery" aria-labelledby="recovery-title">
      <h2 id="recovery-title">${esc(t('recovery.title'))}</h2>
      <p class="for">${esc(heading)}</p>
      <p>${esc(t('recovery.help'))}</p>
      <ol id="codes" class="codes">${codes.map((c) => `<li><code>${esc(c)}</code></li>`).join('')}</ol>
      <p class="made">${esc(made)}</p>
      <p class="actions">
        <a id="download" class="button secondary" download="recovery-codes.txt">${esc(t('recovery.download'))}</a>
        <button type="button" id="print" class="secondary">${esc(t('recovery.print'))}</button>
        <button type="button" id="done">${esc(t('recovery.continue'))}</button>
      </p>
    </section>`;
  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (container.querySelector(`#${id}`));
  const text = `${heading}\n\n${codes.join('\n')}\n\n${t('recovery.help')}\n${made}\n`;
  /** @type {HTMLAnchorElement} */ ($('download')).href = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  $('print').addEventListener('click', () => window.print());
  $('done').focus();
  return new Promise((resolve) => $('done').addEventListener('click', () => resolve()));
}
