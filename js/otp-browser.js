// `twofold/otp` in browsers and bundlers: the one-time-password half only (no password
// checker, a fraction of the size), compiled once at import like the full package.
import init from '../pkg/otp-web/twofold.js';

await init({ module_or_path: new URL('../pkg/otp-web/twofold_bg.wasm', import.meta.url) });

export * from '../pkg/otp-web/twofold.js';
