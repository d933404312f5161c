//! Reading the JSON documents the browser and the server exchange (policies, contexts).

use serde::de::DeserializeOwned;

/// Reads `json` as a `T`, which must be a JSON object: serde would otherwise also accept an
/// array of the fields' values, which no client means to send.
///
/// # Errors
///
/// The parser's message, for malformed JSON, a non-object, unknown fields or wrong types.
pub fn object_from_str<T: DeserializeOwned>(json: &str) -> Result<T, String> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    if !value.is_object() {
        return Err("expected a JSON object".to_owned());
    }
    T::deserialize(value).map_err(|e| e.to_string())
}
