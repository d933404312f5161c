// axe-core in a Playwright page, in each colour scheme and at a phone's width as well as the
// page's own: the violations of each run, as lines a failed assertion can print. Runs are
// counted, so a suite can report how many it made.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const PHONE_WIDTH = 360;
export const runs = { count: 0 };

/**
 * The violations on `page` as it is now.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<string[]>}
 */
async function violations(page) {
  // Evaluated rather than added as a <script>, which a Content-Security-Policy would refuse.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(SOURCE);
  const found = await page.evaluate(async () => {
    // @ts-ignore axe is the global the source above defines
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((/** @type {any} */ v) => `${v.id} (${v.impact}): ${v.nodes.map((/** @type {any} */ n) => n.target.join(' ')).join(', ')}`);
  });
  runs.count += 1;
  return found;
}

/**
 * Every violation on `page` in light and dark, at its width and at 360 px; the page is left
 * as it was found.
 * @param {import('playwright-core').Page} page
 * @param {string} state what the page shows, for the messages
 */
export async function accessibilityProblems(page, state) {
  const viewport = page.viewportSize() ?? { width: 1024, height: 900 };
  const problems = [];
  for (const width of new Set([viewport.width, PHONE_WIDTH])) {
    await page.setViewportSize({ width, height: viewport.height });
    for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
      await page.emulateMedia({ colorScheme });
      for (const v of await violations(page)) problems.push(`${state}, ${colorScheme}, ${width} px: ${v}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(viewport);
  return problems;
}
