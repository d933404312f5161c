//! The one way JS values come in: every argument, option and document goes through here.
//!
//! A value of the wrong type is `argument_invalid` naming the argument, never a trap or a
//! coercion: the glue wasm-bindgen writes for `&str`, `f64` or `Option<u32>` parameters reads
//! memory out of bounds for a number, turns `'5'` into 5 and wraps `2 ** 32 + 20` to 20, so
//! every exported function takes `JsValue`s and reads them here. Options objects are read by
//! their own enumerable properties, as `Object.keys` lists them, so nothing inherited (a
//! polluted `Object.prototype`) changes a call.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::error::{JsResult, fail};
use crate::{Algorithm, Ecc, Error, MAX_SAFE_INTEGER, OtpType};

fn wrong(field: &str, expected: &'static str) -> JsValue {
    fail(Error::ArgumentInvalid { field: field.to_owned(), expected })
}

/// A Rust value from a JS value of exactly the right type.
pub(super) trait FromJs: Sized {
    /// What the value must be, completing "`field` must be …".
    const EXPECTED: &'static str;

    fn from_js(value: &JsValue) -> Option<Self>;
}

impl FromJs for String {
    const EXPECTED: &'static str = "a string";

    fn from_js(value: &JsValue) -> Option<Self> {
        value.as_string()
    }
}

impl FromJs for bool {
    const EXPECTED: &'static str = "a boolean";

    fn from_js(value: &JsValue) -> Option<Self> {
        value.as_bool()
    }
}

/// Seconds, which may have a fraction (`Date.now() / 1000`).
impl FromJs for f64 {
    const EXPECTED: &'static str = "a finite number";

    fn from_js(value: &JsValue) -> Option<Self> {
        value.as_f64().filter(|n| n.is_finite())
    }
}

/// Counters and time steps: the whole numbers a JS number holds exactly.
impl FromJs for u64 {
    const EXPECTED: &'static str = "a whole number from 0 to 9007199254740991";

    fn from_js(value: &JsValue) -> Option<Self> {
        // NaN fails the first test and the infinities the second.
        value
            .as_f64()
            .filter(|n| *n >= 0.0 && n.fract() == 0.0 && *n <= MAX_SAFE_INTEGER as f64)
            .map(|n| n as u64)
    }
}

/// Whole numbers for narrower types (digits, period, window, sizes, counts, margins). Every
/// such limit is far below the type's maximum, so a larger number becomes the maximum and the
/// core refuses it with its own code (`digits_out_of_range`...) instead of seeing it wrapped.
macro_rules! narrow_whole {
    ($($t:ty),*) => {$(
        impl FromJs for $t {
            const EXPECTED: &'static str = u64::EXPECTED;

            fn from_js(value: &JsValue) -> Option<Self> {
                u64::from_js(value).map(|n| <$t>::try_from(n).unwrap_or(<$t>::MAX))
            }
        }
    )*};
}
narrow_whole!(u8, u32, usize);

impl FromJs for Vec<String> {
    const EXPECTED: &'static str = "an array of strings";

    fn from_js(value: &JsValue) -> Option<Self> {
        value.dyn_ref::<Array>()?.iter().map(|item| item.as_string()).collect()
    }
}

/// A name out of a closed set, spelt exactly as the TypeScript types spell it.
fn named<T: Copy>(value: &JsValue, names: &[(&str, T)]) -> Option<T> {
    let text = value.as_string()?;
    names.iter().find(|(name, _)| *name == text).map(|(_, variant)| *variant)
}

impl FromJs for Algorithm {
    const EXPECTED: &'static str = "\"SHA1\", \"SHA256\" or \"SHA512\"";

    fn from_js(value: &JsValue) -> Option<Self> {
        named(value, &[("SHA1", Self::Sha1), ("SHA256", Self::Sha256), ("SHA512", Self::Sha512)])
    }
}

impl FromJs for Ecc {
    const EXPECTED: &'static str = "\"L\", \"M\", \"Q\" or \"H\"";

    fn from_js(value: &JsValue) -> Option<Self> {
        named(value, &[("L", Self::L), ("M", Self::M), ("Q", Self::Q), ("H", Self::H)])
    }
}

impl FromJs for OtpType {
    const EXPECTED: &'static str = "\"totp\" or \"hotp\"";

    fn from_js(value: &JsValue) -> Option<Self> {
        named(value, &[("totp", Self::Totp), ("hotp", Self::Hotp)])
    }
}

/// An argument that must be there.
pub(super) fn required<T: FromJs>(field: &str, value: &JsValue) -> JsResult<T> {
    T::from_js(value).ok_or_else(|| wrong(field, T::EXPECTED))
}

/// An argument that may be left out (`undefined`), as TypeScript's `field?: T` allows.
pub(super) fn optional<T: FromJs>(field: &str, value: &JsValue) -> JsResult<Option<T>> {
    if value.is_undefined() { Ok(None) } else { required(field, value).map(Some) }
}

/// An options object's own properties, by name.
pub(super) struct Options(Vec<(&'static str, JsValue)>);

impl Options {
    /// Reads the optional argument `field` as an options object (see [`Options::object`]);
    /// `undefined` is no options.
    pub(super) fn read(field: &str, value: &JsValue, known: &'static [&'static str]) -> JsResult<Self> {
        if value.is_undefined() { Ok(Self(Vec::new())) } else { Self::object(field, value, known) }
    }

    /// Reads the argument `field` as an object whose properties are among `known`: a value
    /// that is not an object (or is an array or a function) is `argument_invalid`; a property
    /// not in `known` is `options_invalid`, since a typo such as `{ digit: 8 }` must not fall
    /// back to the default silently.
    pub(super) fn object(field: &str, value: &JsValue, known: &'static [&'static str]) -> JsResult<Self> {
        if !value.is_object() || Array::is_array(value) {
            return Err(wrong(field, "an object"));
        }
        let object: &Object = value.unchecked_ref();
        let mut properties = Vec::new();
        for key in Object::keys(object) {
            let name = key.as_string().unwrap_or_default();
            let Some(&known_name) = known.iter().find(|k| **k == name) else {
                return Err(fail(Error::OptionUnknown { field: name, known }));
            };
            properties.push((known_name, Reflect::get(object, &key)?));
        }
        Ok(Self(properties))
    }

    /// The property `name`; a property set to `undefined` counts as left out.
    fn get(&self, name: &str) -> Option<&JsValue> {
        self.0.iter().find(|(known, value)| *known == name && !value.is_undefined()).map(|(_, value)| value)
    }

    pub(super) fn optional<T: FromJs>(&self, name: &str) -> JsResult<Option<T>> {
        self.get(name).map(|value| required(name, value)).transpose()
    }

    pub(super) fn or<T: FromJs>(&self, name: &str, default: T) -> JsResult<T> {
        Ok(self.optional(name)?.unwrap_or(default))
    }

    pub(super) fn required<T: FromJs>(&self, name: &str) -> JsResult<T> {
        self.optional(name)?.ok_or_else(|| wrong(name, T::EXPECTED))
    }
}

/// Deepest nesting a document may have; a policy is two levels deep, and a cycle must end.
#[cfg(feature = "passwords")]
const MAX_DOCUMENT_DEPTH: usize = 16;

/// The argument `field` as JSON text, for documents the core reads with its own JSON parser
/// (so a policy is refused in the browser exactly as on the server). Only what JSON can hold
/// is taken — strings, finite numbers, booleans, `null`, arrays and objects' own enumerable
/// properties; anything else (`undefined`, a function, a Symbol, a BigInt, NaN, an infinity)
/// is `argument_invalid` naming its path in the document (`minLength`, `bannedWords[2]`),
/// where `JSON.stringify` would drop it or throw.
#[cfg(feature = "passwords")]
pub(super) fn document(field: &str, value: &JsValue) -> JsResult<String> {
    if !value.is_object() || Array::is_array(value) {
        return Err(wrong(field, "an object"));
    }
    let mut json = String::new();
    write_json(&mut json, "", value, 0)?;
    Ok(json)
}

#[cfg(feature = "passwords")]
fn write_json(json: &mut String, path: &str, value: &JsValue, depth: usize) -> JsResult<()> {
    if depth > MAX_DOCUMENT_DEPTH {
        return Err(wrong(path, "nested at most 16 levels deep"));
    }
    if let Some(text) = value.as_string() {
        write_json_string(json, &text);
    } else if let Some(n) = value.as_f64() {
        if !n.is_finite() {
            return Err(wrong(path, "a finite number"));
        }
        // JS writes a finite number as JSON does (`1e+300`), with no float formatting here.
        json.push_str(&String::from(
            js_sys::Number::from(n).to_string_with_radix(10).unwrap_or_else(|_| "0".into()),
        ));
    } else if let Some(b) = value.as_bool() {
        json.push_str(if b { "true" } else { "false" });
    } else if value.is_null() {
        json.push_str("null");
    } else if let Some(array) = value.dyn_ref::<Array>() {
        json.push('[');
        for (i, item) in array.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            write_json(
                json,
                &[path, "[", &crate::decimal::string(i as u64), "]"].concat(),
                &item,
                depth + 1,
            )?;
        }
        json.push(']');
    } else if value.is_object() {
        let object: &Object = value.unchecked_ref();
        json.push('{');
        for (i, key) in Object::keys(object).iter().enumerate() {
            let name = key.as_string().unwrap_or_default();
            if i > 0 {
                json.push(',');
            }
            write_json_string(json, &name);
            json.push(':');
            let child = if path.is_empty() { name.clone() } else { [path, ".", &name].concat() };
            write_json(json, &child, &Reflect::get(object, &key)?, depth + 1)?;
        }
        json.push('}');
    } else {
        return Err(wrong(path, "a string, number, boolean, null, array or object"));
    }
    Ok(())
}

#[cfg(feature = "passwords")]
fn write_json_string(json: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    json.push('"');
    for c in text.chars() {
        match c {
            '"' => json.push_str("\\\""),
            '\\' => json.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let n = u32::from(c) as usize;
                json.push_str("\\u00");
                json.push(char::from(HEX[n >> 4]));
                json.push(char::from(HEX[n & 0xf]));
            }
            c => json.push(c),
        }
    }
    json.push('"');
}
