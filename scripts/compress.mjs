// Writes a brotli (NAME.br) and a gzip (NAME.gz) copy beside each file a browser fetches:
// the package's web builds in pkg/ and the front end in www/. The server sends a copy when
// the browser takes it (server/src/http/assets.rs), so compressing happens once per build
// rather than on every request, and at the highest levels, which are too slow for that.
//
//   node scripts/compress.mjs        only what changed since its copies were made
//
// A copy is remade when its file is newer; a file too small to gain from compression gets
// none (its headers would outweigh the bytes saved), and a stale copy of it is removed.

import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const FOLDERS = ['pkg/web', 'pkg/otp-web', 'www'].map((folder) => join(root, folder));
const TYPES = new Set(['.js', '.mjs', '.wasm', '.css', '.html', '.json', '.svg']);
/** Below this a compressed answer saves less than a packet. */
const MIN_BYTES = 1024;

const CODINGS = [
  ['br', (bytes) => brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  })],
  ['gz', (bytes) => gzipSync(bytes, { level: 9 })],
];

/** @param {string} path */
const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
};

/**
 * Brings every copy under `folders` up to date.
 * @param {string[]} [folders]
 * @returns {{ made: number, kept: number, before: number, after: number }} bytes are of what was made
 */
export function compress(folders = FOLDERS) {
  const summary = { made: 0, kept: 0, before: 0, after: 0 };
  for (const folder of folders) {
    if (mtime(folder) < 0) continue;
    for (const name of readdirSync(folder, { recursive: true })) {
      const file = join(folder, String(name));
      if (!TYPES.has(extname(file)) || !statSync(file).isFile()) continue;
      const size = statSync(file).size;
      for (const [suffix, encode] of CODINGS) {
        const copy = `${file}.${suffix}`;
        if (size < MIN_BYTES) {
          rmSync(copy, { force: true });
        } else if (mtime(copy) >= mtime(file)) {
          summary.kept += 1;
        } else {
          const bytes = encode(readFileSync(file));
          writeFileSync(copy, bytes);
          summary.made += 1;
          summary.before += size;
          summary.after += bytes.length;
        }
      }
    }
  }
  return summary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { made, kept, before, after } = compress();
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.error(made
    ? `compressed ${made} copies (${kib(before)} to ${kib(after)}), ${kept} already up to date`
    : `compressed copies: all ${kept} up to date`);
}
