//! Business-name normalisation, for spotting likely duplicates: "Harbor Tool & Die, Inc." and
//! "HARBOR TOOL AND DIE" are the same firm.

/// Legal-form suffixes that do not tell two firms apart.
const SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "llc",
    "llp",
    "lp",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "co",
    "company",
    "pc",
    "plc",
];

/// Lower-case words, punctuation dropped, "&" read as "and", legal suffixes removed.
pub fn normalize_name(name: &str) -> String {
    let spaced: String = name
        .replace('&', " and ")
        .chars()
        .filter(|c| !matches!(c, '\'' | '.'))
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    let mut words: Vec<&str> = spaced.split_whitespace().collect();
    while words.len() > 1 && words.last().is_some_and(|word| SUFFIXES.contains(word)) {
        words.pop();
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::normalize_name;

    #[test]
    fn same_firm_same_key() {
        let cases = [
            ("Harbor Tool & Die, Inc.", "harbor tool and die"),
            ("HARBOR TOOL AND DIE", "harbor tool and die"),
            ("Granite Logistics LLC", "granite logistics"),
            ("Granite Logistics, L.L.C.", "granite logistics"),
            ("O'Neil Bakery Corp", "oneil bakery"),
            ("Inc", "inc"),
        ];
        for (name, key) in cases {
            assert_eq!(normalize_name(name), key, "{name}");
        }
    }
}
