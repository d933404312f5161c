// What the page tells the user about what just happened: a status line (announced to screen
// readers), and a refusal shown where it belongs. The server's message is shown as it is,
// already in the user's language (api.js asks for it): next to the field it names (`field`),
// or in the form's status line beside its submit button.
import { t } from './i18n.js';

/**
 * Shows `text` in a status element; an empty text hides it.
 * @param {HTMLElement} element
 * @param {string} text
 * @param {'info' | 'ok' | 'warn' | 'error'} [kind]
 */
export function say(element, text, kind = 'info') {
  element.textContent = text;
  element.className = `status ${kind}`;
  element.hidden = !text;
}

/**
 * The words for a failed request: the server's message, in the language the page asked for
 * (the lock's end and the wait included); the page's own words only when no server answered.
 * @param {any} error
 */
export function errorMessage(error) {
  const message = error?.body?.message;
  return typeof message === 'string' && message ? message : t('error.network');
}

/**
 * The control a refusal's `field` names in `form`: by id, name or `data-field` (a password
 * field has no name, so that it can never be sent as a form field), then by its last part
 * (`classes.digit` is the `digit` field).
 * @param {HTMLFormElement} form
 * @param {string} field
 * @returns {HTMLElement | null}
 */
function control(form, field) {
  for (const name of [field, field.split(/[.[\]]/).filter(Boolean).pop() ?? field]) {
    const found = form.querySelector(`#${CSS.escape(name)}, [data-field="${CSS.escape(name)}"]`) ?? form.elements.namedItem(name);
    if (found instanceof HTMLElement) return found;
  }
  return null;
}

/** Removes the refusals shown in `form`. @param {HTMLFormElement} form */
export function clearRefusal(form) {
  for (const note of form.querySelectorAll('.field-error')) note.remove();
  for (const field of form.querySelectorAll('[aria-invalid]')) {
    field.removeAttribute('aria-invalid');
    const described = (field.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => !id.endsWith('-error')).join(' ');
    if (described) field.setAttribute('aria-describedby', described); else field.removeAttribute('aria-describedby');
  }
}

/**
 * Shows a refusal: beside the field it names, which takes the focus, or in `status`.
 * @param {HTMLFormElement} form
 * @param {HTMLElement} status
 * @param {any} error
 */
export function refuse(form, status, error) {
  clearRefusal(form);
  const field = typeof error?.body?.field === 'string' ? control(form, error.body.field) : null;
  if (!field) {
    say(status, errorMessage(error), 'error');
    return;
  }
  say(status, '');
  const note = document.createElement('p');
  note.className = 'field-error';
  note.id = `${field.id || error.body.field}-error`;
  note.textContent = errorMessage(error);
  (field.closest('label, .field') ?? field).after(note);
  field.setAttribute('aria-invalid', 'true');
  field.setAttribute('aria-describedby', `${field.getAttribute('aria-describedby') ?? ''} ${note.id}`.trim());
  field.focus();
}
