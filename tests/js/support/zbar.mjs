// Reading QR codes back with an independent decoder: zbar's `zbarimg`.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const folder = mkdtempSync(join(tmpdir(), 'twofold-qr-'));
let count = 0;

/** Decodes every QR code in an image file; returns their texts. */
export function zbarimg(file) {
  const out = execFileSync('zbarimg', ['--quiet', '--nodbus', '--raw', '-Sdisable', '-Sqrcode.enable', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.replace(/\n$/, '').split('\n');
}

/**
 * The bytes of the one QR code in an image file, as the symbol holds them: zbar's `binary`
 * setting skips its guess of the character set, which takes short UTF-8 runs for Shift JIS
 * (an ambiguity of QR byte mode, not of the symbol), so what is compared is the data itself.
 */
export async function zbarBytes(file) {
  const { stdout } = await run('zbarimg', ['--quiet', '--nodbus', '--raw', '-Sdisable', '-Sqrcode.enable', '-Sbinary', file], { encoding: 'buffer' });
  return stdout;
}

/** Writes dark modules (`dark(x, y)`, in a `side` × `side` grid) as a PGM image, `scale` pixels a module. */
function writeImage(side, dark, scale = 2) {
  const width = side * scale;
  const pixels = new Uint8Array(width * width).fill(255);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (!dark(x, y)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = (y * scale + dy) * width + x * scale;
        pixels.fill(0, row, row + scale);
      }
    }
  }
  const file = join(folder, `symbol-${count++}.pgm`);
  writeFileSync(file, Buffer.concat([Buffer.from(`P5\n${width} ${width}\n255\n`), pixels]));
  return file;
}

/**
 * Writes a module matrix as an image with a 4-module quiet zone, and decodes it.
 * @param {{ size: number, modules: Uint8Array }} matrix
 */
export function decodeMatrix(matrix) {
  const at = (x, y) => x >= 4 && y >= 4 && x < matrix.size + 4 && y < matrix.size + 4 && matrix.modules[(y - 4) * matrix.size + x - 4];
  return zbarimg(writeImage(matrix.size + 8, at));
}

/**
 * Draws an SVG from qrSvg the way a renderer would, from its markup alone: the `viewBox` gives
 * the side (quiet zone included) and the stroked path's moves and runs the dark modules, each
 * run a one-module-wide stroke along the middle of its row or column. Returns the image file.
 */
export function rasterizeSvg(svg) {
  const side = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)[1]);
  const d = /<path stroke="[^"]+" d="([^"]*)"/.exec(svg)[1];
  const dark = new Set();
  let [x, y] = [0, 0];
  for (const [, command, args] of d.matchAll(/([MmHhVv])([^MmHhVv]*)/g)) {
    const n = (args.match(/-?\d*\.?\d+/g) ?? []).map(Number);
    if (command === 'M') [x, y] = n;
    else if (command === 'm') [x, y] = [x + n[0], y + n[1]];
    else {
      for (let i = 0; i < n[0]; i++) dark.add(command === 'h' ? `${Math.floor(x) + i},${Math.floor(y)}` : `${Math.floor(x)},${Math.floor(y) + i}`);
      if (command === 'h') x += n[0];
      else y += n[0];
    }
  }
  return writeImage(side, (px, py) => dark.has(`${px},${py}`));
}
