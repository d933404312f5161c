//! The one-time-password API's objects, read from and written to JS by hand (see `codec`).
//! Property names and order are those of the serde attributes on the types, which is also what
//! the TypeScript declarations say and what the server's JSON has.

use wasm_bindgen::JsValue;

use super::codec::{Fields, FromJs, JsResult, Plain, number, variant};
use crate::{
    Algorithm, Ecc, MatrixOptions, OtpParams, OtpType, OtpauthParams, OtpauthUri, QrMatrix, SvgOptions,
    TotpCode, Verification,
};

impl FromJs for Algorithm {
    fn from_js(name: &str, value: &JsValue) -> JsResult<Self> {
        let all = [Self::Sha1, Self::Sha256, Self::Sha512];
        variant(name, value, &["SHA1", "SHA256", "SHA512"]).map(|i| all[i])
    }
}

impl FromJs for Ecc {
    fn from_js(name: &str, value: &JsValue) -> JsResult<Self> {
        let all = [Self::L, Self::M, Self::Q, Self::H];
        variant(name, value, &["L", "M", "Q", "H"]).map(|i| all[i])
    }
}

impl FromJs for OtpType {
    fn from_js(name: &str, value: &JsValue) -> JsResult<Self> {
        let all = [Self::Totp, Self::Hotp];
        variant(name, value, &["totp", "hotp"]).map(|i| all[i])
    }
}

pub(super) fn otpauth_params(value: &JsValue) -> JsResult<OtpauthParams> {
    const FIELDS: &[&str] =
        &["type", "issuer", "account", "secret", "algorithm", "digits", "period", "counter"];
    let o = Fields::object(value, FIELDS)?;
    Ok(OtpauthParams {
        otp_type: o.required("type")?,
        issuer: o.optional("issuer")?,
        account: o.required("account")?,
        secret: o.required("secret")?,
        algorithm: o.or("algorithm", Algorithm::Sha1)?,
        digits: o.or("digits", OtpParams::DEFAULT_DIGITS)?,
        period: o.or("period", OtpParams::DEFAULT_PERIOD_SECONDS)?,
        counter: o.optional("counter")?,
    })
}

pub(super) fn svg_options(value: &JsValue) -> JsResult<SvgOptions> {
    let o = Fields::options(value, &["ecc", "margin", "dark", "light", "title"])?;
    let SvgOptions { ecc, margin, dark, light, title } = SvgOptions::default();
    Ok(SvgOptions {
        ecc: o.or("ecc", ecc)?,
        margin: o.or("margin", margin)?,
        dark: o.or("dark", dark)?,
        light: o.or("light", light)?,
        title: o.or("title", title)?,
    })
}

pub(super) fn matrix_options(value: &JsValue) -> JsResult<MatrixOptions> {
    let o = Fields::options(value, &["ecc"])?;
    Ok(MatrixOptions { ecc: o.or("ecc", Ecc::M)? })
}

pub(super) fn totp_code(code: TotpCode) -> JsResult<JsValue> {
    let plain = Plain::new()
        .set("code", code.code)
        .set("timeStep", number(code.time_step)?)
        .set("remainingSeconds", code.remaining_seconds);
    Ok(plain.into())
}

pub(super) fn verification(verification: Verification) -> JsResult<JsValue> {
    let plain = Plain::new()
        .set("valid", verification.valid)
        .set_some("timeStep", verification.time_step.map(number).transpose()?)
        // Within the window of ten steps, so far inside a JS number's exact range.
        .set_some("delta", verification.delta.map(|d| d as f64));
    Ok(plain.into())
}

pub(super) fn otpauth_uri(uri: OtpauthUri) -> JsValue {
    let warnings: js_sys::Array = uri
        .warnings
        .into_iter()
        .map(|w| JsValue::from(Plain::new().set("code", w.code).set("message", w.message)))
        .collect();
    Plain::new().set("uri", uri.uri).set("warnings", warnings).into()
}

pub(super) fn otpauth_params_js(params: OtpauthParams) -> JsResult<JsValue> {
    let plain = Plain::new()
        .set("type", params.otp_type.as_str())
        .set_some("issuer", params.issuer)
        .set("account", params.account)
        .set("secret", params.secret)
        .set("algorithm", params.algorithm.as_str())
        .set("digits", params.digits)
        .set("period", params.period)
        .set_some("counter", params.counter.map(number).transpose()?);
    Ok(plain.into())
}

pub(super) fn qr_matrix(matrix: QrMatrix) -> JsValue {
    let modules = js_sys::Uint8Array::from(matrix.modules.as_slice());
    Plain::new().set("size", matrix.size).set("modules", modules).into()
}
