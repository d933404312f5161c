// Node, as an ES module: the same glue as browsers, compiled synchronously from the file.
import { readFileSync } from 'node:fs';
import { initSync } from '../pkg/web/twofold.js';

initSync({ module: readFileSync(new URL('../pkg/web/twofold_bg.wasm', import.meta.url)) });

export * from '../pkg/web/twofold.js';
export { checkBreached } from './breach.js';
