// Talking to the backend: JSON in and out, cookies kept by the browser, and the CSRF token
// echoed on every state-changing request.

/** An API refusal: `code` is the server's stable code, `body` the whole answer. */
export class ApiError extends Error {
  /** @param {number} status @param {any} body */
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code ?? 'network';
    this.body = body;
  }
}

let csrfToken = '';

/**
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 */
export async function api(method, path, body) {
  if (!csrfToken && method !== 'GET') await session();
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** The session (and a fresh CSRF token). */
export async function session() {
  const data = await api('GET', '/api/session');
  csrfToken = data.csrfToken;
  return data;
}

/** The tenant in the page's URL (`?tenant=acme`), `acme` by default. */
export function tenantSlug() {
  return new URLSearchParams(location.search).get('tenant') ?? 'acme';
}
