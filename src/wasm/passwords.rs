//! The password checker's JavaScript API (the `passwords` feature): `checkPassword`,
//! `PasswordChecker`, `presetPolicy`, and the two halves of `checkBreached` (js/breach.js):
//! `breachRangeUrl` and `breachCount`. Policies are read by the core's own JSON parser, the
//! same one the server uses, so both refuse a malformed policy the same way.

use wasm_bindgen::prelude::*;

use super::error::{JsResult, fail};
use super::read::{self, Options};
use super::write::to_js;
use crate::{BreachQuery, Error, Policy, PresetOptions, UserContext};

fn policy(value: &JsValue) -> JsResult<Policy> {
    Policy::from_json(&read::document("policy", value)?).map_err(fail)
}

fn context(value: &JsValue) -> JsResult<UserContext> {
    let o = Options::read("context", value, &["email", "name", "username", "tenant"])?;
    Ok(UserContext {
        email: o.optional("email")?,
        name: o.optional("name")?,
        username: o.optional("username")?,
        tenant: o.optional("tenant")?,
    })
}

fn locale(value: &JsValue) -> JsResult<String> {
    Ok(read::optional("locale", value)?.unwrap_or_default())
}

/// Checks a password against a tenant's policy, for the user in `context`, with messages in
/// `locale` (English when unknown). To check on every keystroke, make a `PasswordChecker`.
#[wasm_bindgen(js_name = checkPassword, unchecked_return_type = "Verdict")]
pub fn check_password(
    #[wasm_bindgen(unchecked_param_type = "string")] password: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Policy")] policy: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "UserContext")] context: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string")] locale: JsValue,
) -> JsResult<JsValue> {
    let password: String = read::required("password", &password)?;
    let (policy, context, locale) =
        (self::policy(&policy)?, self::context(&context)?, self::locale(&locale)?);
    to_js(&crate::check_password(&password, &policy, &context, &locale).map_err(fail)?)
}

/// A policy parsed once, for checking a password on every keystroke.
#[wasm_bindgen(js_name = PasswordChecker)]
pub struct PasswordChecker(crate::PasswordChecker);

#[wasm_bindgen(js_class = PasswordChecker)]
impl PasswordChecker {
    /// Validates and prepares `policy`; throws `TwofoldError` (`policy_invalid`) if it is
    /// malformed or impossible.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Policy")] policy: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] locale: JsValue,
    ) -> JsResult<PasswordChecker> {
        let (policy, locale) = (self::policy(&policy)?, self::locale(&locale)?);
        crate::PasswordChecker::new(policy, &locale).map(Self).map_err(fail)
    }

    /// The verdict on `password` for the user in `context`.
    #[wasm_bindgen(unchecked_return_type = "Verdict")]
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] password: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "UserContext")] context: JsValue,
    ) -> JsResult<JsValue> {
        let password: String = read::required("password", &password)?;
        to_js(&self.0.check(&password, &self::context(&context)?))
    }

    /// The policy as a human checklist, to show before the user types.
    #[wasm_bindgen(unchecked_return_type = "Requirement[]")]
    pub fn requirements(&self) -> JsResult<JsValue> {
        to_js(&self.0.requirements())
    }

    /// The error every method of a freed checker throws. wasm-bindgen's class hands a freed
    /// checker's null pointer to Rust, whose guard throws a bare `Error`, so
    /// `scripts/build.mjs` has each method throw this one first.
    #[wasm_bindgen(js_name = __freed, skip_typescript)]
    pub fn freed() -> JsValue {
        fail(Error::CheckerFreed)
    }
}

/// A ready-made policy: `nist-800-63b-4` or `legacy-complex`; `options.twoFactor` lowers the
/// minimum length where a second factor is enforced.
#[wasm_bindgen(js_name = presetPolicy, unchecked_return_type = "Policy")]
pub fn preset_policy(
    #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PresetOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let name: String = read::required("name", &name)?;
    let o = Options::read("options", &options, &["twoFactor", "bannedWords"])?;
    let options = PresetOptions {
        two_factor: o.or("twoFactor", false)?,
        banned_words: o.or("bannedWords", Vec::new())?,
    };
    to_js(&crate::preset_policy(&name, &options).map_err(fail)?)
}

/// What a range API is asked about the password argument, and looked for in its answer.
fn breach_query(password: &JsValue) -> JsResult<BreachQuery> {
    Ok(BreachQuery::new(&read::required::<String>("password", password)?))
}

/// The address to ask a breached-password range API about `password`: `url` (its range
/// endpoint, ending where the prefix goes, e.g. `…/range/`) and the first five hex
/// characters of the SHA-1 of the NFKC-normalised password. Nothing else of it is sent.
#[wasm_bindgen(js_name = breachRangeUrl)]
pub fn breach_range_url(
    #[wasm_bindgen(unchecked_param_type = "string")] password: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
) -> JsResult<String> {
    let query = breach_query(&password)?;
    Ok(query.range_url(&read::required::<String>("url", &url)?))
}

/// How often the range API's answer lists `password` (0 when it does not; padding lines of
/// count 0 never match), given the HTTP `status` it answered with, or `null` when it did not
/// answer. Throws `TwofoldError`: `breach_unavailable` for no answer or a status other than
/// 200, `breach_range_malformed` or `breach_range_too_large` for a body that is not a range.
#[wasm_bindgen(js_name = breachCount)]
pub fn breach_count(
    #[wasm_bindgen(unchecked_param_type = "string")] password: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number | null")] status: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] range: JsValue,
) -> JsResult<f64> {
    let query = breach_query(&password)?;
    let status = if status.is_null() {
        None
    } else {
        Some(u16::try_from(read::required::<u32>("status", &status)?).unwrap_or(u16::MAX))
    };
    if status != Some(200) {
        return Err(fail(Error::BreachUnavailable { status }));
    }
    let range: String = read::required("range", &range)?;
    let count = query.count_in(&range).map_err(fail)?;
    // A count past 2^53 would be a corpus of more than every password ever typed.
    Ok(count.min(crate::MAX_SAFE_INTEGER) as f64)
}
