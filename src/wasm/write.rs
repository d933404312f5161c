//! The one way results go out: through the `Serialize` derives that also write the server's
//! JSON, so a JS result has the same property names, order and omissions as the JSON. A
//! `None` is left out (never `undefined` or `null` as a value), maps become plain objects and
//! bytes a `Uint8Array`.
//!
//! A serializer of our own rather than serde-wasm-bindgen's: results are small flat objects,
//! and its generality (string caches, error messages that format floats) was a large part of
//! the one-time-password build.

use core::fmt;

use js_sys::{Array, Object, Reflect, Uint8Array};
use serde::ser::{self, Impossible, Serialize};
use wasm_bindgen::JsValue;

use super::error::{JsResult, fail};
use crate::{Error, MAX_SAFE_INTEGER};

/// `value` as a JS value.
pub(super) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsResult<JsValue> {
    // The only value without a JS form is a counter or time step past 2^53 - 1, which the
    // core never returns; if one ever came, it would be refused rather than rounded.
    value.serialize(Writer).map_err(|Unwritable| fail(Error::CounterInvalid))
}

/// A value that has no exact JS form.
#[derive(Debug)]
pub(super) struct Unwritable;

impl fmt::Display for Unwritable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no exact JavaScript value")
    }
}

impl core::error::Error for Unwritable {}

impl ser::Error for Unwritable {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Self
    }
}

/// The JS string for a property name, made once per name: the same few names are written on
/// every call, and decoding a Rust string into a JS one costs more than setting the property.
fn key(name: &'static str) -> JsValue {
    thread_local! {
        static KEYS: core::cell::RefCell<Vec<(&'static str, JsValue)>> = const { core::cell::RefCell::new(Vec::new()) };
    }
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        if let Some((_, key)) = keys.iter().find(|(known, _)| core::ptr::eq(*known, name)) {
            return key.clone();
        }
        let key = JsValue::from_str(name);
        keys.push((name, key.clone()));
        key
    })
}

fn exact(n: f64) -> Result<JsValue, Unwritable> {
    if n.abs() <= MAX_SAFE_INTEGER as f64 { Ok(JsValue::from_f64(n)) } else { Err(Unwritable) }
}

struct Writer;

impl ser::Serializer for Writer {
    type Ok = JsValue;
    type Error = Unwritable;
    type SerializeSeq = Items;
    type SerializeTuple = Items;
    type SerializeTupleStruct = Items;
    type SerializeTupleVariant = Impossible<JsValue, Unwritable>;
    type SerializeMap = Properties;
    type SerializeStruct = Properties;
    type SerializeStructVariant = Impossible<JsValue, Unwritable>;

    fn serialize_bool(self, v: bool) -> Result<JsValue, Unwritable> {
        Ok(JsValue::from_bool(v))
    }

    fn serialize_i8(self, v: i8) -> Result<JsValue, Unwritable> {
        Ok(JsValue::from_f64(v.into()))
    }

    fn serialize_i16(self, v: i16) -> Result<JsValue, Unwritable> {
        Ok(JsValue::from_f64(v.into()))
    }

    fn serialize_i32(self, v: i32) -> Result<JsValue, Unwritable> {
        Ok(JsValue::from_f64(v.into()))
    }

    fn serialize_i64(self, v: i64) -> Result<JsValue, Unwritable> {
        exact(v as f64)
    }

    fn serialize_u8(self, v: u8) -> Result<JsValue, Unwritable> {
        Ok(JsValue::from_f64(v.into()))
    }

    fn serialize_u16(self, v: u16) -> Result<JsValue, Unwritable> {
        Ok(JsValue::from_f64(v.into()))
    }

    fn serialize_u32(self, v: u32) -> Result<JsValue, Unwritable> {
        Ok(JsValue::from_f64(v.into()))
    }

    fn serialize_u64(self, v: u64) -> Result<JsValue, Unwritable> {
        if v <= MAX_SAFE_INTEGER { Ok(JsValue::from_f64(v as f64)) } else { Err(Unwritable) }
    }

    fn serialize_f32(self, v: f32) -> Result<JsValue, Unwritable> {
        Ok(JsValue::from_f64(v.into()))
    }

    fn serialize_f64(self, v: f64) -> Result<JsValue, Unwritable> {
        Ok(JsValue::from_f64(v))
    }

    fn serialize_char(self, v: char) -> Result<JsValue, Unwritable> {
        Ok(JsValue::from_str(v.encode_utf8(&mut [0; 4])))
    }

    fn serialize_str(self, v: &str) -> Result<JsValue, Unwritable> {
        Ok(JsValue::from_str(v))
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<JsValue, Unwritable> {
        Ok(Uint8Array::from(v).into())
    }

    fn serialize_none(self) -> Result<JsValue, Unwritable> {
        Ok(JsValue::UNDEFINED)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<JsValue, Unwritable> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<JsValue, Unwritable> {
        Ok(JsValue::NULL)
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<JsValue, Unwritable> {
        Ok(JsValue::NULL)
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<JsValue, Unwritable> {
        Ok(key(variant))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<JsValue, Unwritable> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<JsValue, Unwritable> {
        let object = Object::new();
        let _ = Reflect::set(&object, &key(variant), &value.serialize(self)?);
        Ok(object.into())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Items, Unwritable> {
        Ok(Items(Array::new()))
    }

    fn serialize_tuple(self, _: usize) -> Result<Items, Unwritable> {
        Ok(Items(Array::new()))
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Items, Unwritable> {
        Ok(Items(Array::new()))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unwritable> {
        Err(Unwritable)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Properties, Unwritable> {
        Ok(Properties { object: Object::new(), key: JsValue::UNDEFINED })
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Properties, Unwritable> {
        Ok(Properties { object: Object::new(), key: JsValue::UNDEFINED })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unwritable> {
        Err(Unwritable)
    }
}

/// An array being written.
struct Items(Array);

impl ser::SerializeSeq for Items {
    type Ok = JsValue;
    type Error = Unwritable;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unwritable> {
        self.0.push(&value.serialize(Writer)?);
        Ok(())
    }

    fn end(self) -> Result<JsValue, Unwritable> {
        Ok(self.0.into())
    }
}

impl ser::SerializeTuple for Items {
    type Ok = JsValue;
    type Error = Unwritable;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unwritable> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<JsValue, Unwritable> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Items {
    type Ok = JsValue;
    type Error = Unwritable;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unwritable> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<JsValue, Unwritable> {
        ser::SerializeSeq::end(self)
    }
}

/// A plain object being written; `key` holds a map's key until its value comes.
struct Properties {
    object: Object,
    key: JsValue,
}

impl Properties {
    fn set(&self, key: &JsValue, value: JsValue) {
        // A `None` is left out, as in the server's JSON (`skip_serializing_if`) and as
        // TypeScript's optional properties expect. Setting a property on a fresh plain object
        // cannot fail.
        if !value.is_undefined() {
            let _ = Reflect::set(&self.object, key, &value);
        }
    }
}

impl ser::SerializeMap for Properties {
    type Ok = JsValue;
    type Error = Unwritable;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unwritable> {
        self.key = key.serialize(Writer)?;
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unwritable> {
        self.set(&self.key, value.serialize(Writer)?);
        Ok(())
    }

    fn end(self) -> Result<JsValue, Unwritable> {
        Ok(self.object.into())
    }
}

impl ser::SerializeStruct for Properties {
    type Ok = JsValue;
    type Error = Unwritable;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Unwritable> {
        self.set(&key(name), value.serialize(Writer)?);
        Ok(())
    }

    fn end(self) -> Result<JsValue, Unwritable> {
        Ok(self.object.into())
    }
}
