//! Business search: which words a business is found by, and how a query is split into
//! words. Both sides live here so the index and the query can never disagree.

use std::collections::BTreeSet;

use super::names::normalize_name;

/// Longest word prefix kept; longer query words are cut to match.
pub const MAX_WORD: usize = 24;

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split_whitespace()
        .map(|word| word.chars().take(MAX_WORD).collect())
}

/// The words a business is found by: its normalised legal and doing-business-as names, its
/// city, its five-digit ZIP and its FEIN.
pub fn index_words(
    legal_name: &str,
    dba: Option<&str>,
    city: &str,
    zip: &str,
    fein: Option<&str>,
) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = words(&normalize_name(legal_name)).collect();
    if let Some(dba) = dba {
        out.extend(words(&normalize_name(dba)));
    }
    out.extend(words(&normalize_name(city)));
    out.insert(zip.chars().take(5).collect());
    if let Some(fein) = fein {
        out.insert(fein.to_owned());
    }
    out.retain(|word| !word.is_empty());
    out
}

/// The words of a query, each matched as a prefix. "04-12" finds FEIN 041234567; suffixes
/// such as "inc" are dropped as the names are.
pub fn query_words(query: &str) -> Vec<String> {
    let digits_and_dashes = query.trim().chars().all(|c| c.is_ascii_digit() || c == '-');
    if digits_and_dashes && !query.trim().is_empty() {
        return vec![
            query
                .chars()
                .filter(char::is_ascii_digit)
                .take(MAX_WORD)
                .collect(),
        ];
    }
    let mut out: Vec<String> = words(&normalize_name(query)).collect();
    out.dedup();
    out.truncate(6);
    out
}

/// The smallest string after every string that starts with `prefix`, for an index range
/// `prefix <= word < upper`. Words are ASCII letters and digits, so this never overflows.
pub fn prefix_upper_bound(prefix: &str) -> String {
    let mut bytes = prefix.as_bytes().to_vec();
    match bytes.last_mut() {
        Some(last) => *last += 1,
        None => bytes.push(0x7f),
    }
    String::from_utf8(bytes).unwrap_or_else(|_| format!("{prefix}\u{7f}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_business_is_found_by_its_words() {
        let words = index_words(
            "Harbor Tool & Die, Inc.",
            Some("Harbor Precision"),
            "New Bedford",
            "02740-1234",
            Some("041234567"),
        );
        let expected: BTreeSet<String> = [
            "harbor",
            "tool",
            "and",
            "die",
            "precision",
            "new",
            "bedford",
            "02740",
            "041234567",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        assert_eq!(words, expected);
    }

    #[test]
    fn queries_split_like_names() {
        assert_eq!(query_words("Harbor Tool Inc"), ["harbor", "tool"]);
        assert_eq!(query_words("04-123"), ["04123"]);
        assert_eq!(query_words("  "), Vec::<String>::new());
        assert_eq!(query_words("02740"), ["02740"]);
    }

    #[test]
    fn the_upper_bound_closes_the_prefix_range() {
        assert_eq!(prefix_upper_bound("har"), "has");
        assert_eq!(prefix_upper_bound("029"), "02:");
        for word in ["har", "harbor", "harz"] {
            assert!(word >= "har" && word < prefix_upper_bound("har").as_str());
        }
        assert!("has" >= prefix_upper_bound("har").as_str());
    }
}
