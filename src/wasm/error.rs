//! Core errors as JS `Error` objects: `name` is `TwofoldError`, `code` the stable code, and
//! `field` the argument, option or policy field at fault when there is one.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use crate::Error;

pub(super) type JsResult<T> = core::result::Result<T, JsValue>;

/// Turns a core error into a JS `Error`, so callers can branch on `err.code` (and point a form
/// at `err.field`) and still get a stack trace.
pub(super) fn fail(error: Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("TwofoldError");
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&js, &"code".into(), &error.code().into());
    if let Some(field) = error.field() {
        let _ = Reflect::set(&js, &"field".into(), &field.into());
    }
    js.into()
}
