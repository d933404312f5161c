// The one table of official vectors shared with the Rust tests.
import { readFileSync } from 'node:fs';

/** @type {{ seeds: Record<string, string>, hotp: {counter: number, code: string}[], totp: {time: number, timeStep: number, algorithm: 'SHA1'|'SHA256'|'SHA512', code: string}[] }} */
export const vectors = JSON.parse(readFileSync(new URL('../../vectors/rfc.json', import.meta.url), 'utf8'));
