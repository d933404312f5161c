//! Moving values across the JS boundary: options in, results out, errors as `TwofoldError`.

use serde::de::{self, DeserializeOwned, Visitor};
use serde::{Deserializer, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use crate::Error;

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

fn invalid(detail: impl ToString) -> JsValue {
    fail(Error::OptionsInvalid { detail: detail.to_string() })
}

/// Reads an options object; `undefined` and `null` mean "all defaults".
pub(super) fn options<T: DeserializeOwned + Default>(value: JsValue) -> JsResult<T> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    object(value)
}

/// Reads a plain object into `T`, refusing properties `T` does not have. (serde-wasm-bindgen
/// looks up only the fields it knows, so `deny_unknown_fields` alone never fires and a typo
/// such as `{ digit: 8 }` would silently fall back to the default.)
pub(super) fn object<T: DeserializeOwned>(value: JsValue) -> JsResult<T> {
    let Some(object) = value.dyn_ref::<js_sys::Object>().filter(|_| !value.is_function()) else {
        return Err(invalid("expected an object"));
    };
    let known = field_names::<T>();
    for key in js_sys::Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) {
            return Err(invalid(format_args!("unknown field `{key}`, expected one of {}", known.join(", "))));
        }
    }
    serde_wasm_bindgen::from_value(value).map_err(invalid)
}

#[cfg(feature = "passwords")]
/// The JSON text of a JS value, for documents the core reads with its own JSON parser (so a
/// policy is read by exactly the same code in the browser and on the server). `undefined`
/// and `null` give `None`.
pub(super) fn json_text(value: &JsValue, error: impl Fn(String) -> Error) -> JsResult<Option<String>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let text =
        js_sys::JSON::stringify(value).map_err(|e| fail(error(js_sys::Error::from(e).message().into())))?;
    Ok(text.as_string())
}

pub(super) fn to_js<T: Serialize>(value: &T) -> JsResult<JsValue> {
    value.serialize(&serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true)).map_err(invalid)
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
