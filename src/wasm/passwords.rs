//! The password checker's JavaScript API (the `passwords` feature): `checkPassword`,
//! `PasswordChecker` and `presetPolicy`. Policies and contexts are read by the core's own JSON
//! parser, the same one the server uses, so both refuse a malformed policy the same way.

use wasm_bindgen::prelude::*;

use super::codec::{self, JsResult, fail, json_text, to_js};
use crate::{Error, Policy, PresetOptions, UserContext};

fn policy(value: &JsValue) -> JsResult<Policy> {
    let invalid = |detail| Error::PolicyInvalid { field: None, detail };
    let json =
        json_text(value, invalid)?.ok_or_else(|| fail(invalid("expected a policy object".to_owned())))?;
    Policy::from_json(&json).map_err(fail)
}

fn context(value: &JsValue) -> JsResult<UserContext> {
    match json_text(value, |detail| Error::ContextInvalid { detail })? {
        Some(json) => UserContext::from_json(&json).map_err(fail),
        None => Ok(UserContext::default()),
    }
}

/// Checks a password against a tenant's policy, for the user in `context`, with messages in
/// `locale` (English when unknown). To check on every keystroke, make a `PasswordChecker`.
#[wasm_bindgen(js_name = checkPassword, unchecked_return_type = "Verdict")]
pub fn check_password(
    password: &str,
    #[wasm_bindgen(unchecked_param_type = "Policy")] policy: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "UserContext")] context: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string")] locale: JsValue,
) -> JsResult<JsValue> {
    let (policy, context) = (self::policy(&policy)?, self::context(&context)?);
    let locale = locale.as_string().unwrap_or_default();
    let verdict = crate::check_password(password, &policy, &context, &locale);
    to_js(&verdict.map_err(fail)?)
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
        locale: Option<String>,
    ) -> JsResult<PasswordChecker> {
        let checker =
            crate::PasswordChecker::new(self::policy(&policy)?, locale.as_deref().unwrap_or_default());
        Ok(Self(checker.map_err(fail)?))
    }

    /// The verdict on `password` for the user in `context`.
    #[wasm_bindgen(unchecked_return_type = "Verdict")]
    pub fn check(
        &self,
        password: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "UserContext")] context: JsValue,
    ) -> JsResult<JsValue> {
        to_js(&self.0.check(password, &self::context(&context)?))
    }

    /// The policy as a human checklist, to show before the user types.
    #[wasm_bindgen(unchecked_return_type = "Requirement[]")]
    pub fn requirements(&self) -> JsResult<JsValue> {
        to_js(&self.0.requirements())
    }
}

/// A ready-made policy: `nist-800-63b-4` or `legacy-complex`; `options.twoFactor` lowers the
/// minimum length where a second factor is enforced.
#[wasm_bindgen(js_name = presetPolicy, unchecked_return_type = "Policy")]
pub fn preset_policy(
    name: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "PresetOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let options: PresetOptions = codec::options(options)?;
    to_js(&crate::preset_policy(name, &options).map_err(fail)?)
}
