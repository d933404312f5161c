// What a browser downloads, and what the .wasm is made of: the sizes part of the benchmark,
// on its own so that each step of a size change can be measured in seconds.
//
//   node bench/sizes.mjs           prints both tables (the package must be built)
//
// run.mjs imports `bundleSizes` and `wasmParts` for BENCHMARKS.md.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');

/** Raw bytes, and the gzip and brotli of each buffer compressed alone, added up. */
export const sizeOf = (buffers) => {
  const all = Buffer.concat(buffers);
  const gzip = buffers.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
  const brotli = buffers.reduce((n, b) => n + brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length, 0);
  return { raw: all.length, gzip, brotli };
};
export const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

/** Minimal browser bundles (esbuild, minified), the .wasm counted beside the JS. */
export async function bundleSizes({ peers = true } = {}) {
  const esbuild = require('esbuild');
  const scratch = mkdtempSync(join(tmpdir(), 'twofold-bench-'));
  async function bundle(name, source, wasm) {
    const entry = join(scratch, `${name.replace(/\W/g, '_')}.mjs`);
    writeFileSync(entry, source);
    const out = join(scratch, `${name.replace(/\W/g, '_')}.out.js`);
    await esbuild.build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', outfile: out, nodePaths: [join(here, 'node_modules')], logLevel: 'silent', loader: { '.wasm': 'file' } });
    return sizeOf([readFileSync(out), ...(wasm ? [readFileSync(wasm)] : [])]);
  }
  const sizes = {
    'twofold (JS + wasm)': await bundle('twofold', `import { checkPassword, totp, qrSvg } from ${JSON.stringify(join(root, 'js', 'browser.js'))}; console.log(checkPassword, totp, qrSvg);`, join(root, 'pkg', 'web', 'twofold_bg.wasm')),
    'twofold/otp (JS + wasm)': await bundle('twofold-otp', `import { totp, verifyTotp, qrSvg } from ${JSON.stringify(join(root, 'js', 'otp-browser.js'))}; console.log(totp, verifyTotp, qrSvg);`, join(root, 'pkg', 'otp-web', 'twofold_bg.wasm')),
  };
  if (peers) {
    Object.assign(sizes, {
      zxcvbn: await bundle('zxcvbn', `import zxcvbn from 'zxcvbn'; console.log(zxcvbn);`),
      '@zxcvbn-ts/core + common + en': await bundle('zxcvbnts', `import { ZxcvbnFactory } from '@zxcvbn-ts/core'; import * as c from '@zxcvbn-ts/language-common'; import * as e from '@zxcvbn-ts/language-en'; console.log(new ZxcvbnFactory({ translations: e.translations, graphs: c.adjacencyGraphs, dictionary: { ...c.dictionary, ...e.dictionary } }));`),
      otpauth: await bundle('otpauth', `import { TOTP, URI } from 'otpauth'; console.log(TOTP, URI);`),
      otplib: await bundle('otplib', `import { generate, verify } from 'otplib'; console.log(generate, verify);`),
      qrcode: await bundle('qrcode', `import QRCode from 'qrcode'; console.log(QRCode.toString);`),
    });
  }
  return sizes;
}

// The sections of a .wasm file, read from the binary format.
function wasmSections(file) {
  const bytes = readFileSync(file);
  const found = [];
  let at = 8; // magic and version
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const length = leb();
    found.push({ id, body: bytes.subarray(at, at + length) });
    at += length;
  }
  return found;
}
// The build script's packed data, as the wasm embeds it (the newest build of the full package).
const packed = (file) => {
  const builds = join(root, 'target', 'wasm-full', 'wasm32-unknown-unknown', 'release', 'build');
  const found = readdirSync(builds).map((d) => join(builds, d, 'out', file)).filter((f) => existsSync(f));
  return found.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
};
const minus = (a, ...b) => Object.fromEntries(['raw', 'gzip', 'brotli'].map((k) => [k, b.reduce((n, x) => n - x[k], a[k])]));

/** What each .wasm is made of: code, data (for the full package: word lists, Unicode tables
 * and the rest) and the other sections (imports, exports, tables), each compressed alone. */
export function wasmParts() {
  const parts = (file, full) => {
    const all = wasmSections(file);
    const of = (ids) => all.filter((s) => ids.includes(s.id)).map((s) => s.body);
    const code = sizeOf(of([10]));
    const data = sizeOf(of([11]));
    const rest = sizeOf(all.filter((s) => s.id !== 10 && s.id !== 11).map((s) => s.body));
    if (!full) return [['code', code], ['data', data], ['other sections', rest]];
    const lists = sizeOf([readFileSync(packed('words.bin'))]);
    const unicode = sizeOf([readFileSync(packed('unicode.bin'))]);
    return [['code', code], ['data: word lists', lists], ['data: Unicode tables', unicode], ['data: the rest', minus(data, lists, unicode)], ['other sections', rest]];
  };
  return [
    ...parts(join(root, 'pkg', 'web', 'twofold_bg.wasm'), true).map(([part, r]) => ['twofold', part, r]),
    ...parts(join(root, 'pkg', 'otp-web', 'twofold_bg.wasm'), false).map(([part, r]) => ['twofold/otp', part, r]),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await bundleSizes({ peers: process.argv.includes('--peers') });
  for (const [name, r] of Object.entries(sizes)) console.log(`${name.padEnd(32)} ${kb(r.raw).padStart(11)} ${kb(r.gzip).padStart(11)} gzip ${kb(r.brotli).padStart(11)} brotli`);
  const rows = wasmParts();
  for (const [variant, part, r] of rows) console.log(`${variant.padEnd(12)} ${part.padEnd(20)} ${kb(r.raw).padStart(11)} ${kb(r.gzip).padStart(11)} gzip ${kb(r.brotli).padStart(11)} brotli`);
  const full = Object.fromEntries(rows.filter(([v]) => v === 'twofold').map(([, part, r]) => [part, r.gzip]));
  console.log(`code + Unicode tables + the rest of the data: ${kb(full.code + full['data: Unicode tables'] + full['data: the rest'])} gzip`);
}
