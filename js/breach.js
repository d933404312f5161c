// checkBreached: whether a breached-password range API knows a password, by k-anonymity. Only
// the asking is here (fetch, its header, its timeout); the hash, the address and the reading
// of the answer are the core's (breachRangeUrl, breachCount), the very code the server runs,
// so that the browser and the server give the same answer to the same range.
import { breachCount, breachRangeUrl } from '../pkg/web/twofold.js';

/** What a request may take by default, as on the server. */
const TIMEOUT_MS = 2000;

export async function checkBreached(password, options) {
  const { url, timeoutMs = TIMEOUT_MS } = options ?? {};
  // Throws TwofoldError (argument_invalid) for a password or url that is not a string.
  const target = breachRangeUrl(password, url);
  // Throws the platform's TypeError for a timeout that is not a whole number of milliseconds.
  const signal = AbortSignal.timeout(timeoutMs);
  let status = null;
  let body = '';
  try {
    const response = await fetch(target, {
      headers: { 'Add-Padding': 'true' },
      signal,
      redirect: 'error',
      credentials: 'omit',
    });
    status = response.status;
    body = await response.text();
  } catch {
    // No answer (refused, timed out, redirected, cut off): the core's breach_unavailable.
    status = null;
  }
  const count = breachCount(password, status, body);
  return { breached: count > 0, count };
}
