// What the invitation and password-reset pages share: the token read from the link's
// fragment (`#token=…`, which a browser never sends to a server, so it stays out of every
// request line and log; it goes in a POST body only), looked up, and a clear state for a
// link that is incomplete, expired or no longer valid (used, revoked or replaced); then a
// new-password field with the live checklist judged with the same personal data as the
// server (the card's or account's name, email and login, and the tenant's name).
import { api } from './api.js';
import { clearRefusal, errorMessage, refuse, say } from './feedback.js';
import { language, t, when } from './i18n.js';
import { passwordField, readyToSend, showVerdict } from './password-field.js';

/**
 * The token of the page's link, from its fragment; '' when there is none. A link pasted
 * into the tab that shows this page changes only the fragment, which loads nothing: the
 * page starts again for it.
 */
export function linkToken() {
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  addEventListener('hashchange', () => {
    if ((new URLSearchParams(location.hash.slice(1)).get('token') ?? '') !== token) location.reload();
  });
  return token;
}

/**
 * @typedef {object} LinkPage what the lookup answers (the same for both kinds of link)
 * @property {{ name: string, slug: string, policy: object }} tenant
 * @property {{ email: string, name: string, login: string | null }} user
 * @property {Record<string, string | null>} personalData
 * @property {number} expiresAt
 */

/**
 * @typedef {object} LinkWords the page's words for a link it cannot use
 * @property {string} expired the title for an expired link
 * @property {string} invalid the title for a link used, revoked or replaced
 * @property {string} missing the text for a link without its token
 * @property {string} next what to do then
 * @property {[string, string]} [link] where to go for it: href and text
 */

/**
 * Shows why a link cannot be used, in place of its form: a heading for the kind of trouble
 * and the server's words (or the page's, when the link is incomplete), then what to do.
 * @param {{ title: string, text: string, next: string, link?: [string, string] }} trouble
 */
export function linkTrouble({ title, text, next, link }) {
  const main = /** @type {HTMLElement} */ (document.querySelector('main'));
  const heading = Object.assign(document.createElement('h1'), { textContent: title });
  const why = Object.assign(document.createElement('p'), { id: 'link-trouble', className: 'status warn', textContent: text });
  why.setAttribute('role', 'alert');
  const then = Object.assign(document.createElement('p'), { id: 'link-next', textContent: `${next} ` });
  if (link) then.append(Object.assign(document.createElement('a'), { href: link[0], textContent: link[1] }));
  main.replaceChildren(heading, why, then);
  heading.tabIndex = -1;
  heading.focus();
}

/**
 * Looks the link up: answers what the page needs, or null once the trouble is shown.
 * @param {string} path the lookup route
 * @param {string} token
 * @param {LinkWords} words
 * @returns {Promise<LinkPage | null>}
 */
export async function lookUp(path, token, words) {
  if (!token) {
    linkTrouble({ title: words.invalid, text: words.missing, next: words.next, link: words.link });
    return null;
  }
  try {
    return await api('POST', path, { token });
  } catch (error) {
    spent(error, words);
    return null;
  }
}

/**
 * A refused link: expired, or no longer valid (used, revoked, replaced), said by the server.
 * @param {any} error
 * @param {LinkWords} words
 */
function spent(error, words) {
  const code = String(error?.code ?? '');
  const title = code.endsWith('_expired') ? words.expired : code.endsWith('_invalid') ? words.invalid : t('error.title');
  linkTrouble({ title, text: errorMessage(error), next: words.next, link: words.link });
}

/**
 * The form that sets the password: the live check with the link's personal data, the
 * missing items said before anything is sent, and the server's refusal where it belongs (a
 * verdict on the checklist, a spent link in place of the form).
 * @param {{ form: HTMLFormElement, found: LinkPage, path: string, token: string, words: LinkWords, done: (answer: any) => Promise<void> }} parts
 */
export function setPasswordForm({ form, found, path, token, words, done }) {
  const $ = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (form.querySelector(`#${id}`));
  const status = $('status');
  // The server's words for the person, without the empty ones (no login, say).
  /** @type {Record<string, string>} */
  const context = {};
  for (const [key, value] of Object.entries(found.personalData)) if (value) context[key] = value;
  const field = passwordField({ input: $('password'), checklist: $('checklist'), meter: $('strength'), policy: found.tenant.policy, context: () => context });
  $('until').textContent = t('link.until', { time: when(found.expiresAt) });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearRefusal(form);
    say(status, '');
    if (!readyToSend(field, $('missing'), $('password'))) return;
    try {
      await done(await api('POST', path, { token, password: $('password').value, locale: language() }));
    } catch (error) {
      if (showVerdict(error, { checklist: $('checklist'), status, input: $('password') })) return;
      if (/_(invalid|expired)$/.test(/** @type {any} */ (error).code ?? '')) spent(error, words);
      else refuse(form, status, error);
    }
  });
}
