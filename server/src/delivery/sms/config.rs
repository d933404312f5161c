//! A tenant's SMS settings: which provider, with which credentials, and which numbers go to
//! a second provider. The JSON is what the admin API reads and writes; secrets leave it only
//! masked, and a masked secret saved back keeps the one stored.

use std::fmt;

use super::clickatell::ClickatellConfig;
use super::error::{ConfigError, ProviderKind};
use super::phone::E164;
use super::smsc::SmscConfig;
use super::twilio::TwilioConfig;
use super::twilio_verify::TwilioVerifyConfig;
use super::webhook::WebhookConfig;

/// A credential that must not be shown: its `Debug` hides it, and the admin API only ever
/// sees [`Secret::masked`].
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// What a masked secret starts with.
    pub const MASK: &'static str = "••••";
    /// Below this many characters a masked secret shows none of them: four of eight would
    /// be half the secret.
    pub const MIN_CHARS_TO_SHOW_END: usize = 12;

    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The secret itself, for the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `••••` and the last four characters, or only `••••` for a short secret.
    pub fn masked(&self) -> Self {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() < Self::MIN_CHARS_TO_SHOW_END {
            return Self(Self::MASK.to_owned());
        }
        let end: String = chars.get(chars.len() - 4..).unwrap_or_default().iter().collect();
        Self(format!("{}{end}", Self::MASK))
    }

    /// Whether this is a masked placeholder rather than a secret.
    pub fn is_masked(&self) -> bool {
        self.0.starts_with(Self::MASK)
    }

    /// The stored secret when this one is its masked form, else this one.
    fn or_stored(self, stored: &Self) -> Self {
        if self == stored.masked() { stored.clone() } else { self }
    }

    /// Checks a secret that goes into an HTTP header or form: present, not a placeholder,
    /// visible ASCII only.
    pub(super) fn check(&self, field: &'static str) -> Result<(), ConfigError> {
        if self.0.is_empty() {
            Err(ConfigError::CredentialEmpty { field })
        } else if self.is_masked() {
            Err(ConfigError::SecretMasked { field })
        } else if !self.0.chars().all(|c| c.is_ascii_graphic()) {
            Err(ConfigError::CredentialMalformed { field, expected: "visible ASCII characters" })
        } else {
            Ok(())
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(••••)")
    }
}

/// One SMS provider and its credentials, as the tenant admin sets them:
/// `{ "provider": "twilio", "accountSid": "AC…", "authToken": "…", "from": "+1…" }`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "provider", rename_all = "camelCase", deny_unknown_fields)]
pub enum ProviderConfig {
    /// Twilio Programmable Messaging: we make and check the code.
    Twilio(TwilioConfig),
    /// Twilio Verify: Twilio makes, sends and checks the code.
    TwilioVerify(TwilioVerifyConfig),
    /// Clickatell's SMS Platform.
    Clickatell(ClickatellConfig),
    /// SMSC (smsc.ru, smscentre.com).
    Smsc(SmscConfig),
    /// Our own signed HTTPS webhook.
    Webhook(WebhookConfig),
    /// Nothing is sent: the caller writes the text to the outbox (development, the demo).
    /// A struct variant with no fields, so that `{"provider": "console", "x": 1}` is refused
    /// like any other unknown field.
    Console {},
}

impl ProviderConfig {
    /// Which provider this is.
    pub fn kind(&self) -> ProviderKind {
        match self {
            Self::Twilio(_) => ProviderKind::Twilio,
            Self::TwilioVerify(_) => ProviderKind::TwilioVerify,
            Self::Clickatell(_) => ProviderKind::Clickatell,
            Self::Smsc(_) => ProviderKind::Smsc,
            Self::Webhook(_) => ProviderKind::Webhook,
            Self::Console {} => ProviderKind::Console,
        }
    }

    /// Whether the provider makes and checks the codes itself (Twilio Verify), so that the
    /// server neither makes one nor sends a text, but starts and checks a verification.
    pub fn makes_codes(&self) -> bool {
        matches!(self, Self::TwilioVerify(_))
    }

    /// Checks the settings before they are saved or used. `allow` is the operator's list of
    /// networks a webhook may be on although they are not public; it is also what lets a
    /// webhook be plain `http`.
    ///
    /// # Errors
    ///
    /// [`ConfigError`]: the first field at fault.
    pub fn validate(&self, allow: &[ipnet::IpNet]) -> Result<(), ConfigError> {
        match self {
            Self::Twilio(config) => config.validate(),
            Self::TwilioVerify(config) => config.validate(),
            Self::Clickatell(config) => config.validate(),
            Self::Smsc(config) => config.validate(),
            Self::Webhook(config) => config.validate(allow),
            Self::Console {} => Ok(()),
        }
    }

    /// The same settings with every secret masked, for the admin API.
    #[must_use]
    pub fn masked(&self) -> Self {
        let mut masked = self.clone();
        match &mut masked {
            Self::Twilio(config) => config.auth_token = config.auth_token.masked(),
            Self::TwilioVerify(config) => config.auth_token = config.auth_token.masked(),
            Self::Clickatell(config) => config.api_key = config.api_key.masked(),
            Self::Smsc(config) => {
                config.password = config.password.as_ref().map(Secret::masked);
                config.api_key = config.api_key.as_ref().map(Secret::masked);
            }
            Self::Webhook(config) => config.secret = config.secret.masked(),
            Self::Console {} => {}
        }
        masked
    }

    /// The settings an admin saved, with each secret that is still the masked form of the
    /// stored one replaced by the stored one. Nothing is kept across a change of provider,
    /// and a secret only stands in for the same field.
    #[must_use]
    pub fn keep_masked_secrets(mut self, stored: &Self) -> Self {
        fn keep(secret: &mut Secret, stored: &Secret) {
            *secret = std::mem::replace(secret, Secret::new("")).or_stored(stored);
        }
        fn keep_optional(secret: &mut Option<Secret>, stored: Option<&Secret>) {
            if let (Some(secret), Some(stored)) = (secret.as_mut(), stored) {
                keep(secret, stored);
            }
        }
        match (&mut self, stored) {
            (Self::Twilio(new), Self::Twilio(old)) => keep(&mut new.auth_token, &old.auth_token),
            (Self::TwilioVerify(new), Self::TwilioVerify(old)) => keep(&mut new.auth_token, &old.auth_token),
            (Self::Clickatell(new), Self::Clickatell(old)) => keep(&mut new.api_key, &old.api_key),
            (Self::Smsc(new), Self::Smsc(old)) => {
                keep_optional(&mut new.password, old.password.as_ref());
                keep_optional(&mut new.api_key, old.api_key.as_ref());
            }
            (Self::Webhook(new), Self::Webhook(old)) => keep(&mut new.secret, &old.secret),
            _ => {}
        }
        self
    }
}

/// A tenant's SMS routing: everything goes to `primary`, except numbers that start with one
/// of `secondary_prefixes`, which go to `secondary` (ONLYOFFICE sends CIS numbers to SMSC).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SmsConfig {
    /// The provider for every number no prefix claims.
    pub primary: ProviderConfig,
    /// The provider for the numbers the prefixes claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary: Option<ProviderConfig>,
    /// E.164 prefixes such as `+7` or `+375`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secondary_prefixes: Vec<String>,
}

impl SmsConfig {
    /// Digits a routing prefix may have: a country code is 1 to 3, an area or operator code
    /// a few more; 14 leaves one digit of a 15-digit number to tell numbers apart.
    pub const PREFIX_DIGITS: std::ops::RangeInclusive<usize> = 1..=14;

    /// The provider for `to`: the secondary when the number starts with one of the prefixes.
    pub fn route(&self, to: &E164) -> &ProviderConfig {
        match &self.secondary {
            Some(secondary)
                if self.secondary_prefixes.iter().any(|p| to.as_str().starts_with(p.as_str())) =>
            {
                secondary
            }
            _ => &self.primary,
        }
    }

    /// Checks both providers and the prefixes.
    ///
    /// # Errors
    ///
    /// [`ConfigError`]: the first field at fault.
    pub fn validate(&self, allow: &[ipnet::IpNet]) -> Result<(), ConfigError> {
        self.primary.validate(allow)?;
        for prefix in &self.secondary_prefixes {
            let digits = prefix.strip_prefix('+').unwrap_or_default();
            if !Self::PREFIX_DIGITS.contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
                return Err(ConfigError::PrefixMalformed { prefix: prefix.clone() });
            }
        }
        match (&self.secondary, self.secondary_prefixes.is_empty()) {
            (Some(secondary), false) => secondary.validate(allow),
            (Some(_), true) => Err(ConfigError::SecondaryWithoutPrefixes),
            (None, false) => Err(ConfigError::PrefixesWithoutSecondary),
            (None, true) => Ok(()),
        }
    }

    /// The same settings with every secret masked, for the admin API.
    #[must_use]
    pub fn masked(&self) -> Self {
        Self {
            primary: self.primary.masked(),
            secondary: self.secondary.as_ref().map(ProviderConfig::masked),
            secondary_prefixes: self.secondary_prefixes.clone(),
        }
    }

    /// The settings an admin saved, with masked secrets replaced by the stored ones: each
    /// provider from the stored provider in the same place, or else from the stored one in
    /// the other place (an admin who swapped primary and secondary).
    #[must_use]
    pub fn keep_masked_secrets(self, stored: &Self) -> Self {
        let keep = |config: ProviderConfig, same: Option<&ProviderConfig>, other: Option<&ProviderConfig>| {
            let config = match same {
                Some(same) => config.keep_masked_secrets(same),
                None => config,
            };
            match other {
                Some(other) => config.keep_masked_secrets(other),
                None => config,
            }
        };
        Self {
            primary: keep(self.primary, Some(&stored.primary), stored.secondary.as_ref()),
            secondary: self.secondary.map(|s| keep(s, stored.secondary.as_ref(), Some(&stored.primary))),
            secondary_prefixes: self.secondary_prefixes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SID: &str = "AC0123456789abcdef0123456789abcdef";

    fn twilio() -> serde_json::Value {
        serde_json::json!({ "provider": "twilio", "accountSid": SID, "authToken": "token-0123456789", "from": "+15005550006" })
    }

    #[test]
    fn each_provider_reads_from_its_camel_case_json() {
        let read: ProviderConfig = serde_json::from_value(twilio()).unwrap();
        assert_eq!(
            read,
            ProviderConfig::Twilio(TwilioConfig {
                account_sid: SID.to_owned(),
                auth_token: Secret::new("token-0123456789"),
                from: Some("+15005550006".to_owned()),
                messaging_service_sid: None,
            })
        );
        assert_eq!(serde_json::to_value(&read).unwrap(), twilio(), "and writes back the same JSON");
        for json in [
            serde_json::json!({ "provider": "twilioVerify", "accountSid": SID, "authToken": "t", "serviceSid": "VA0123456789abcdef0123456789abcdef" }),
            serde_json::json!({ "provider": "clickatell", "apiKey": "k" }),
            serde_json::json!({ "provider": "smsc", "login": "acme", "password": "p" }),
            serde_json::json!({ "provider": "smsc", "apiKey": "k" }),
            serde_json::json!({ "provider": "webhook", "url": "https://sms.example.com/", "secret": "s" }),
            serde_json::json!({ "provider": "console" }),
        ] {
            let read: ProviderConfig = serde_json::from_value(json.clone()).unwrap();
            assert_eq!(serde_json::to_value(&read).unwrap(), json);
        }
    }

    #[test]
    fn unknown_fields_and_providers_are_refused() {
        let mut extra = twilio();
        extra["authtoken"] = "typo".into();
        assert!(serde_json::from_value::<ProviderConfig>(extra).is_err());
        assert!(
            serde_json::from_value::<ProviderConfig>(serde_json::json!({ "provider": "console", "x": 1 }))
                .is_err()
        );
        assert!(
            serde_json::from_value::<ProviderConfig>(serde_json::json!({ "provider": "nexmo" })).is_err()
        );
        let routing = serde_json::json!({ "primary": { "provider": "console" }, "fallback": { "provider": "console" } });
        assert!(serde_json::from_value::<SmsConfig>(routing).is_err());
    }

    #[test]
    fn validation_names_the_field_at_fault() {
        let with = |change: &dyn Fn(&mut serde_json::Value)| {
            let mut json = twilio();
            change(&mut json);
            serde_json::from_value::<ProviderConfig>(json).unwrap().validate(&[])
        };
        assert_eq!(with(&|_| {}), Ok(()));
        assert_eq!(
            with(&|j| j["authToken"] = "".into()),
            Err(ConfigError::CredentialEmpty { field: "authToken" })
        );
        assert_eq!(
            with(&|j| j["authToken"] = "••••6789".into()),
            Err(ConfigError::SecretMasked { field: "authToken" })
        );
        assert!(matches!(
            with(&|j| j["accountSid"] = "AC0123/../".into()),
            Err(ConfigError::CredentialMalformed { field: "accountSid", .. })
        ));
        assert_eq!(
            with(&|j| j["messagingServiceSid"] = "MG0123456789abcdef0123456789abcdef".into()),
            Err(ConfigError::TwilioSenderAmbiguous)
        );
        assert_eq!(with(&|j| j["from"] = serde_json::Value::Null), Err(ConfigError::TwilioSenderMissing));
        assert_eq!(with(&|j| j["from"] = "ACME".into()), Ok(()), "an alphanumeric sender ID");
        assert!(matches!(
            with(&|j| j["from"] = "ACME\nBCC".into()),
            Err(ConfigError::CredentialMalformed { .. })
        ));

        let smsc =
            |json: serde_json::Value| serde_json::from_value::<ProviderConfig>(json).unwrap().validate(&[]);
        assert_eq!(smsc(serde_json::json!({ "provider": "smsc" })), Err(ConfigError::SmscCredentialsMissing));
        assert_eq!(
            smsc(serde_json::json!({ "provider": "smsc", "login": "a", "password": "p", "apiKey": "k" })),
            Err(ConfigError::SmscCredentialsAmbiguous)
        );
        assert_eq!(
            smsc(serde_json::json!({ "provider": "smsc", "login": "a" })),
            Err(ConfigError::CredentialEmpty { field: "password" })
        );
        assert_eq!(
            smsc(serde_json::json!({ "provider": "clickatell", "apiKey": "with space" })),
            Err(ConfigError::CredentialMalformed { field: "apiKey", expected: "visible ASCII characters" })
        );
    }

    #[test]
    fn routing_prefixes_are_checked_and_need_a_secondary() {
        let config = |secondary: bool, prefixes: &[&str]| SmsConfig {
            primary: ProviderConfig::Console {},
            secondary: secondary.then_some(ProviderConfig::Console {}),
            secondary_prefixes: prefixes.iter().map(|p| (*p).to_owned()).collect(),
        };
        assert_eq!(config(false, &[]).validate(&[]), Ok(()));
        assert_eq!(config(true, &["+7", "+375"]).validate(&[]), Ok(()));
        for bad in ["7", "+", "+7a", "+ 7", "+123456789012345"] {
            assert_eq!(
                config(true, &[bad]).validate(&[]),
                Err(ConfigError::PrefixMalformed { prefix: bad.to_owned() }),
                "{bad}"
            );
        }
        assert_eq!(config(false, &["+7"]).validate(&[]), Err(ConfigError::PrefixesWithoutSecondary));
        assert_eq!(config(true, &[]).validate(&[]), Err(ConfigError::SecondaryWithoutPrefixes));
    }

    #[test]
    fn a_secret_never_shows_in_debug() {
        let read: ProviderConfig = serde_json::from_value(twilio()).unwrap();
        assert!(!format!("{read:?}").contains("token-0123456789"));
    }
}
