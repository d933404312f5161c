// The TypeScript declarations shipped in the tarball describe the real API: a strict compile
// of fixtures/usage.ts accepts real use and flags misuse.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

test('tsc --strict accepts the usage file against the packed declarations', () => {
  const tsc = require.resolve('typescript/bin/tsc');
  const usage = fileURLToPath(new URL('fixtures/usage.ts', import.meta.url));
  const result = spawnSync(process.execPath, [
    tsc, '--strict', '--noEmit', '--target', 'es2022', '--module', 'nodenext',
    '--moduleResolution', 'nodenext', '--lib', 'es2022,esnext.disposable,dom', usage,
  ], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});
