// A fake breached-password range API on 127.0.0.1, for servers started with --breach-api:
// `GET /range/{PREFIX}` answers the suffixes of the listed passwords' SHA-1 under that prefix
// with their counts, and a padding line, as the real API does.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';

const sha1 = (password) => createHash('sha1').update(password.normalize('NFKC'), 'utf8').digest('hex').toUpperCase();

/**
 * Starts the API for `listed` (password → times seen); resolves with the URL to give
 * --breach-api, the prefixes asked for, and a stop function.
 * @param {Record<string, number>} listed
 */
export async function rangeServer(listed) {
  const asked = [];
  const server = createServer((request, response) => {
    const prefix = request.url.match(/^\/range\/([0-9A-F]{5})$/)?.[1];
    if (!prefix) return response.writeHead(404).end();
    asked.push(prefix);
    const lines = ['00D4F6E8FA6EECAD2A3AA415EEC418D38EC:0'];
    for (const [password, count] of Object.entries(listed)) {
      if (sha1(password).startsWith(prefix)) lines.push(`${sha1(password).slice(5)}:${count}`);
    }
    response.writeHead(200, { 'content-type': 'text/plain' }).end(lines.join('\r\n'));
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}/range/`,
    asked,
    stop: () => { server.closeAllConnections(); server.close(); },
  };
}
