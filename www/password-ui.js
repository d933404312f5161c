// The live password feedback, drawn from the twofold package's verdict (the same verdict the
// server enforces): the policy's checklist, marked in place so that nothing is rebuilt under
// a screen reader on every key, and a strength meter.

/** Escapes text for innerHTML. @param {unknown} text */
export const esc = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The requirements list, shown before anything is typed; the rules only the server can
 * check (lifetime, history) greyed and without a mark.
 * @param {HTMLElement} list
 * @param {{ code: string, label: string, serverSide?: boolean }[]} requirements
 */
export function renderRequirements(list, requirements) {
  list.innerHTML = requirements
    .map((r) => (r.serverSide
      ? `<li class="server">${esc(r.label)}</li>`
      : `<li data-code="${esc(r.code)}"><span class="mark" aria-hidden="true">○</span> <span class="rule">${esc(r.label)}</span></li>`))
    .join('');
}

/**
 * Marks each item of a verdict's checklist met or not, adding the items the list lacks (a
 * server's verdict can come before the checker has loaded), relabelling those whose rule
 * changed and dropping those the policy no longer has (the admin's preview).
 * @param {HTMLElement} list
 * @param {{ code: string, label: string, met: boolean }[]} checklist
 */
export function markChecklist(list, checklist) {
  list.querySelector('li.loading')?.remove();
  const codes = new Set(checklist.map((item) => item.code));
  for (const li of list.querySelectorAll('li[data-code]')) if (!codes.has(/** @type {HTMLElement} */ (li).dataset.code ?? '')) li.remove();
  for (const item of checklist) {
    let li = /** @type {HTMLElement | null} */ (list.querySelector(`li[data-code="${CSS.escape(item.code)}"]`));
    if (!li) {
      li = document.createElement('li');
      li.dataset.code = item.code;
      li.innerHTML = '<span class="mark" aria-hidden="true"></span> <span class="rule"></span>';
      const server = list.querySelector('li.server');
      if (server) server.before(li); else list.append(li);
    }
    li.className = item.met ? 'met' : 'unmet';
    /** @type {HTMLElement} */ (li.querySelector('.mark')).textContent = item.met ? '✓' : '○';
    const rule = /** @type {HTMLElement} */ (li.querySelector('.rule'));
    if (rule.textContent !== item.label) rule.textContent = item.label;
  }
}

/**
 * The meter's markup: a bar of five steps named for screen readers, the score's label, the
 * warning, the suggestions and the time to guess.
 * @param {string} name the meter's accessible name
 */
export function meterMarkup(name) {
  return `<div class="bar" role="meter" aria-label="${esc(name)}" aria-valuemin="0" aria-valuemax="4" aria-valuenow="0">`
    + '<span></span><span></span><span></span><span></span><span></span></div>'
    + '<p class="label"></p><ul class="advice"></ul><p class="crack"></p>';
}

/**
 * Draws a verdict's strength in a meter made by `meterMarkup`.
 * @param {HTMLElement} meter
 * @param {any} verdict
 * @param {(time: string) => string} crackText
 */
export function renderStrength(meter, verdict, crackText) {
  const s = verdict.strength;
  const empty = verdict.length === 0;
  const bar = /** @type {HTMLElement} */ (meter.querySelector('.bar'));
  bar.dataset.score = empty ? '' : String(s.score);
  bar.setAttribute('aria-valuenow', empty ? '0' : String(s.score));
  if (empty) bar.removeAttribute('aria-valuetext'); else bar.setAttribute('aria-valuetext', s.label);
  /** @type {HTMLElement} */ (meter.querySelector('.label')).textContent = empty ? '' : s.label;
  const advice = [s.warning?.message, ...s.suggestions.map((/** @type {any} */ x) => x.message), s.notice].filter(Boolean);
  /** @type {HTMLElement} */ (meter.querySelector('.advice')).innerHTML = empty ? '' : advice.map((a) => `<li>${esc(a)}</li>`).join('');
  /** @type {HTMLElement} */ (meter.querySelector('.crack')).textContent = empty ? '' : crackText(s.crackTimes.onlineNoThrottling10PerSecond.display);
}
