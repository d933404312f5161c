// The demo page: a fresh secret, its QR code, the live code and a verifier, all computed
// in the browser by the twofold package.
import { buildOtpauthUri, generateSecret, qrSvg, totp, verifyTotp } from '/twofold/js/browser.js';

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
let secret = '';
/** The last time step accepted, so the same code is refused a second time. */
let lastAccepted = undefined;

function enroll() {
  secret = generateSecret();
  lastAccepted = undefined;
  const { uri } = buildOtpauthUri({ type: 'totp', issuer: 'twofold demo', account: 'you@example.com', secret });
  $('qr').innerHTML = qrSvg(uri, { title: 'QR code for your authenticator app' });
  $('secret').textContent = secret.match(/.{1,4}/g).join(' ');
  $('uri').textContent = uri;
  $('verdict').textContent = '';
  tick();
}

function tick() {
  const { code, remainingSeconds } = totp(secret);
  $('code').textContent = `${code.slice(0, 3)} ${code.slice(3)}`;
  /** @type {HTMLProgressElement} */ ($('countdown')).value = remainingSeconds;
  $('remaining').textContent = `${remainingSeconds} s left`;
}

$('fresh').addEventListener('click', enroll);
$('copy').addEventListener('click', () => navigator.clipboard?.writeText(secret));
$('check').addEventListener('submit', (event) => {
  event.preventDefault();
  const verdict = $('verdict');
  try {
    const result = verifyTotp(/** @type {HTMLInputElement} */ ($('typed')).value, secret, { afterTimeStep: lastAccepted });
    if (result.valid) lastAccepted = result.timeStep;
    verdict.textContent = result.valid
      ? `Accepted (time step ${result.timeStep}, ${result.delta === 0 ? 'on time' : `${result.delta} step off`}). The same code will now be refused.`
      : 'Not accepted: wrong code, too old, or already used.';
    verdict.className = result.valid ? 'ok' : 'bad';
  } catch (error) {
    verdict.textContent = error.message;
    verdict.className = 'bad';
  }
});

enroll();
setInterval(tick, 1000);
