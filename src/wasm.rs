//! The JavaScript API. Every function decodes its arguments, calls the core, encodes the
//! result and maps the error through [`fail`]; the rules all live in the core.
//!
//! The clock (`Date.now()`) and the CSPRNG (`crypto.getRandomValues`, through getrandom) are
//! read here and nowhere else.

mod codec;
mod objects;
#[cfg(feature = "passwords")]
mod passwords;

#[cfg(feature = "passwords")]
pub use passwords::{PasswordChecker, check_password, preset_policy};

use wasm_bindgen::prelude::*;

use self::codec::{Fields, JsResult, fail};
use crate::{Algorithm, DEFAULT_RECOVERY_CODE_COUNT, Error, OtpParams, Secret, Totp};

fn random(buffer: &mut [u8]) -> crate::Result<()> {
    getrandom::fill(buffer).map_err(|_| Error::RandomUnavailable)
}

fn now() -> f64 {
    js_sys::Date::now() / 1000.0
}

/// Code parameters; each defaults to what every app supports (SHA1, 6 digits, 30 s).
#[derive(tsify::Tsify)]
#[serde(rename_all = "camelCase")]
#[expect(dead_code, reason = "declares the TypeScript type; `VerifyOptions::read` reads its fields")]
pub struct OtpOptions {
    /// `SHA1` (default), `SHA256` or `SHA512`.
    #[tsify(optional)]
    algorithm: Option<Algorithm>,
    /// 6 (default), 7 or 8.
    #[tsify(optional)]
    digits: Option<u8>,
    /// Seconds per time step, 1 to 3600; 30 by default.
    #[tsify(optional)]
    period: Option<u32>,
}

/// [`OtpOptions`] and the moment to compute the code for.
#[derive(tsify::Tsify)]
#[serde(rename_all = "camelCase")]
#[expect(dead_code, reason = "declares the TypeScript type; `VerifyOptions::read` reads its fields")]
pub struct TotpOptions {
    #[tsify(optional)]
    algorithm: Option<Algorithm>,
    #[tsify(optional)]
    digits: Option<u8>,
    #[tsify(optional)]
    period: Option<u32>,
    /// Unix seconds; now by default.
    #[tsify(optional)]
    time: Option<f64>,
}

/// [`TotpOptions`] and how lenient to be.
#[derive(tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct VerifyOptions {
    #[tsify(optional)]
    algorithm: Option<Algorithm>,
    #[tsify(optional)]
    digits: Option<u8>,
    #[tsify(optional)]
    period: Option<u32>,
    #[tsify(optional)]
    time: Option<f64>,
    /// Time steps accepted each way for clock drift, 0 to 10; 1 by default.
    #[tsify(optional)]
    window: Option<u32>,
    /// The last time step accepted for this secret: it and every earlier one are refused.
    #[tsify(optional)]
    after_time_step: Option<f64>,
}

impl VerifyOptions {
    /// Reads the options of `hotp`, `totp` or `verifyTotp` (their fields are a prefix of these,
    /// and `known` says which): every property is type-checked before any value is validated.
    fn read(value: &JsValue, known: &'static [&'static str]) -> JsResult<Self> {
        let o = Fields::options(value, known)?;
        Ok(Self {
            algorithm: o.optional("algorithm")?,
            digits: o.optional("digits")?,
            period: o.optional("period")?,
            time: o.optional("time")?,
            window: o.optional("window")?,
            after_time_step: o.optional("afterTimeStep")?,
        })
    }

    fn params(&self) -> crate::Result<OtpParams> {
        OtpParams::new(
            self.algorithm.unwrap_or_default(),
            self.digits.unwrap_or(OtpParams::DEFAULT_DIGITS),
            self.period.unwrap_or(OtpParams::DEFAULT_PERIOD_SECONDS),
        )
    }
}

const OTP_FIELDS: &[&str] = &["algorithm", "digits", "period"];
const TOTP_FIELDS: &[&str] = &["algorithm", "digits", "period", "time"];
const VERIFY_FIELDS: &[&str] = &["algorithm", "digits", "period", "time", "window", "afterTimeStep"];

/// A fresh random secret in base32 without padding: `bytes` bytes (16 to 64, default 20).
#[wasm_bindgen(js_name = generateSecret)]
pub fn generate_secret(bytes: Option<u32>) -> JsResult<String> {
    let bytes = bytes.map_or(Secret::DEFAULT_BYTES, |b| b as usize);
    Secret::generate(bytes, random).map(|s| s.to_base32()).map_err(fail)
}

/// The TOTP code (RFC 6238) for `secret` at `options.time` (now by default), with its time
/// step and the seconds left before the next one.
#[wasm_bindgen(js_name = totp, unchecked_return_type = "TotpCode")]
pub fn totp(
    secret: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "TotpOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let o = VerifyOptions::read(&options, TOTP_FIELDS)?;
    let code = Secret::from_base32(secret)
        .and_then(|s| Ok(Totp::new(s, o.params()?)))
        .and_then(|t| Ok(t.generate(crate::unix_seconds(o.time.unwrap_or_else(now))?)))
        .map_err(fail)?;
    objects::totp_code(code)
}

/// The HOTP code (RFC 4226) for `secret` at `counter`.
#[wasm_bindgen(js_name = hotp)]
pub fn hotp(
    secret: &str,
    counter: f64,
    #[wasm_bindgen(unchecked_optional_param_type = "OtpOptions")] options: JsValue,
) -> JsResult<String> {
    let o = VerifyOptions::read(&options, OTP_FIELDS)?;
    let secret = Secret::from_base32(secret).map_err(fail)?;
    let params = o.params().map_err(fail)?;
    let counter = crate::counter(counter).map_err(fail)?;
    Ok(crate::hotp(&secret, counter, &params))
}

/// Checks a TOTP code typed by a user, in constant time, within `options.window` steps
/// (1 by default) and after `options.afterTimeStep`. Store the returned `timeStep` and pass it
/// back as `afterTimeStep` so the same code is never accepted twice. Throws `TwofoldError`
/// for a code that is not all digits or has the wrong length.
#[wasm_bindgen(js_name = verifyTotp, unchecked_return_type = "Verification")]
pub fn verify_totp(
    code: &str,
    secret: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "VerifyOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let o = VerifyOptions::read(&options, VERIFY_FIELDS)?;
    let verification = (|| {
        let totp = Totp::new(Secret::from_base32(secret)?, o.params()?);
        let time = crate::unix_seconds(o.time.unwrap_or_else(now))?;
        let after = o.after_time_step.map(crate::counter).transpose()?;
        totp.verify(code, time, o.window.unwrap_or(1), after)
    })()
    .map_err(fail)?;
    objects::verification(verification)
}

/// Builds an `otpauth://` Key URI, with `warnings` for what many apps will get wrong.
#[wasm_bindgen(js_name = buildOtpauthUri, unchecked_return_type = "OtpauthUri")]
pub fn build_otpauth_uri(
    #[wasm_bindgen(unchecked_param_type = "OtpauthParams")] params: JsValue,
) -> JsResult<JsValue> {
    let params = objects::otpauth_params(&params)?;
    Ok(objects::otpauth_uri(crate::build_otpauth_uri(&params).map_err(fail)?))
}

/// Reads an `otpauth://` Key URI strictly; throws `TwofoldError` with a code per problem.
#[wasm_bindgen(js_name = parseOtpauthUri, unchecked_return_type = "OtpauthParams")]
pub fn parse_otpauth_uri(uri: &str) -> JsResult<JsValue> {
    objects::otpauth_params_js(crate::parse_otpauth_uri(uri).map_err(fail)?)
}

/// `text` as a QR code in SVG: one path, a `viewBox` and no fixed size, an accessible title.
#[wasm_bindgen(js_name = qrSvg)]
pub fn qr_svg(
    text: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "SvgOptions")] options: JsValue,
) -> JsResult<String> {
    crate::qr_svg(text, &objects::svg_options(&options)?).map_err(fail)
}

/// `text` as a QR code matrix: `size` modules per side, `modules` row by row (1 = dark).
#[wasm_bindgen(js_name = qrMatrix, unchecked_return_type = "QrMatrix")]
pub fn qr_matrix(
    text: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "MatrixOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let options = objects::matrix_options(&options)?;
    Ok(objects::qr_matrix(crate::qr_matrix(text, &options).map_err(fail)?))
}

/// `count` (1 to 100, default 10) fresh recovery codes like `7KQ4M-XW9PA-3HTNC`.
#[wasm_bindgen(js_name = generateRecoveryCodes)]
pub fn generate_recovery_codes(count: Option<u32>) -> JsResult<Vec<String>> {
    let count = count.map_or(DEFAULT_RECOVERY_CODE_COUNT, |c| c as usize);
    crate::generate_recovery_codes(count, random).map_err(fail)
}

/// The canonical form of a recovery code as typed: case, spaces and dashes are forgiven.
#[wasm_bindgen(js_name = normalizeRecoveryCode)]
pub fn normalize_recovery_code(input: &str) -> JsResult<String> {
    crate::normalize_recovery_code(input).map_err(fail)
}
