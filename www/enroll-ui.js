// The enrollment panel (QR code, key for manual entry, live code preview, confirmation) and
// the one-time display of recovery codes. Used by enrollment and by "my device has changed".
import { qrSvg, totp } from '/twofold/js/browser.js';
import { api } from './api.js';
import { errorMessage, t } from './i18n.js';
import { say } from './layout.js';
import { esc } from './password-ui.js';

/**
 * Shows `{ secret, uri }` in `container`; resolves with the confirmation's answer.
 * @param {HTMLElement} container
 */
export function showEnrollment(container, { secret, uri }) {
  const grouped = secret.match(/.{1,4}/g).join(' ');
  container.innerHTML = `
    <section class="enroll">
      <p>${esc(t('enroll.scan'))}</p>
      <div class="qr" id="qr">${qrSvg(uri, { title: t('enroll.title') })}</div>
      <p><a id="save-qr" class="button secondary" download="twofold-qr.svg">${esc(t('enroll.saveQr'))}</a></p>
      <p>${esc(t('enroll.manual'))} <code id="secret" class="secret">${esc(grouped)}</code>
        <button type="button" id="copy" class="secondary">${esc(t('enroll.copy'))}</button></p>
      <p>${esc(t('enroll.preview'))}: <output id="preview" class="preview"></output> <span id="left"></span></p>
      <form id="confirm" novalidate>
        <label for="confirm-code">${esc(t('enroll.confirm'))}</label>
        <input id="confirm-code" inputmode="numeric" autocomplete="one-time-code" maxlength="8">
        <button type="submit">${esc(t('enroll.confirmSubmit'))}</button>
      </form>
      <div id="enroll-status" class="status" role="alert" hidden></div>
    </section>`;
  const $ = (id) => container.querySelector(`#${id}`);
  $('save-qr').href = URL.createObjectURL(new Blob([qrSvg(uri, { title: 'twofold' })], { type: 'image/svg+xml' }));
  $('copy').addEventListener('click', async () => {
    await navigator.clipboard?.writeText(secret).catch(() => {});
    $('copy').textContent = t('enroll.copied');
  });
  const tick = () => {
    const { code, remainingSeconds } = totp(secret);
    $('preview').textContent = `${code.slice(0, 3)} ${code.slice(3)}`;
    $('left').textContent = t('enroll.secondsLeft', { seconds: remainingSeconds });
  };
  tick();
  const timer = setInterval(tick, 1000);
  return new Promise((resolve) => {
    $('confirm').addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const result = await api('POST', '/api/me/2fa/confirm', { code: $('confirm-code').value });
        clearInterval(timer);
        resolve(result);
      } catch (error) {
        say($('enroll-status'), errorMessage(error), 'error');
      }
    });
  });
}

/** Shows recovery codes once, with download and print; resolves when the user moves on. */
export function showRecoveryCodes(container, codes) {
  container.innerHTML = `
    <section class="recovery" aria-labelledby="recovery-title">
      <h2 id="recovery-title">${esc(t('recovery.title'))}</h2>
      <p>${esc(t('recovery.help'))}</p>
      <ol id="codes" class="codes">${codes.map((c) => `<li><code>${esc(c)}</code></li>`).join('')}</ol>
      <p class="actions">
        <a id="download" class="button secondary" download="twofold-recovery-codes.txt">${esc(t('recovery.download'))}</a>
        <button type="button" id="print" class="secondary">${esc(t('recovery.print'))}</button>
        <button type="button" id="done">${esc(t('recovery.continue'))}</button>
      </p>
    </section>`;
  const text = `${t('recovery.title')} (${location.host})\n\n${codes.join('\n')}\n`;
  container.querySelector('#download').href = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  container.querySelector('#print').addEventListener('click', () => window.print());
  container.querySelector('#done').focus();
  return new Promise((resolve) => container.querySelector('#done').addEventListener('click', resolve));
}
