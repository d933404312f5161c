// The site under test for a file of browser tests: the real server and Chromium, started
// before the file's tests and stopped after them.
import { after, before } from 'node:test';

import { launch } from './browser.mjs';
import { startServer } from './server.mjs';

/**
 * Registers the hooks, the server started with `args` besides the usual ones; the answer's
 * `server` and `browser` are set once they have run. A file's own `before` awaits
 * `started()` first: Node 20 runs a file's hooks side by side.
 * @returns {{ server: any, browser: import('playwright-core').Browser, url: (path: string) => string, started: () => Promise<void> }}
 */
export function useSite(args = []) {
  /** @type {Promise<void> | undefined} */
  let starting;
  const site = {
    server: /** @type {any} */ (null),
    browser: /** @type {any} */ (null),
    url: (/** @type {string} */ path) => new URL(path, site.server.url).href,
    started: () => {
      starting ??= (async () => {
        site.server = await startServer(args);
        site.browser = await launch();
      })();
      return starting;
    },
  };
  before(() => site.started());
  after(async () => {
    await site.browser?.close();
    await site.server?.stop();
  });
  return site;
}
