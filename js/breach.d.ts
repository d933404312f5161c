/** Where to ask, and how long to wait. */
export interface CheckBreachedOptions {
  /** The range endpoint, ending where the 5-hex prefix goes, e.g. `https://…/range/`. */
  url: string;
  /** Milliseconds to wait for the answer (2000 by default, as the server). */
  timeoutMs?: number;
}

/** How often the range API knows the password; `breached` when more than never. */
export interface BreachResult {
  breached: boolean;
  count: number;
}

/**
 * Asks a breached-password range API (k-anonymity: only the first five hex characters of the
 * SHA-1 of the NFKC-normalised password are sent, with `Add-Padding: true`) whether it knows
 * `password`. Rejects with a `TwofoldError`: `argument_invalid`, `breach_unavailable` (no
 * answer in time, or a status other than 200), `breach_range_malformed`,
 * `breach_range_too_large`.
 */
export function checkBreached(password: string, options: CheckBreachedOptions): Promise<BreachResult>;
