//! A storage-only shorthand for the UUIDs that fill a device's outbox and kept data. Each UUID
//! string (36 characters) is kept as `§` and its 16 bytes in base64url (23 characters): a third
//! off each id, about 15% off a pending visit with a long note. Lossless for every string: one
//! that already starts with `§` gets a second one in front. The sync API's JSON is unchanged;
//! only what the browser writes to its own storage is shorter. The rewrite works on the JSON
//! text: the store writes a value's text and reads text straight into its type, never a tree.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::borrow::Cow;

use serde_json::Value;

const MARK: char = '§';

/// Writes a canonical UUID's shorthand to `out`.
fn shorten(text: &str, out: &mut String) -> bool {
    if text.len() != 36 {
        return false;
    }
    let Ok(id) = uuid::Uuid::try_parse(text) else {
        return false;
    };
    // Only the canonical form, so expanding gives back exactly the same text.
    let mut canonical = uuid::Uuid::encode_buffer();
    if *id.hyphenated().encode_lower(&mut canonical) != *text {
        return false;
    }
    out.push(MARK);
    URL_SAFE_NO_PAD.encode_string(id.as_bytes(), out);
    true
}

/// Writes the UUID that a shorthand's base64 (`rest`, after the mark) stands for to `out`.
fn lengthen(rest: &str, out: &mut String) -> bool {
    // Room for base64's estimate of 22 characters; exactly 16 bytes must come out.
    let mut bytes = [0u8; 18];
    let Ok(16) = URL_SAFE_NO_PAD.decode_slice(rest, &mut bytes) else {
        return false;
    };
    let Ok(id) = uuid::Uuid::from_slice(&bytes[..16]) else {
        return false;
    };
    out.push_str(
        id.hyphenated()
            .encode_lower(&mut uuid::Uuid::encode_buffer()),
    );
    true
}

/// Writes a string's shorthand to `out`; `false` where it is its own (most strings).
fn encode(text: &str, out: &mut String) -> bool {
    if text.starts_with(MARK) {
        out.push(MARK);
        out.push_str(text);
        true
    } else {
        shorten(text, out)
    }
}

/// Writes what a shorthand stands for to `out`; `false` where it stands for itself.
fn decode(text: &str, out: &mut String) -> bool {
    let Some(rest) = text.strip_prefix(MARK) else {
        return false;
    };
    if rest.starts_with(MARK) {
        out.push_str(rest);
        true
    } else {
        lengthen(rest, out)
    }
}

/// Where the string literal whose opening quote is at `open` closes: the next quote that is
/// not escaped (an even number of backslashes before it). `None` if it never does.
fn closing_quote(text: &str, open: usize) -> Option<usize> {
    let mut from = open + 1;
    loop {
        let quote = from + text[from..].find('"')?;
        let backslashes = text.as_bytes()[..quote]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        if backslashes % 2 == 0 {
            return Some(quote);
        }
        from = quote + 1;
    }
}

/// `text` with every string literal (keys too) passed through `rewrite`, which sees it as
/// read (escapes undone) and writes its replacement only if it changes. Works on the text, so
/// the store neither builds a tree to rewrite nor parses twice. A literal that does not read
/// (broken escapes, no closing quote) is left alone, so text that is not JSON stays not JSON.
fn rewrite_strings<'a>(text: &'a str, rewrite: fn(&str, &mut String) -> bool) -> Cow<'a, str> {
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    let mut changed = String::new();
    while let Some(open) = text[at..].find('"').map(|p| at + p) {
        let Some(close) = closing_quote(text, open) else {
            break;
        };
        // Both ends are ASCII quotes, so the slices are on character boundaries.
        let raw = &text[open + 1..close];
        changed.clear();
        let rewritten = if raw.contains('\\') {
            match serde_json::from_str::<String>(&text[open..=close]) {
                Ok(value) if rewrite(&value, &mut changed) => match escaped(&changed) {
                    Some(text) => {
                        changed = text;
                        true
                    }
                    None => false,
                },
                _ => false,
            }
        } else {
            // No escapes: the literal's text is its value, and what `rewrite` writes (ids, or
            // the value less one mark) needs none either.
            rewrite(raw, &mut changed)
        };
        if rewritten {
            if out.is_empty() {
                out.reserve(text.len() + text.len() / 2);
            }
            out.push_str(&text[copied..=open]);
            out.push_str(&changed);
            copied = close;
        }
        at = close + 1;
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// A string as a JSON literal's text, with the escapes it needs (quotes not included).
fn escaped(value: &str) -> Option<String> {
    let quoted = serde_json::to_string(value).ok()?;
    quoted.get(1..quoted.len() - 1).map(str::to_owned)
}

fn walk(value: Value, f: &impl Fn(&str, &mut String) -> bool) -> Value {
    let rewrite = |text: String| {
        let mut out = String::new();
        if f(&text, &mut out) { out } else { text }
    };
    match value {
        Value::String(text) => Value::String(rewrite(text)),
        Value::Array(items) => Value::Array(items.into_iter().map(|v| walk(v, f)).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(key, v)| (rewrite(key), walk(v, f)))
                .collect(),
        ),
        other => other,
    }
}

/// The shorthand of a parsed tree: the rule the text functions are checked against (the
/// property tests here, `benches/store_text.rs`). The store itself works on text.
pub fn compact(value: Value) -> Value {
    walk(value, &encode)
}

/// The tree a shorthand's tree stands for; see [`compact`].
pub fn expand(value: Value) -> Value {
    walk(value, &decode)
}

/// The shorthand of JSON text (keys and strings).
pub fn compact_text(text: &str) -> Cow<'_, str> {
    rewrite_strings(text, encode)
}

/// The JSON text a shorthand stands for.
pub fn expand_text(text: &str) -> Cow<'_, str> {
    rewrite_strings(text, decode)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read(text: &str) -> serde_json::Result<Value> {
        serde_json::from_str(text)
    }

    #[test]
    fn uuids_shrink_and_come_back() {
        let id = "0192f0c4-1b2c-7d3e-8f40-5a6b7c8d9e0f";
        let value = serde_json::json!({ id: [id, "plain", "§already marked"] });
        let text = value.to_string();
        let short = compact_text(&text);
        assert!(!short.contains(id), "{short}");
        assert!(short.len() < text.len());
        assert_eq!(read(&expand_text(&short)).expect("reads"), value);
    }

    #[test]
    fn only_canonical_uuids_are_shortened() {
        let upper = "0192F0C4-1B2C-7D3E-8F40-5A6B7C8D9E0F";
        let text = serde_json::json!([upper, "0192f0c41b2c7d3e8f405a6b7c8d9e0f"]).to_string();
        assert!(matches!(compact_text(&text), Cow::Borrowed(_)));
    }

    #[test]
    fn marks_written_as_escapes_are_marks() {
        // "\u00a7\u00a7x" is "§§x": one mark comes off, as from the same text written plainly.
        let text = r#"{"\u00a7\u00a7x":"\u00a7AZLwxBssfT6PQFprfI2eDw","n":"line\nbreak"}"#;
        assert_eq!(
            read(&expand_text(text)).expect("reads"),
            serde_json::json!({ "§x": "0192f0c4-1b2c-7d3e-8f40-5a6b7c8d9e0f", "n": "line\nbreak" })
        );
    }

    #[test]
    fn text_that_is_not_json_stays_not_json() {
        for text in [
            r#"{"§§a": "#,
            r#"["§§a\"]"#,
            r#"["\u00g7§§"]"#,
            "\"§§",
            r#"{"a":"§§b""#,
        ] {
            assert!(read(&expand_text(text)).is_err(), "{text}");
            assert!(read(&compact_text(text)).is_err(), "{text}");
        }
    }

    fn strings() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z0-9 §\\\\\"\n\u{1}é-]{0,40}",
            Just("§§".to_owned()),
            Just("§AZLwxBssfT6PQFprfI2eDw".to_owned()),
            any::<u128>().prop_map(|n| uuid::Uuid::from_u128(n).to_string()),
        ]
    }

    fn values() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            strings().prop_map(Value::String),
            any::<i64>().prop_map(Value::from),
            Just(Value::Null)
        ];
        leaf.prop_recursive(3, 32, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map(strings(), inner, 0..6)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    /// The same text with every character past ASCII written as an escape, as other writers may.
    fn escaped(text: &str) -> String {
        text.chars()
            .map(|c| {
                if c.is_ascii() {
                    c.to_string()
                } else {
                    format!("\\u{:04x}", c as u32)
                }
            })
            .collect()
    }

    /// Whether `rule` makes two keys of one object alike (`"§§a"` and `"§a"`, expanded). Only
    /// hand-written text has such keys; the text and a (sorted) tree then disagree on which
    /// value comes last, and a stored type would refuse the duplicate anyway.
    fn keys_collide(value: &Value, rule: fn(&str, &mut String) -> bool) -> bool {
        match value {
            Value::Array(items) => items.iter().any(|v| keys_collide(v, rule)),
            Value::Object(fields) => {
                let keys: std::collections::BTreeSet<String> = fields
                    .keys()
                    .map(|key| {
                        let mut out = String::new();
                        if rule(key, &mut out) {
                            out
                        } else {
                            key.clone()
                        }
                    })
                    .collect();
                keys.len() < fields.len() || fields.values().any(|v| keys_collide(v, rule))
            }
            _ => false,
        }
    }

    proptest! {
        /// Any value comes back exactly, whatever its strings look like; and the text functions
        /// do what the rule does over a tree, however the text writes its strings.
        #[test]
        fn every_value_comes_back(value in values()) {
            let text = value.to_string();
            let short = compact_text(&text);
            prop_assert_eq!(read(&short).expect("reads"), compact(value.clone()));
            prop_assert_eq!(read(&expand_text(&short)).expect("reads"), value.clone());
            let other = escaped(&short);
            prop_assert_eq!(read(&expand_text(&other)).expect("reads"), value.clone());
            let other = escaped(&text);
            prop_assert_eq!(read(&compact_text(&other)).expect("reads"), compact(value));
        }

        /// Text that is not JSON is not made JSON, and JSON reads as its tree rewritten.
        #[test]
        fn any_text_keeps_whether_it_reads(text in "[\\[\\]{}\":, a-z§\\\\0-9u]{0,30}") {
            for (rewritten, (rule, each)) in [(expand_text(&text), (expand as fn(Value) -> Value, decode as fn(&str, &mut String) -> bool)), (compact_text(&text), (compact, encode))] {
                match read(&text) {
                    Ok(value) => {
                        prop_assume!(!keys_collide(&value, each));
                        prop_assert_eq!(read(&rewritten).expect("reads"), rule(value));
                    }
                    Err(_) => prop_assert!(read(&rewritten).is_err(), "{} read as {}", text, rewritten),
                }
            }
        }
    }
}
