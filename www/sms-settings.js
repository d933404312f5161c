// The tenant's SMS providers in the security settings: a provider for every number, and
// optionally a second one for the numbers that start with given prefixes (ONLYOFFICE sends
// CIS numbers to SMSC). Each provider shows its own fields, by the names the server gives
// them, so that a refused one (`sms.from`, `sms.secondary.apiKey`) is marked where it is.
// Secrets come from the server masked (`••••` and the last four characters); they sit in
// password fields and go back as they came unless the admin types a new one, and the server
// then keeps the stored secret.
import { t } from './i18n.js';
import { wireReveal } from './reveal.js';

/** @typedef {{ name: string, secret?: boolean, optional?: boolean, type?: string }} ProviderField */
/** @typedef {Record<string, string> & { provider: string }} ProviderConfig */
/** @typedef {{ primary: ProviderConfig, secondary?: ProviderConfig, secondaryPrefixes?: string[] }} SmsConfig */

/** Each provider's fields, as the server's settings name them (README, "SMS providers"). */
export const PROVIDERS = /** @type {Record<string, ProviderField[]>} */ ({
  twilio: [{ name: 'accountSid' }, { name: 'authToken', secret: true }, { name: 'from', optional: true, type: 'tel' }, { name: 'messagingServiceSid', optional: true }],
  twilioVerify: [{ name: 'accountSid' }, { name: 'authToken', secret: true }, { name: 'serviceSid' }],
  clickatell: [{ name: 'apiKey', secret: true }],
  smsc: [{ name: 'login', optional: true }, { name: 'password', secret: true, optional: true }, { name: 'apiKey', secret: true, optional: true }],
  webhook: [{ name: 'url', type: 'url' }, { name: 'secret', secret: true }],
  console: [],
});

/** The two places a provider can be in: ids and refusal names under each. */
const PLACES = {
  primary: { id: 'sms', field: 'sms' },
  secondary: { id: 'sms-secondary', field: 'sms.secondary' },
};

/**
 * One provider's choice and fields, in the settings form.
 * @param {'primary' | 'secondary'} place
 * @param {HTMLSelectElement} select
 * @param {HTMLElement} fields
 */
function providerPlace(place, select, fields) {
  const { id, field } = PLACES[place];
  /** @type {ProviderConfig | undefined} */
  let loaded;
  for (const provider of Object.keys(PROVIDERS)) select.append(new Option(t(`sms.provider.${provider}`), provider));

  /** Draws the chosen provider's fields, with the loaded values when it is the loaded provider. */
  const draw = () => {
    const provider = select.value;
    const values = loaded?.provider === provider ? loaded : undefined;
    fields.replaceChildren();
    const hint = provider ? t(`sms.hint.${provider}`) : '';
    if (hint) fields.append(Object.assign(document.createElement('p'), { className: 'hint', id: `${id}-hint`, textContent: hint }));
    for (const spec of PROVIDERS[provider] ?? []) {
      const inputId = `${id}-${spec.name}`;
      const label = Object.assign(document.createElement('label'), { htmlFor: inputId, textContent: t(`sms.field.${spec.name}`) });
      const input = Object.assign(document.createElement('input'), {
        id: inputId, type: spec.secret ? 'password' : spec.type ?? 'text', value: values?.[spec.name] ?? '', spellcheck: false, autocomplete: 'off',
      });
      // Refusals name `sms.from` or `sms.secondary.from`; a password field has no name.
      input.dataset.field = `${field}.${spec.name}`;
      let row = /** @type {HTMLElement} */ (input);
      if (spec.secret) {
        row = Object.assign(document.createElement('div'), { className: 'field' });
        const reveal = Object.assign(document.createElement('button'), { type: 'button', className: 'reveal secondary', textContent: t('sms.showSecret') });
        reveal.setAttribute('aria-controls', inputId);
        reveal.setAttribute('aria-pressed', 'false');
        row.append(input, reveal);
        if (values?.[spec.name]) {
          const kept = Object.assign(document.createElement('p'), { className: 'hint', id: `${inputId}-kept`, textContent: t('sms.secretKept', { masked: values[spec.name] }) });
          input.setAttribute('aria-describedby', kept.id);
          fields.append(label, row, kept);
          continue;
        }
      }
      fields.append(label, row);
    }
    wireReveal(fields);
  };
  select.addEventListener('change', draw);

  return {
    /** @param {ProviderConfig | undefined} config */
    fill(config) {
      loaded = config;
      select.value = config?.provider ?? '';
      draw();
    },
    /** The provider as the form holds it, or null for none. @returns {ProviderConfig | null} */
    read() {
      const provider = select.value;
      if (!provider) return null;
      /** @type {ProviderConfig} */
      const config = { provider };
      for (const spec of PROVIDERS[provider] ?? []) {
        const value = /** @type {HTMLInputElement} */ (fields.querySelector(`#${id}-${spec.name}`)).value.trim();
        // An empty required field goes as it is, so that the server names it.
        if (value || !spec.optional) config[spec.name] = value;
      }
      return config;
    },
  };
}

/**
 * Wires the SMS part of the settings form under `root`.
 * @param {HTMLElement} root
 */
export function smsSettings(root) {
  const $ = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (root.querySelector(`#${id}`));
  const primary = providerPlace('primary', /** @type {HTMLSelectElement} */ (/** @type {unknown} */ ($('sms-provider'))), $('sms-fields'));
  const secondary = providerPlace('secondary', /** @type {HTMLSelectElement} */ (/** @type {unknown} */ ($('sms-secondary-provider'))), $('sms-secondary-fields'));
  const second = $('sms-second');
  const showSecond = () => {
    $('sms-second-row').hidden = !$('sms-provider').value;
    $('sms-secondary').hidden = !second.checked || !$('sms-provider').value;
  };
  second.addEventListener('change', showSecond);
  $('sms-provider').addEventListener('change', showSecond);

  return {
    /** Shows the settings as loaded (secrets masked), or none. @param {SmsConfig | null | undefined} sms */
    fill(sms) {
      primary.fill(sms?.primary);
      secondary.fill(sms?.secondary);
      second.checked = Boolean(sms?.secondary || sms?.secondaryPrefixes?.length);
      $('sms-secondaryPrefixes').value = (sms?.secondaryPrefixes ?? []).join('\n');
      showSecond();
    },
    /** The settings to save: null removes them. @returns {SmsConfig | null} */
    read() {
      const first = primary.read();
      if (!first) return null;
      /** @type {SmsConfig} */
      const sms = { primary: first };
      if (second.checked) {
        const other = secondary.read();
        if (other) sms.secondary = other;
        const prefixes = $('sms-secondaryPrefixes').value.split(/[\s,]+/).filter(Boolean);
        if (prefixes.length) sms.secondaryPrefixes = prefixes;
      }
      return sms;
    },
  };
}
