// The server refuses a password with exactly the violations the browser's checkPassword
// reports for the same policy and input: one verdict, two places.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { checkPassword } from 'twofold';
import { client, startServer } from './support/server.mjs';

let server;
// Its checks sign many people up from one address, above the default of 10 an hour.
before(async () => { server = await startServer(['--signups-per-address', '100']); });
after(async () => { await server?.stop(); });

const PASSWORDS = ['', 'password', 'Acme2024', 'roadrunner is fast', 'jane.doe@example.com1', 'ｐａｓｓｗｏｒｄ１２３', 'Пароль123!', 'short 1', 'a'.repeat(200), 'orbit velvet cactus nine'];

test('signup refusals carry the violation codes of the wasm checkPassword', async () => {
  const browser = client(server.url);
  await browser.get('/api/session');
  const tenant = (await browser.get('/api/t/acme')).body;
  const user = { email: 'jane.doe@example.com', name: 'Jane Doe' };
  for (const [i, password] of PASSWORDS.entries()) {
    for (const locale of ['en', 'ru', 'ca']) {
      const email = `${i}.${locale}.${user.email}`;
      const response = await browser.post('/api/t/acme/signup', { ...user, email, password, locale });
      const inBrowser = checkPassword(password, tenant.policy, { ...user, email, tenant: tenant.name }, locale);
      if (inBrowser.accepted) {
        assert.equal(response.status, 201, JSON.stringify(response.body));
        continue;
      }
      assert.equal(response.status, 422, password);
      assert.equal(response.body.code, 'password_refused');
      const verdict = response.body.verdict;
      assert.deepEqual(verdict.violations.map((v) => v.code), inBrowser.violations.map((v) => v.code), password);
      assert.deepEqual(verdict.violations.map((v) => v.message), inBrowser.violations.map((v) => v.message), `${password} (${locale})`);
      assert.equal(verdict.accepted, false);
    }
  }
});

test('the server serves the front end and the package it imports', async () => {
  const page = await fetch(server.url);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<html/);
  const wasm = await fetch(new URL('twofold/pkg/web/twofold_bg.wasm', server.url));
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.ok(server.adminPassword, 'the demo printed its admin password');
  const admin = client(server.url);
  await admin.get('/api/session');
  const signin = await admin.post('/api/t/acme/signin', { email: 'admin@acme.test', password: server.adminPassword });
  assert.equal(signin.status, 200, JSON.stringify(signin.body));
});
