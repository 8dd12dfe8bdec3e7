//! The device's one JSON reader and writer. serde compiles a type's deserializer once per
//! reader it is used with: reading with `serde_json::from_slice`, as server functions read their
//! answers, means each type the device shares with the pages (visit drafts, the reference data)
//! is compiled into the bundle once. Writing goes through a `Value` tree, which the store needs
//! anyway for its UUID shorthand (`app::sync::compact`).

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// JSON text, as a `T`.
pub fn read<T: DeserializeOwned>(text: &[u8]) -> serde_json::Result<T> {
    serde_json::from_slice(text)
}

/// JSON text, as a tree to rewrite before reading it.
pub fn tree(text: &[u8]) -> serde_json::Result<Value> {
    read(text)
}

/// A rewritten tree, as a `T`: written out and read again, so that `T` is read by the one
/// reader above and not by `Value`'s own.
pub fn from_tree<T: DeserializeOwned>(tree: &Value) -> serde_json::Result<T> {
    read(&serde_json::to_vec(tree)?)
}

/// A `T`, as JSON text.
pub fn write<T: Serialize>(value: &T) -> serde_json::Result<String> {
    serde_json::to_value(value).map(|tree| tree.to_string())
}
