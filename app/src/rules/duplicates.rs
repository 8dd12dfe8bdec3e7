//! Likely duplicates: two reps offline can both create the same business. Two records are
//! likely the same establishment when they share a FEIN, or when their normalised names and
//! ZIP codes match.

use super::names::normalize_name;

/// The facts the rule compares.
#[derive(Clone, Copy, Debug)]
pub struct Identity<'a> {
    pub legal_name: &'a str,
    pub fein: Option<&'a str>,
    pub zip: &'a str,
}

/// Why two businesses look like one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Likeness {
    SameFein,
    SameNameAndZip,
}

impl Likeness {
    pub fn label(self) -> &'static str {
        match self {
            Likeness::SameFein => "same FEIN",
            Likeness::SameNameAndZip => "same name and ZIP",
        }
    }
}

/// The five-digit ZIP, so `01103` and `01103-1234` meet.
fn zip5(zip: &str) -> &str {
    zip.get(..5).unwrap_or(zip)
}

pub fn likeness(a: Identity<'_>, b: Identity<'_>) -> Option<Likeness> {
    if let (Some(x), Some(y)) = (a.fein, b.fein)
        && !x.is_empty()
        && x == y
    {
        return Some(Likeness::SameFein);
    }
    let same_name = normalize_name(a.legal_name) == normalize_name(b.legal_name);
    (same_name && zip5(a.zip) == zip5(b.zip)).then_some(Likeness::SameNameAndZip)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id<'a>(name: &'a str, fein: Option<&'a str>, zip: &'a str) -> Identity<'a> {
        Identity {
            legal_name: name,
            fein,
            zip,
        }
    }

    #[test]
    fn cases() {
        let harbor = id("Harbor Tool & Die, Inc.", Some("041234567"), "01103");
        assert_eq!(
            likeness(harbor, id("Other name", Some("041234567"), "02110")),
            Some(Likeness::SameFein)
        );
        assert_eq!(
            likeness(harbor, id("HARBOR TOOL AND DIE", None, "01103-4410")),
            Some(Likeness::SameNameAndZip)
        );
        assert_eq!(
            likeness(harbor, id("Harbor Tool and Die", None, "01104")),
            None
        );
        assert_eq!(
            likeness(harbor, id("Harbor Tools", Some("999999999"), "01103")),
            None
        );
    }
}
