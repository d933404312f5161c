// A refusal as a person meets it in a form: the value typed, the form sent, and the server's
// words beside the field it names, which is marked invalid and described by them.
import assert from 'node:assert/strict';

/**
 * Types `value` into `#field`, sends `#form` and waits for the refusal at the field; answers
 * its words.
 * @param {import('playwright-core').Page} page
 * @param {string} form
 * @param {string} field
 * @param {string} value
 */
export async function refusedAt(page, form, field, value) {
  await page.fill(`#${field}`, value);
  await page.click(`#${form} button[type=submit]`);
  await page.waitForSelector(`#${field}-error`);
  assert.equal(await page.getAttribute(`#${field}`, 'aria-invalid'), 'true', `#${field} is marked`);
  assert.match(await page.getAttribute(`#${field}`, 'aria-describedby') ?? '', new RegExp(`\\b${field}-error\\b`), `#${field} is described by the refusal`);
  return page.locator(`#${field}-error`).innerText();
}

/**
 * "Show QR code for another device" on the account page, right after a second factor was
 * proved: the password is asked for and nothing else, before and after. Answers the key shown.
 * @param {import('playwright-core').Page} page
 * @param {string} password
 */
export async function keyAgain(page, password) {
  await page.click('#show-qr');
  await page.waitForSelector('#proof:not([hidden]) #proof-password');
  assert.equal(await page.locator('#proof-codes').isVisible(), false, 'no code is asked for');
  await page.fill('#proof-password', password);
  await page.click('#proof button[type=submit]');
  await page.waitForSelector('#twofa-output #qr svg');
  assert.equal(await page.locator('#proof').isVisible(), false, 'and no code after the password either');
  return (await page.locator('#twofa-output #secret').innerText()).replaceAll(' ', '');
}
