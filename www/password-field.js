// A new-password field with the live check: the checklist ticks and the meter moves on every
// keystroke, in the browser, with no round trip. The checker is the full twofold package, by
// far the largest download of the site, so it is loaded once the page is usable: the form
// can be filled and sent before it arrives, and the server's verdict is the same anyway.
import { language, t } from './i18n.js';
import { say } from './feedback.js';
import { esc, markChecklist, meterMarkup, renderRequirements, renderStrength } from './password-ui.js';

/** @type {Promise<typeof import('twofold')> | undefined} */
let loading;

/** The full package, loaded once for every field of the page. */
export function loadChecker() {
  loading ??= import('/twofold/js/browser.js');
  return loading;
}

/**
 * Tells screen readers what changed since they were last told, once typing pauses: the
 * items that became met or unmet and a new strength, never the whole list on every key.
 * @param {HTMLElement} after the element the live region goes after
 * @returns {(verdict: any) => void}
 */
export function announcer(after) {
  const region = document.createElement('p');
  region.className = 'visually-hidden';
  region.setAttribute('aria-live', 'polite');
  after.after(region);
  /** @type {Map<string, boolean>} */
  const told = new Map();
  let toldStrength = '';
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  return (verdict) => {
    clearTimeout(timer);
    if (verdict.length === 0) {
      told.clear();
      toldStrength = '';
      return;
    }
    timer = setTimeout(() => {
      const news = [];
      for (const item of verdict.checklist) {
        if (item.met === (told.get(item.code) ?? false)) continue;
        told.set(item.code, item.met);
        news.push(t(item.met ? 'checklist.met' : 'checklist.unmet', { label: item.label }));
      }
      if (verdict.strength.label !== toldStrength) {
        toldStrength = verdict.strength.label;
        news.push(t('strength.now', { label: toldStrength }));
      }
      if (news.length) region.textContent = news.join('. ');
    }, 700);
  };
}

/**
 * @param {{ input: HTMLInputElement, checklist: HTMLElement, meter: HTMLElement, policy: object, context: () => object }} parts
 * @returns {{ update: () => any, ready: Promise<void> }} `update` answers the verdict, or
 *   null while the checker is still loading
 */
export function passwordField({ input, checklist, meter, policy, context }) {
  checklist.innerHTML = `<li class="loading">${esc(t('checker.loading'))}</li>`;
  meter.hidden = true;
  const announce = announcer(checklist);
  /** @type {any} */
  let checker = null;
  const update = () => {
    if (!checker) return null;
    const verdict = checker.check(input.value, context());
    if (input.value) markChecklist(checklist, verdict.checklist);
    else renderRequirements(checklist, checker.requirements());
    renderStrength(meter, verdict, (time) => t('strength.crack', { time }));
    announce(verdict);
    return verdict;
  };
  input.addEventListener('input', update);
  const ready = loadChecker().then(({ PasswordChecker }) => {
    checker = new PasswordChecker(policy, language());
    renderRequirements(checklist, checker.requirements());
    meter.innerHTML = meterMarkup(t('strength.title'));
    meter.hidden = false;
    // What was typed while the checker loaded is checked now.
    if (input.value) update();
    document.body.dataset.checker = 'ready';
    performance.mark('twofold:checker');
  }, () => {
    // No live check (the package could not be fetched): the server still checks.
    checklist.replaceChildren();
  });
  return { update, ready };
}

/**
 * Before a form with a new password is sent: what the live check finds missing, said in
 * `missing` (nothing while the checker is loading: the server judges then), the field
 * focused when anything is. Answers whether the form may go.
 * @param {{ update: () => any }} field
 * @param {HTMLElement} missing
 * @param {HTMLInputElement} input
 */
export function readyToSend(field, missing, input) {
  const verdict = field.update();
  const items = verdict ? verdict.violations.map((/** @type {any} */ v) => v.message) : [];
  say(missing, items.length ? t('signup.missing', { items: items.join(' ') }) : '', 'warn');
  if (items.length) input.focus();
  return items.length === 0;
}

/**
 * The server's refusal of a new password, when it is a verdict: the checklist marked as it
 * says and its reasons in `status`. Answers whether it was one.
 * @param {any} error
 * @param {{ checklist: HTMLElement, status: HTMLElement, input: HTMLInputElement }} parts
 */
export function showVerdict(error, { checklist, status, input }) {
  const verdict = error?.body?.verdict;
  if (!verdict) return false;
  markChecklist(checklist, verdict.checklist);
  say(status, `${t('signup.refused')} ${verdict.violations.map((/** @type {any} */ v) => v.message).join(' ')}`, 'error');
  input.focus();
  return true;
}
