// Talking to the backend: JSON in and out, cookies kept by the browser, the CSRF token echoed
// on every state-changing request, and the page's language asked for, so that the server's
// refusals (`{ code, message, field? }`) arrive in it and are shown as they are.
import { language } from './i18n.js';

/** An API refusal: `code` is the server's stable code, `body` the whole answer. */
export class ApiError extends Error {
  /** @param {number} status @param {any} body */
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    /** @type {string} */
    this.code = body?.code ?? 'network';
    this.body = body;
  }
}

let csrfToken = '';

/**
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
export async function api(method, path, body) {
  if (!csrfToken && method !== 'GET') await session();
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json', 'accept-language': language() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, null);
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page, say: no message of the server's to show.
  }
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
