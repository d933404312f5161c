// One long-input measurement in a process of its own, so a contender that takes minutes (the
// original zxcvbn is super-linear on long inputs) can be stopped without stopping the run.
//   node long-input.mjs CONTENDER LENGTH              ASCII of LENGTH characters: prints ms
//   node long-input.mjs twofold BYTES SCRIPT          BYTES of a script (scripts.mjs), every
//                                                     rule on: prints JSON of the warm-up call,
//                                                     the first long call and the next one (ms)
import { createRequire } from 'node:module';

import { SCRIPTS, repeatTo } from './scripts.mjs';

const require = createRequire(import.meta.url);
const [name, length, script] = [process.argv[2], Number(process.argv[3]), process.argv[4]];

if (script !== undefined) {
  const { PasswordChecker } = await import('../js/node.mjs');
  // The design's example policy (every rule) and a user, so no rule is skipped.
  const checker = new PasswordChecker({
    minLength: 12, maxLength: 128, classes: { lowercase: 1, uppercase: 1, digit: 1, symbol: 1 }, minScore: 3,
    rejectPersonalData: true, bannedWords: ['acme', 'roadrunner'], maxRepeatedChars: 3,
  });
  const context = { email: 'jane.doe@acme.com', name: 'Jane Doe', username: 'jdoe', tenant: 'Acme Corporation' };
  const text = repeatTo(SCRIPTS[script], length);
  const time = (pw) => {
    const start = performance.now();
    checker.check(pw, context);
    return performance.now() - start;
  };
  const warmUp = time('warm up');
  console.log(JSON.stringify({ warmUp, first: time(text), next: time(text) }));
} else {
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
}
