// twofold side by side with its peers, in one run on one machine: password strength against
// zxcvbn and @zxcvbn-ts/core (a generated corpus plus long inputs, per-password p50/p99/max,
// total, cold start), TOTP generation and verification against otpauth and otplib, QR SVG
// against qrcode (time and bytes), and minimal browser bundle sizes (esbuild, minified; raw,
// gzip, brotli). Prints a table with twofold/peer ratios and writes BENCHMARKS.md.
//
//   bash scripts/bench.sh        (installs and builds what it needs, then runs this)
//
// It measures and reports; it passes or fails nothing on a stopwatch.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { corpus } from './corpus.mjs';
import { bundleSizes, kb, wasmParts } from './sizes.mjs';
import { SCRIPTS } from './scripts.mjs';

const require = createRequire(import.meta.url);
const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');
const quick = process.argv.includes('--quick');
const log = (line) => process.stderr.write(`${line}\n`);

const twofold = await import('../js/node.mjs');
const twofoldOtp = await import('../js/otp-node.mjs');
const zxcvbn = require('zxcvbn');
const ts = await import('@zxcvbn-ts/core');
const tsCommon = await import('@zxcvbn-ts/language-common');
const tsEn = await import('@zxcvbn-ts/language-en');
const OTPAuth = await import('otpauth');
const otplib = await import('otplib');
const QRCode = require('qrcode');

const tsOptions = { translations: tsEn.translations, graphs: tsCommon.adjacencyGraphs, dictionary: { ...tsCommon.dictionary, ...tsEn.dictionary } };
const zxcvbnTs = new ts.ZxcvbnFactory(tsOptions);

// ---- measuring ---------------------------------------------------------------------------
const now = () => performance.now();
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
function stats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1), total: times.reduce((a, b) => a + b, 0) };
}
/** Mean milliseconds per call of `fn`, after a warm-up, over at least `ms` of work. */
function perOp(fn, ms = quick ? 100 : 400) {
  for (let i = 0; i < 50; i++) fn(i);
  let n = 0;
  const start = now();
  while (now() - start < ms) fn(n++);
  return (now() - start) / n;
}
async function perOpAsync(fn, ms = quick ? 100 : 400) {
  for (let i = 0; i < 50; i++) await fn(i);
  let n = 0;
  const start = now();
  while (now() - start < ms) await fn(n++);
  return (now() - start) / n;
}
/** How long one long input may take before it is stopped and reported as "> limit". */
const LONG_INPUT_LIMIT_MS = 20_000;
const f = (ms) => (ms === Infinity ? `> ${LONG_INPUT_LIMIT_MS / 1000} s` : ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms >= 0.01 ? ms.toFixed(3) : ms.toExponential(2));
const ratio = (ours, theirs) => (theirs > 0 ? `${(ours / theirs).toFixed(2)}×` : '–');
const speedup = (ours, theirs) => (ours > 0 ? `${(theirs / ours).toFixed(1)}× faster` : '–');

const sections = [];
const section = (title, header, rows, note = '') => {
  sections.push({ title, header, rows, note });
  log(`\n${title}`);
  for (const row of [header, ...rows]) log(`  ${row.map((c) => String(c).padEnd(22)).join('')}`);
  if (note) log(`  ${note}`);
};

// ---- strength ----------------------------------------------------------------------------
const passwords = corpus(require('zxcvbn/lib/frequency_lists.js'), quick ? 300 : 1500).map((p) => p.password);
const checker = new twofold.PasswordChecker({});
const contenders = {
  twofold: (pw) => checker.check(pw).strength.score,
  zxcvbn: (pw) => zxcvbn(pw).score,
  '@zxcvbn-ts/core': (pw) => zxcvbnTs.check(pw).score,
};
log(`strength: ${passwords.length} passwords`);
const strength = {};
for (const [name, check] of Object.entries(contenders)) {
  for (const pw of passwords.slice(0, 100)) check(pw); // warm-up
  const times = passwords.map((pw) => {
    const start = now();
    check(pw);
    return now() - start;
  });
  const long = {};
  for (const [label, length] of [['256', 256], ['1024', 1024], ['1 MB', 1 << 20]]) {
    try {
      const out = execFileSync(process.execPath, [join(here, 'long-input.mjs'), name, String(length)], { encoding: 'utf8', timeout: LONG_INPUT_LIMIT_MS, stdio: ['ignore', 'pipe', 'ignore'] });
      long[label] = Number(out.trim());
    } catch {
      long[label] = Infinity; // stopped after LONG_INPUT_LIMIT_MS
    }
  }
  strength[name] = { ...stats(times), long };
}
const s = strength.twofold;
section(
  `Strength estimate, ${passwords.length} generated passwords (ms per password)`,
  ['', 'p50', 'p99', 'max', 'total', '256 chars', '1,024 chars', '1 MB'],
  Object.entries(strength).map(([name, r]) => [name, f(r.p50), f(r.p99), f(r.max), f(r.total), f(r.long['256']), f(r.long['1024']), f(r.long['1 MB'])]).concat([
    ['twofold vs zxcvbn', speedup(s.p50, strength.zxcvbn.p50), speedup(s.p99, strength.zxcvbn.p99), '', speedup(s.total, strength.zxcvbn.total), '', '', ''],
    ['twofold vs zxcvbn-ts', speedup(s.p50, strength['@zxcvbn-ts/core'].p50), speedup(s.p99, strength['@zxcvbn-ts/core'].p99), '', speedup(s.total, strength['@zxcvbn-ts/core'].total), '', '', ''],
  ]),
  'twofold runs the whole verdict (policy rules and the estimate of the first 64 characters); the peers estimate the whole input.',
);

// ---- long input in every script ------------------------------------------------------------
// A fresh process per script: a short warm-up call, then a megabyte twice, with every rule of
// the design's policy on. The first long call is the slow one: the browser optimises a
// WebAssembly function between calls, so the long loops start unoptimised.
const scriptRows = Object.keys(SCRIPTS).map((script) => {
  const runs = Array.from({ length: quick ? 1 : 3 }, () =>
    JSON.parse(execFileSync(process.execPath, [join(here, 'long-input.mjs'), 'twofold', String(1 << 20), script], { encoding: 'utf8' })));
  const median = (key) => stats(runs.map((r) => r[key])).p50;
  return [script, f(median('warmUp')), f(median('first')), f(median('next'))];
});
section('Long input in every script: 1 MiB, every rule on (ms, median of 3 fresh processes)',
  ['script', 'warm-up call', 'first 1 MiB call', 'next 1 MiB call'], scriptRows,
  'The design\'s example policy (length, classes, score, personal data, banned words, repeats) and a user; the warm-up call checks "warm up" and also unpacks the word lists.');

// ---- cold start --------------------------------------------------------------------------
const coldScripts = {
  twofold: `const t0 = performance.now(); const m = await import(${JSON.stringify(join(root, 'js', 'node.mjs'))}); m.checkPassword('Tr0ub4dor&3', {}); console.log(performance.now() - t0);`,
  zxcvbn: `const t0 = performance.now(); const { createRequire } = await import('node:module'); const z = createRequire(${JSON.stringify(join(here, 'x.js'))})('zxcvbn'); z('Tr0ub4dor&3'); console.log(performance.now() - t0);`,
  '@zxcvbn-ts/core': `const t0 = performance.now(); const c = await import('@zxcvbn-ts/core'); const l = await import('@zxcvbn-ts/language-common'); const e = await import('@zxcvbn-ts/language-en'); new c.ZxcvbnFactory({ translations: e.translations, graphs: l.adjacencyGraphs, dictionary: { ...l.dictionary, ...e.dictionary } }).check('Tr0ub4dor&3'); console.log(performance.now() - t0);`,
};
const cold = {};
for (const [name, script] of Object.entries(coldScripts)) {
  const runs = Array.from({ length: quick ? 3 : 7 }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: here, encoding: 'utf8' }).trim()));
  cold[name] = stats(runs).p50;
}
section('Cold start: a fresh Node process, import to first verdict (ms, median)', ['', 'ms', 'twofold/peer'],
  Object.entries(cold).map(([name, ms]) => [name, f(ms), name === 'twofold' ? '' : ratio(cold.twofold, ms)]));

// ---- one-time passwords ------------------------------------------------------------------
// A fixed secret (RFC 6238's 20-byte seed, base32), so that every run draws the same QR code.
const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const otpauthTotp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
const t0 = 1_800_000_000;
const code = twofold.totp(secret, { time: t0 }).code;
let otplibGenerate;
let otplibVerify;
try {
  otplib.generateSync({ secret, epoch: t0 });
  otplibGenerate = (i) => otplib.generateSync({ secret, epoch: t0 + i * 30 });
  otplibVerify = () => otplib.verifySync({ secret, token: code, epoch: t0 });
} catch {
  otplibGenerate = null;
}
const otp = {
  twofold: {
    totp: perOp((i) => twofold.totp(secret, { time: t0 + i * 30 })),
    verify: perOp(() => twofold.verifyTotp(code, secret, { time: t0 })),
  },
  otpauth: {
    totp: perOp((i) => otpauthTotp.generate({ timestamp: (t0 + i * 30) * 1000 })),
    verify: perOp(() => otpauthTotp.validate({ token: code, timestamp: t0 * 1000, window: 1 })),
  },
  otplib: otplibGenerate
    ? { totp: perOp(otplibGenerate), verify: perOp(otplibVerify) }
    : {
      totp: await perOpAsync((i) => otplib.generate({ secret, epoch: t0 + i * 30 })),
      verify: await perOpAsync(() => otplib.verify({ secret, token: code, epoch: t0 })),
    },
};
section('One-time passwords (µs per operation)', ['', 'totp', 'verifyTotp', 'totp twofold/peer', 'verify twofold/peer'],
  Object.entries(otp).map(([name, r]) => [name, (r.totp * 1000).toFixed(2), (r.verify * 1000).toFixed(2),
    name === 'twofold' ? '' : ratio(otp.twofold.totp, r.totp), name === 'twofold' ? '' : ratio(otp.twofold.verify, r.verify)]),
  otplibGenerate ? '' : 'otplib has no synchronous API with its default plugins here: measured with await.');

// ---- QR codes ----------------------------------------------------------------------------
const uri = twofold.buildOtpauthUri({ type: 'totp', issuer: 'ACME Corporation', account: 'jane.doe@example.com', secret }).uri;
const ourSvg = twofold.qrSvg(uri);
const theirSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
const qr = {
  twofold: { ms: perOp(() => twofold.qrSvg(uri)), bytes: ourSvg.length },
  qrcode: { ms: await perOpAsync(() => QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 })), bytes: theirSvg.length },
};
section(`QR code of a ${uri.length}-character otpauth URI, level M, as SVG`, ['', 'ms per code', 'SVG bytes', 'time twofold/peer', 'bytes twofold/peer'],
  Object.entries(qr).map(([name, r]) => [name, f(r.ms), r.bytes, name === 'twofold' ? '' : ratio(qr.twofold.ms, r.ms), name === 'twofold' ? '' : ratio(qr.twofold.bytes, r.bytes)]));

// ---- sizes -------------------------------------------------------------------------------
const sizes = await bundleSizes();
section('Minimal browser bundle (esbuild, minified; the .wasm counted beside the JS)', ['', 'raw', 'gzip', 'brotli'],
  Object.entries(sizes).map(([name, r]) => [name, kb(r.raw), kb(r.gzip), kb(r.brotli)]));
section('What the .wasm is made of (raw, and each part compressed alone)', ['', 'part', 'raw', 'gzip', 'brotli'],
  wasmParts().map(([variant, part, r]) => [variant, part, kb(r.raw), kb(r.gzip), kb(r.brotli)]),
  'The word lists are zxcvbn 4.4.2\'s with ranks by bucket, sorted and coded with static Huffman codes by context (build/words.rs, src/password/strength/coding.rs); the Unicode tables are NFKC\'s data, lower case and character classes (build/unicode.rs); "the rest" is chiefly the message catalogues, the keyboard graphs and strings.');

// ---- the report --------------------------------------------------------------------------
const version = (name) => JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8')).version;
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
const md = [
  '# Benchmarks',
  '',
  `Written by \`bash scripts/bench.sh\` on ${new Date().toISOString().slice(0, 10)}: ${machine}.`,
  `Versions: twofold ${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}, zxcvbn ${version('zxcvbn')}, @zxcvbn-ts/core ${version('@zxcvbn-ts/core')}, otpauth ${version('otpauth')}, otplib ${version('otplib')}, qrcode ${version('qrcode')}, esbuild ${version('esbuild')}.`,
  'Numbers move from run to run by some per cent; ratios are what to read.',
  '',
  ...sections.flatMap(({ title, header, rows, note }) => [
    `## ${title}`, '', `| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`), '', ...(note ? [note, ''] : []),
  ]),
];
// How the package got to these sizes, measured as each step landed (bench/history.md).
const history = readFileSync(join(here, 'history.md'), 'utf8');
// The server's sign-in figures are bench/signin-load.mjs's to write: kept as they are.
const previous = existsSync(join(root, 'BENCHMARKS.md')) ? readFileSync(join(root, 'BENCHMARKS.md'), 'utf8') : '';
const signIns = previous.match(/<!-- sign-ins:begin[\s\S]*?<!-- sign-ins:end -->/)?.[0];
writeFileSync(join(root, 'BENCHMARKS.md'), `${md.join('\n')}\n${history}${signIns ? `\n${signIns}\n` : ''}`);
log(`\nwrote ${join(root, 'BENCHMARKS.md')} (${statSync(join(root, 'BENCHMARKS.md')).size} bytes)`);
