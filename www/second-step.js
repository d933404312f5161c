// The second step of sign-in: a code from the app, a code sent by SMS or email to one of the
// user's authenticators, or a recovery code. The ways offered are the user's own, as the
// server lists them (masked), with the app first; the others are a click away ("send a code
// by SMS instead"). A code is sent only when asked for, since a text costs the tenant money,
// and "send again" waits the seconds the server gives, counted down on the button. A code
// the app already used is answered with the wait for its next one, counted down too.
import { api } from './api.js';
import { countdown, holdButton, release, retryAfter } from './countdown.js';
import { clearRefusal, refuse, say } from './feedback.js';
import { t, unbroken } from './i18n.js';

/** @typedef {{ id: number, type: 'totp' | 'email' | 'sms', name: string, address?: string }} Factor */
/** @typedef {{ key: string, kind: 'app' | 'sent' | 'recovery', factor?: Factor }} Method */

/** Which sent kind is offered first: a text reaches a phone, which is also where an app is. */
const SENT_ORDER = { sms: 0, email: 1, totp: 2 };

/**
 * The ways through for `factors`: the app (any of the user's apps), each phone and address,
 * and a recovery code.
 * @param {Factor[]} factors
 * @returns {Method[]}
 */
export function methods(factors) {
  const sent = factors.filter((f) => f.type !== 'totp').sort((a, b) => SENT_ORDER[a.type] - SENT_ORDER[b.type]);
  return [
    ...(factors.some((f) => f.type === 'totp') ? [/** @type {Method} */ ({ key: 'app', kind: 'app' })] : []),
    ...sent.map((factor) => /** @type {Method} */ ({ key: `factor-${factor.id}`, kind: 'sent', factor })),
    { key: 'recovery', kind: 'recovery' },
  ];
}

/** The words of the button that switches to `method`. @param {Method} method */
function switchLabel(method) {
  if (method.kind === 'app') return t('signin.method.app');
  if (method.kind === 'recovery') return t('signin.useRecovery');
  const factor = /** @type {Factor} */ (method.factor);
  return t(`signin.method.${factor.type}`, { address: unbroken(factor.address ?? factor.name) });
}

/**
 * Wires the second step's form.
 * @param {HTMLFormElement} form
 * @param {HTMLElement} status
 * @param {{ done: (stage: string) => Promise<void>, expired: () => void }} on what a completed step leads to,
 *   and what an expired one does
 */
export function secondStep(form, status, on) {
  const $ = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (form.querySelector(`#${id}`));
  const send = /** @type {HTMLButtonElement} */ (/** @type {unknown} */ ($('send')));
  /** @type {Method[]} */
  let ways = [];
  /** @type {Method} */
  let chosen = { key: 'app', kind: 'app' };
  /** When each authenticator may be sent a new code (ms), and whether one was sent. */
  const waits = new Map();
  const sent = new Set();
  let stopNext = () => {};

  /** The send button for the chosen authenticator: its label, and its wait if one runs. */
  const drawSend = () => {
    const factor = chosen.factor;
    if (!factor) return;
    release(send);
    send.textContent = sent.has(factor.id) ? t('signin.resend') : t(`signin.send.${factor.type}`);
    const left = Math.ceil(((waits.get(factor.id) ?? 0) - Date.now()) / 1000);
    if (left > 0) holdButton(send, left, (seconds) => t('signin.resendIn', { seconds }));
  };

  const draw = () => {
    clearRefusal(form);
    stopNext();
    $('next-code').hidden = true;
    const factor = chosen.factor;
    $('second-help').textContent = chosen.kind === 'app' ? t('signin.second.help')
      : chosen.kind === 'recovery' ? t('signin.recovery.help')
        : t(`signin.sent.help.${factor?.type}`, { address: unbroken(factor?.address ?? '') });
    $('send-row').hidden = chosen.kind !== 'sent';
    $('code-field').hidden = chosen.kind === 'recovery';
    $('recovery-field').hidden = chosen.kind !== 'recovery';
    $('code-label').textContent = t(chosen.kind === 'sent' ? 'signin.code.sent' : 'field.code');
    drawSend();
    const others = ways.filter((way) => way.key !== chosen.key);
    $('other-ways').hidden = !others.length;
    /** @type {HTMLElement} */ ($('methods')).replaceChildren(...others.map((way) => {
      const button = Object.assign(document.createElement('button'), {
        type: 'button', className: 'link', id: `method-${way.key}`, textContent: switchLabel(way),
      });
      button.addEventListener('click', () => choose(way));
      const item = document.createElement('li');
      item.append(button);
      return item;
    }));
  };

  /** @param {Method} way */
  const choose = (way) => {
    chosen = way;
    say(status, '');
    say(/** @type {HTMLElement} */ ($('send-status')), '');
    draw();
    if (way.kind === 'recovery') $('recovery').focus();
    else if (way.kind === 'sent' && !sent.has(/** @type {Factor} */ (way.factor).id)) send.focus();
    else $('code').focus();
  };

  /** Whether the step ended under the user (it lasts minutes); then it starts again. @param {any} error */
  const ended = (error) => {
    if (error?.code !== 'not_signed_in') return false;
    on.expired();
    return true;
  };

  // What became of a send is said beside its button, where the countdown is.
  const sendStatus = /** @type {HTMLElement} */ ($('send-status'));
  send.addEventListener('click', async () => {
    const factor = chosen.factor;
    if (!factor) return;
    clearRefusal(form);
    say(status, '');
    say(sendStatus, '');
    try {
      const { resendAfter } = await api('POST', '/api/signin/second-factor/send', { factorId: factor.id });
      sent.add(factor.id);
      waits.set(factor.id, Date.now() + Number(resendAfter) * 1000);
      say(sendStatus, t('signin.sent', { address: unbroken(factor.address ?? factor.name) }), 'info');
      drawSend();
      $('code').focus();
    } catch (error) {
      if (ended(error)) return;
      refuse(form, sendStatus, error);
      const wait = retryAfter(error);
      if (wait) {
        waits.set(factor.id, Date.now() + wait * 1000);
        drawSend();
      }
    }
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearRefusal(form);
    say(status, '');
    const proof = chosen.kind === 'recovery' ? { recoveryCode: $('recovery').value.trim() }
      : { code: $('code').value.trim(), ...(chosen.factor ? { factorId: chosen.factor.id } : {}) };
    try {
      const result = await api('POST', '/api/signin/second-factor', { ...proof, rememberDevice: $('remember').checked });
      await on.done(result.stage);
    } catch (error) {
      if (ended(error)) return;
      refuse(form, status, error);
      // The app's code was used a moment ago: show when the next one comes.
      const wait = /** @type {any} */ (error)?.code === 'code_reused' ? retryAfter(error) : 0;
      if (wait) {
        $('next-code').hidden = false;
        stopNext = countdown(wait, (seconds) => { $('next-code').textContent = t('signin.nextCode', { seconds }); }, () => {
          $('next-code').textContent = t('signin.nextCodeNow');
        });
      }
    }
  });

  /** Shows the step, with the ways the server lists for this user. */
  return async function open() {
    const { factors } = await api('GET', '/api/signin/second-factor');
    ways = methods(factors);
    choose(ways[0]);
  };
}
