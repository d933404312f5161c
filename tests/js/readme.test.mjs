// The README's JavaScript examples, run against the installed package. Each `//=> text`
// comment is the line that example must print at that point.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const examples = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
const folder = new URL('artifacts/readme/', import.meta.url);
mkdirSync(folder, { recursive: true });

test('the README has JavaScript examples', () => assert.ok(examples.length >= 3, `${examples.length}`));

examples.forEach((source, i) => {
  test(`README example ${i + 1} prints what it says`, () => {
    const expected = [...source.matchAll(/\/\/=> (.*)$/gm)].map((m) => m[1]);
    assert.ok(expected.length > 0, 'every example states what it prints');
    const file = new URL(`example-${i + 1}.mjs`, folder);
    writeFileSync(file, source);
    const printed = execFileSync(process.execPath, [file.pathname], { encoding: 'utf8' });
    assert.deepEqual(printed.trimEnd().split('\n'), expected);
  });
});

test('every row of the README\'s differences from zxcvbn 4.4.2 is what both say', async () => {
  const { checkPassword } = await import('twofold');
  const { default: zxcvbn } = await import('zxcvbn');
  const section = readme.slice(readme.indexOf('### Differences from zxcvbn 4.4.2'));
  const rows = [...section.matchAll(/^\| [^|]+ \| `([^`]+)` \| (\d) · 10\^([\d.]+) \| (\d) · 10\^([\d.]+) \|$/gm)];
  assert.ok(rows.length >= 4, `${rows.length} rows`);
  for (const [, password, ourScore, ourLog, theirScore, theirLog] of rows) {
    const ours = checkPassword(password, {}).strength;
    const theirs = zxcvbn(password);
    assert.deepEqual([ours.score, ours.guessesLog10.toFixed(2)], [Number(ourScore), ourLog], `twofold on ${password}`);
    assert.deepEqual([theirs.score, Math.log10(theirs.guesses).toFixed(2)], [Number(theirScore), theirLog], `zxcvbn on ${password}`);
  }
});
