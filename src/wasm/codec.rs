//! Moving values across the JS boundary: options in, results out, errors as `TwofoldError`.
//!
//! The one-time-password API reads and writes its small objects property by property
//! ([`Fields`], [`Plain`]) instead of through serde-wasm-bindgen: its deserializer, its string
//! cache and serde's error messages (which format floats) were a large part of the OTP-only
//! build. The password checker's big nested documents still go through serde.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::{Error, MAX_SAFE_INTEGER};

pub(super) type JsResult<T> = core::result::Result<T, JsValue>;

/// Turns a core error into a JS `Error` whose `name` is `TwofoldError` and whose `code` is the
/// stable code, so callers can branch on `err.code` and still get a stack trace.
pub(super) fn fail(error: Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("TwofoldError");
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&js, &"code".into(), &error.code().into());
    if let Error::PolicyInvalid { field: Some(field), .. } = &error {
        // Lets a policy editor point at the field.
        let _ = js_sys::Reflect::set(&js, &"field".into(), &field.into());
    }
    js.into()
}

fn invalid(detail: String) -> JsValue {
    fail(Error::OptionsInvalid { detail })
}

/// `parts` one after the other with `separator` between them. `[&str]::join` and `concat` would
/// do, but their generic code is a kilobyte of wasm spent on a few error messages.
fn join(parts: &[&str], separator: &str) -> String {
    let mut text = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            text.push_str(separator);
        }
        text.push_str(part);
    }
    text
}

fn expected(name: &str, what: &str) -> JsValue {
    invalid(join(&["invalid type for `", name, "`, expected ", what], ""))
}

/// Calls `f` with the JS string `name`, made once per name: decoding a Rust string into a JS
/// one costs more than the property access itself, and the same few names (`time`,
/// `digits`, `code`...) are used on every call of the one-time-password functions.
fn with_key<R>(name: &str, f: impl FnOnce(&JsValue) -> R) -> R {
    thread_local! {
        static KEYS: std::cell::RefCell<Vec<(String, JsValue)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    // The borrow ends before `f` runs: a getter on an options object may call back into us.
    let key = KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        if let Some((_, key)) = keys.iter().find(|(known, _)| known == name) {
            return key.clone();
        }
        let key = JsValue::from_str(name);
        keys.push((name.to_owned(), key.clone()));
        key
    });
    f(&key)
}

/// The properties of an options object, read one at a time with the rules serde-wasm-bindgen
/// had: a property that is absent takes its default, `undefined` and `null` count as absent for
/// the optional ones, and a value of the wrong type is `options_invalid`. Only the `known`
/// properties are ever looked up, so none is picked up from a prototype by mistake.
pub(super) struct Fields {
    object: Option<Object>,
    known: &'static [&'static str],
    /// The known names that are the object's own keys, seen while looking for unknown ones.
    own: Vec<&'static str>,
}

impl Fields {
    /// Reads an options argument; `undefined` and `null` mean "all defaults".
    pub(super) fn options(value: &JsValue, known: &'static [&'static str]) -> JsResult<Self> {
        if value.is_undefined() || value.is_null() {
            return Ok(Self { object: None, known, own: Vec::new() });
        }
        Self::object(value, known)
    }

    /// Reads a plain object, refusing properties not in `known`: a typo such as `{ digit: 8 }`
    /// must not silently fall back to the default.
    pub(super) fn object(value: &JsValue, known: &'static [&'static str]) -> JsResult<Self> {
        let Some(object) = value.dyn_ref::<Object>().filter(|_| !value.is_function()) else {
            return Err(invalid("expected an object".to_owned()));
        };
        let mut own = Vec::new();
        for key in Object::keys(object).iter() {
            let key = key.as_string().unwrap_or_default();
            let Some(name) = known.iter().find(|name| **name == key) else {
                let detail = join(&["unknown field `", &key, "`, expected one of ", &join(known, ", ")], "");
                return Err(invalid(detail));
            };
            own.push(*name);
        }
        Ok(Self { object: Some(object.clone()), known, own })
    }

    /// The property `name`, or `None` when the object does not have it at all (as opposed to
    /// having it set to `undefined`).
    fn get(&self, name: &str) -> JsResult<Option<JsValue>> {
        let Some(object) = self.object.as_ref().filter(|_| self.known.contains(&name)) else {
            return Ok(None);
        };
        // An own key is there even when `undefined`; any other name is only asked about,
        // which is one call into JS instead of two for the options left out.
        with_key(name, |key| {
            if self.own.contains(&name) || Reflect::has(object, key)? {
                Reflect::get(object, key).map(Some)
            } else {
                Ok(None)
            }
        })
    }

    /// A property that may be left out, `undefined` or `null`.
    pub(super) fn optional<T: FromJs>(&self, name: &str) -> JsResult<Option<T>> {
        match self.get(name)? {
            Some(value) if !value.is_undefined() && !value.is_null() => T::from_js(name, &value).map(Some),
            _ => Ok(None),
        }
    }

    /// A property that may be left out, but must be a `T` when it is there.
    pub(super) fn or<T: FromJs>(&self, name: &str, default: T) -> JsResult<T> {
        self.get(name)?.map_or(Ok(default), |value| T::from_js(name, &value))
    }

    /// A property that must be there.
    pub(super) fn required<T: FromJs>(&self, name: &str) -> JsResult<T> {
        match self.get(name)? {
            Some(value) => T::from_js(name, &value),
            None => Err(invalid(join(&["missing field `", name, "`"], ""))),
        }
    }
}

/// A Rust value read from a JS property named `name` (for the error message).
pub(super) trait FromJs: Sized {
    fn from_js(name: &str, value: &JsValue) -> JsResult<Self>;
}

impl FromJs for f64 {
    fn from_js(name: &str, value: &JsValue) -> JsResult<Self> {
        value.as_f64().ok_or_else(|| expected(name, "a number"))
    }
}

impl FromJs for String {
    fn from_js(name: &str, value: &JsValue) -> JsResult<Self> {
        value.as_string().ok_or_else(|| expected(name, "a string"))
    }
}

/// A JS number that is a safe integer from 0 to `max`.
fn whole(name: &str, value: &JsValue, max: u64, what: &str) -> JsResult<u64> {
    match value.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= max.min(MAX_SAFE_INTEGER) as f64 => Ok(n as u64),
        _ => Err(expected(name, what)),
    }
}

impl FromJs for u8 {
    fn from_js(name: &str, value: &JsValue) -> JsResult<Self> {
        // In range by the check, so the conversion is exact.
        whole(name, value, u64::from(u8::MAX), "an integer from 0 to 255").map(|n| n as u8)
    }
}

impl FromJs for u32 {
    fn from_js(name: &str, value: &JsValue) -> JsResult<Self> {
        whole(name, value, u64::from(u32::MAX), "an integer from 0 to 4294967295").map(|n| n as u32)
    }
}

impl FromJs for u64 {
    fn from_js(name: &str, value: &JsValue) -> JsResult<Self> {
        const WHAT: &str = "a non-negative safe integer or BigInt";
        if value.is_bigint() {
            return u64::try_from(value.clone()).map_err(|_| expected(name, WHAT));
        }
        whole(name, value, u64::MAX, WHAT)
    }
}

/// Reads a unit enum by its name, exactly as the TypeScript types spell it: the index of the
/// name in `names`.
pub(super) fn variant(name: &str, value: &JsValue, names: &[&str]) -> JsResult<usize> {
    let text = value.as_string();
    names
        .iter()
        .position(|&variant| text.as_deref() == Some(variant))
        .ok_or_else(|| expected(name, &join(&["one of ", &join(names, ", ")], "")))
}

/// A plain JS object, built property by property.
pub(super) struct Plain(Object);

impl Plain {
    pub(super) fn new() -> Self {
        Self(Object::new())
    }

    pub(super) fn set(self, key: &str, value: impl Into<JsValue>) -> Self {
        // Defining a property on a fresh plain object cannot fail.
        let _ = with_key(key, |key| Reflect::set(&self.0, key, &value.into()));
        self
    }

    /// Sets `key` only when there is a value, leaving it absent (not `undefined`) otherwise.
    pub(super) fn set_some(self, key: &str, value: Option<impl Into<JsValue>>) -> Self {
        match value {
            Some(value) => self.set(key, value),
            None => self,
        }
    }
}

impl From<Plain> for JsValue {
    fn from(plain: Plain) -> Self {
        plain.0.into()
    }
}

/// A JS number for a counter or time step, which must stay exact.
pub(super) fn number(value: u64) -> JsResult<f64> {
    if value <= MAX_SAFE_INTEGER {
        Ok(value as f64)
    } else {
        Err(invalid("a time step beyond 2^53 - 1 cannot be a JavaScript number".to_owned()))
    }
}

#[cfg(feature = "passwords")]
pub(super) use self::serde::{json_text, options, to_js};

/// The password checker's documents, which are large and nested enough for serde to pay off.
#[cfg(feature = "passwords")]
mod serde {
    use serde::de::{self, DeserializeOwned, Visitor};
    use serde::{Deserializer, Serialize};
    use wasm_bindgen::JsValue;

    use super::{Fields, JsResult, fail, invalid};
    use crate::Error;

    /// Reads an options object into `T`; `undefined` and `null` mean "all defaults".
    pub(in crate::wasm) fn options<T: DeserializeOwned + Default>(value: JsValue) -> JsResult<T> {
        if value.is_undefined() || value.is_null() {
            return Ok(T::default());
        }
        // serde-wasm-bindgen looks up only the fields it knows, so `deny_unknown_fields` alone
        // never fires; the field check is done first.
        Fields::object(&value, field_names::<T>())?;
        serde_wasm_bindgen::from_value(value).map_err(|e| invalid(e.to_string()))
    }

    /// The JSON text of a JS value, for documents the core reads with its own JSON parser (so
    /// a policy is read by exactly the same code in the browser and on the server).
    /// `undefined` and `null` give `None`.
    pub(in crate::wasm) fn json_text(
        value: &JsValue,
        error: impl Fn(String) -> Error,
    ) -> JsResult<Option<String>> {
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        let text = js_sys::JSON::stringify(value)
            .map_err(|e| fail(error(js_sys::Error::from(e).message().into())))?;
        Ok(text.as_string())
    }

    pub(in crate::wasm) fn to_js<T: Serialize>(value: &T) -> JsResult<JsValue> {
        value
            .serialize(&serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true))
            .map_err(|e| invalid(e.to_string()))
    }

    /// The serialized field names of a struct, read from its `Deserialize` impl.
    fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
        struct Probe<'a>(&'a mut &'static [&'static str]);

        impl<'de> Deserializer<'de> for Probe<'_> {
            type Error = de::value::Error;

            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
                Err(de::Error::custom("not a struct"))
            }

            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Self::Error> {
                *self.0 = fields;
                Err(de::Error::custom("fields read"))
            }

            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
                byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
                identifier ignored_any
            }
        }

        let mut fields: &'static [&'static str] = &[];
        let _ = T::deserialize(Probe(&mut fields));
        fields
    }
}
