// The home page: where to go next.
import { api, tenantSlug } from './api.js';
import { frame, go, ready, t } from './layout.js';

const current = await frame();
if (current.stage === 'full') await go('account.html', current.tenant.slug);
const tenant = await api('GET', `/api/t/${encodeURIComponent(tenantSlug())}`);
document.querySelector('#welcome').textContent = t('home.title', { tenant: tenant.name });
document.querySelector('#go-signin').href = `signin.html?tenant=${encodeURIComponent(tenant.slug)}`;
document.querySelector('#go-signup').href = `signup.html?tenant=${encodeURIComponent(tenant.slug)}`;
ready();
