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
    /// A secret is shorter than the least accepted (`Secret::MIN_BYTES`).
    SecretTooShort {
        /// The fewest bytes accepted.
        min: usize,
    },
    /// A secret is longer than the most accepted (`Secret::MAX_BYTES`).
    SecretTooLong {
        /// The most bytes accepted.
        max: usize,
    },
    /// A secret size asked of the generator is outside `Secret::GENERATED_BYTES`.
    SecretSizeOutOfRange {
        /// The smallest size the generator makes, in bytes.
        min: usize,
        /// The largest size the generator makes, in bytes.
        max: usize,
    },
    /// An algorithm other than SHA1, SHA256 or SHA512.
    AlgorithmUnknown,
    /// A number of digits outside `OtpParams::DIGITS`.
    DigitsOutOfRange {
        /// The fewest digits a code may have.
        min: u8,
        /// The most digits a code may have.
        max: u8,
    },
    /// A period outside `OtpParams::PERIOD_SECONDS`.
    PeriodOutOfRange {
        /// The shortest period, in seconds.
        min: u32,
        /// The longest period, in seconds.
        max: u32,
    },
    /// A verification window wider than `Totp::MAX_WINDOW`.
    WindowOutOfRange {
        /// The widest window, in time steps each way.
        max: u32,
    },
    /// A time that is negative, not a number, or beyond 2^53 - 1 seconds (a JS safe integer).
    TimeInvalid,
    /// A counter or time step that is negative, fractional or beyond 2^53 - 1.
    CounterInvalid,
    /// A one-time code whose number of digits differs from the expected one.
    CodeLengthMismatch {
        /// How many digits the code must have.
        expected: u8,
    },
    /// A one-time code with a character that is not a decimal digit.
    CodeNotNumeric,
    /// A key URI longer than `OtpauthUri::MAX_LENGTH`.
    UriTooLong {
        /// The longest key URI read or written, in bytes.
        max: usize,
    },
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
    /// A quiet zone wider than `SvgOptions::MAX_MARGIN`.
    QrMarginOutOfRange {
        /// The widest quiet zone, in modules.
        max: u32,
    },
    /// A title longer than `SvgOptions::MAX_TITLE_LENGTH`.
    QrTitleTooLong {
        /// The longest title, in bytes.
        max: usize,
    },
    /// A count of recovery codes outside `RECOVERY_CODE_COUNT`.
    RecoveryCountOutOfRange {
        /// The fewest codes made at once.
        min: usize,
        /// The most codes made at once.
        max: usize,
    },
    /// A recovery code with the wrong length or a character outside the alphabet.
    RecoveryCodeMalformed {
        /// How many characters a code has, without separators.
        length: usize,
        /// The characters a code is made of.
        alphabet: &'static str,
    },
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
    PresetUnknown {
        /// The names that do.
        known: &'static [&'static str],
    },
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
    /// A breached-password range answer with a line that is not `SUFFIX:COUNT`.
    BreachRangeMalformed {
        /// The first such line, from 1.
        line: usize,
    },
    /// A breached-password range answer larger than any range (`BreachQuery::MAX_RANGE_BYTES`).
    BreachRangeTooLarge {
        /// The most bytes read.
        max: usize,
    },
    /// The breached-password range API could not be asked or did not answer with a range.
    BreachUnavailable {
        /// The HTTP status it answered with, when it answered.
        status: Option<u16>,
    },
}

impl Error {
    /// The stable, machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Base32CharacterInvalid { .. } => "base32_character_invalid",
            Self::Base32LengthInvalid => "base32_length_invalid",
            Self::SecretEmpty => "secret_empty",
            Self::SecretTooShort { .. } => "secret_too_short",
            Self::SecretTooLong { .. } => "secret_too_long",
            Self::SecretSizeOutOfRange { .. } => "secret_size_out_of_range",
            Self::AlgorithmUnknown => "algorithm_unknown",
            Self::DigitsOutOfRange { .. } => "digits_out_of_range",
            Self::PeriodOutOfRange { .. } => "period_out_of_range",
            Self::WindowOutOfRange { .. } => "window_out_of_range",
            Self::TimeInvalid => "time_invalid",
            Self::CounterInvalid => "counter_invalid",
            Self::CodeLengthMismatch { .. } => "code_length_mismatch",
            Self::CodeNotNumeric => "code_not_numeric",
            Self::UriTooLong { .. } => "uri_too_long",
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
            Self::QrMarginOutOfRange { .. } => "qr_margin_out_of_range",
            Self::QrTitleTooLong { .. } => "qr_title_too_long",
            Self::RecoveryCountOutOfRange { .. } => "recovery_count_out_of_range",
            Self::RecoveryCodeMalformed { .. } => "recovery_code_malformed",
            Self::PolicyInvalid { .. } => "policy_invalid",
            Self::ContextInvalid { .. } => "context_invalid",
            Self::PresetUnknown { .. } => "preset_unknown",
            Self::RandomUnavailable => "random_unavailable",
            Self::OptionUnknown { .. } => "options_invalid",
            Self::ArgumentInvalid { .. } => "argument_invalid",
            Self::OtpTypeMismatch => "type_mismatch",
            Self::SecretMismatch => "secret_mismatch",
            Self::CounterMismatch => "counter_mismatch",
            Self::CheckerFreed => "checker_freed",
            Self::BreachRangeMalformed { .. } => "breach_range_malformed",
            Self::BreachRangeTooLarge { .. } => "breach_range_too_large",
            Self::BreachUnavailable { .. } => "breach_unavailable",
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
        match self {
            Self::Base32CharacterInvalid { position } => {
                write!(f, "secret is not base32: character {} is not one of A-Z and 2-7", position + 1)
            }
            Self::Base32LengthInvalid => {
                f.write_str("secret is not base32: its length cannot be a whole number of bytes")
            }
            Self::SecretEmpty => f.write_str("secret is empty"),
            Self::SecretTooShort { min } => {
                write!(f, "secret is too short: at least {min} bytes ({} base32 characters)", min * 8 / 5)
            }
            Self::SecretTooLong { max } => write!(f, "secret is too long: at most {max} bytes"),
            Self::SecretSizeOutOfRange { min, max } => write!(f, "secret size must be {min} to {max} bytes"),
            Self::AlgorithmUnknown => f.write_str("algorithm must be SHA1, SHA256 or SHA512"),
            Self::DigitsOutOfRange { min, max } => write!(f, "digits must be {min} to {max}"),
            Self::PeriodOutOfRange { min, max } => {
                write!(f, "period must be a whole number of seconds from {min} to {max}")
            }
            Self::WindowOutOfRange { max } => write!(f, "window must be 0 to {max} time steps"),
            Self::TimeInvalid => {
                f.write_str("time must be a number of unix seconds from 0 to 9007199254740991")
            }
            Self::CounterInvalid => f.write_str("counter must be a whole number from 0 to 9007199254740991"),
            Self::CodeLengthMismatch { expected } => {
                write!(f, "code must have exactly {expected} digits")
            }
            Self::CodeNotNumeric => f.write_str("code must contain only digits"),
            Self::UriTooLong { max } => write!(f, "key URI is longer than {max} characters"),
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
            Self::QrMarginOutOfRange { max } => write!(f, "margin must be 0 to {max} modules"),
            Self::QrTitleTooLong { max } => write!(f, "title is longer than {max} characters"),
            Self::RecoveryCountOutOfRange { min, max } => {
                write!(f, "recovery code count must be {min} to {max}")
            }
            Self::RecoveryCodeMalformed { length, alphabet } => {
                write!(f, "recovery code must be {length} characters from {alphabet}")
            }
            Self::PolicyInvalid { field: Some(field), detail } => {
                write!(f, "invalid policy: {field} {detail}")
            }
            Self::PolicyInvalid { field: None, detail } => write!(f, "invalid policy: {detail}"),
            Self::ContextInvalid { detail } => write!(f, "invalid user context: {detail}"),
            Self::PresetUnknown { known } => {
                f.write_str("unknown preset: use one of ")?;
                comma_separated(f, known)
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
            Self::BreachRangeMalformed { line } => {
                write!(f, "breached-password range line {line} is not a hash suffix, a colon and a count")
            }
            Self::BreachRangeTooLarge { max } => {
                write!(f, "breached-password range is larger than {max} bytes")
            }
            Self::BreachUnavailable { status: Some(status) } => {
                write!(f, "breached-password range API answered HTTP {status}")
            }
            Self::BreachUnavailable { status: None } => {
                f.write_str("breached-password range API did not answer")
            }
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
