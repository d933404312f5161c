// The show-password toggle: a button beside each password field shows what was typed and
// hides it again. Its pressed state says which, so its label never changes under the user.
// A shown password is hidden again when its form is sent, so that no browser files it away
// as ordinary text.

/**
 * Wires every `button.reveal` (with `aria-controls` naming its field) under `root`.
 * @param {ParentNode} [root]
 */
export function wireReveal(root = document) {
  for (const button of root.querySelectorAll('button.reveal')) {
    const input = /** @type {HTMLInputElement | null} */ (document.getElementById(button.getAttribute('aria-controls') ?? ''));
    if (!input) continue;
    const show = (/** @type {boolean} */ shown) => {
      input.type = shown ? 'text' : 'password';
      button.setAttribute('aria-pressed', String(shown));
    };
    button.addEventListener('click', () => show(input.type === 'password'));
    input.form?.addEventListener('submit', () => show(false), { capture: true });
  }
}
