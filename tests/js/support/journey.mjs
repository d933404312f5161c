// What a browser test in one language does again and again: a new person at the site, the
// text they read, a page opened or arrived at (ready once its script says so), sign-in and
// sign-out, and the check of each state: no axe violation in either scheme or at a phone's
// width, no word of another language, the right <html lang>, and a screenshot kept.
import assert from 'node:assert/strict';

import { accessibilityProblems } from './axe.mjs';
import { strangers } from './languages.mjs';
import { newPerson } from './person.mjs';

/**
 * @param {{ site: any, tag: string, problems: string[], audited: string[], shots: URL, prefix?: string }} parts
 *   `audited` collects the states checked; screenshots go to `shots` as `{tag}-{prefix}{name}.png`
 */
export function journey({ site, tag, problems, audited, shots, prefix = '' }) {
  const open = async (page, path) => {
    await page.goto(site.url(path));
    await page.waitForSelector('body[data-ready="yes"]');
  };
  const arrive = async (page, pattern) => {
    await page.waitForURL(pattern);
    await page.waitForSelector('body[data-ready="yes"]');
  };
  return {
    open,
    arrive,
    person: (viewport) => newPerson(site.browser, problems, { lang: tag, viewport }),
    // What is read, the non-breaking spaces that keep a number on one line read as spaces.
    text: async (page, selector) => (await page.locator(selector).innerText()).replaceAll('\u00a0', ' '),
    async signIn(page, identifier, password) {
      await open(page, 'signin.html?tenant=acme');
      await page.fill('#identifier', identifier);
      await page.fill('#password', password);
      await page.click('#password-step button[type=submit]');
    },
    async signOut(page) {
      await page.click('#signout');
      await arrive(page, /signin\.html/);
    },
    /** The page as it is: no axe violation, no word of another language; a screenshot kept. */
    async check(page, name) {
      const what = `${tag} ${name}`;
      audited.push(what);
      assert.equal(await page.evaluate(() => document.documentElement.lang), tag, `${what}: <html lang>`);
      assert.deepEqual(await strangers(page, tag), [], what);
      assert.deepEqual(await accessibilityProblems(page, what), []);
      await page.screenshot({ path: new URL(`${tag}-${prefix}${name}.png`, shots).pathname, fullPage: true });
    },
  };
}
