//! A storage-only shorthand for what a device's outbox and kept data are mostly made of:
//! UUIDs. Each UUID string (36 characters) is kept as `§` and its 16 bytes in base64url (23
//! characters), which takes a third off a pending visit. Lossless for every string: one that
//! already starts with `§` gets a second one in front. The sync API's JSON is unchanged; only
//! what the browser writes to its own storage is shorter.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

const MARK: char = '§';

fn shorten(text: &str) -> Option<String> {
    if text.len() != 36 {
        return None;
    }
    let id = uuid::Uuid::try_parse(text).ok()?;
    // Only the canonical form, so expanding gives back exactly the same text.
    (id.hyphenated().to_string() == text)
        .then(|| format!("{MARK}{}", URL_SAFE_NO_PAD.encode(id.as_bytes())))
}

fn lengthen(text: &str) -> Option<String> {
    let rest = text.strip_prefix(MARK)?;
    let bytes = URL_SAFE_NO_PAD.decode(rest).ok()?;
    let id = uuid::Uuid::from_slice(&bytes).ok()?;
    Some(id.hyphenated().to_string())
}

fn encode(text: &str) -> String {
    if let Some(short) = shorten(text) {
        short
    } else if text.starts_with(MARK) {
        format!("{MARK}{text}")
    } else {
        text.to_owned()
    }
}

fn decode(text: &str) -> String {
    match text.strip_prefix(MARK) {
        Some(rest) if rest.starts_with(MARK) => rest.to_owned(),
        Some(_) => lengthen(text).unwrap_or_else(|| text.to_owned()),
        None => text.to_owned(),
    }
}

fn walk(value: Value, f: &impl Fn(&str) -> String) -> Value {
    match value {
        Value::String(text) => Value::String(f(&text)),
        Value::Array(items) => Value::Array(items.into_iter().map(|v| walk(v, f)).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(key, v)| (f(&key), walk(v, f)))
                .collect(),
        ),
        other => other,
    }
}

/// The shorthand of a JSON value (keys and strings).
pub fn compact(value: Value) -> Value {
    walk(value, &encode)
}

/// The JSON value a shorthand stands for.
pub fn expand(value: Value) -> Value {
    walk(value, &decode)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn uuids_shrink_and_come_back() {
        let id = "0192f0c4-1b2c-7d3e-8f40-5a6b7c8d9e0f";
        let value = serde_json::json!({ id: [id, "plain", "§already marked"] });
        let short = compact(value.clone());
        let text = short.to_string();
        assert!(!text.contains(id), "{text}");
        assert!(text.len() < value.to_string().len());
        assert_eq!(expand(short), value);
    }

    #[test]
    fn only_canonical_uuids_are_shortened() {
        let upper = "0192F0C4-1B2C-7D3E-8F40-5A6B7C8D9E0F";
        let value = serde_json::json!([upper, "0192f0c41b2c7d3e8f405a6b7c8d9e0f"]);
        assert_eq!(compact(value.clone()), value);
    }

    proptest! {
        /// Any strings, including ones that look like the shorthand, come back exactly.
        #[test]
        fn every_string_comes_back(texts in proptest::collection::vec(
            prop_oneof![
                "[a-z0-9 §-]{0,40}",
                Just("§§".to_owned()),
                Just("§AZLwxBssfT6PQFprfI2eDw".to_owned()),
                any::<u128>().prop_map(|n| uuid::Uuid::from_u128(n).to_string()),
            ],
            0..8,
        )) {
            let map: serde_json::Map<String, Value> = texts.iter().map(|t| (t.clone(), Value::String(t.clone()))).collect();
            let value = serde_json::json!({ "list": texts.clone(), "map": map });
            prop_assert_eq!(expand(compact(value.clone())), value);
        }
    }
}
