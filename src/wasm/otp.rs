//! The one-time-password half of the JavaScript API: secrets, codes, key URIs, QR codes and
//! recovery codes. The clock (`Date.now()`) and the CSPRNG (`crypto.getRandomValues`, through
//! getrandom) are read here and nowhere else.

use wasm_bindgen::prelude::*;

use super::error::{JsResult, fail};
use super::read::{self, Options};
use super::write::to_js;
use crate::{
    CodeOptions, DEFAULT_RECOVERY_CODE_COUNT, Error, MatrixOptions, OtpauthParams, Secret, SvgOptions, Totp,
};

fn random(buffer: &mut [u8]) -> crate::Result<()> {
    getrandom::fill(buffer).map_err(|_| Error::RandomUnavailable)
}

fn now() -> f64 {
    js_sys::Date::now() / 1000.0
}

/// The options of `verifyTotp`. The first eight are a key URI's parameters (what
/// `buildOtpauthUri` takes and `hotp` accepts, so the object `parseOtpauthUri` gives can be
/// passed whole), and `totp` adds `time`.
const VERIFY_OPTIONS: &[&str] = &[
    "algorithm",
    "digits",
    "period",
    "type",
    "issuer",
    "account",
    "secret",
    "counter",
    "time",
    "window",
    "afterTimeStep",
];
const KEY_URI_PARAMS: &[&str] = VERIFY_OPTIONS.split_at(8).0;
const TOTP_OPTIONS: &[&str] = VERIFY_OPTIONS.split_at(9).0;

fn code_options(o: &Options) -> JsResult<CodeOptions> {
    // The labels are checked for their type like every option, but no code depends on them.
    o.optional::<String>("issuer")?;
    o.optional::<String>("account")?;
    Ok(CodeOptions {
        algorithm: o.optional("algorithm")?,
        digits: o.optional("digits")?,
        period: o.optional("period")?,
        otp_type: o.optional("type")?,
        secret: o.optional("secret")?,
        counter: o.optional("counter")?,
    })
}

/// The moment asked for, or now.
fn time(o: &Options) -> JsResult<f64> {
    Ok(o.optional("time")?.unwrap_or_else(now))
}

/// A fresh random secret in base32 without padding: `bytes` bytes (16 to 64, default 20).
#[wasm_bindgen(js_name = generateSecret)]
pub fn generate_secret(
    #[wasm_bindgen(unchecked_optional_param_type = "number")] bytes: JsValue,
) -> JsResult<String> {
    let bytes = read::optional("bytes", &bytes)?.unwrap_or(Secret::DEFAULT_BYTES);
    Secret::generate(bytes, random).map(|s| s.to_base32()).map_err(fail)
}

/// The TOTP code (RFC 6238) for `secret` at `options.time` (now by default), with its time
/// step and the seconds left before the next one. `options` may be the object
/// `parseOtpauthUri` returns.
#[wasm_bindgen(js_name = totp, unchecked_return_type = "TotpCode")]
pub fn totp(
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TotpOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let secret: String = read::required("secret", &secret)?;
    let o = Options::read("options", &options, TOTP_OPTIONS)?;
    let (options, time) = (code_options(&o)?, time(&o)?);
    let code = options.totp(&secret).and_then(|totp| Ok(totp.generate(crate::unix_seconds(time)?)));
    to_js(&code.map_err(fail)?)
}

/// The HOTP code (RFC 4226) for `secret` at `counter`. `options` may be the object
/// `parseOtpauthUri` returns.
#[wasm_bindgen(js_name = hotp)]
pub fn hotp(
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] counter: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "OtpOptions")] options: JsValue,
) -> JsResult<String> {
    let secret: String = read::required("secret", &secret)?;
    let counter = read::required("counter", &counter)?;
    let o = Options::read("options", &options, KEY_URI_PARAMS)?;
    code_options(&o)?.hotp(&secret, counter).map_err(fail)
}

/// Checks a TOTP code typed by a user, in constant time, within `options.window` steps
/// (1 by default) and after `options.afterTimeStep`. Store the returned `timeStep` and pass it
/// back as `afterTimeStep` so the same code is never accepted twice. Throws `TwofoldError`
/// for a code that is not all digits or has the wrong length.
#[wasm_bindgen(js_name = verifyTotp, unchecked_return_type = "Verification")]
pub fn verify_totp(
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "VerifyOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let code: String = read::required("code", &code)?;
    let secret: String = read::required("secret", &secret)?;
    let o = Options::read("options", &options, VERIFY_OPTIONS)?;
    let (options, time) = (code_options(&o)?, time(&o)?);
    let (window, after) = (o.or("window", Totp::DEFAULT_WINDOW)?, o.optional("afterTimeStep")?);
    let verification =
        options.totp(&secret).and_then(|totp| totp.verify(&code, crate::unix_seconds(time)?, window, after));
    to_js(&verification.map_err(fail)?)
}

/// Builds an `otpauth://` Key URI, with `warnings` for what many apps will get wrong.
#[wasm_bindgen(js_name = buildOtpauthUri, unchecked_return_type = "OtpauthUri")]
pub fn build_otpauth_uri(
    #[wasm_bindgen(unchecked_param_type = "OtpauthParams")] params: JsValue,
) -> JsResult<JsValue> {
    let o = Options::object("params", &params, KEY_URI_PARAMS)?;
    let defaults = crate::OtpParams::default();
    let params = OtpauthParams {
        otp_type: o.required("type")?,
        issuer: o.optional("issuer")?,
        account: o.required("account")?,
        secret: o.required("secret")?,
        algorithm: o.or("algorithm", defaults.algorithm())?,
        digits: o.or("digits", defaults.digits())?,
        period: o.or("period", defaults.period())?,
        counter: o.optional("counter")?,
    };
    to_js(&crate::build_otpauth_uri(&params).map_err(fail)?)
}

/// Reads an `otpauth://` Key URI strictly; throws `TwofoldError` with a code per problem.
#[wasm_bindgen(js_name = parseOtpauthUri, unchecked_return_type = "OtpauthParams")]
pub fn parse_otpauth_uri(#[wasm_bindgen(unchecked_param_type = "string")] uri: JsValue) -> JsResult<JsValue> {
    let uri: String = read::required("uri", &uri)?;
    to_js(&crate::parse_otpauth_uri(&uri).map_err(fail)?)
}

/// `text` as a QR code in SVG: one path, a `viewBox` and no fixed size, an accessible title.
#[wasm_bindgen(js_name = qrSvg)]
pub fn qr_svg(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SvgOptions")] options: JsValue,
) -> JsResult<String> {
    let text: String = read::required("text", &text)?;
    let o = Options::read("options", &options, &["ecc", "margin", "dark", "light", "title"])?;
    let SvgOptions { ecc, margin, dark, light, title } = SvgOptions::default();
    let options = SvgOptions {
        ecc: o.or("ecc", ecc)?,
        margin: o.or("margin", margin)?,
        dark: o.or("dark", dark)?,
        light: o.or("light", light)?,
        title: o.or("title", title)?,
    };
    crate::qr_svg(&text, &options).map_err(fail)
}

/// `text` as a QR code matrix: `size` modules per side, `modules` row by row (1 = dark).
#[wasm_bindgen(js_name = qrMatrix, unchecked_return_type = "QrMatrix")]
pub fn qr_matrix(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MatrixOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let text: String = read::required("text", &text)?;
    let o = Options::read("options", &options, &["ecc"])?;
    let options = MatrixOptions { ecc: o.or("ecc", MatrixOptions::default().ecc)? };
    to_js(&crate::qr_matrix(&text, &options).map_err(fail)?)
}

/// `count` (1 to 100, default 10) fresh recovery codes like `7KQ4M-XW9PA-3HTNC`.
#[wasm_bindgen(js_name = generateRecoveryCodes)]
pub fn generate_recovery_codes(
    #[wasm_bindgen(unchecked_optional_param_type = "number")] count: JsValue,
) -> JsResult<Vec<String>> {
    let count = read::optional("count", &count)?.unwrap_or(DEFAULT_RECOVERY_CODE_COUNT);
    crate::generate_recovery_codes(count, random).map_err(fail)
}

/// The canonical form of a recovery code as typed: case, spaces and dashes are forgiven.
#[wasm_bindgen(js_name = normalizeRecoveryCode)]
pub fn normalize_recovery_code(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
) -> JsResult<String> {
    let input: String = read::required("input", &input)?;
    crate::normalize_recovery_code(&input).map_err(fail)
}
