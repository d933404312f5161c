// Builds the npm package's WebAssembly into pkg/, twice: the whole package (`twofold`) and the
// one-time-password half without the password checker (`twofold/otp`, cargo feature
// `passwords` off). Each has the `web` target (browsers, bundlers and Node ESM through js/)
// and the `nodejs` target (CommonJS), shrunk by wasm-opt. Prints what a browser downloads.
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

// The features Rust's wasm32 target enables by default; wasm-opt must be told they are allowed.
const features = [
  '--enable-bulk-memory', '--enable-mutable-globals', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-reference-types', '--enable-multivalue',
];

// A freed PasswordChecker must throw a TwofoldError like every other misuse, but the class
// wasm-bindgen writes hands a freed checker's null pointer to Rust, whose guard throws a bare
// Error. So each method of the class first throws the error Rust makes for it
// (`PasswordChecker.__freed`), and a second `free()` (or `free()` then `[Symbol.dispose]`) does
// nothing. The glue's shape is that of the pinned wasm-bindgen; a change fails the build here.
function guardFreedChecker(file) {
  const glue = readFileSync(file, 'utf8');
  const start = glue.search(/^(export )?class PasswordChecker \{$/m);
  const end = glue.indexOf('\n}\n', start);
  const methods = /^    (\w+)\([^)]*\) \{\n/gm;
  const body = glue.slice(start, end).replace(methods, (line, name) => {
    if (name === '__destroy_into_raw' || name === 'constructor') return line;
    return `${line}        if (this.__wbg_ptr === 0) ${name === 'free' ? 'return' : 'throw PasswordChecker.__freed()'};\n`;
  });
  const guarded = body.split('this.__wbg_ptr === 0').length - 1;
  if (start < 0 || guarded < 3 || !body.includes('static __freed()')) {
    throw new Error(`${file}: the PasswordChecker class does not have the shape guardFreedChecker expects`);
  }
  writeFileSync(file, glue.slice(0, start) + body + glue.slice(end));
}

/**
 * `require('twofold')`: the CommonJS glue with checkBreached beside it, made from js/breach.js
 * at build time, so one source serves both module systems (Node 20 cannot require an ES module).
 */
function writeCommonJsEntry(out) {
  const source = readFileSync(join(root, 'js', 'breach.js'), 'utf8');
  const imported = "import { breachCount, breachRangeUrl } from '../pkg/web/twofold.js';";
  const exported = 'export async function checkBreached(';
  if (!source.includes(imported) || !source.includes(exported)) {
    throw new Error('js/breach.js no longer has the import and export writeCommonJsEntry (scripts/build.mjs) rewrites');
  }
  const body = source
    .replace(imported, "const glue = require('./twofold.js');\nconst { breachCount, breachRangeUrl } = glue;")
    .replace(exported, 'async function checkBreached(');
  const header = "'use strict';\n// Made by scripts/build.mjs from js/breach.js; require('twofold') loads this file.\n";
  writeFileSync(join(out, 'index.js'), `${header}${body}\nmodule.exports = { ...glue, checkBreached };\n`);
}

const variants = [
  { name: 'twofold', prefix: '', types: 'index.d.ts', cargo: ['--features', 'typescript'] },
  { name: 'twofold/otp', prefix: 'otp-', types: 'otp.d.ts', cargo: ['--no-default-features', '--features', 'typescript'] },
];
const sizes = [];
for (const variant of variants) {
  // A separate target folder per variant keeps cargo from rebuilding one over the other.
  const targetDir = join(root, 'target', variant.prefix ? 'wasm-otp' : 'wasm-full');
  run('cargo', ['build', '--lib', '--target', 'wasm32-unknown-unknown', '--target-dir', targetDir, ...variant.cargo, ...(dev ? [] : ['--release'])]);
  const built = join(targetDir, 'wasm32-unknown-unknown', profile, 'twofold.wasm');
  for (const target of ['web', 'nodejs']) {
    const out = join(root, 'pkg', `${variant.prefix}${target === 'web' ? 'web' : 'node'}`);
    rmSync(out, { recursive: true, force: true });
    run('wasm-bindgen', ['--target', target, '--out-dir', out, '--out-name', 'twofold', built]);
    if (!dev) {
      const wasm = join(out, 'twofold_bg.wasm');
      run(join(root, 'node_modules', '.bin', 'wasm-opt'), ['-Oz', '--one-caller-inline-max-function-size', '0', '--strip-debug', '--strip-producers', ...features, wasm, '-o', wasm]);
    }
    if (!variant.prefix) guardFreedChecker(join(out, 'twofold.js'));
    // The root package is an ES module package; the nodejs glue is CommonJS.
    if (target === 'nodejs') writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n');
    if (target === 'nodejs' && !variant.prefix) writeCommonJsEntry(out);
  }
  // The entry modules re-export the web glue minus its init function, which they call themselves.
  // The whole package also has checkBreached, written in JS (js/breach.js) over the glue.
  const extra = variant.prefix ? '' : "export * from '../js/breach.js';\n";
  writeFileSync(join(root, 'pkg', variant.types), `export * from './${variant.prefix}web/twofold.js';\n${extra}`);
  sizes.push([variant.name, join(root, 'pkg', `${variant.prefix}web`)]);
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const measure = (bytes) =>
  `${kib(bytes.length)} raw, ${kib(gzipSync(bytes, { level: 9 }).length)} gzip, ` +
  `${kib(brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length)} brotli`;
for (const [name, folder] of sizes) {
  console.error(`${name}: twofold_bg.wasm ${measure(readFileSync(join(folder, 'twofold_bg.wasm')))}; glue ${measure(readFileSync(join(folder, 'twofold.js')))}`);
}
