// Debian's Chromium driven by playwright-core, with the flags this sandbox needs (running as
// root, no GPU, no network beyond loopback), and a page that records every console error,
// uncaught exception and failed request so a test can insist there were none.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update',
    ],
  });
}

/**
 * A new page and the list of problems seen on it.
 * @param {import('playwright-core').Browser} browser
 */
export async function openPage(browser) {
  const page = await browser.newPage();
  /** @type {string[]} */
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  return { page, problems };
}
