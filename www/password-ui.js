// The live password feedback: the policy's checklist and a strength meter, both rendered from
// the twofold package's verdict (the same verdict the server will enforce).

/** Escapes text for innerHTML. */
export const esc = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The requirements list, shown before anything is typed. */
export function renderRequirements(list, requirements) {
  list.innerHTML = requirements
    .filter((r) => !r.serverSide)
    .map((r) => `<li data-code="${esc(r.code)}"><span class="mark" aria-hidden="true">○</span> ${esc(r.label)}</li>`)
    .join('') + requirements.filter((r) => r.serverSide).map((r) => `<li class="server">${esc(r.label)}</li>`).join('');
}

/** Ticks the checklist from a verdict. */
export function renderChecklist(list, verdict) {
  list.innerHTML = verdict.checklist
    .map((item) => `<li data-code="${esc(item.code)}" class="${item.met ? 'met' : 'unmet'}"><span class="mark" aria-hidden="true">${item.met ? '✓' : '○'}</span> ${esc(item.label)}</li>`)
    .join('');
}

/** The meter: a bar of five steps, the score's label, the warning and the suggestions. */
export function renderStrength(meter, verdict, crackText) {
  const s = verdict.strength;
  const empty = verdict.length === 0;
  meter.querySelector('.bar').dataset.score = empty ? '' : String(s.score);
  meter.querySelector('.bar').setAttribute('aria-valuenow', empty ? '0' : String(s.score));
  meter.querySelector('.bar').setAttribute('aria-valuetext', empty ? '' : s.label);
  meter.querySelector('.label').textContent = empty ? '' : s.label;
  const advice = [s.warning?.message, ...s.suggestions.map((x) => x.message), s.notice].filter(Boolean);
  meter.querySelector('.advice').innerHTML = empty ? '' : advice.map((a) => `<li>${esc(a)}</li>`).join('');
  meter.querySelector('.crack').textContent = empty ? '' : crackText(s.crackTimes.onlineNoThrottling10PerSecond.display);
}

/** The meter's markup. */
export const METER = `
  <div class="bar" role="meter" aria-valuemin="0" aria-valuemax="4" aria-valuenow="0"><span></span><span></span><span></span><span></span><span></span></div>
  <p class="label"></p><ul class="advice"></ul><p class="crack"></p>`;
