// Writes src/password/strength/data/ from the zxcvbn 4.4.2 npm package (installed by `npm ci` in bench/):
// its six ranked word lists, one word a line in rank order, and its four keyboard graphs.
// Run it again only when moving to other lists; the output is committed.
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'bench', 'package.json'));
const lists = require('zxcvbn/lib/frequency_lists.js');
const graphs = require('zxcvbn/lib/adjacency_graphs.js');
const out = join(root, 'src', 'password', 'strength', 'data');
mkdirSync(out, { recursive: true });

for (const [name, list] of Object.entries(lists)) {
  const words = Array.isArray(list) ? list : list.split(',');
  for (const word of words) {
    if (/[\n\r]/.test(word) || word !== word.toLowerCase()) throw new Error(`unexpected word in ${name}: ${word}`);
  }
  writeFileSync(join(out, `${name}.txt`), words.join('\n') + '\n');
  console.log(`${name}: ${words.length} words`);
}
writeFileSync(join(out, 'keyboards.json'), JSON.stringify(graphs) + '\n');
console.log(`keyboards: ${Object.keys(graphs).join(', ')}`);
