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
