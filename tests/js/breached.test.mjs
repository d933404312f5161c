// checkBreached against a fake range API on 127.0.0.1: the request names the prefix of an
// independent SHA-1 (node:crypto) and asks for padding; a listed password is breached with its
// count, padding never is; an API that fails, stays silent or answers no range is a
// TwofoldError. Then the real server, pointed at the same fake, refuses exactly the passwords
// the browser function calls breached: one answer, two places.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';

import { checkBreached, checkPassword } from 'twofold';
import { client, startServer } from './support/server.mjs';

const sha1 = (password) => createHash('sha1').update(password.normalize('NFKC'), 'utf8').digest('hex').toUpperCase();

/** Strong enough for the demo's policy, so that only a breach refuses them. */
const LISTED = { 'velvet orbit cactus lantern': 42, 'ｖｅｌｖｅｔ ｏｒｂｉｔ ｔｕｎｄｒａ ｍｅａｄｏｗ': 7 };
const PADDED = 'quartz meadow tundra eleven';
const ABSENT = ['harbor willow sprocket ninety', 'Пароль из пяти слов вполне', 'lantern cactus orbit velvet'];

/** The range of `prefix` as the API writes it: CRLF, some suffixes in lower case, padding. */
function range(prefix) {
  const lines = ['0018A45C4D1DEF81644B54AB7F969B88D65:3', '00D4F6E8FA6EECAD2A3AA415EEC418D38EC:0'];
  for (const [password, count] of Object.entries(LISTED)) {
    const hash = sha1(password);
    if (hash.startsWith(prefix)) lines.push(`${hash.slice(5).toLowerCase()}:${count}`);
  }
  if (sha1(PADDED).startsWith(prefix)) lines.push(`${sha1(PADDED).slice(5)}:0`);
  return lines.join('\r\n');
}

let fake;
let mode = 'range';
const requests = [];

before(async () => {
  const server = createServer((request, response) => {
    requests.push({ path: request.url, padding: request.headers['add-padding'] });
    const prefix = request.url.match(/^\/range\/([0-9A-F]{5})$/)?.[1];
    if (mode === 'silent') return; // never answers
    if (mode === 'down') return response.writeHead(503).end('busy');
    if (mode === 'html') return response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p>portal</p>');
    if (!prefix) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/plain' }).end(range(prefix));
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  fake = { server, url: `http://127.0.0.1:${server.address().port}/range/` };
});
after(() => { fake?.server.closeAllConnections(); fake?.server.close(); });

test('a listed password is breached with its count; padding and absent ones are not', async () => {
  mode = 'range';
  for (const [password, count] of Object.entries(LISTED)) {
    requests.length = 0;
    assert.deepEqual(await checkBreached(password, { url: fake.url }), { breached: true, count });
    assert.deepEqual(requests, [{ path: `/range/${sha1(password).slice(0, 5)}`, padding: 'true' }]);
  }
  assert.deepEqual(await checkBreached(PADDED, { url: fake.url }), { breached: false, count: 0 });
  for (const password of ABSENT) assert.equal((await checkBreached(password, { url: fake.url })).breached, false);
});

test('an API that fails, stays silent or answers no range is a TwofoldError', async () => {
  mode = 'down';
  await assert.rejects(checkBreached(PADDED, { url: fake.url }), { name: 'TwofoldError', code: 'breach_unavailable', message: /HTTP 503/ });
  mode = 'html';
  await assert.rejects(checkBreached(PADDED, { url: fake.url }), { name: 'TwofoldError', code: 'breach_range_malformed' });
  mode = 'silent';
  const started = performance.now();
  await assert.rejects(checkBreached(PADDED, { url: fake.url, timeoutMs: 300 }), { name: 'TwofoldError', code: 'breach_unavailable' });
  assert.ok(performance.now() - started < 2000, 'gave up at the timeout');
  mode = 'range';
  await assert.rejects(checkBreached(PADDED, { url: 'http://127.0.0.1:9/range/' }), { code: 'breach_unavailable' });
  await assert.rejects(checkBreached(PADDED, {}), { name: 'TwofoldError', code: 'argument_invalid', field: 'url' });
  await assert.rejects(checkBreached(42, { url: fake.url }), { name: 'TwofoldError', code: 'argument_invalid', field: 'password' });
});

test('the server refuses exactly what checkBreached calls breached, from the same answers', async () => {
  mode = 'range';
  const server = await startServer(['--breach-api', fake.url, '--signups-per-address', '100']);
  try {
    const admin = client(server.url);
    await admin.get('/api/session');
    const signedIn = await admin.post('/api/t/acme/signin', { email: 'admin@acme.test', password: server.adminPassword });
    assert.equal(signedIn.body?.stage, 'full', JSON.stringify(signedIn.body));
    const { policy } = (await admin.get('/api/admin/policy')).body;
    const saved = await admin.put('/api/admin/policy', { ...policy, rejectBreached: true });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));

    const browser = client(server.url);
    await browser.get('/api/session');
    const tenant = (await browser.get('/api/t/acme')).body;
    assert.equal(tenant.policy.rejectBreached, true);
    const passwords = [...Object.keys(LISTED), PADDED, ...ABSENT];
    for (const [i, password] of passwords.entries()) {
      for (const locale of ['en', 'ru', 'ca']) {
        const user = { email: `${i}.${locale}@example.com`, name: 'Jane Doe' };
        const typed = checkPassword(password, tenant.policy, { ...user, tenant: tenant.name }, locale);
        assert.ok(typed.accepted, `only a breach may refuse ${password}: ${JSON.stringify(typed.violations)}`);
        const { breached, count } = await checkBreached(password, { url: fake.url });
        const response = await browser.post('/api/t/acme/signup', { ...user, password, locale });
        if (!breached) {
          assert.equal(response.status, 201, `${password}: ${JSON.stringify(response.body)}`);
          continue;
        }
        assert.equal(response.status, 422, password);
        const [violation, ...rest] = response.body.verdict.violations;
        assert.deepEqual([violation.code, violation.params.count, rest.length], ['breached', count, 0], password);
        assert.ok(violation.message.length > 20, violation.message);
      }
    }
    assert.ok(requests.every((r) => r.padding === 'true' && /^\/range\/[0-9A-F]{5}$/.test(r.path)), JSON.stringify(requests));
  } finally {
    await server.stop();
  }
});
