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

/**
 * The outbox read through one admin session, opened now: the admin may turn on two-step
 * verification later without this reader having to pass it (as a second admin would).
 * @param {{ url: string, adminPassword: string }} server
 */
export async function outboxReader(server) {
  const admin = client(server.url);
  await admin.get('/api/session');
  const signedIn = await admin.post('/api/t/acme/signin', { email: 'admin@acme.test', password: server.adminPassword });
  if (signedIn.body?.stage !== 'full') throw new Error(`the admin is not signed in: ${JSON.stringify(signedIn.body)}`);
  /** Every message to `recipient`, newest first. */
  const to = async (recipient) => {
    const { body } = await admin.get('/api/admin/outbox');
    return body.messages.filter((m) => m.recipient === recipient).sort((a, b) => b.id - a.id);
  };
  return {
    to,
    /** The code of the newest mail to `address`, from its subject ("…: your sign-in code is 123456"). */
    async mailedCode(address) {
      const [mail] = await to(address);
      const code = mail?.subject.match(/\b(\d{6})\b/)?.[1];
      if (!code) throw new Error(`no code mailed to ${address}: ${JSON.stringify(mail)}`);
      return code;
    },
    /**
     * The newest text to the E.164 number `phone` (the console provider writes them to the
     * outbox), and its code from the origin-bound last line `@host #123456`.
     */
    async texted(phone) {
      const [text] = await to(phone);
      const last = text?.body.trim().split('\n').pop() ?? '';
      const bound = last.match(/^@(\S+) #(\d{6})$/);
      if (!bound) throw new Error(`no origin-bound code texted to ${phone}: ${JSON.stringify(text)}`);
      return { host: bound[1], code: bound[2], body: text.body };
    },
  };
}
