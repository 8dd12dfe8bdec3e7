//! Field-level validation of what people type, shared by the form (as they type, offline
//! too) and the server (which never trusts the form). Each error names its field and says
//! how to fix it.

use serde::{Deserialize, Serialize};

use super::naics;
use crate::model::{BusinessDraft, BusinessFields, ContactDraft, ContactFields, Stage};

/// One refused field: which, and why in words a person can act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        FieldError {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// Every problem with a form at once, so the person can fix them in one go.
pub type FieldErrors = Vec<FieldError>;

fn trimmed(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

fn digits(value: &str) -> String {
    value.chars().filter(char::is_ascii_digit).collect()
}

/// A FEIN is nine digits, written `12-3456789` or `123456789`.
pub fn fein(value: &str) -> Result<Option<String>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let only_digits_and_dash = value
        .chars()
        .all(|c| c.is_ascii_digit() || c == '-' || c == ' ');
    let found = digits(value);
    if !only_digits_and_dash || found.len() != 9 {
        return Err("must be 9 digits, like 12-3456789 (or leave it empty)".to_owned());
    }
    Ok(Some(found))
}

/// A ZIP code: five digits, or ZIP+4.
pub fn zip(value: &str) -> Result<String, String> {
    let value = value.trim();
    // Bytes, not characters: ten bytes of typed text may hold a multi-byte character, and
    // splitting a string inside one would panic (found by the `forms` fuzz target).
    let bytes = value.as_bytes();
    let digits = |part: &[u8]| part.iter().all(u8::is_ascii_digit);
    let ok = match bytes.len() {
        5 => digits(bytes),
        10 => digits(&bytes[..5]) && bytes[5] == b'-' && digits(&bytes[6..]),
        _ => false,
    };
    if ok {
        Ok(value.to_owned())
    } else {
        Err("must be 5 digits, like 01103, or ZIP+4 like 01103-1234".to_owned())
    }
}

/// An e-mail address: something, an @, and a domain with a dot.
pub fn email(value: &str) -> Result<Option<String>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let valid = value.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && domain.contains('.')
            && !value.contains(char::is_whitespace)
            && value.matches('@').count() == 1
    });
    if valid {
        Ok(Some(value.to_lowercase()))
    } else {
        Err("is not an e-mail address; check for a missing @ or domain".to_owned())
    }
}

/// A US phone number: ten digits (an optional leading 1 and any punctuation are allowed).
pub fn phone(value: &str) -> Result<Option<String>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let allowed = value
        .chars()
        .all(|c| c.is_ascii_digit() || " ()-.+".contains(c));
    let mut found = digits(value);
    if found.len() == 11 && found.starts_with('1') {
        found.remove(0);
    }
    if allowed && found.len() == 10 {
        Ok(Some(found))
    } else {
        Err("must be a 10-digit phone number, like (413) 555-0123".to_owned())
    }
}

fn stage(value: &str) -> Result<Stage, String> {
    Stage::parse(value.trim()).ok_or_else(|| "choose the business-cycle stage".to_owned())
}

/// A trimmed free-text field: when `required` names it and it is empty, "enter …"; longer than
/// `max` characters, "keep it under …". At most one error per field.
pub fn text_field(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    max: usize,
    required: Option<&str>,
) -> String {
    let value = value.trim().to_owned();
    if let (true, Some(what)) = (value.is_empty(), required) {
        errors.push(FieldError::new(field, format!("enter {what}")));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(
            field,
            format!(
                "keep it under {} characters",
                crate::format::group_thousands(max as u64)
            ),
        ));
    }
    value
}

/// Keeps a field's error, if any, and passes its value on.
fn check<T>(errors: &mut FieldErrors, field: &str, result: Result<T, String>) -> Option<T> {
    result
        .map_err(|message| errors.push(FieldError::new(field, message)))
        .ok()
}

/// Checks every field of a business; all problems are reported together.
pub fn validate_business(draft: &BusinessDraft) -> Result<BusinessFields, FieldErrors> {
    let mut errors = Vec::new();
    let mut required = |field: &str, value: &str, what: &str| {
        let value = trimmed(value);
        if value.is_none() {
            errors.push(FieldError::new(field, format!("enter the {what}")));
        }
        value.unwrap_or_default()
    };
    let legal_name = required("legal_name", &draft.legal_name, "legal name");
    let address = required("address", &draft.address, "street address");
    let city = required("city", &draft.city, "city");
    let fein = check(&mut errors, "fein", fein(&draft.fein)).flatten();
    let zip = check(&mut errors, "zip", zip(&draft.zip)).unwrap_or_default();
    let naics = check(
        &mut errors,
        "naics",
        naics::title(draft.naics.trim())
            .map(|_| draft.naics.trim().to_owned())
            .ok_or_else(|| "choose an industry from the list".to_owned()),
    )
    .unwrap_or_default();
    let employee_count = check(
        &mut errors,
        "employee_count",
        match draft.employee_count.trim() {
            "" => Ok(None),
            count => count
                .replace(',', "")
                .parse::<u32>()
                .map(Some)
                .map_err(|_| "must be a whole number, like 120 (or leave it empty)".to_owned()),
        },
    )
    .flatten();
    let stage = check(&mut errors, "stage", stage(&draft.stage));
    match stage {
        Some(stage) if errors.is_empty() => Ok(BusinessFields {
            legal_name,
            dba: trimmed(&draft.dba),
            fein,
            naics,
            address,
            city,
            zip,
            employee_count,
            stage,
        }),
        _ => Err(errors),
    }
}

/// Checks every field of a contact.
pub fn validate_contact(draft: &ContactDraft) -> Result<ContactFields, FieldErrors> {
    let mut errors = Vec::new();
    let name = trimmed(&draft.name);
    if name.is_none() {
        errors.push(FieldError::new("name", "enter the contact's name"));
    }
    let email = email(&draft.email).map_err(|m| errors.push(FieldError::new("email", m)));
    let phone = phone(&draft.phone).map_err(|m| errors.push(FieldError::new("phone", m)));
    match (name, email, phone) {
        (Some(name), Ok(email), Ok(phone)) if errors.is_empty() => Ok(ContactFields {
            name,
            title: trimmed(&draft.title),
            email,
            phone,
            key_representative: draft.key_representative,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> BusinessDraft {
        BusinessDraft {
            legal_name: " Harbor Tool & Die, Inc. ".into(),
            dba: "".into(),
            fein: "04-1234567".into(),
            naics: "333514".into(),
            address: "12 Mill Road".into(),
            city: "Springfield".into(),
            zip: "01103".into(),
            employee_count: "1,200".into(),
            stage: "growth".into(),
        }
    }

    #[test]
    fn a_good_business_is_normalised() {
        let fields = validate_business(&draft()).expect("valid");
        assert_eq!(fields.legal_name, "Harbor Tool & Die, Inc.");
        assert_eq!(fields.fein.as_deref(), Some("041234567"));
        assert_eq!(fields.dba, None);
        assert_eq!(fields.employee_count, Some(1200));
        assert_eq!(fields.stage, Stage::Growth);
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = BusinessDraft {
            legal_name: "  ".into(),
            fein: "12-345".into(),
            naics: "000000".into(),
            zip: "1103".into(),
            employee_count: "lots".into(),
            stage: "".into(),
            ..draft()
        };
        let errors = validate_business(&bad).expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "legal_name",
                "fein",
                "zip",
                "naics",
                "employee_count",
                "stage"
            ]
        );
    }

    #[test]
    fn fein_cases() {
        assert_eq!(fein(""), Ok(None));
        assert_eq!(fein("123456789"), Ok(Some("123456789".into())));
        assert_eq!(fein("12-3456789"), Ok(Some("123456789".into())));
        assert!(fein("12345678").is_err());
        assert!(fein("1234567890").is_err());
        assert!(fein("12-34567a9").is_err());
    }

    #[test]
    fn zip_cases() {
        assert_eq!(zip("01103"), Ok("01103".into()));
        assert_eq!(zip("01103-1234"), Ok("01103-1234".into()));
        for bad in ["1103", "011031234", "01103-12", "ABCDE", ""] {
            assert!(zip(bad).is_err(), "{bad}");
        }
    }

    /// Kept from the `forms` fuzz target: ten bytes with multi-byte characters panicked.
    #[test]
    fn zip_with_multibyte_characters_is_refused_not_a_panic() {
        assert!(zip("01\0\u{FFFD}a\u{FFFD}").is_err());
        assert!(zip("0110\u{e9}1234").is_err());
        assert!(zip("\u{FFFD}\u{FFFD}\u{FFFD}x").is_err());
    }

    #[test]
    fn email_and_phone_cases() {
        assert_eq!(
            email(" Pat@Example.ORG "),
            Ok(Some("pat@example.org".into()))
        );
        assert_eq!(email(""), Ok(None));
        for bad in [
            "pat",
            "pat@",
            "@example.org",
            "pat@example",
            "pat@@example.org",
            "p t@example.org",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
        assert_eq!(phone("(413) 555-0123"), Ok(Some("4135550123".into())));
        assert_eq!(phone("+1 413 555 0123"), Ok(Some("4135550123".into())));
        assert!(phone("555-0123").is_err());
        assert!(phone("413-555-0123 ext 4").is_err());
    }

    #[test]
    fn a_contact_needs_a_name() {
        let errors = validate_contact(&ContactDraft {
            email: "nope".into(),
            ..ContactDraft::default()
        })
        .expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "email"]);
    }
}

/// Why `service` may not be named on a visit dated `date`, if it may not: not on the slate at
/// all, or retired before that day. Without a date (itself an error) a retired one passes.
fn off_the_slate(
    service: crate::model::ServiceId,
    reference: &crate::model::VisitReference,
    date: Option<chrono::NaiveDate>,
) -> Option<String> {
    if reference.slate.iter().any(|s| s.id == service) {
        return None;
    }
    match reference.retired.iter().find(|s| s.id == service) {
        Some(retired) => retired_before(&retired.name, Some(retired.retired_on), date)
            .map(|why| format!("{why}; untick it")),
        None => Some("a chosen service is not on the slate".to_owned()),
    }
}

/// Why something retired on `retired_on` may not be named on a visit dated `date`: it was
/// retired before that day. A visit dated up to the day keeps it, so editing an old visit
/// never makes the rep change what it was.
fn retired_before(
    name: &str,
    retired_on: Option<chrono::NaiveDate>,
    date: Option<chrono::NaiveDate>,
) -> Option<String> {
    let retired_on = retired_on?;
    date.is_some_and(|date| date > retired_on)
        .then(|| format!("{name} was retired on {retired_on}, before this visit"))
}

/// Checks a visit against the reference lists; `today` bounds the date (no future visits).
pub fn validate_visit(
    draft: &crate::model::VisitDraft,
    reference: &crate::model::VisitReference,
    today: chrono::NaiveDate,
) -> Result<crate::model::VisitFields, FieldErrors> {
    use crate::model::{VisitFields, VisitMode};
    let mut errors = Vec::new();
    let date = check(
        &mut errors,
        "date",
        match chrono::NaiveDate::parse_from_str(draft.date.trim(), "%Y-%m-%d") {
            Ok(date) if date > today => Err("cannot be in the future".to_owned()),
            Ok(date) => Ok(date),
            Err(_) => Err("enter the date of the visit".to_owned()),
        },
    );
    let activity = reference
        .activity_types
        .iter()
        .find(|a| a.id.to_string() == draft.activity_type.trim());
    let activity = check(
        &mut errors,
        "activity_type",
        match activity {
            None => Err("choose the activity type".to_owned()),
            Some(a) => match retired_before(&a.name, a.retired_on, date) {
                Some(why) => Err(format!("{why}; choose another")),
                None => Ok(a),
            },
        },
    );
    let category = check(
        &mut errors,
        "category",
        match (
            reference
                .categories
                .iter()
                .find(|c| c.id.to_string() == draft.category.trim()),
            activity,
        ) {
            (None, _) => Err("choose the category".to_owned()),
            (Some(category), Some(activity)) if activity.category != category.id => Err(format!(
                "{} is not an activity of {}",
                activity.name, category.name
            )),
            (Some(category), _) => {
                match retired_before(&category.name, category.retired_on, date) {
                    Some(why) => Err(format!("{why}; choose another")),
                    None => Ok(category.id),
                }
            }
        },
    );
    let mode = check(
        &mut errors,
        "mode",
        VisitMode::parse(draft.mode.trim())
            .ok_or_else(|| "choose how the visit was held".to_owned()),
    );
    let mut businesses: Vec<(crate::model::BusinessId, Vec<crate::model::ContactId>)> = Vec::new();
    for entry in &draft.businesses {
        if let Some(business) = entry.business
            && !businesses.iter().any(|(id, _)| *id == business)
        {
            businesses.push((business, entry.contacts_met.clone()));
        }
    }
    if businesses.is_empty() {
        errors.push(FieldError::new("businesses", "add the business you met"));
    } else if businesses.len() > 1 && mode.is_some_and(|m| m != VisitMode::GroupPresentation) {
        errors.push(FieldError::new(
            "businesses",
            "several businesses make a group presentation; choose that mode, or keep one business",
        ));
    }
    for (field, chosen) in [
        ("presented", &draft.presented),
        ("delivered", &draft.delivered),
        ("referred", &draft.referred),
    ] {
        if let Some(message) = chosen
            .iter()
            .find_map(|service| off_the_slate(*service, reference, date))
        {
            errors.push(FieldError::new(field, message));
        }
    }
    let count = |field: &str, value: &str, errors: &mut FieldErrors| -> Option<u32> {
        match value.trim() {
            "" => Some(0),
            text => check(
                errors,
                field,
                text.parse::<u32>()
                    .map_err(|_| "must be a whole number, 0 or more".to_owned()),
            ),
        }
    };
    let jobseekers_hired = count("jobseekers_hired", &draft.jobseekers_hired, &mut errors);
    let positions_open = match draft.positions_open.trim() {
        "" => Some(None),
        _ => count("positions_open", &draft.positions_open, &mut errors).map(Some),
    };
    let follow_up = match draft.follow_up.trim() {
        "" => Some(None),
        text => check(
            &mut errors,
            "follow_up",
            match (chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d"), date) {
                (Ok(due), Some(date)) if due < date => {
                    Err("must be on or after the visit date".to_owned())
                }
                (Ok(due), _) => Ok(Some(due)),
                (Err(_), _) => Err("is not a date".to_owned()),
            },
        ),
    };
    match (
        date,
        category,
        activity,
        mode,
        jobseekers_hired,
        positions_open,
        follow_up,
    ) {
        (
            Some(date),
            Some(category),
            Some(activity),
            Some(mode),
            Some(hired),
            Some(open),
            Some(follow_up),
        ) if errors.is_empty() => Ok(VisitFields {
            date,
            category,
            activity_type: activity.id,
            mode,
            businesses,
            presented: draft.presented.iter().copied().collect(),
            delivered: draft.delivered.iter().copied().collect(),
            referred: draft.referred.iter().copied().collect(),
            jobseekers_hired: hired,
            positions_open: open,
            notes: draft.notes.trim().to_owned(),
            follow_up,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod visit_tests {
    use super::*;
    use crate::model::{
        ActivityType, BusinessId, Category, RetiredService, Service, ServiceId, VisitBusinessDraft,
        VisitDraft, VisitReference,
    };
    use chrono::NaiveDate;
    use uuid::Uuid;

    fn reference() -> VisitReference {
        VisitReference {
            today: NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date"),
            time_zone: "America/New_York".into(),
            categories: vec![
                Category {
                    id: Uuid::from_u128(1),
                    name: "Marketing".into(),
                    retired: false,
                    retired_on: None,
                },
                Category {
                    id: Uuid::from_u128(5),
                    name: "Outreach events".into(),
                    retired: true,
                    retired_on: NaiveDate::from_ymd_opt(2026, 11, 10),
                },
            ],
            activity_types: vec![
                ActivityType {
                    id: Uuid::from_u128(2),
                    name: "BizWorks Orientation".into(),
                    category: Uuid::from_u128(1),
                    is_orientation: true,
                    retired: false,
                    retired_on: None,
                },
                ActivityType {
                    id: Uuid::from_u128(6),
                    name: "Harbour walkabout".into(),
                    category: Uuid::from_u128(1),
                    is_orientation: false,
                    retired: true,
                    retired_on: NaiveDate::from_ymd_opt(2026, 11, 10),
                },
                ActivityType {
                    id: Uuid::from_u128(7),
                    name: "Fair stand".into(),
                    category: Uuid::from_u128(5),
                    is_orientation: false,
                    retired: true,
                    retired_on: NaiveDate::from_ymd_opt(2026, 11, 10),
                },
            ],
            slate: vec![Service {
                id: ServiceId(Uuid::from_u128(3)),
                name: "Work Share".into(),
                description: String::new(),
                suggested_for: vec![],
                retired: false,
            }],
            retired: vec![RetiredService {
                id: ServiceId(Uuid::from_u128(4)),
                name: "Rapid Response".into(),
                retired_on: NaiveDate::from_ymd_opt(2026, 11, 10).expect("a date"),
            }],
        }
    }

    #[test]
    fn a_retired_category_or_activity_type_stays_on_visits_from_before_it_was_retired() {
        let kept = |category: u128, activity: u128, date: &str| {
            let draft = VisitDraft {
                date: date.into(),
                category: Uuid::from_u128(category).to_string(),
                activity_type: Uuid::from_u128(activity).to_string(),
                ..draft()
            };
            validate_visit(&draft, &reference(), today())
        };
        for date in ["2026-11-01", "2026-11-10"] {
            let fields = kept(1, 6, date).expect("a retired activity type, earlier");
            assert_eq!(fields.activity_type, Uuid::from_u128(6));
            let fields = kept(5, 7, date).expect("a retired category, earlier");
            assert_eq!(fields.category, Uuid::from_u128(5));
        }
        let errors = kept(1, 6, "2026-11-11").expect_err("a later visit may not");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "activity_type");
        assert_eq!(
            errors[0].message,
            "Harbour walkabout was retired on 2026-11-10, before this visit; choose another"
        );
        let errors = kept(5, 7, "2026-11-11").expect_err("a later visit may not");
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["activity_type", "category"], "{errors:?}");
        assert_eq!(
            errors[1].message,
            "Outreach events was retired on 2026-11-10, before this visit; choose another"
        );
    }

    #[test]
    fn a_retired_service_stays_on_visits_from_before_it_was_retired() {
        let retired = ServiceId(Uuid::from_u128(4));
        let named = |date: &str, field: &str| {
            let mut draft = VisitDraft {
                date: date.into(),
                ..draft()
            };
            match field {
                "presented" => draft.presented.push(retired),
                "delivered" => draft.delivered.push(retired),
                _ => draft.referred.push(retired),
            }
            validate_visit(&draft, &reference(), today())
        };
        for field in ["presented", "delivered", "referred"] {
            for date in ["2026-11-01", "2026-11-10"] {
                let fields = named(date, field).expect("an earlier visit keeps it");
                assert!(
                    fields.presented.contains(&retired)
                        || fields.delivered.contains(&retired)
                        || fields.referred.contains(&retired),
                    "{field} {date}"
                );
            }
            let errors = named("2026-11-11", field).expect_err("a later visit may not");
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].field, field);
            assert_eq!(
                errors[0].message,
                "Rapid Response was retired on 2026-11-10, before this visit; untick it"
            );
        }
        let unknown = VisitDraft {
            referred: vec![ServiceId(Uuid::from_u128(77))],
            ..draft()
        };
        let errors = validate_visit(&unknown, &reference(), today()).expect_err("unknown");
        assert_eq!(errors[0].field, "referred");
        assert_eq!(errors[0].message, "a chosen service is not on the slate");
    }

    fn draft() -> VisitDraft {
        VisitDraft {
            date: "2026-11-20".into(),
            category: Uuid::from_u128(1).to_string(),
            activity_type: Uuid::from_u128(2).to_string(),
            mode: "in_person".into(),
            businesses: vec![VisitBusinessDraft {
                business: Some(BusinessId(Uuid::from_u128(9))),
                contacts_met: vec![],
            }],
            presented: vec![ServiceId(Uuid::from_u128(3))],
            jobseekers_hired: "2".into(),
            follow_up: "2026-12-01".into(),
            ..VisitDraft::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date")
    }

    #[test]
    fn a_good_visit_passes() {
        let fields = validate_visit(&draft(), &reference(), today()).expect("valid");
        assert_eq!(fields.jobseekers_hired, 2);
        assert_eq!(fields.positions_open, None);
        assert_eq!(fields.businesses.len(), 1);
    }

    #[test]
    fn each_bad_field_is_named() {
        let bad = VisitDraft {
            date: "2026-12-01".into(),
            mode: "carrier pigeon".into(),
            businesses: vec![],
            jobseekers_hired: "-1".into(),
            follow_up: "soon".into(),
            ..draft()
        };
        let errors = validate_visit(&bad, &reference(), today()).expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "date",
                "mode",
                "businesses",
                "jobseekers_hired",
                "follow_up"
            ]
        );
    }

    #[test]
    fn several_businesses_need_a_group_presentation() {
        let mut several = draft();
        several.businesses.push(VisitBusinessDraft {
            business: Some(BusinessId(Uuid::from_u128(10))),
            contacts_met: vec![],
        });
        assert!(validate_visit(&several, &reference(), today()).is_err());
        several.mode = "group_presentation".into();
        assert_eq!(
            validate_visit(&several, &reference(), today())
                .expect("valid")
                .businesses
                .len(),
            2
        );
    }

    #[test]
    fn follow_up_cannot_precede_the_visit() {
        let early = VisitDraft {
            follow_up: "2026-11-01".into(),
            ..draft()
        };
        let errors = validate_visit(&early, &reference(), today()).expect_err("invalid");
        assert_eq!(errors[0].field, "follow_up");
    }
}

/// Checks a service of the slate.
pub fn validate_service(
    draft: &crate::model::ServiceDraft,
) -> Result<crate::model::ServiceFields, FieldErrors> {
    let name = draft.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(vec![FieldError::new("name", "enter the service's name")]);
    }
    if name.chars().count() > 120 {
        return Err(vec![FieldError::new(
            "name",
            "keep the name under 120 characters",
        )]);
    }
    Ok(crate::model::ServiceFields {
        name,
        description: draft.description.trim().to_owned(),
        suggested_for: draft.stages(),
    })
}

#[cfg(test)]
mod service_tests {
    use super::*;
    use crate::model::{ServiceDraft, Stage};

    #[test]
    fn a_service_needs_a_name_and_keeps_its_stages() {
        let draft = ServiceDraft {
            name: "  Apprenticeship   grants ".into(),
            suits_growth: true,
            suits_closing: true,
            ..ServiceDraft::default()
        };
        let fields = validate_service(&draft).expect("valid");
        assert_eq!(fields.name, "Apprenticeship grants");
        assert_eq!(fields.suggested_for, [Stage::Growth, Stage::Closing]);
        let errors = validate_service(&ServiceDraft::default()).expect_err("no name");
        assert_eq!(errors[0].field, "name");
    }
}

/// Reads an area as forms send it: `state`, or `region:<id>`, `board:<id>`, `center:<id>`.
pub fn parse_area(value: &str) -> Option<crate::model::Scope> {
    use crate::model::Scope;
    let value = value.trim();
    match value.split_once(':') {
        Some((kind, id)) => uuid::Uuid::parse_str(id)
            .ok()
            .and_then(|id| Scope::from_parts(kind, Some(id))),
        None => Scope::from_parts(value, None),
    }
}

/// Writes an area as forms send it and `parse_area` reads it back.
pub fn area_value(area: crate::model::Scope) -> String {
    use crate::model::Scope;
    match area {
        Scope::State => "state".to_owned(),
        Scope::Region(id) => format!("region:{id}"),
        Scope::Board(id) => format!("board:{id}"),
        Scope::Center(id) => format!("center:{id}"),
    }
}

/// Checks an invitation: a valid e-mail, a name, a role, and a unit that fits the role (a rep
/// works at a center; a director oversees a center, board, region or the state).
pub fn validate_invite(
    draft: &crate::model::InviteDraft,
) -> Result<crate::model::InviteFields, FieldErrors> {
    use crate::model::{InviteFields, Role, Scope};
    let mut errors = Vec::new();
    let email = match email(&draft.email) {
        Ok(Some(email)) => Some(email),
        Ok(None) => {
            errors.push(FieldError::new(
                "email",
                "enter the person's e-mail address",
            ));
            None
        }
        Err(message) => {
            errors.push(FieldError::new("email", message));
            None
        }
    };
    let display_name = trimmed(&draft.display_name);
    if display_name.is_none() {
        errors.push(FieldError::new("display_name", "enter the person's name"));
    }
    let role: Option<Role> = check(
        &mut errors,
        "role",
        draft
            .role
            .trim()
            .parse()
            .map_err(|_| "choose a role".to_owned()),
    );
    let scope = parse_area(&draft.unit);
    let (center, scope) = match (role, scope) {
        (Some(Role::Director), Some(scope)) => (None, Some(scope)),
        (Some(Role::Director), None) => {
            errors.push(FieldError::new(
                "unit",
                "choose what this director oversees",
            ));
            (None, None)
        }
        (Some(Role::Rep), Some(Scope::Center(center))) => (Some(center), None),
        (Some(Role::Rep), _) => {
            errors.push(FieldError::new("unit", "choose the rep's career center"));
            (None, None)
        }
        (_, Some(Scope::Center(center))) => (Some(center), None),
        _ => (None, None),
    };
    match (email, display_name, role) {
        (Some(email), Some(display_name), Some(role)) if errors.is_empty() => Ok(InviteFields {
            email,
            display_name,
            role,
            center,
            scope,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod invite_tests {
    use super::*;
    use crate::model::{InviteDraft, Role, Scope};

    fn draft(role: &str, unit: &str) -> InviteDraft {
        InviteDraft {
            email: "New.Person@Example.org".into(),
            display_name: "New Person".into(),
            role: role.into(),
            unit: unit.into(),
        }
    }

    #[test]
    fn roles_and_units_must_fit() {
        let center = uuid::Uuid::from_u128(7);
        let rep = validate_invite(&draft("rep", &format!("center:{center}"))).expect("valid rep");
        assert_eq!(rep.email, "new.person@example.org");
        assert_eq!(rep.center.map(|c| c.0), Some(center));
        let director = validate_invite(&draft("director", "state")).expect("valid director");
        assert_eq!(director.scope, Some(Scope::State));
        assert_eq!(director.role, Role::Director);
        let admin = validate_invite(&draft("admin", "")).expect("an admin needs no unit");
        assert_eq!(admin.center, None);

        let fields = |d: InviteDraft| -> Vec<String> {
            validate_invite(&d)
                .expect_err("invalid")
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(fields(draft("rep", "state")), ["unit"]);
        assert_eq!(fields(draft("director", "")), ["unit"]);
        assert_eq!(fields(draft("chair", "")), ["role"]);
        assert_eq!(
            fields(InviteDraft {
                email: "nope".into(),
                display_name: " ".into(),
                ..draft("admin", "")
            }),
            ["email", "display_name"]
        );
    }
}

#[cfg(test)]
mod area_tests {
    use super::{area_value, parse_area};
    use crate::model::{BoardId, CenterId, RegionId, Scope};

    #[test]
    fn an_area_reads_back_as_written() {
        let id = uuid::Uuid::from_u128(7);
        for area in [
            Scope::State,
            Scope::Region(RegionId(id)),
            Scope::Board(BoardId(id)),
            Scope::Center(CenterId(id)),
        ] {
            assert_eq!(parse_area(&area_value(area)), Some(area));
        }
    }
}
