// The user's authenticators as a list they can recognise each by: the name they gave it,
// its kind, where codes go (masked by the server), when it was added and last used, and for
// email and SMS what NIST SP 800-63B-4 says of them, so that nobody mistakes an emailed code
// for an app. Each has its own Remove button, named for it.
import { t, when } from './i18n.js';

/**
 * @typedef {object} Factor an authenticator as `GET /api/me/factors` lists it
 * @property {number} id
 * @property {'totp' | 'email' | 'sms'} type
 * @property {string} name
 * @property {string} [address]
 * @property {boolean} confirmed
 * @property {number} createdAt
 * @property {number | null} [lastUsedAt]
 * @property {'app' | 'weaker' | 'restricted'} assurance
 */

/** What the server's assurance means, in the page's words; an app needs no warning. */
const NOTES = { weaker: 'assurance.weaker', restricted: 'assurance.restricted' };

/** @param {string} tag @param {string} className @param {string} text */
function element(tag, className, text) {
  return Object.assign(document.createElement(tag), { className, textContent: text });
}

/**
 * Draws `factors` in `list`; `remove` is called with the one whose button is pressed.
 * @param {HTMLElement} list
 * @param {Factor[]} factors
 * @param {(factor: Factor) => void} remove
 */
export function renderFactors(list, factors, remove) {
  if (!factors.length) {
    list.replaceChildren(element('li', 'empty', t('factors.none')));
    return;
  }
  list.replaceChildren(...factors.map((factor) => {
    const item = document.createElement('li');
    item.dataset.id = String(factor.id);
    item.dataset.type = factor.type;
    const head = element('p', 'factor-head', '');
    head.append(element('strong', 'factor-name', factor.name), ' ', element('span', 'factor-kind', t(`factor.kind.${factor.type}`)));
    if (factor.address) head.append(' ', element('span', 'factor-address', factor.address));
    const used = factor.lastUsedAt ? t('factors.used', { time: when(factor.lastUsedAt) }) : t('factors.unused');
    const times = factor.confirmed ? `${t('factors.added', { time: when(factor.createdAt) })} · ${used}` : t('factors.pending');
    item.append(head, element('p', 'factor-when', times));
    const note = NOTES[/** @type {keyof typeof NOTES} */ (factor.assurance)];
    if (note) item.append(element('p', 'factor-note', t(note)));
    const button = element('button', 'secondary', t('factors.remove'));
    Object.assign(button, { type: 'button', id: `remove-${factor.id}` });
    button.setAttribute('aria-label', t('factors.removeNamed', { name: factor.name }));
    button.addEventListener('click', () => remove(factor));
    item.append(button);
    return item;
  }));
}
