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

impl Error {
    /// What the error carries beside its code and field, by name: the limit broken (`min`,
    /// `max`, `expected`), the names that are allowed (`known`)... JS finds each on the error
    /// (`error.min`), the server in its JSON.
    pub fn details(&self) -> Vec<(&'static str, Detail<'_>)> {
        use Detail::{Names, Number, Text};
        let n = |v: usize| Number(v as u64);
        match self {
            Self::Base32CharacterInvalid { position } => vec![("position", n(*position))],
            Self::SecretTooShort { min } => vec![("min", n(*min))],
            Self::SecretTooLong { max } | Self::UriTooLong { max } | Self::QrTitleTooLong { max } => {
                vec![("max", n(*max))]
            }
            Self::SecretSizeOutOfRange { min, max } | Self::RecoveryCountOutOfRange { min, max } => {
                vec![("min", n(*min)), ("max", n(*max))]
            }
            Self::DigitsOutOfRange { min, max } => {
                vec![("min", Number((*min).into())), ("max", Number((*max).into()))]
            }
            Self::PeriodOutOfRange { min, max } => {
                vec![("min", Number((*min).into())), ("max", Number((*max).into()))]
            }
            Self::WindowOutOfRange { max } | Self::QrMarginOutOfRange { max } => {
                vec![("max", Number((*max).into()))]
            }
            Self::CodeLengthMismatch { expected } => vec![("expected", Number((*expected).into()))],
            // `name` is the JS error's own name.
            Self::UriParameterDuplicated { name } => vec![("parameter", Text(name))],
            Self::RecoveryCodeMalformed { length, alphabet } => {
                vec![("length", n(*length)), ("alphabet", Text(alphabet))]
            }
            Self::PolicyInvalid { detail, .. } | Self::ContextInvalid { detail } => {
                vec![("detail", Text(detail))]
            }
            Self::PresetUnknown { known } | Self::OptionUnknown { known, .. } => {
                vec![("known", Names(known))]
            }
            Self::ArgumentInvalid { expected, .. } => vec![("expected", Text(expected))],
            Self::BreachRangeMalformed { line } => vec![("line", n(*line))],
            Self::BreachRangeTooLarge { max } => vec![("max", n(*max))],
            Self::BreachUnavailable { status: Some(status) } => vec![("status", Number((*status).into()))],
            _ => Vec::new(),
        }
    }

    /// The short lowercase message, as `Display` writes it: a template a kind, each `{}` filled
    /// with the next value. A table of texts rather than `format!`, whose machinery would be
    /// most of what the OTP build's errors weigh, or a chain of pushes a kind, which was 5 KiB
    /// of code.
    pub fn message(&self) -> String {
        use Detail::{Names, Number, Text};
        let n = |v: usize| Some(Number(v as u64));
        let (template, values): (&str, [Option<Detail<'_>>; 2]) = match self {
            Self::Base32CharacterInvalid { position } => {
                ("secret is not base32: character {} is not one of A-Z and 2-7", [n(position + 1), None])
            }
            Self::Base32LengthInvalid => {
                ("secret is not base32: its length cannot be a whole number of bytes", [None, None])
            }
            Self::SecretEmpty => ("secret is empty", [None, None]),
            Self::SecretTooShort { min } => {
                ("secret is too short: at least {} bytes ({} base32 characters)", [n(*min), n(min * 8 / 5)])
            }
            Self::SecretTooLong { max } => ("secret is too long: at most {} bytes", [n(*max), None]),
            Self::SecretSizeOutOfRange { min, max } => {
                ("secret size must be {} to {} bytes", [n(*min), n(*max)])
            }
            Self::AlgorithmUnknown => ("algorithm must be SHA1, SHA256 or SHA512", [None, None]),
            Self::DigitsOutOfRange { min, max } => {
                ("digits must be {} to {}", [n((*min).into()), n((*max).into())])
            }
            Self::PeriodOutOfRange { min, max } => (
                "period must be a whole number of seconds from {} to {}",
                [n(*min as usize), n(*max as usize)],
            ),
            Self::WindowOutOfRange { max } => ("window must be 0 to {} time steps", [n(*max as usize), None]),
            Self::TimeInvalid => {
                ("time must be a number of unix seconds from 0 to 9007199254740991", [None, None])
            }
            Self::CounterInvalid => {
                ("counter must be a whole number from 0 to 9007199254740991", [None, None])
            }
            Self::CodeLengthMismatch { expected } => {
                ("code must have exactly {} digits", [n((*expected).into()), None])
            }
            Self::CodeNotNumeric => ("code must contain only digits", [None, None]),
            Self::UriTooLong { max } => ("key URI is longer than {} characters", [n(*max), None]),
            Self::UriSchemeInvalid => ("key URI must start with otpauth://", [None, None]),
            Self::UriTypeUnknown => ("key URI type must be totp or hotp", [None, None]),
            Self::UriLabelMissing => ("key URI has no label (issuer:account)", [None, None]),
            Self::UriEncodingInvalid => {
                ("key URI has a broken percent escape or text that is not UTF-8", [None, None])
            }
            Self::UriParameterDuplicated { name } => {
                ("key URI has the parameter {} more than once", [Some(Text(name)), None])
            }
            Self::UriSecretMissing => ("key URI has no secret parameter", [None, None]),
            Self::AccountEmpty => ("account name is empty", [None, None]),
            Self::AccountContainsColon => ("account name may not contain a colon", [None, None]),
            Self::IssuerEmpty => ("issuer is empty", [None, None]),
            Self::IssuerContainsColon => ("issuer may not contain a colon", [None, None]),
            Self::IssuerMismatch => ("key URI label issuer differs from its issuer parameter", [None, None]),
            Self::CounterMissing => ("hotp needs a counter", [None, None]),
            Self::CounterWithTotp => ("counter applies to hotp only", [None, None]),
            Self::PeriodWithHotp => ("period applies to totp only", [None, None]),
            Self::QrDataTooLong => ("text is too long for a QR code", [None, None]),
            Self::QrColorInvalid => {
                ("colour must be a CSS hex colour, colour name or rgb()/hsl() value", [None, None])
            }
            Self::QrMarginOutOfRange { max } => ("margin must be 0 to {} modules", [n(*max as usize), None]),
            Self::QrTitleTooLong { max } => ("title is longer than {} characters", [n(*max), None]),
            Self::RecoveryCountOutOfRange { min, max } => {
                ("recovery code count must be {} to {}", [n(*min), n(*max)])
            }
            Self::RecoveryCodeMalformed { length, alphabet } => {
                ("recovery code must be {} characters from {}", [n(*length), Some(Text(alphabet))])
            }
            Self::PolicyInvalid { field: Some(field), detail } => {
                ("invalid policy: {} {}", [Some(Text(field)), Some(Text(detail))])
            }
            Self::PolicyInvalid { field: None, detail } => ("invalid policy: {}", [Some(Text(detail)), None]),
            Self::ContextInvalid { detail } => ("invalid user context: {}", [Some(Text(detail)), None]),
            Self::PresetUnknown { known } => ("unknown preset: use one of {}", [Some(Names(known)), None]),
            Self::RandomUnavailable => ("the random number generator is unavailable", [None, None]),
            Self::OptionUnknown { field, known } => {
                ("unknown option {}: use one of {}", [Some(Text(field)), Some(Names(known))])
            }
            Self::ArgumentInvalid { field, expected } => {
                ("{} must be {}", [Some(Text(field)), Some(Text(expected))])
            }
            Self::OtpTypeMismatch => ("the options' type is not the kind of code asked for", [None, None]),
            Self::SecretMismatch => ("the options' secret differs from the secret given", [None, None]),
            Self::CounterMismatch => ("the options' counter differs from the counter given", [None, None]),
            Self::CheckerFreed => ("the password checker was freed", [None, None]),
            Self::BreachRangeMalformed { line } => (
                "breached-password range line {} is not a hash suffix, a colon and a count",
                [n(*line), None],
            ),
            Self::BreachRangeTooLarge { max } => {
                ("breached-password range is larger than {} bytes", [n(*max), None])
            }
            Self::BreachUnavailable { status: Some(status) } => {
                ("breached-password range API answered HTTP {}", [Some(Number((*status).into())), None])
            }
            Self::BreachUnavailable { status: None } => {
                ("breached-password range API did not answer", [None, None])
            }
        };
        fill(template, &values)
    }
}

/// `template` with each `{}` replaced by the next of `values`, names with commas between them.
/// Split on the character `{`: splitting on a string, or slicing by index, would bring a string
/// searcher or the panic messages of slicing (4 KiB of code) into the wasm.
fn fill(template: &str, values: &[Option<Detail<'_>>]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut values = values.iter().flatten();
    let mut rest = template;
    while let Some((piece, after)) = rest.split_once('{') {
        out.push_str(piece);
        rest = after.strip_prefix('}').unwrap_or(after);
        match values.next() {
            Some(Detail::Number(n)) => crate::decimal::push(&mut out, *n),
            Some(Detail::Text(text)) => out.push_str(text),
            Some(Detail::Names(names)) => {
                for (k, name) in names.iter().enumerate() {
                    out.push_str(if k > 0 { ", " } else { "" });
                    out.push_str(name);
                }
            }
            None => {}
        }
    }
    out.push_str(rest);
    out
}

/// One of the values an error carries (see [`Error::details`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail<'a> {
    /// A count or limit.
    Number(u64),
    /// A name or explanation.
    Text(&'a str),
    /// The names allowed.
    Names(&'static [&'static str]),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    /// One error of every kind; the match makes a new kind a compile error here.
    fn every_kind() -> Vec<Error> {
        let all = vec![
            Error::Base32CharacterInvalid { position: 3 },
            Error::Base32LengthInvalid,
            Error::SecretEmpty,
            Error::SecretTooShort { min: 10 },
            Error::SecretTooLong { max: 64 },
            Error::SecretSizeOutOfRange { min: 10, max: 64 },
            Error::AlgorithmUnknown,
            Error::DigitsOutOfRange { min: 6, max: 8 },
            Error::PeriodOutOfRange { min: 1, max: 3600 },
            Error::WindowOutOfRange { max: 10 },
            Error::TimeInvalid,
            Error::CounterInvalid,
            Error::CodeLengthMismatch { expected: 6 },
            Error::CodeNotNumeric,
            Error::UriTooLong { max: 4096 },
            Error::UriSchemeInvalid,
            Error::UriTypeUnknown,
            Error::UriLabelMissing,
            Error::UriEncodingInvalid,
            Error::UriParameterDuplicated { name: "secret".into() },
            Error::UriSecretMissing,
            Error::AccountEmpty,
            Error::AccountContainsColon,
            Error::IssuerEmpty,
            Error::IssuerContainsColon,
            Error::IssuerMismatch,
            Error::CounterMissing,
            Error::CounterWithTotp,
            Error::PeriodWithHotp,
            Error::QrDataTooLong,
            Error::QrColorInvalid,
            Error::QrMarginOutOfRange { max: 64 },
            Error::QrTitleTooLong { max: 256 },
            Error::RecoveryCountOutOfRange { min: 1, max: 100 },
            Error::RecoveryCodeMalformed { length: 16, alphabet: "0123" },
            Error::PolicyInvalid { field: Some("minLength".into()), detail: "must be a number".into() },
            Error::ContextInvalid { detail: "email must be a string".into() },
            Error::PresetUnknown { known: &["a", "b"] },
            Error::RandomUnavailable,
            Error::OptionUnknown { field: "digit".into(), known: &["digits"] },
            Error::ArgumentInvalid { field: "secret".into(), expected: "a string" },
            Error::OtpTypeMismatch,
            Error::SecretMismatch,
            Error::CounterMismatch,
            Error::CheckerFreed,
            Error::BreachRangeMalformed { line: 2 },
            Error::BreachRangeTooLarge { max: 2_097_152 },
            Error::BreachUnavailable { status: Some(503) },
        ];
        for error in &all {
            match error {
                Error::Base32CharacterInvalid { .. }
                | Error::Base32LengthInvalid
                | Error::SecretEmpty
                | Error::SecretTooShort { .. }
                | Error::SecretTooLong { .. }
                | Error::SecretSizeOutOfRange { .. }
                | Error::AlgorithmUnknown
                | Error::DigitsOutOfRange { .. }
                | Error::PeriodOutOfRange { .. }
                | Error::WindowOutOfRange { .. }
                | Error::TimeInvalid
                | Error::CounterInvalid
                | Error::CodeLengthMismatch { .. }
                | Error::CodeNotNumeric
                | Error::UriTooLong { .. }
                | Error::UriSchemeInvalid
                | Error::UriTypeUnknown
                | Error::UriLabelMissing
                | Error::UriEncodingInvalid
                | Error::UriParameterDuplicated { .. }
                | Error::UriSecretMissing
                | Error::AccountEmpty
                | Error::AccountContainsColon
                | Error::IssuerEmpty
                | Error::IssuerContainsColon
                | Error::IssuerMismatch
                | Error::CounterMissing
                | Error::CounterWithTotp
                | Error::PeriodWithHotp
                | Error::QrDataTooLong
                | Error::QrColorInvalid
                | Error::QrMarginOutOfRange { .. }
                | Error::QrTitleTooLong { .. }
                | Error::RecoveryCountOutOfRange { .. }
                | Error::RecoveryCodeMalformed { .. }
                | Error::PolicyInvalid { .. }
                | Error::ContextInvalid { .. }
                | Error::PresetUnknown { .. }
                | Error::RandomUnavailable
                | Error::OptionUnknown { .. }
                | Error::ArgumentInvalid { .. }
                | Error::OtpTypeMismatch
                | Error::SecretMismatch
                | Error::CounterMismatch
                | Error::CheckerFreed
                | Error::BreachRangeMalformed { .. }
                | Error::BreachRangeTooLarge { .. }
                | Error::BreachUnavailable { .. } => {}
            }
        }
        all
    }

    /// The TypeScript type of the errors has one member a code, naming what the error carries
    /// there and nothing else.
    #[test]
    fn the_typescript_error_type_names_every_code_and_its_details() {
        let types = include_str!("wasm/types.rs");
        let mut members: Vec<&str> =
            types.lines().filter(|l| l.trim_start().starts_with("| { code: '")).collect();
        for error in every_kind() {
            let quoted = format!("code: '{}'", error.code());
            let at = members.iter().position(|l| l.contains(&quoted));
            let Some(at) = at else { panic!("{} is not in TwofoldError", error.code()) };
            let line = members.remove(at);
            let mut named: Vec<&str> = line
                .split(';')
                .skip(1)
                .filter_map(|part| part.split(':').next())
                // `status?`: carried when there is one.
                .map(|name| name.trim().trim_end_matches('?'))
                .filter(|name| *name != "field")
                .collect();
            named.sort_unstable();
            let mut carried: Vec<&str> = error.details().into_iter().map(|(name, _)| name).collect();
            carried.sort_unstable();
            assert_eq!(named, carried, "{}", error.code());
        }
        assert!(members.is_empty(), "codes no error has: {members:?}");
    }

    #[test]
    fn messages_are_written_as_display_writes_them() {
        for error in every_kind() {
            let message = error.message();
            assert_eq!(error.to_string(), message);
            assert!(
                !message.is_empty() && message.chars().next().is_some_and(char::is_lowercase),
                "{message}"
            );
        }
        assert_eq!(
            Error::SecretTooShort { min: 10 }.message(),
            "secret is too short: at least 10 bytes (16 base32 characters)"
        );
        assert_eq!(
            Error::OptionUnknown { field: "digit".into(), known: &["digits", "period"] }.message(),
            "unknown option digit: use one of digits, period"
        );
        assert_eq!(
            Error::ArgumentInvalid { field: "secret".into(), expected: "a string" }.message(),
            "secret must be a string"
        );
        assert_eq!(
            Error::PolicyInvalid { field: None, detail: "is empty".into() }.message(),
            "invalid policy: is empty"
        );
    }
}
