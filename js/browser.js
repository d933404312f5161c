// Browsers and bundlers: fetch and compile the module once, at import, so callers never
// see an init function. Bundlers (Vite, webpack) recognise `new URL(..., import.meta.url)`
// and ship the .wasm file as an asset.
import init from '../pkg/web/twofold.js';

await init({ module_or_path: new URL('../pkg/web/twofold_bg.wasm', import.meta.url) });

export * from '../pkg/web/twofold.js';
export { checkBreached } from './breach.js';
