// Starts the real backend (target/debug/twofold-server, built by scripts/test.sh) on a fresh
// database and a free port, serving the front end and the package with the compressed copies
// a build leaves (made here if a build has not), and talks to it like the front end does.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { compress } from '../../../scripts/compress.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
export const SERVER = process.env.TWOFOLD_SERVER ?? join(root, 'target', 'debug', 'twofold-server');

/** Starts a server with the demo tenant; resolves with its URL, a client and a stop function. */
export async function startServer(extraArgs = []) {
  compress();
  const folder = mkdtempSync(join(tmpdir(), 'twofold-server-'));
  const child = spawn(SERVER, ['--demo', '--listen', '127.0.0.1:0', '--database', join(folder, 'db.sqlite3'),
    '--www', join(root, 'www'), '--package', root, ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  let adminPassword;
  const url = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    lines.on('line', (line) => {
      adminPassword ??= line.match(/password: (\S+)/)?.[1];
      const match = line.match(/serving on (http:\/\/\S+\/)/);
      if (match) resolve(match[1]);
    });
  });
  return {
    url,
    adminPassword,
    stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGTERM'); }),
  };
}

/**
 * A cookie-keeping JSON client that sends the CSRF token, like the front end, and asks for
 * answers in `language` when given (Accept-Language), as the pages do.
 */
export function client(url, { language } = {}) {
  const cookies = new Map();
  async function request(method, path, body) {
    const headers = { 'content-type': 'application/json', cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (language) headers['accept-language'] = language;
    if (cookies.has('twofold_csrf')) headers['x-csrf-token'] = cookies.get('twofold_csrf');
    const response = await fetch(new URL(path, url), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, value] = pair.split('=');
      if (/Max-Age=0/.test(cookie)) cookies.delete(name); else cookies.set(name, value);
    }
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
  return {
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    put: (path, body) => request('PUT', path, body),
    delete: (path) => request('DELETE', path),
  };
}
