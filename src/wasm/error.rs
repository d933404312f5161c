//! Core errors as JS `Error` objects: `name` is `TwofoldError`, `code` the stable code,
//! `field` the argument, option or policy field at fault when there is one, and what the
//! error carries about its limits under their own names (`min`, `max`, `known`...).

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

use crate::{Detail, Error};

pub(super) type JsResult<T> = core::result::Result<T, JsValue>;

/// Turns a core error into a JS `Error`, so callers can branch on `err.code` (and point a form
/// at `err.field`, or say `err.min`) and still get a stack trace.
pub(super) fn fail(error: Error) -> JsValue {
    let js = js_sys::Error::new(&error.message());
    js.set_name("TwofoldError");
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&js, &"code".into(), &error.code().into());
    if let Some(field) = error.field() {
        let _ = Reflect::set(&js, &"field".into(), &field.into());
    }
    for (name, detail) in error.details() {
        let value = match detail {
            // Limits are far below 2^53: exact as JS numbers.
            Detail::Number(n) => JsValue::from_f64(n as f64),
            Detail::Text(text) => text.into(),
            Detail::Names(names) => names.iter().map(|&n| JsValue::from_str(n)).collect::<Array>().into(),
        };
        let _ = Reflect::set(&js, &name.into(), &value);
    }
    js.into()
}
