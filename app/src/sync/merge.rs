//! Three-way merge of a business or contact edited on a device while the server's copy also
//! changed. Field by field against the version the device started from: a field changed on
//! one side takes that side's value; a field changed on both sides to different values keeps
//! the server's and goes to the rep's review list. Never "last upload wins".

use super::protocol::FieldConflict;
use crate::model::{BusinessDraft, ContactDraft};

/// The merged record and the fields the rep must decide on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged<T> {
    pub value: T,
    pub review: Vec<FieldConflict>,
}

/// How values compare: as a person would read them. Spaces around and inside do not count;
/// for number-like fields only the digits do ("12-3456789" is "123456789").
fn same(digits_only: bool, a: &str, b: &str) -> bool {
    if digits_only {
        let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
        digits(a) == digits(b)
    } else {
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        words(a) == words(b)
    }
}

/// One text field of a record: its name, whether only digits count, and how to reach it.
struct TextField<T> {
    name: &'static str,
    digits_only: bool,
    get: fn(&T) -> &String,
    set: fn(&mut T) -> &mut String,
}

fn merge_text<T: Clone>(fields: &[TextField<T>], base: &T, mine: &T, theirs: &T) -> Merged<T> {
    let mut value = theirs.clone();
    let mut review = Vec::new();
    for field in fields {
        let (b, m, t) = ((field.get)(base), (field.get)(mine), (field.get)(theirs));
        let mine_changed = !same(field.digits_only, b, m);
        let theirs_changed = !same(field.digits_only, b, t);
        match (mine_changed, theirs_changed) {
            (true, false) => *(field.set)(&mut value) = m.clone(),
            (true, true) if !same(field.digits_only, m, t) => review.push(FieldConflict {
                field: field.name.to_owned(),
                base: b.clone(),
                mine: m.clone(),
                theirs: t.clone(),
            }),
            _ => {}
        }
    }
    Merged { value, review }
}

/// Merges a device's edit of a business (`mine`, started from `base`) into the server's
/// current fields (`theirs`).
pub fn merge_business(
    base: &BusinessDraft,
    mine: &BusinessDraft,
    theirs: &BusinessDraft,
) -> Merged<BusinessDraft> {
    let fields: [TextField<BusinessDraft>; 9] = [
        TextField {
            name: "legal_name",
            digits_only: false,
            get: |d| &d.legal_name,
            set: |d| &mut d.legal_name,
        },
        TextField {
            name: "dba",
            digits_only: false,
            get: |d| &d.dba,
            set: |d| &mut d.dba,
        },
        TextField {
            name: "fein",
            digits_only: true,
            get: |d| &d.fein,
            set: |d| &mut d.fein,
        },
        TextField {
            name: "naics",
            digits_only: true,
            get: |d| &d.naics,
            set: |d| &mut d.naics,
        },
        TextField {
            name: "address",
            digits_only: false,
            get: |d| &d.address,
            set: |d| &mut d.address,
        },
        TextField {
            name: "city",
            digits_only: false,
            get: |d| &d.city,
            set: |d| &mut d.city,
        },
        TextField {
            name: "zip",
            digits_only: true,
            get: |d| &d.zip,
            set: |d| &mut d.zip,
        },
        TextField {
            name: "employee_count",
            digits_only: true,
            get: |d| &d.employee_count,
            set: |d| &mut d.employee_count,
        },
        TextField {
            name: "stage",
            digits_only: false,
            get: |d| &d.stage,
            set: |d| &mut d.stage,
        },
    ];
    merge_text(&fields, base, mine, theirs)
}

/// Merges a device's edit of a contact into the server's current one.
pub fn merge_contact(
    base: &ContactDraft,
    mine: &ContactDraft,
    theirs: &ContactDraft,
) -> Merged<ContactDraft> {
    let fields: [TextField<ContactDraft>; 4] = [
        TextField {
            name: "name",
            digits_only: false,
            get: |d| &d.name,
            set: |d| &mut d.name,
        },
        TextField {
            name: "title",
            digits_only: false,
            get: |d| &d.title,
            set: |d| &mut d.title,
        },
        TextField {
            name: "email",
            digits_only: false,
            get: |d| &d.email,
            set: |d| &mut d.email,
        },
        TextField {
            name: "phone",
            digits_only: true,
            get: |d| &d.phone,
            set: |d| &mut d.phone,
        },
    ];
    let mut merged = merge_text(&fields, base, mine, theirs);
    // The key-representative flag is a field too.
    let (b, m, t) = (
        base.key_representative,
        mine.key_representative,
        theirs.key_representative,
    );
    if m != b && t == b {
        merged.value.key_representative = m;
    } else if m != b && t != b && m != t {
        // Unreachable for a flag (two changes from one value agree), kept for clarity.
        merged.review.push(FieldConflict {
            field: "key_representative".to_owned(),
            base: b.to_string(),
            mine: m.to_string(),
            theirs: t.to_string(),
        });
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn business(name: &str, city: &str, zip: &str, stage: &str) -> BusinessDraft {
        BusinessDraft {
            legal_name: name.to_owned(),
            city: city.to_owned(),
            zip: zip.to_owned(),
            stage: stage.to_owned(),
            naics: "332710".to_owned(),
            ..BusinessDraft::default()
        }
    }

    #[test]
    fn the_merge_table() {
        let base = business("Harbor Foods", "Lowell", "01852", "stable");
        // (case, mine, theirs, expected value, fields for review)
        let cases: [(&str, BusinessDraft, BusinessDraft, BusinessDraft, &[&str]); 7] = [
            (
                "nobody changed anything",
                base.clone(),
                base.clone(),
                base.clone(),
                &[],
            ),
            (
                "only the device changed a field: it wins",
                business("Harbor Foods", "Lowell", "01852", "growth"),
                base.clone(),
                business("Harbor Foods", "Lowell", "01852", "growth"),
                &[],
            ),
            (
                "only the server changed a field: it stays",
                base.clone(),
                business("Harbor Foods Inc", "Lowell", "01852", "stable"),
                business("Harbor Foods Inc", "Lowell", "01852", "stable"),
                &[],
            ),
            (
                "different fields on each side: both kept",
                business("Harbor Foods", "Lowell", "01852", "growth"),
                business("Harbor Foods", "Chelmsford", "01824", "stable"),
                business("Harbor Foods", "Chelmsford", "01824", "growth"),
                &[],
            ),
            (
                "the same field to the same value: no conflict",
                business("Harbor Foods", "Lowell", "01852", "decline"),
                business("Harbor Foods", "Lowell", "01852", "decline"),
                business("Harbor Foods", "Lowell", "01852", "decline"),
                &[],
            ),
            (
                "the same field to different values: the server's stays, the rep reviews",
                business("Harbor Foods", "Lowell", "01852", "decline"),
                business("Harbor Foods", "Lowell", "01852", "closing"),
                business("Harbor Foods", "Lowell", "01852", "closing"),
                &["stage"],
            ),
            (
                "spacing is not a change",
                business("Harbor  Foods ", "Lowell", "01852", "stable"),
                business("Harbor Foods", " Lowell", "01852", "stable"),
                business("Harbor Foods", " Lowell", "01852", "stable"),
                &[],
            ),
        ];
        for (case, mine, theirs, expected, review) in cases {
            let merged = merge_business(&base, &mine, &theirs);
            let fields: Vec<&str> = merged.review.iter().map(|c| c.field.as_str()).collect();
            assert_eq!(fields, review, "{case}");
            assert_eq!(merged.value, expected, "{case}");
        }
    }

    #[test]
    fn a_fein_typed_with_a_dash_is_the_same_fein() {
        let base = BusinessDraft {
            fein: "123456789".to_owned(),
            ..BusinessDraft::default()
        };
        let mine = BusinessDraft {
            fein: "12-3456789".to_owned(),
            ..BusinessDraft::default()
        };
        let merged = merge_business(&base, &mine, &base);
        assert!(merged.review.is_empty());
        assert_eq!(merged.value.fein, "123456789");
    }

    #[test]
    fn a_contact_becoming_key_representative_on_the_device_is_kept() {
        let base = ContactDraft {
            name: "Sam Lee".to_owned(),
            ..ContactDraft::default()
        };
        let mine = ContactDraft {
            key_representative: true,
            ..base.clone()
        };
        let theirs = ContactDraft {
            phone: "4135550123".to_owned(),
            ..base.clone()
        };
        let merged = merge_contact(&base, &mine, &theirs);
        assert!(merged.value.key_representative);
        assert_eq!(merged.value.phone, "4135550123");
        assert!(merged.review.is_empty());
    }

    fn field() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("a".to_owned()),
            Just("b".to_owned()),
            Just("c".to_owned())
        ]
    }

    proptest! {
        /// For any three versions of a field: a side that did not change never overrides
        /// the other; a conflict is reported exactly when both changed to different values,
        /// and then the server's value stays.
        #[test]
        fn every_field_follows_the_rule(b in field(), m in field(), t in field()) {
            let base = ContactDraft { name: b.clone(), ..ContactDraft::default() };
            let mine = ContactDraft { name: m.clone(), ..ContactDraft::default() };
            let theirs = ContactDraft { name: t.clone(), ..ContactDraft::default() };
            let merged = merge_contact(&base, &mine, &theirs);
            let conflict = m != b && t != b && m != t;
            prop_assert_eq!(merged.review.len(), usize::from(conflict));
            let expected = if m != b && t == b { m } else { t };
            prop_assert_eq!(merged.value.name, expected);
        }
    }
}
