// A wait the server asked for, counted down where the user looks: on the button that sends a
// new code ("Send again in 42 s"), or under the code field (the next code of the app). The
// seconds come from the server (`resendAfter`, `retryAfter`), never from a rule of the page's.
// The text changes in place without a live region: a screen reader would otherwise read a
// number every second; the element's final words are what it says when the wait is over.

/**
 * Counts `seconds` down, drawing each remaining second with `draw`, and calls `done` at zero.
 * Answers a function that stops it (a second wait replaces the first).
 * @param {number} seconds
 * @param {(left: number) => void} draw
 * @param {() => void} done
 * @returns {() => void}
 */
export function countdown(seconds, draw, done) {
  const end = Date.now() + Math.max(0, seconds) * 1000;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const tick = () => {
    const left = Math.ceil((end - Date.now()) / 1000);
    if (left <= 0) {
      done();
      return;
    }
    draw(left);
    // To the next whole second, so the number never skips or stalls.
    timer = setTimeout(tick, ((end - Date.now()) % 1000) || 1000);
  };
  tick();
  return () => clearTimeout(timer);
}

/** The buttons held now, and how to give each back: a new wait replaces the old one. */
/** @type {WeakMap<HTMLButtonElement, () => void>} */
const held = new WeakMap();

/**
 * Holds `button` disabled for the server's `seconds`, its label counting down, then gives it
 * back with its own label. Answers a function that gives it back at once.
 * @param {HTMLButtonElement} button
 * @param {number} seconds
 * @param {(left: number) => string} label the label while waiting
 */
export function holdButton(button, seconds, label) {
  held.get(button)?.();
  const own = button.textContent ?? '';
  button.disabled = true;
  let stop = () => {};
  const giveBack = () => {
    stop();
    held.delete(button);
    button.disabled = false;
    button.textContent = own;
  };
  held.set(button, giveBack);
  stop = countdown(seconds, (left) => { button.textContent = label(left); }, giveBack);
  return giveBack;
}

/** Gives `button` back at once if it is held. @param {HTMLButtonElement} button */
export function release(button) {
  held.get(button)?.();
}

/** The seconds a refusal asks to wait (`retryAfter`), when it asks. @param {any} error */
export function retryAfter(error) {
  const seconds = Number(error?.body?.retryAfter);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
}
