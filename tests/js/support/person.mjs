// A person at the site: a fresh browser context (their own cookies) in their language, with a
// page that reports every problem into `problems`: an exception, a failed request, a 5xx, a
// console error. The API answers refusals (a wrong code, a lock) with 4xx, which the page
// shows and Chromium also logs as "Failed to load resource": those are answers, not errors.
// A download cut short by leaving the page (the checker, loaded after the page) is no failure.

/**
 * @param {import('playwright-core').Browser} browser
 * @param {string[]} problems
 * @param {{ lang?: string, viewport?: { width: number, height: number } }} [options]
 */
export async function newPerson(browser, problems, { lang = 'en', viewport = { width: 1024, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: lang });
  await context.addInitScript((l) => localStorage.setItem('twofold.lang', l), lang);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 500 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const refusal = /status of 4\d\d/.test(m.text()) && new URL(m.location().url).pathname.startsWith('/api/');
    if (!refusal) problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  return { context, page };
}
