//! The device's one JSON path. Everything it stores, and everything it exchanges with the sync
//! API, goes through a `serde_json::Value` tree: the store needs the tree anyway (its UUID
//! shorthand, `app::sync::compact`), and reading the API's answers and writing its requests
//! the same way compiles each synced type's (de)serializer into the bundle once instead of
//! once per reader.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// JSON text, as a tree.
pub fn tree(text: &[u8]) -> serde_json::Result<Value> {
    serde_json::from_slice(text)
}

/// JSON text, as a `T`.
pub fn read<T: DeserializeOwned>(text: &[u8]) -> serde_json::Result<T> {
    tree(text).and_then(serde_json::from_value)
}

/// A `T`, as JSON text.
pub fn write<T: Serialize>(value: &T) -> serde_json::Result<String> {
    serde_json::to_value(value).map(|tree| tree.to_string())
}
