// The names the user signs in with besides the email: a login of their own (set, changed or
// removed), and a phone, which signs in and receives reset links only once a texted code has
// proved it (no code when their own SMS authenticator already proved the same number).
import { api } from './api.js';
import { clearRefusal, refuse, say } from './feedback.js';
import { t, unbroken } from './i18n.js';

/**
 * @typedef {{ login?: string | null, phone?: string | null, phoneVerified?: boolean }} Names
 * the user's login and masked phone, as the session's `user` has them
 */

/**
 * Wires the login and phone sections; `shown` says whether the page shows them now.
 * @param {Names} user
 * @param {boolean} shown
 */
export function identifiers(user, shown) {
  const $ = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
  const loginForm = /** @type {HTMLFormElement} */ (document.getElementById('login-form'));
  const phoneForm = /** @type {HTMLFormElement} */ (document.getElementById('phone-form'));
  const verifyForm = /** @type {HTMLFormElement} */ (document.getElementById('phone-verify'));
  let names = user;

  const render = () => {
    $('login-state').textContent = names.login ? t('account.loginIs', { login: names.login }) : t('account.loginNone');
    $('login').value = names.login ?? '';
    $('login-remove').hidden = !names.login;
    const phone = names.phone ? unbroken(names.phone) : '';
    $('phone-state').textContent = !phone ? t('account.phoneNone') : t(names.phoneVerified ? 'account.phoneVerified' : 'account.phoneUnverified', { phone });
    $('phone-remove').hidden = !names.phone;
  };
  /** @param {any} answer */
  const took = (answer) => {
    names = answer.user;
    render();
  };
  for (const id of ['login-section', 'phone-section']) $(id).hidden = !shown;
  render();

  /** @param {string | null} login @param {string} done */
  const saveLogin = async (login, done) => {
    clearRefusal(loginForm);
    say($('login-status'), '');
    try {
      took(await api('PUT', '/api/me/login', { login }));
      say($('login-status'), done, 'ok');
    } catch (error) {
      refuse(loginForm, $('login-status'), error);
    }
  };
  loginForm.addEventListener('submit', (event) => {
    event.preventDefault();
    saveLogin($('login').value.trim(), t('account.loginSaved'));
  });
  $('login-remove').addEventListener('click', () => saveLogin(null, t('account.loginRemoved')));

  phoneForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearRefusal(phoneForm);
    say($('phone-status'), '');
    try {
      const answer = await api('POST', '/api/me/phone', { phone: $('phone').value.trim() });
      took(answer);
      if (names.phoneVerified) {
        say($('phone-status'), t('account.phoneDone'), 'ok');
        verifyForm.hidden = true;
      } else {
        say($('phone-status'), t('account.phoneSent', { phone: unbroken(names.phone ?? '') }), 'info');
        verifyForm.hidden = false;
        $('phone-code').value = '';
        $('phone-code').focus();
      }
    } catch (error) {
      refuse(phoneForm, $('phone-status'), error);
    }
  });
  verifyForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearRefusal(verifyForm);
    try {
      took(await api('POST', '/api/me/phone/verify', { code: $('phone-code').value.trim() }));
      verifyForm.hidden = true;
      say($('phone-status'), t('account.phoneDone'), 'ok');
      $('phone').value = '';
    } catch (error) {
      refuse(verifyForm, $('phone-verify-status'), error);
    }
  });
  $('phone-remove').addEventListener('click', async () => {
    clearRefusal(phoneForm);
    try {
      took(await api('DELETE', '/api/me/phone'));
      verifyForm.hidden = true;
      say($('phone-status'), t('account.phoneRemoved'), 'ok');
    } catch (error) {
      refuse(phoneForm, $('phone-status'), error);
    }
  });
}
