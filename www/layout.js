// The frame every page shares: the navigation, the language switch and sign-out.
import { api, session, tenantSlug } from './api.js';
import { LANGUAGES, language, setLanguage, t, translate } from './i18n.js';

/** Builds the header, translates the page and returns the session. */
export async function frame() {
  const current = await session();
  const slug = current.tenant?.slug ?? tenantSlug();
  const header = document.querySelector('header');
  const link = (href, key) => `<a href="${href}?tenant=${encodeURIComponent(slug)}" data-i18n="${key}"></a>`;
  const signedIn = current.stage === 'full';
  header.innerHTML = `
    <nav aria-label="twofold">
      <a class="brand" href="index.html?tenant=${encodeURIComponent(slug)}">twofold</a>
      ${signedIn ? link('account.html', 'nav.account') : link('signin.html', 'nav.signin')}
      ${signedIn ? '' : link('signup.html', 'nav.signup')}
      ${signedIn && current.user.role === 'admin' ? link('admin.html', 'nav.admin') : ''}
      ${current.stage ? '<button type="button" id="signout" class="link" data-i18n="nav.signout"></button>' : ''}
    </nav>
    <label class="lang"><span data-i18n="lang.label"></span>
      <select id="lang">${Object.entries(LANGUAGES).map(([code, name]) => `<option value="${code}"${code === language() ? ' selected' : ''}>${name}</option>`).join('')}</select>
    </label>`;
  header.querySelector('#lang').addEventListener('change', (event) => {
    setLanguage(event.target.value);
    location.reload();
  });
  header.querySelector('#signout')?.addEventListener('click', async () => {
    await api('DELETE', '/api/session');
    location.href = `signin.html?tenant=${encodeURIComponent(slug)}`;
  });
  translate();
  return current;
}

/** Marks the page as loaded and wired (tests wait for it; so could a loading indicator). */
export function ready() {
  document.body.dataset.ready = 'yes';
}

/** Sends the browser to `page` of this tenant. Await it to stop the current script there. */
export function go(page, slug = tenantSlug()) {
  location.href = `${page}?tenant=${encodeURIComponent(slug)}`;
  return new Promise(() => {});
}

/** Shows `text` in a status element (announced to screen readers). */
export function say(element, text, kind = 'info') {
  element.textContent = text;
  element.className = `status ${kind}`;
  element.hidden = !text;
}

export { t };
