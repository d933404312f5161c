// Reading QR codes back with an independent decoder: zbar's `zbarimg`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = mkdtempSync(join(tmpdir(), 'twofold-qr-'));
let count = 0;

/** Decodes every QR code in an image file; returns their texts. */
export function zbarimg(file) {
  const out = execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.replace(/\n$/, '').split('\n');
}

/**
 * Writes a module matrix as a greyscale PGM image, `scale` pixels per module with a
 * 4-module quiet zone, and decodes it.
 * @param {{ size: number, modules: Uint8Array }} matrix
 */
export function decodeMatrix(matrix, scale = 4) {
  const side = (matrix.size + 8) * scale;
  const pixels = new Uint8Array(side * side).fill(255);
  for (let y = 0; y < matrix.size; y++) {
    for (let x = 0; x < matrix.size; x++) {
      if (!matrix.modules[y * matrix.size + x]) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = ((y + 4) * scale + dy) * side + (x + 4) * scale;
        pixels.fill(0, row, row + scale);
      }
    }
  }
  const file = join(folder, `matrix-${count++}.pgm`);
  writeFileSync(file, Buffer.concat([Buffer.from(`P5\n${side} ${side}\n255\n`), pixels]));
  return zbarimg(file);
}
