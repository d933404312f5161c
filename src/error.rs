//! The one error type of the crate, with a stable code per variant.

use core::fmt;

/// Result with the crate's [`Error`].
pub type Result<T> = core::result::Result<T, Error>;

/// Everything that can go wrong, named *thing + problem*.
///
/// [`Error::code`] is stable: it is what JavaScript sees as `error.code` and what the server
/// puts in its JSON errors. Messages may be reworded; codes may not.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A base32 string holds a character outside `A-Z2-7` (after case folding).
    Base32CharacterInvalid {
        /// Zero-based position of the character in the input, in characters.
        position: usize,
    },
    /// A base32 string has a length no encoder produces.
    Base32LengthInvalid,
    /// A secret is empty.
    SecretEmpty,
    /// A secret is shorter than [`crate::MIN_SECRET_BYTES`].
    SecretTooShort,
    /// A secret is longer than [`crate::MAX_SECRET_BYTES`].
    SecretTooLong,
    /// A secret size asked of the generator is outside [`crate::GENERATED_SECRET_BYTES`].
    SecretSizeOutOfRange,
    /// An algorithm other than SHA1, SHA256 or SHA512.
    AlgorithmUnknown,
    /// A number of digits outside [`crate::DIGITS`].
    DigitsOutOfRange,
    /// A period outside [`crate::PERIOD_SECONDS`].
    PeriodOutOfRange,
    /// A verification window wider than [`crate::MAX_WINDOW`].
    WindowOutOfRange,
    /// A time that is negative, not a number, or beyond [`crate::MAX_SAFE_INTEGER`] seconds.
    TimeInvalid,
    /// A counter or time step that is negative, fractional or beyond [`crate::MAX_SAFE_INTEGER`].
    CounterInvalid,
    /// A one-time code whose number of digits differs from the expected one.
    CodeLengthMismatch {
        /// How many digits the code must have.
        expected: u8,
    },
    /// A one-time code with a character that is not a decimal digit.
    CodeNotNumeric,
    /// A key URI longer than [`crate::MAX_URI_LENGTH`].
    UriTooLong,
    /// A key URI that does not start with `otpauth://`.
    UriSchemeInvalid,
    /// A key URI whose type is neither `totp` nor `hotp`.
    UriTypeUnknown,
    /// A key URI without a label (`otpauth://totp/` then nothing).
    UriLabelMissing,
    /// A key URI with a broken percent escape or bytes that are not UTF-8.
    UriEncodingInvalid,
    /// A key URI with the same parameter twice.
    UriParameterDuplicated {
        /// The repeated parameter.
        name: String,
    },
    /// A key URI without a `secret` parameter.
    UriSecretMissing,
    /// An account name that is empty.
    AccountEmpty,
    /// An account name containing a colon, which separates issuer and account in the label.
    AccountContainsColon,
    /// An issuer that is empty.
    IssuerEmpty,
    /// An issuer containing a colon, which separates issuer and account in the label.
    IssuerContainsColon,
    /// A key URI whose label prefix and `issuer` parameter disagree.
    IssuerMismatch,
    /// An HOTP key URI without its `counter`.
    CounterMissing,
    /// A counter given for TOTP, which counts time instead.
    CounterWithTotp,
    /// A period other than the default given for HOTP, which has none.
    PeriodWithHotp,
    /// Text too long for any QR code at the chosen error-correction level.
    QrDataTooLong,
    /// A colour that is not a plain CSS colour (hex, name or function).
    QrColorInvalid,
    /// A quiet zone wider than [`crate::MAX_QR_MARGIN`].
    QrMarginOutOfRange,
    /// A title longer than [`crate::MAX_QR_TITLE_LENGTH`].
    QrTitleTooLong,
    /// A count of recovery codes outside [`crate::RECOVERY_CODE_COUNT`].
    RecoveryCountOutOfRange,
    /// A recovery code with the wrong length or a character outside the alphabet.
    RecoveryCodeMalformed,
    /// A password policy that is malformed or impossible to satisfy.
    PolicyInvalid {
        /// The policy field at fault, when there is one.
        field: Option<String>,
        /// What is wrong with it.
        detail: String,
    },
    /// A user context (email, name, username, tenant) that is malformed.
    ContextInvalid {
        /// What the decoder said.
        detail: String,
    },
    /// A policy preset name that does not exist.
    PresetUnknown,
    /// The platform's random number generator failed.
    RandomUnavailable,
    /// An options object with a property the function does not know, most likely a typo.
    OptionUnknown {
        /// The unknown property.
        field: String,
        /// The properties the function knows.
        known: &'static [&'static str],
    },
    /// A JavaScript argument or option of the wrong type, or a number no argument can take
    /// (a fraction where a whole number is meant, NaN, an infinity, a negative number).
    ArgumentInvalid {
        /// The argument or option.
        field: String,
        /// What it must be, e.g. `a string`.
        expected: &'static str,
    },
    /// Options (a key URI's parameters) for a kind of code other than the one asked for.
    OtpTypeMismatch,
    /// Options carrying a secret other than the one given.
    SecretMismatch,
    /// Options carrying a counter other than the one given.
    CounterMismatch,
    /// A method called on a password checker after `free()`.
    CheckerFreed,
}

impl Error {
    /// The stable, machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Base32CharacterInvalid { .. } => "base32_character_invalid",
            Self::Base32LengthInvalid => "base32_length_invalid",
            Self::SecretEmpty => "secret_empty",
            Self::SecretTooShort => "secret_too_short",
            Self::SecretTooLong => "secret_too_long",
            Self::SecretSizeOutOfRange => "secret_size_out_of_range",
            Self::AlgorithmUnknown => "algorithm_unknown",
            Self::DigitsOutOfRange => "digits_out_of_range",
            Self::PeriodOutOfRange => "period_out_of_range",
            Self::WindowOutOfRange => "window_out_of_range",
            Self::TimeInvalid => "time_invalid",
            Self::CounterInvalid => "counter_invalid",
            Self::CodeLengthMismatch { .. } => "code_length_mismatch",
            Self::CodeNotNumeric => "code_not_numeric",
            Self::UriTooLong => "uri_too_long",
            Self::UriSchemeInvalid => "uri_scheme_invalid",
            Self::UriTypeUnknown => "uri_type_unknown",
            Self::UriLabelMissing => "uri_label_missing",
            Self::UriEncodingInvalid => "uri_encoding_invalid",
            Self::UriParameterDuplicated { .. } => "uri_parameter_duplicated",
            Self::UriSecretMissing => "uri_secret_missing",
            Self::AccountEmpty => "account_empty",
            Self::AccountContainsColon => "account_contains_colon",
            Self::IssuerEmpty => "issuer_empty",
            Self::IssuerContainsColon => "issuer_contains_colon",
            Self::IssuerMismatch => "issuer_mismatch",
            Self::CounterMissing => "counter_missing",
            Self::CounterWithTotp => "counter_with_totp",
            Self::PeriodWithHotp => "period_with_hotp",
            Self::QrDataTooLong => "qr_data_too_long",
            Self::QrColorInvalid => "qr_color_invalid",
            Self::QrMarginOutOfRange => "qr_margin_out_of_range",
            Self::QrTitleTooLong => "qr_title_too_long",
            Self::RecoveryCountOutOfRange => "recovery_count_out_of_range",
            Self::RecoveryCodeMalformed => "recovery_code_malformed",
            Self::PolicyInvalid { .. } => "policy_invalid",
            Self::ContextInvalid { .. } => "context_invalid",
            Self::PresetUnknown => "preset_unknown",
            Self::RandomUnavailable => "random_unavailable",
            Self::OptionUnknown { .. } => "options_invalid",
            Self::ArgumentInvalid { .. } => "argument_invalid",
            Self::OtpTypeMismatch => "type_mismatch",
            Self::SecretMismatch => "secret_mismatch",
            Self::CounterMismatch => "counter_mismatch",
            Self::CheckerFreed => "checker_freed",
        }
    }

    /// The argument, option or policy field at fault, when the error is about one: what a
    /// form points at.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::OptionUnknown { field, .. } | Self::ArgumentInvalid { field, .. } => Some(field),
            Self::PolicyInvalid { field, .. } => field.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::otp::{DIGITS, MAX_WINDOW, PERIOD_SECONDS};
        use crate::otpauth::MAX_URI_LENGTH;
        use crate::preset::PRESETS;
        use crate::qr::{MAX_QR_MARGIN, MAX_QR_TITLE_LENGTH};
        use crate::recovery::{RECOVERY_ALPHABET, RECOVERY_CODE_COUNT, RECOVERY_CODE_LENGTH};
        use crate::secret::{GENERATED_SECRET_BYTES, MAX_SECRET_BYTES, MIN_SECRET_BYTES};
        match self {
            Self::Base32CharacterInvalid { position } => {
                write!(f, "secret is not base32: character {} is not one of A-Z and 2-7", position + 1)
            }
            Self::Base32LengthInvalid => {
                f.write_str("secret is not base32: its length cannot be a whole number of bytes")
            }
            Self::SecretEmpty => f.write_str("secret is empty"),
            Self::SecretTooShort => write!(
                f,
                "secret is too short: at least {MIN_SECRET_BYTES} bytes ({} base32 characters)",
                MIN_SECRET_BYTES * 8 / 5
            ),
            Self::SecretTooLong => {
                write!(f, "secret is too long: at most {MAX_SECRET_BYTES} bytes")
            }
            Self::SecretSizeOutOfRange => write!(
                f,
                "secret size must be {} to {} bytes",
                GENERATED_SECRET_BYTES.start(),
                GENERATED_SECRET_BYTES.end()
            ),
            Self::AlgorithmUnknown => f.write_str("algorithm must be SHA1, SHA256 or SHA512"),
            Self::DigitsOutOfRange => {
                write!(f, "digits must be {} to {}", DIGITS.start(), DIGITS.end())
            }
            Self::PeriodOutOfRange => write!(
                f,
                "period must be a whole number of seconds from {} to {}",
                PERIOD_SECONDS.start(),
                PERIOD_SECONDS.end()
            ),
            Self::WindowOutOfRange => write!(f, "window must be 0 to {MAX_WINDOW} time steps"),
            Self::TimeInvalid => {
                f.write_str("time must be a number of unix seconds from 0 to 9007199254740991")
            }
            Self::CounterInvalid => f.write_str("counter must be a whole number from 0 to 9007199254740991"),
            Self::CodeLengthMismatch { expected } => {
                write!(f, "code must have exactly {expected} digits")
            }
            Self::CodeNotNumeric => f.write_str("code must contain only digits"),
            Self::UriTooLong => write!(f, "key URI is longer than {MAX_URI_LENGTH} characters"),
            Self::UriSchemeInvalid => f.write_str("key URI must start with otpauth://"),
            Self::UriTypeUnknown => f.write_str("key URI type must be totp or hotp"),
            Self::UriLabelMissing => f.write_str("key URI has no label (issuer:account)"),
            Self::UriEncodingInvalid => {
                f.write_str("key URI has a broken percent escape or text that is not UTF-8")
            }
            Self::UriParameterDuplicated { name } => {
                write!(f, "key URI has the parameter {name} more than once")
            }
            Self::UriSecretMissing => f.write_str("key URI has no secret parameter"),
            Self::AccountEmpty => f.write_str("account name is empty"),
            Self::AccountContainsColon => f.write_str("account name may not contain a colon"),
            Self::IssuerEmpty => f.write_str("issuer is empty"),
            Self::IssuerContainsColon => f.write_str("issuer may not contain a colon"),
            Self::IssuerMismatch => f.write_str("key URI label issuer differs from its issuer parameter"),
            Self::CounterMissing => f.write_str("hotp needs a counter"),
            Self::CounterWithTotp => f.write_str("counter applies to hotp only"),
            Self::PeriodWithHotp => f.write_str("period applies to totp only"),
            Self::QrDataTooLong => f.write_str("text is too long for a QR code"),
            Self::QrColorInvalid => {
                f.write_str("colour must be a CSS hex colour, colour name or rgb()/hsl() value")
            }
            Self::QrMarginOutOfRange => write!(f, "margin must be 0 to {MAX_QR_MARGIN} modules"),
            Self::QrTitleTooLong => {
                write!(f, "title is longer than {MAX_QR_TITLE_LENGTH} characters")
            }
            Self::RecoveryCountOutOfRange => write!(
                f,
                "recovery code count must be {} to {}",
                RECOVERY_CODE_COUNT.start(),
                RECOVERY_CODE_COUNT.end()
            ),
            Self::RecoveryCodeMalformed => {
                write!(f, "recovery code must be {RECOVERY_CODE_LENGTH} characters from {RECOVERY_ALPHABET}")
            }
            Self::PolicyInvalid { field: Some(field), detail } => {
                write!(f, "invalid policy: {field} {detail}")
            }
            Self::PolicyInvalid { field: None, detail } => write!(f, "invalid policy: {detail}"),
            Self::ContextInvalid { detail } => write!(f, "invalid user context: {detail}"),
            Self::PresetUnknown => {
                f.write_str("unknown preset: use one of ")?;
                comma_separated(f, PRESETS)
            }
            Self::RandomUnavailable => f.write_str("the random number generator is unavailable"),
            Self::OptionUnknown { field, known } => {
                write!(f, "unknown option {field}: use one of ")?;
                comma_separated(f, known)
            }
            Self::ArgumentInvalid { field, expected } => write!(f, "{field} must be {expected}"),
            Self::OtpTypeMismatch => f.write_str("the options' type is not the kind of code asked for"),
            Self::SecretMismatch => f.write_str("the options' secret differs from the secret given"),
            Self::CounterMismatch => f.write_str("the options' counter differs from the counter given"),
            Self::CheckerFreed => f.write_str("the password checker was freed"),
        }
    }
}

/// `items` with commas between them. Not `join`: its generic code would be in every wasm
/// build for a message or two.
fn comma_separated(f: &mut fmt::Formatter<'_>, items: &[&str]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        f.write_str(if i > 0 { ", " } else { "" })?;
        f.write_str(item)?;
    }
    Ok(())
}

impl core::error::Error for Error {}
