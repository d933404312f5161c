// The frame every page shares: the navigation for the stage the user is at, the language
// switch, sign-out, the tenant (or a message when there is none), and the moment the page is
// ready. Until then each form's submit button stays disabled (`data-wait`), so that Enter
// pressed before the script has loaded sends nothing anywhere.
import { api, session, tenantSlug } from './api.js';
import { errorMessage } from './feedback.js';
import { language, languageName, loaded, setLanguage, t, tags, translate } from './i18n.js';
import { wireReveal } from './reveal.js';

/** A promise that never settles: awaiting it stops a page's script where it is. */
const stop = () => new Promise(() => {});

/**
 * The links of the header for a stage: none but sign-out until sign-in is complete, since
 * nothing else is open then.
 * @param {any} current the session
 * @param {any} tenant
 */
function links(current, tenant) {
  if (!tenant) return [];
  // Where members come by invitation only, there is no account to create.
  if (!current.stage) return [['signin.html', 'nav.signin'], ...(tenant.selfSignup === false ? [] : [['signup.html', 'nav.signup']])];
  if (current.stage !== 'full') return [];
  return [['account.html', 'nav.account'], ...(current.user.role === 'admin' ? [['admin.html', 'nav.admin']] : [])];
}

/** What the header was last drawn from, so that a page can move it to the next stage. */
let drawn = { current: /** @type {any} */ ({}), tenant: /** @type {any} */ (null), known: /** @type {string[]} */ ([]) };

/**
 * Draws the header again for a stage reached on the same page (the second step of
 * sign-in, say), or `undefined` once signed out.
 * @param {string | undefined} stage
 */
export function restage(stage) {
  header({ ...drawn.current, stage }, drawn.tenant, drawn.known);
}

/** @param {any} current @param {any} tenant @param {string[]} known */
function header(current, tenant, known) {
  drawn = { current, tenant, known };
  const slug = encodeURIComponent(tenant?.slug ?? tenantSlug());
  const here = location.pathname.split('/').pop() || 'index.html';
  const nav = document.createElement('nav');
  nav.setAttribute('aria-label', t('nav.label'));
  const add = (/** @type {HTMLElement} */ el) => nav.append(el, ' ');
  const brand = Object.assign(document.createElement('a'), { className: 'brand', href: `index.html?tenant=${slug}`, textContent: tenant?.name ?? 'twofold' });
  add(brand);
  for (const [page, key] of links(current, tenant)) {
    const link = Object.assign(document.createElement('a'), { href: `${page}?tenant=${slug}`, textContent: t(key) });
    if (page === here) link.setAttribute('aria-current', 'page');
    add(link);
  }
  if (current.stage) {
    const out = Object.assign(document.createElement('button'), { type: 'button', className: 'link', id: 'signout', textContent: t('nav.signout') });
    out.addEventListener('click', async () => {
      await api('DELETE', '/api/session').catch(() => {});
      location.href = `signin.html?tenant=${slug}`;
    });
    add(out);
  }
  const label = document.createElement('label');
  label.className = 'lang';
  label.append(Object.assign(document.createElement('span'), { textContent: t('lang.label') }));
  const select = Object.assign(document.createElement('select'), { id: 'lang' });
  for (const tag of known) {
    const option = new Option(languageName(tag), tag, false, tag === language());
    option.lang = tag;
    select.append(option);
  }
  select.addEventListener('change', () => {
    setLanguage(select.value);
    location.reload();
  });
  label.append(select);
  document.querySelector('header')?.replaceChildren(nav, label);
}

/**
 * Replaces the page's content with a message (an unknown tenant, a page the user may not
 * see, a server that cannot be reached), keeping the frame.
 * @param {string} title
 * @param {string} text
 */
export function notice(title, text) {
  const main = /** @type {HTMLElement} */ (document.querySelector('main'));
  const heading = Object.assign(document.createElement('h1'), { textContent: title });
  const body = Object.assign(document.createElement('p'), { className: 'status warn', id: 'notice', textContent: text });
  body.setAttribute('role', 'alert');
  main.replaceChildren(heading, body);
}

/**
 * Builds the header and translates the page; answers the session and the tenant. An
 * unknown tenant or an unreachable server gets a message instead of the page.
 * @returns {Promise<{ current: any, tenant: any }>}
 */
export async function frame() {
  const slug = tenantSlug();
  // Started together: on a slow link each round trip costs more than the bytes.
  const lookup = api('GET', `/api/t/${encodeURIComponent(slug)}`).catch((error) => ({ error }));
  let current;
  let known;
  try {
    [current, known] = await Promise.all([session(), tags, loaded]);
  } catch (error) {
    await loaded.catch(() => {});
    notice('twofold', errorMessage(error));
    ready();
    return stop();
  }
  const found = await lookup;
  const tenant = current.tenant ?? (found.error ? null : found);
  header(current, tenant, known);
  translate();
  wireReveal();
  if (!tenant) {
    notice(t('tenant.unknownTitle'), errorMessage(found.error));
    ready();
    return stop();
  }
  return { current, tenant };
}

/** Marks the page ready (tests wait for it) and lets its forms be sent. */
export function ready() {
  for (const button of document.querySelectorAll('button[data-wait]')) {
    button.removeAttribute('data-wait');
    /** @type {HTMLButtonElement} */ (button).disabled = false;
  }
  document.body.dataset.ready = 'yes';
  performance.mark('twofold:ready');
}

/**
 * Sends the browser to `page` of this tenant. Await it to stop the current script there.
 * @param {string} page
 * @param {string} [slug]
 */
export function go(page, slug = tenantSlug()) {
  location.href = `${page}?tenant=${encodeURIComponent(slug)}`;
  return stop();
}
