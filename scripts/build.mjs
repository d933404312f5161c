// Builds the npm package's WebAssembly into pkg/: the `web` target (browsers, bundlers and
// Node ESM through js/*.mjs) and the `nodejs` target (CommonJS), each shrunk by wasm-opt.
// Prints the size of what a browser downloads.
//
//   node scripts/build.mjs            release build (size-optimised)
//   node scripts/build.mjs --dev      debug build, no wasm-opt (fast, for iterating)

import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const profile = dev ? 'debug' : 'release';

function run(command, args) {
  console.error(`$ ${command} ${args.join(' ')}`);
  execFileSync(command, args, { cwd: root, stdio: 'inherit' });
}

run('cargo', ['build', '--lib', '--target', 'wasm32-unknown-unknown', ...(dev ? [] : ['--release'])]);
const built = join(root, 'target', 'wasm32-unknown-unknown', profile, 'twofold.wasm');

// The features Rust's wasm32 target enables by default; wasm-opt must be told they are allowed.
const features = [
  '--enable-bulk-memory', '--enable-mutable-globals', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-reference-types', '--enable-multivalue',
];

for (const target of ['web', 'nodejs']) {
  const out = join(root, 'pkg', target === 'web' ? 'web' : 'node');
  rmSync(out, { recursive: true, force: true });
  run('wasm-bindgen', ['--target', target, '--out-dir', out, '--out-name', 'twofold', built]);
  if (!dev) {
    const wasm = join(out, 'twofold_bg.wasm');
    run(join(root, 'node_modules', '.bin', 'wasm-opt'), ['-Oz', '--strip-debug', '--strip-producers', ...features, wasm, '-o', wasm]);
  }
}

// The root package is an ES module package; the nodejs glue is CommonJS.
writeFileSync(join(root, 'pkg', 'node', 'package.json'), '{ "type": "commonjs" }\n');
// The entry modules re-export the web glue minus its init function, which they call themselves.
writeFileSync(join(root, 'pkg', 'index.d.ts'), "export * from './web/twofold.js';\n");

const wasm = readFileSync(join(root, 'pkg', 'web', 'twofold_bg.wasm'));
const glue = readFileSync(join(root, 'pkg', 'web', 'twofold.js'));
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const sizes = (bytes) =>
  `${kib(bytes.length)} raw, ${kib(gzipSync(bytes, { level: 9 }).length)} gzip, ` +
  `${kib(brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length)} brotli`;
console.error(`twofold_bg.wasm: ${sizes(wasm)}`);
console.error(`twofold.js (glue): ${sizes(glue)}`);
