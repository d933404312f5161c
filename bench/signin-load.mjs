// Sign-ins per second against the real server (release build): one instance on SQLite, one
// and two instances on one PostgreSQL database, measured against the argon2 bound (cores ÷
// seconds per hash, since every sign-in hashes once). Rewrites the "Sign-ins per second"
// section of BENCHMARKS.md between its markers and prints it.
//
//   TWOFOLD_BENCH_POSTGRES=postgres://…/postgres node bench/signin-load.mjs [--seconds 10] [--clients 16]
//
// scripts/bench-server.sh builds the server, starts a throwaway PostgreSQL and runs this.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const server = join(root, 'target', 'release', 'twofold-server');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = arg('--seconds', 10);
const clients = arg('--clients', 16);
const postgres = process.env.TWOFOLD_BENCH_POSTGRES;
const KEY = Buffer.alloc(32, 7).toString('base64');
const PASSWORD = 'orbit velvet cactus nine';
const USERS = 16;

function start(database, extra) {
  const folder = mkdtempSync(join(tmpdir(), 'twofold-bench-'));
  const child = spawn(server, ['--listen', '127.0.0.1:0', '--database', database, '--secret-key', KEY,
    '--www', folder, '--package', folder, '--ip-failure-limit', '100000',
    // Every load user signs up from loopback first.
    '--signups-per-address', '100000', '--signups-per-tenant', '100000',
    // Each client comes from an address of its own (through a trusted proxy on loopback), as
    // people do: one address may have only two hashes in flight.
    '--trusted-proxies', '127.0.0.0/8', ...extra],
  { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, RUST_LOG: 'warn' } });
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    lines.on('line', (line) => {
      const match = line.match(/serving on (http:\/\/\S+\/)/);
      if (match) {
        resolve({
          url: match[1],
          stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGTERM'); }),
          folder,
        });
      }
    });
  });
}

/** A cookie-keeping client with the CSRF token, like the front end. */
async function browser(url, address = '192.0.2.1') {
  const cookies = new Map();
  const request = async (method, path, body) => {
    const headers = { 'content-type': 'application/json', 'x-forwarded-for': address, cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (cookies.has('twofold_csrf')) headers['x-csrf-token'] = cookies.get('twofold_csrf');
    const response = await fetch(new URL(path, url), { method, headers, body: body && JSON.stringify(body) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, value] = pair.split('=');
      cookies.set(name, value);
    }
    await response.arrayBuffer();
    return response.status;
  };
  await request('GET', '/api/session');
  return request;
}

async function signInLoop(urls, until, address) {
  let done = 0;
  let failed = 0;
  const requests = await Promise.all(urls.map((url) => browser(url, address)));
  let i = 0;
  while (performance.now() < until) {
    const k = i++;
    const status = await requests[k % requests.length]('POST', '/api/t/acme/signin',
      { email: `user${k % USERS}@example.com`, password: PASSWORD });
    if (status === 200) done++; else failed++;
  }
  return { done, failed };
}

async function measure(name, database, instances) {
  const servers = [await start(database, ['--demo'])];
  for (let n = 1; n < instances; n++) servers.push(await start(database, []));
  const urls = servers.map((s) => s.url);
  const setup = await browser(urls[0]);
  for (let n = 0; n < USERS; n++) {
    const status = await setup('POST', '/api/t/acme/signup', { email: `user${n}@example.com`, name: 'Load Test', password: PASSWORD });
    if (status !== 201) throw new Error(`signup answered ${status}`);
  }
  // One at a time: the cost of one sign-in, which is one argon2 hash and a few statements.
  const single = await browser(urls[0]);
  const started = performance.now();
  const sequential = 20;
  for (let n = 0; n < sequential; n++) {
    await single('POST', '/api/t/acme/signin', { email: `user${n % USERS}@example.com`, password: PASSWORD });
  }
  const perSignIn = (performance.now() - started) / 1000 / sequential;
  const until = performance.now() + seconds * 1000;
  const loops = await Promise.all(Array.from({ length: clients }, (_, c) => signInLoop(urls.map((_, k) => urls[(c + k) % urls.length]), until, `198.51.100.${c + 1}`)));
  const done = loops.reduce((sum, l) => sum + l.done, 0);
  const failed = loops.reduce((sum, l) => sum + l.failed, 0);
  await Promise.all(servers.map((s) => s.stop()));
  for (const s of servers) rmSync(s.folder, { recursive: true, force: true });
  const bound = cpus().length / perSignIn;
  return { name, instances, rate: done / seconds, failed, perSignIn, bound };
}

function fresh(name) {
  execFileSync('psql', [postgres, '-q', '-c', `DROP DATABASE IF EXISTS ${name}`, '-c', `CREATE DATABASE ${name}`]);
  return postgres.replace(/\/[^/]*$/, `/${name}`);
}

const results = [];
const folder = mkdtempSync(join(tmpdir(), 'twofold-bench-sqlite-'));
results.push(await measure('SQLite', join(folder, 'bench.sqlite3'), 1));
rmSync(folder, { recursive: true, force: true });
if (postgres) {
  results.push(await measure('PostgreSQL', fresh('twofold_bench_one'), 1));
  results.push(await measure('PostgreSQL', fresh('twofold_bench_two'), 2));
} else {
  console.error('TWOFOLD_BENCH_POSTGRES is not set: PostgreSQL rows left out');
}

const cores = cpus().length;
const rows = results.map((r) =>
  `| ${r.name} | ${r.instances} | ${r.rate.toFixed(1)} | ${(r.perSignIn * 1000).toFixed(1)} | ${r.bound.toFixed(1)} | ${(100 * r.rate / r.bound).toFixed(0)} % | ${r.failed} |`);
const section = [
  '<!-- sign-ins:begin (written by bench/signin-load.mjs) -->',
  '## Sign-ins per second (the real server, release build)',
  '',
  `${clients} clients signing in with a password for ${seconds} s each, spread over the instances; ${cores} cores, shared by the servers, the load and PostgreSQL. The bound is cores ÷ the time one sign-in takes alone (one argon2id hash at m = 19 MiB, t = 2, p = 1, and a few statements): a second instance on the same machine adds no cores, so it cannot raise it.`,
  '',
  '| store | instances | sign-ins/s | one sign-in alone (ms) | bound (/s) | of the bound | refused |',
  '|---|---|---|---|---|---|---|',
  ...rows,
  '<!-- sign-ins:end -->',
].join('\n');
console.log(section);
const file = join(root, 'BENCHMARKS.md');
const text = readFileSync(file, 'utf8');
const pattern = /<!-- sign-ins:begin[\s\S]*?<!-- sign-ins:end -->/;
writeFileSync(file, pattern.test(text) ? text.replace(pattern, section) : `${text.trimEnd()}\n\n${section}\n`);
