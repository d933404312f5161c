// A new-password field wired to a PasswordChecker: the checklist ticks and the meter moves on
// every keystroke, in the browser, with no round trip.
import { PasswordChecker } from '/twofold/js/browser.js';
import { language, t } from './i18n.js';
import { METER, renderChecklist, renderRequirements, renderStrength } from './password-ui.js';

/**
 * @param {{ input: HTMLInputElement, checklist: HTMLElement, meter: HTMLElement, policy: object, context: () => object }} parts
 * @returns {{ verdict: () => any }}
 */
export function passwordField({ input, checklist, meter, policy, context }) {
  const checker = new PasswordChecker(policy, language());
  meter.innerHTML = METER;
  renderRequirements(checklist, checker.requirements());
  let last = null;
  const update = () => {
    last = checker.check(input.value, context());
    if (input.value) renderChecklist(checklist, last);
    else renderRequirements(checklist, checker.requirements());
    renderStrength(meter, last, (time) => t('strength.crack', { time }));
    return last;
  };
  input.addEventListener('input', update);
  return { verdict: () => last ?? update(), update };
}
