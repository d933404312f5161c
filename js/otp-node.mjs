// `twofold/otp` in Node, as an ES module.
import { readFileSync } from 'node:fs';
import { initSync } from '../pkg/otp-web/twofold.js';

initSync({ module: readFileSync(new URL('../pkg/otp-web/twofold_bg.wasm', import.meta.url)) });

export * from '../pkg/otp-web/twofold.js';
