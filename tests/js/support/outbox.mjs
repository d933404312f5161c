// The outbox as the tenant's admin reads it through the API: the mail a person was sent,
// to read a code out of it as that person would from their inbox.
import { client } from './server.mjs';

/**
 * The newest mail to `recipient`, or undefined.
 * @param {{ url: string, adminPassword: string }} server
 * @param {string} recipient
 * @param {string} [language] the language the admin asks for (the mail's own does not change)
 */
export async function latestMail(server, recipient, language) {
  const admin = client(server.url, { language });
  await admin.get('/api/session');
  const signedIn = await admin.post('/api/t/acme/signin', { email: 'admin@acme.test', password: server.adminPassword });
  if (signedIn.body?.stage !== 'full') throw new Error(`the admin is not signed in: ${JSON.stringify(signedIn.body)}`);
  const { body } = await admin.get('/api/admin/outbox');
  return body.messages.filter((m) => m.recipient === recipient).sort((a, b) => b.id - a.id)[0];
}
