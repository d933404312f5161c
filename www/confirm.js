// The question asked before what cannot be taken back (revoking a token, making people choose
// a new password): a modal dialog that says what will happen, answered by its buttons or by
// Escape, which says no. It is made here rather than in the page because it is of no use
// before the script has loaded.
import { t } from './i18n.js';

/** @type {HTMLDialogElement | null} */
let dialog = null;

/** The dialog, made the first time it is asked for. */
function made() {
  if (dialog) return dialog;
  dialog = Object.assign(document.createElement('dialog'), { id: 'confirm' });
  dialog.setAttribute('aria-labelledby', 'confirm-title');
  dialog.setAttribute('aria-describedby', 'confirm-help');
  const form = Object.assign(document.createElement('form'), { method: 'dialog' });
  const yes = Object.assign(document.createElement('button'), { id: 'confirm-yes', value: 'yes' });
  const no = Object.assign(document.createElement('button'), { id: 'confirm-no', value: 'no', className: 'secondary', textContent: t('admin.cancel') });
  const actions = Object.assign(document.createElement('p'), { className: 'actions' });
  actions.append(yes, ' ', no);
  form.append(Object.assign(document.createElement('h2'), { id: 'confirm-title' }), Object.assign(document.createElement('p'), { id: 'confirm-help' }), actions);
  dialog.append(form);
  document.body.append(dialog);
  return dialog;
}

/**
 * Asks; resolves with whether the person said yes. The focus starts on "Cancel", so that an
 * Enter pressed by habit takes nothing away.
 * @param {{ title: string, help: string, submit: string }} question
 * @returns {Promise<boolean>}
 */
export function confirmed({ title, help, submit }) {
  const asking = made();
  /** @type {HTMLElement} */ (asking.querySelector('#confirm-title')).textContent = title;
  /** @type {HTMLElement} */ (asking.querySelector('#confirm-help')).textContent = help;
  /** @type {HTMLElement} */ (asking.querySelector('#confirm-yes')).textContent = submit;
  asking.returnValue = '';
  return new Promise((resolve) => {
    asking.addEventListener('close', () => resolve(asking.returnValue === 'yes'), { once: true });
    asking.showModal();
    /** @type {HTMLElement} */ (asking.querySelector('#confirm-no')).focus();
  });
}
