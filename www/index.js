// The home page: where to go next.
import { t } from './i18n.js';
import { frame, go, ready } from './layout.js';

const { current, tenant } = await frame();
// Someone part-way through signing in, or in, has somewhere better to be.
const onward = { second_factor: 'signin.html', enrollment_only: 'enroll.html', password_change: 'account.html', full: 'account.html' };
if (current.stage) await go(onward[/** @type {keyof typeof onward} */ (current.stage)] ?? 'account.html', tenant.slug);
const slug = encodeURIComponent(tenant.slug);
document.title = t('home.title', { tenant: tenant.name });
/** @type {HTMLElement} */ (document.querySelector('#welcome')).textContent = document.title;
/** @type {HTMLAnchorElement} */ (document.querySelector('#go-signin')).href = `signin.html?tenant=${slug}`;
/** @type {HTMLAnchorElement} */ (document.querySelector('#go-signup')).href = `signup.html?tenant=${slug}`;
if (tenant.selfSignup === false) {
  /** @type {HTMLElement} */ (document.querySelector('#go-signup')).hidden = true;
  /** @type {HTMLElement} */ (document.querySelector('#lead')).textContent = t('home.leadInvited');
}
ready();
