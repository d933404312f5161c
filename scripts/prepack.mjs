// `npm pack` (and `npm publish`) run this first: a tarball without the built WebAssembly, or
// with one older than the Rust it came from, would install and then fail at import. So when
// any file the package lists is missing, or older than a source, the package is built
// (scripts/build.mjs); when that cannot be done here, packing stops and says what to run.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { files } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const built = files.filter((file) => file.startsWith('pkg/')).map((file) => join(root, file));

/** Every file below `path` (or `path` itself). */
function* walk(path) {
  if (!statSync(path).isDirectory()) {
    yield path;
    return;
  }
  for (const entry of readdirSync(path)) yield* walk(join(path, entry));
}

const sources = ['src', 'locales', 'build.rs', 'Cargo.toml', 'Cargo.lock', 'scripts/build.mjs']
  .map((path) => join(root, path))
  .filter(existsSync)
  .flatMap((path) => [...walk(path)]);
const newestSource = Math.max(...sources.map((file) => statSync(file).mtimeMs));
const missing = built.filter((file) => !existsSync(file));
const stale = missing.length === 0 && built.some((file) => statSync(file).mtimeMs < newestSource);

if (missing.length || stale) {
  console.error(`twofold: ${missing.length ? `${missing.length} built files are missing (${missing[0].slice(root.length + 1)}...)` : 'pkg/ is older than the Rust sources'}; building the package first.`);
  try {
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch {
    console.error('twofold: the build failed, so nothing was packed. Run `bash scripts/tools.sh` (Rust\'s wasm32 target, wasm-bindgen, wasm-opt), then `node scripts/build.mjs`, then `npm pack` again.');
    process.exit(1);
  }
}
