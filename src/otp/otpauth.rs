//! `otpauth://` Key URIs: the text inside an enrollment QR code.
//!
//! The format is Google Authenticator's (`otpauth://TYPE/ISSUER:ACCOUNT?secret=...&issuer=...`).
//! We write what every app reads: the issuer in both the label and the `issuer` parameter,
//! `%20` for spaces, base32 without padding. We read strictly, with one error per problem,
//! but ignore parameters we do not know (FreeOTP's `image`, for one).

use serde::{Deserialize, Serialize};

use super::params::{Algorithm, OtpParams};
use super::secret::Secret;
use super::time::MAX_SAFE_INTEGER;
use crate::decimal;
use crate::error::{Error, Result};

const SCHEME: &str = "otpauth://";

/// Time-based or counter-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum OtpType {
    /// RFC 6238, the one authenticator apps are for.
    Totp,
    /// RFC 4226.
    Hotp,
}

impl OtpType {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Totp => "totp",
            Self::Hotp => "hotp",
        }
    }
}

/// Everything a key URI says. Parsing always fills `algorithm`, `digits` and `period`;
/// building takes the defaults (SHA1, 6, 30) for the ones left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OtpauthParams {
    /// `totp` or `hotp`.
    #[serde(rename = "type")]
    pub otp_type: OtpType,
    /// Who issued the secret: the product or company the user will recognise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub issuer: Option<String>,
    /// The user's account, usually an email address.
    pub account: String,
    /// The secret in base32 (canonical when parsed: upper case, no padding).
    pub secret: String,
    /// The hash.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub algorithm: Algorithm,
    /// Digits in a code.
    #[serde(default = "default_digits")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub digits: u8,
    /// Seconds per time step (TOTP only; HOTP keeps the default).
    #[serde(default = "default_period")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub period: u32,
    /// The next counter value (HOTP only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub counter: Option<u64>,
}

fn default_digits() -> u8 {
    OtpParams::DEFAULT_DIGITS
}

fn default_period() -> u32 {
    OtpParams::DEFAULT_PERIOD_SECONDS
}

/// Something legal that many apps will get wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Warning {
    /// Stable code: `algorithm_not_default`, `digits_not_default`, `period_not_default`,
    /// `secret_short` or `issuer_missing`.
    pub code: String,
    /// What to tell a developer.
    pub message: String,
}

impl Warning {
    fn new(code: &str, message: &str) -> Self {
        Self { code: code.to_owned(), message: message.to_owned() }
    }
}

/// A built key URI and what may go wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct OtpauthUri {
    /// The `otpauth://` URI.
    pub uri: String,
    /// Warnings, empty when every app will read the URI as meant.
    pub warnings: Vec<Warning>,
}

impl OtpauthUri {
    /// Longest key URI read or written: far above any real one, far below a denial of service.
    pub const MAX_LENGTH: usize = 4096;

    fn too_long() -> Error {
        Error::UriTooLong { max: Self::MAX_LENGTH }
    }
}

/// Builds the key URI for `params`. Issuer and account are trimmed of surrounding spaces.
///
/// # Errors
///
/// [`Error::AccountEmpty`], [`Error::AccountContainsColon`], [`Error::IssuerEmpty`],
/// [`Error::IssuerContainsColon`], the secret's errors, the parameters' range errors,
/// [`Error::CounterMissing`], [`Error::CounterInvalid`], [`Error::CounterWithTotp`],
/// [`Error::PeriodWithHotp`], and [`Error::UriTooLong`] when the names are too long.
pub fn build_otpauth_uri(params: &OtpauthParams) -> Result<OtpauthUri> {
    let issuer = params.issuer.as_deref().map(check_issuer).transpose()?;
    let account = check_account(params.account.trim())?;
    let secret = Secret::from_base32(&params.secret)?;
    let otp = OtpParams::new(params.algorithm, params.digits, params.period)?;
    let counter = check_type(params.otp_type, params.counter, params.period)?;

    let uri = write(params.otp_type, issuer, account, &secret, &otp, counter)?;
    Ok(OtpauthUri { uri, warnings: warnings(issuer, &secret, &otp) })
}

/// The key URI of parts already checked, written the one way [`build_otpauth_uri`] writes it;
/// [`Error::UriTooLong`] past the limit. Parsing writes it too, since percent-encoding can make
/// a URI longer than the one read (a raw control character becomes three): what parses builds.
fn write(
    otp_type: OtpType,
    issuer: Option<&str>,
    account: &str,
    secret: &Secret,
    otp: &OtpParams,
    counter: Option<u64>,
) -> Result<String> {
    let mut uri = [SCHEME, otp_type.as_str(), "/"].concat();
    if let Some(issuer) = issuer {
        uri.push_str(&percent_encode(issuer));
        uri.push(':');
    }
    uri.push_str(&percent_encode(account));
    uri.push_str("?secret=");
    uri.push_str(&secret.to_base32());
    if let Some(issuer) = issuer {
        uri.push_str("&issuer=");
        uri.push_str(&percent_encode(issuer));
    }
    uri.push_str("&algorithm=");
    uri.push_str(otp.algorithm().as_str());
    uri.push_str("&digits=");
    decimal::push(&mut uri, otp.digits().into());
    match counter {
        Some(counter) => {
            uri.push_str("&counter=");
            decimal::push(&mut uri, counter);
        }
        None => {
            uri.push_str("&period=");
            decimal::push(&mut uri, otp.period().into());
        }
    }
    if uri.len() > OtpauthUri::MAX_LENGTH {
        return Err(OtpauthUri::too_long());
    }
    Ok(uri)
}

fn check_issuer(issuer: &str) -> Result<&str> {
    match issuer.trim() {
        "" => Err(Error::IssuerEmpty),
        i if i.contains(':') => Err(Error::IssuerContainsColon),
        i => Ok(i),
    }
}

fn check_account(account: &str) -> Result<&str> {
    match account.trim() {
        "" => Err(Error::AccountEmpty),
        a if a.contains(':') => Err(Error::AccountContainsColon),
        a => Ok(a),
    }
}

/// The counter, for HOTP; TOTP has none and HOTP no period of its own.
fn check_type(otp_type: OtpType, counter: Option<u64>, period: u32) -> Result<Option<u64>> {
    match (otp_type, counter) {
        (OtpType::Totp, Some(_)) => Err(Error::CounterWithTotp),
        (OtpType::Totp, None) => Ok(None),
        (OtpType::Hotp, None) => Err(Error::CounterMissing),
        (OtpType::Hotp, Some(_)) if period != OtpParams::DEFAULT_PERIOD_SECONDS => Err(Error::PeriodWithHotp),
        (OtpType::Hotp, Some(c)) if c > MAX_SAFE_INTEGER => Err(Error::CounterInvalid),
        (OtpType::Hotp, Some(c)) => Ok(Some(c)),
    }
}

fn warnings(issuer: Option<&str>, secret: &Secret, otp: &OtpParams) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if issuer.is_none() {
        warnings.push(Warning::new(
            "issuer_missing",
            "without an issuer, apps list the code under the account name alone",
        ));
    }
    if secret.is_short() {
        warnings.push(Warning::new(
            "secret_short",
            &[
                "the secret is shorter than ",
                &decimal::string(Secret::RECOMMENDED_MIN_BYTES as u64),
                " bytes (RFC 4226 asks for 128 bits)",
            ]
            .concat(),
        ));
    }
    if otp.algorithm() != Algorithm::Sha1 {
        warnings.push(Warning::new(
            "algorithm_not_default",
            "many apps ignore the algorithm and compute SHA1 codes, which will not match",
        ));
    }
    if otp.digits() != OtpParams::DEFAULT_DIGITS {
        warnings.push(Warning::new(
            "digits_not_default",
            "many apps ignore the digits and show 6, which will not match",
        ));
    }
    if otp.period() != OtpParams::DEFAULT_PERIOD_SECONDS {
        warnings.push(Warning::new(
            "period_not_default",
            "many apps ignore the period and use 30 seconds, which will not match",
        ));
    }
    warnings
}

/// Reads a key URI.
///
/// # Errors
///
/// [`Error::UriTooLong`], [`Error::UriSchemeInvalid`], [`Error::UriTypeUnknown`],
/// [`Error::UriLabelMissing`], [`Error::UriEncodingInvalid`],
/// [`Error::UriParameterDuplicated`], [`Error::UriSecretMissing`], [`Error::IssuerMismatch`],
/// and the errors [`build_otpauth_uri`] has for the same values.
pub fn parse_otpauth_uri(uri: &str) -> Result<OtpauthParams> {
    if uri.len() > OtpauthUri::MAX_LENGTH {
        return Err(OtpauthUri::too_long());
    }
    // Checked splitting, not indexing: an index could panic, and its panic message alone
    // brings Unicode tables into the wasm.
    let rest = uri
        .split_at_checked(SCHEME.len())
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case(SCHEME))
        .map(|(_, rest)| rest)
        .ok_or(Error::UriSchemeInvalid)?;
    let rest = rest.split_once('#').map_or(rest, |(before, _fragment)| before);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (otp_type, label) = path.split_once('/').unwrap_or((path, ""));
    let otp_type = match otp_type.to_ascii_lowercase().as_str() {
        "totp" => OtpType::Totp,
        "hotp" => OtpType::Hotp,
        _ => return Err(Error::UriTypeUnknown),
    };

    let label = percent_decode(label, false)?;
    if label.is_empty() {
        return Err(Error::UriLabelMissing);
    }
    let (label_issuer, account) = match label.split_once(':') {
        Some((issuer, account)) => (Some(check_issuer(issuer)?), account),
        None => (None, label.as_str()),
    };
    let account = check_account(account)?;

    let query = Query::parse(query)?;
    let issuer = match (label_issuer, query.issuer.as_deref().map(check_issuer).transpose()?) {
        (Some(label), Some(param)) if label != param => return Err(Error::IssuerMismatch),
        (label, param) => param.or(label),
    };
    let secret = Secret::from_base32(query.secret.as_deref().ok_or(Error::UriSecretMissing)?)?;
    let algorithm = query.algorithm.as_deref().map_or(Ok(Algorithm::Sha1), Algorithm::from_name)?;
    let digits =
        number(query.digits.as_deref(), OtpParams::DEFAULT_DIGITS, OtpParams::digits_out_of_range())?;
    let period =
        number(query.period.as_deref(), OtpParams::DEFAULT_PERIOD_SECONDS, OtpParams::period_out_of_range())?;
    let counter = query.counter.as_deref().map(|c| number(Some(c), 0, Error::CounterInvalid)).transpose()?;
    let otp = OtpParams::new(algorithm, digits, period)?;
    let counter = check_type(otp_type, counter, otp.period())?;
    write(otp_type, issuer, account, &secret, &otp, counter)?;

    Ok(OtpauthParams {
        otp_type,
        issuer: issuer.map(str::to_owned),
        account: account.to_owned(),
        secret: secret.to_base32(),
        algorithm,
        digits,
        period,
        counter,
    })
}

/// Parses a plain decimal number; anything else (signs, spaces, overflow) is `error`. Digit by
/// digit into a u64 rather than `str::parse`, whose code would be in the wasm once per type.
fn number<T: TryFrom<u64>>(text: Option<&str>, default: T, error: Error) -> Result<T> {
    let Some(text) = text else { return Ok(default) };
    let mut value = Some(0u64).filter(|_| !text.is_empty());
    for byte in text.bytes() {
        let digit = Some(byte.wrapping_sub(b'0')).filter(|d| *d <= 9);
        value = value.zip(digit).and_then(|(v, d)| v.checked_mul(10)?.checked_add(u64::from(d)));
    }
    value.and_then(|v| T::try_from(v).ok()).ok_or(error)
}

/// The parameters a key URI may carry, each at most once.
#[derive(Default)]
struct Query {
    secret: Option<String>,
    issuer: Option<String>,
    algorithm: Option<String>,
    digits: Option<String>,
    period: Option<String>,
    counter: Option<String>,
}

impl Query {
    fn parse(query: &str) -> Result<Self> {
        let mut parsed = Self::default();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = percent_decode(name, true)?.to_ascii_lowercase();
            let slot = match name.as_str() {
                "secret" => &mut parsed.secret,
                "issuer" => &mut parsed.issuer,
                "algorithm" => &mut parsed.algorithm,
                "digits" => &mut parsed.digits,
                "period" => &mut parsed.period,
                "counter" => &mut parsed.counter,
                _ => continue,
            };
            if slot.is_some() {
                return Err(Error::UriParameterDuplicated { name });
            }
            *slot = Some(percent_decode(value, true)?);
        }
        Ok(parsed)
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push('%');
            for nibble in [byte >> 4, byte & 0xF] {
                out.push(char::from(b"0123456789ABCDEF"[usize::from(nibble)]));
            }
        }
    }
    out
}

/// Decodes percent escapes; in a query, `+` is a space as form encoders write it.
fn percent_decode(text: &str, query: bool) -> Result<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut input = text.bytes();
    while let Some(byte) = input.next() {
        match byte {
            b'%' => {
                let hex = [input.next(), input.next()];
                let value = match hex {
                    [Some(high), Some(low)] => hex_value(high).zip(hex_value(low)),
                    _ => None,
                };
                let (high, low) = value.ok_or(Error::UriEncodingInvalid)?;
                bytes.push(high << 4 | low);
            }
            b'+' if query => bytes.push(b' '),
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes).map_err(|_| Error::UriEncodingInvalid)
}

fn hex_value(digit: u8) -> Option<u8> {
    char::from(digit).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_coding_round_trips_unicode() {
        let text = "Ünïcødé name+1 & co/?#%";
        let encoded = percent_encode(text);
        assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        assert_eq!(percent_decode(&encoded, true), Ok(text.to_owned()));
        assert_eq!(percent_decode("a+b", false), Ok("a+b".to_owned()));
        assert_eq!(percent_decode("a+b", true), Ok("a b".to_owned()));
        assert_eq!(percent_decode("%zz", true), Err(Error::UriEncodingInvalid));
        assert_eq!(percent_decode("%C3", true), Err(Error::UriEncodingInvalid));
        assert_eq!(percent_decode("%4", true), Err(Error::UriEncodingInvalid));
    }
}
