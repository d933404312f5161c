// One long-input measurement in a process of its own, so a contender that takes minutes (the
// original zxcvbn is super-linear on long inputs) can be stopped without stopping the run.
//   node long-input.mjs CONTENDER LENGTH     prints milliseconds
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [name, length] = [process.argv[2], Number(process.argv[3])];
const text = 'aZ3$kq9!Lm'.repeat(Math.ceil(length / 10)).slice(0, length);

let check;
if (name === 'twofold') {
  const { PasswordChecker } = await import('../js/node.mjs');
  const checker = new PasswordChecker({});
  check = (pw) => checker.check(pw);
} else if (name === 'zxcvbn') {
  check = require('zxcvbn');
} else {
  const ts = await import('@zxcvbn-ts/core');
  const common = await import('@zxcvbn-ts/language-common');
  const en = await import('@zxcvbn-ts/language-en');
  const factory = new ts.ZxcvbnFactory({ translations: en.translations, graphs: common.adjacencyGraphs, dictionary: { ...common.dictionary, ...en.dictionary } });
  check = (pw) => factory.check(pw);
}
check('warm up');
const start = performance.now();
check(text);
console.log(performance.now() - start);
