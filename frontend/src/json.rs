//! The device's one JSON reader and writer. serde compiles a type's deserializer once per
//! reader it is used with: reading with `serde_json::from_slice`, as server functions read their
//! answers, means each type the device shares with the pages (visit drafts, the reference data)
//! is compiled into the bundle once. Writing, likewise, is `serde_json::to_string` only: the
//! store's UUID shorthand (`app::sync::compact`) is applied to the text, not to a tree.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// JSON text, as a `T`.
pub fn read<T: DeserializeOwned>(text: &[u8]) -> serde_json::Result<T> {
    serde_json::from_slice(text)
}

/// A `T`, as JSON text.
pub fn write<T: Serialize>(value: &T) -> serde_json::Result<String> {
    serde_json::to_string(value)
}
