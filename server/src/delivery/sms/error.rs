//! What can go wrong on the way to a provider, said so that the caller can tell a refused
//! number from a provider that is down, and so that no credential is ever in the words.

use std::fmt;

/// The kinds of provider, as the configuration names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProviderKind {
    /// Twilio Programmable Messaging.
    Twilio,
    /// Twilio Verify.
    TwilioVerify,
    /// Clickatell's SMS Platform.
    Clickatell,
    /// SMSC (SMS Centre).
    Smsc,
    /// Our own HTTPS webhook.
    Webhook,
    /// Nothing sent: the caller writes the text to the outbox.
    Console,
}

impl ProviderKind {
    /// The name in the configuration's `provider` field.
    pub fn name(self) -> &'static str {
        match self {
            Self::Twilio => "twilio",
            Self::TwilioVerify => "twilioVerify",
            Self::Clickatell => "clickatell",
            Self::Smsc => "smsc",
            Self::Webhook => "webhook",
            Self::Console => "console",
        }
    }
}

impl fmt::Display for ProviderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a provider's settings cannot be used. `field` is the JSON name of the field at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// A credential is empty.
    CredentialEmpty {
        /// The field.
        field: &'static str,
    },
    /// A credential does not have the form the provider gives it.
    CredentialMalformed {
        /// The field.
        field: &'static str,
        /// The form expected, in words.
        expected: &'static str,
    },
    /// A secret is still the masked placeholder and there is no stored secret it stands for.
    SecretMasked {
        /// The field.
        field: &'static str,
    },
    /// Twilio needs a sender: `from` or `messagingServiceSid`.
    TwilioSenderMissing,
    /// Twilio was given both `from` and `messagingServiceSid`; one sender is one choice.
    TwilioSenderAmbiguous,
    /// SMSC needs `login` and `password`, or `apiKey`.
    SmscCredentialsMissing,
    /// SMSC was given an API key and a login or password; one way to sign in is one choice.
    SmscCredentialsAmbiguous,
    /// The webhook URL is not a URL.
    WebhookUrlMalformed,
    /// The webhook URL is not `https` (plain `http` only to networks the operator allows).
    WebhookUrlNotHttps,
    /// The webhook URL carries a user name or password, which would travel in every log line.
    WebhookUrlHasCredentials,
    /// A routing prefix is not `+` and 1 to 14 digits.
    PrefixMalformed {
        /// The prefix as given.
        prefix: String,
    },
    /// Routing prefixes were given, but no secondary provider to route to.
    PrefixesWithoutSecondary,
    /// A secondary provider was given, but no prefix routes to it.
    SecondaryWithoutPrefixes,
}

impl ConfigError {
    /// A stable code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            Self::CredentialEmpty { .. } => "sms_credential_empty",
            Self::CredentialMalformed { .. } => "sms_credential_malformed",
            Self::SecretMasked { .. } => "sms_secret_masked",
            Self::TwilioSenderMissing => "sms_twilio_sender_missing",
            Self::TwilioSenderAmbiguous => "sms_twilio_sender_ambiguous",
            Self::SmscCredentialsMissing => "sms_smsc_credentials_missing",
            Self::SmscCredentialsAmbiguous => "sms_smsc_credentials_ambiguous",
            Self::WebhookUrlMalformed => "sms_webhook_url_malformed",
            Self::WebhookUrlNotHttps => "sms_webhook_url_not_https",
            Self::WebhookUrlHasCredentials => "sms_webhook_url_has_credentials",
            Self::PrefixMalformed { .. } => "sms_prefix_malformed",
            Self::PrefixesWithoutSecondary => "sms_prefixes_without_secondary",
            Self::SecondaryWithoutPrefixes => "sms_secondary_without_prefixes",
        }
    }

    /// The JSON name of the field at fault, where one is.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::CredentialEmpty { field }
            | Self::CredentialMalformed { field, .. }
            | Self::SecretMasked { field } => Some(field),
            Self::TwilioSenderMissing | Self::TwilioSenderAmbiguous => Some("from"),
            Self::SmscCredentialsMissing | Self::SmscCredentialsAmbiguous => Some("login"),
            Self::WebhookUrlMalformed | Self::WebhookUrlNotHttps | Self::WebhookUrlHasCredentials => {
                Some("url")
            }
            Self::PrefixMalformed { .. } | Self::PrefixesWithoutSecondary => Some("secondaryPrefixes"),
            Self::SecondaryWithoutPrefixes => Some("secondary"),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CredentialEmpty { field } => write!(f, "{field} is empty"),
            Self::CredentialMalformed { field, expected } => write!(f, "{field} should be {expected}"),
            Self::SecretMasked { field } => write!(f, "{field} is the masked placeholder: type the secret"),
            Self::TwilioSenderMissing => f.write_str("twilio needs from or messagingServiceSid"),
            Self::TwilioSenderAmbiguous => f.write_str("twilio takes from or messagingServiceSid, not both"),
            Self::SmscCredentialsMissing => f.write_str("smsc needs login and password, or apiKey"),
            Self::SmscCredentialsAmbiguous => {
                f.write_str("smsc takes login and password, or apiKey, not both")
            }
            Self::WebhookUrlMalformed => f.write_str("the webhook url is not a url"),
            Self::WebhookUrlNotHttps => f.write_str("the webhook url must be https"),
            Self::WebhookUrlHasCredentials => {
                f.write_str("the webhook url must not carry a user or password")
            }
            Self::PrefixMalformed { prefix } => {
                write!(f, "the prefix {prefix:?} should be + and 1 to 14 digits")
            }
            Self::PrefixesWithoutSecondary => f.write_str("prefixes need a secondary provider"),
            Self::SecondaryWithoutPrefixes => f.write_str("a secondary provider needs at least one prefix"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Whose problem a refusal is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// This number or this message: not a reachable mobile, opted out, content refused, too
    /// many messages to it. Another number may work; the same one again will not.
    Recipient,
    /// Our side of the account: credentials, balance, permissions, a sender the account does
    /// not own. Nothing will go through until the tenant's admin fixes the settings.
    Account,
}

/// Why a message was not handed to a provider. Nothing here carries a credential: provider
/// messages are the provider's words about the request, cut to a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SmsError {
    /// The provider's settings cannot be used.
    Config(ConfigError),
    /// The provider answered and said no.
    Refused {
        /// Who said no.
        provider: ProviderKind,
        /// Whose problem it is.
        refusal: Refusal,
        /// The provider's own error code, when it gives one.
        code: Option<String>,
        /// The provider's words, or ours when it gives none.
        message: String,
    },
    /// The provider could not be reached, or answered that it is not working (5xx, 429): try
    /// again later, or through another provider.
    Unavailable {
        /// Who is down.
        provider: ProviderKind,
        /// What happened, for the log.
        detail: String,
    },
    /// The provider did not answer in time. The message may or may not have gone out.
    TimedOut {
        /// Who was slow.
        provider: ProviderKind,
    },
    /// The provider answered something its documentation does not describe.
    Malformed {
        /// Who answered.
        provider: ProviderKind,
        /// What was wrong with the answer, for the log.
        detail: String,
    },
    /// The webhook's host resolves to no address the server may send to: loopback, private,
    /// link-local and the like, unless the operator allows them, and for plain `http` nothing
    /// but what the operator allows.
    WebhookAddressRefused {
        /// The host of the URL.
        host: String,
    },
    /// The webhook's host does not resolve.
    WebhookUnresolved {
        /// The host of the URL.
        host: String,
    },
    /// Twilio Verify makes its own codes and texts: use `start_verification`.
    ProviderMakesCodes,
    /// The text is empty or longer than any provider takes in one request.
    TextUnsendable {
        /// The most characters a text may have.
        max: usize,
    },
}

impl SmsError {
    /// A stable code for the API and the audit log.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Config(error) => error.code(),
            Self::Refused { refusal: Refusal::Recipient, .. } => "sms_recipient_refused",
            Self::Refused { refusal: Refusal::Account, .. } => "sms_account_refused",
            Self::Unavailable { .. } => "sms_provider_unavailable",
            Self::TimedOut { .. } => "sms_provider_timed_out",
            Self::Malformed { .. } => "sms_provider_malformed",
            Self::WebhookAddressRefused { .. } => "sms_webhook_address_refused",
            Self::WebhookUnresolved { .. } => "sms_webhook_unresolved",
            Self::ProviderMakesCodes => "sms_provider_makes_codes",
            Self::TextUnsendable { .. } => "sms_text_unsendable",
        }
    }

    /// Whether the provider itself is the problem, so that trying later (or another
    /// provider) may work: down, slow, or talking nonsense.
    pub fn is_provider_down(&self) -> bool {
        matches!(self, Self::Unavailable { .. } | Self::TimedOut { .. } | Self::Malformed { .. })
    }
}

impl fmt::Display for SmsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config(error) => error.fmt(f),
            Self::Refused { provider, refusal, code, message } => {
                let whose = match refusal {
                    Refusal::Recipient => "the number or message",
                    Refusal::Account => "the account",
                };
                write!(f, "{provider} refused {whose}")?;
                if let Some(code) = code {
                    write!(f, " ({code})")?;
                }
                write!(f, ": {message}")
            }
            Self::Unavailable { provider, detail } => write!(f, "{provider} is unavailable: {detail}"),
            Self::TimedOut { provider } => write!(f, "{provider} did not answer in time"),
            Self::Malformed { provider, detail } => {
                write!(f, "{provider} answered something unexpected: {detail}")
            }
            Self::WebhookAddressRefused { host } => {
                write!(f, "the webhook host {host} is not on an address the server may send to")
            }
            Self::WebhookUnresolved { host } => write!(f, "the webhook host {host} does not resolve"),
            Self::ProviderMakesCodes => {
                f.write_str("this provider makes its own codes: start a verification")
            }
            Self::TextUnsendable { max } => write!(f, "a text has 1 to {max} characters"),
        }
    }
}

impl std::error::Error for SmsError {}

impl From<ConfigError> for SmsError {
    fn from(error: ConfigError) -> Self {
        Self::Config(error)
    }
}

/// A provider's words made safe to log and show: one line, no control characters, at most
/// 200 characters.
pub(super) fn provider_words(text: &str) -> String {
    let line: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).take(200).collect();
    line.trim().to_owned()
}
