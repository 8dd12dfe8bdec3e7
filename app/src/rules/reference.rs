//! Checks for what administrators keep: the organisation's units, visit categories and
//! activity types, and establishment counts.

use chrono::NaiveDate;

use super::validation::{FieldError, FieldErrors, parse_area};
use crate::model::{
    ActivityTypeDraft, ActivityTypeFields, CategoryDraft, CountDraft, CountFields, UnitDraft,
    UnitFields, UnitKind,
};

/// Longest name of a unit, category or activity type.
pub const MAX_NAME: usize = 100;
/// Largest establishment count accepted: well above any U.S. state's.
pub const MAX_ESTABLISHMENTS: u32 = 5_000_000;

/// Collapses runs of spaces and checks the length.
fn name(errors: &mut FieldErrors, value: &str, what: &str) -> Option<String> {
    let name = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        errors.push(FieldError::new("name", format!("enter the {what}'s name")));
        None
    } else if name.chars().count() > MAX_NAME {
        errors.push(FieldError::new(
            "name",
            format!("use at most {MAX_NAME} characters"),
        ));
        None
    } else {
        Some(name)
    }
}

pub fn validate_unit(draft: &UnitDraft) -> Result<UnitFields, FieldErrors> {
    let mut errors = Vec::new();
    let Some(kind) = UnitKind::parse(draft.kind.trim()) else {
        return Err(vec![FieldError::new(
            "kind",
            "choose a region, board or center",
        )]);
    };
    let name = name(&mut errors, &draft.name, &kind.label().to_lowercase());
    let parent = match kind.parent() {
        None => None,
        Some(parent) => {
            let id = uuid::Uuid::parse_str(draft.parent.trim()).ok();
            if id.is_none() {
                errors.push(FieldError::new(
                    "parent",
                    format!("choose the {} it belongs to", parent.label().to_lowercase()),
                ));
            }
            id
        }
    };
    let city = draft.city.split_whitespace().collect::<Vec<_>>().join(" ");
    let city = match kind {
        UnitKind::Center if city.is_empty() => {
            errors.push(FieldError::new("city", "enter the town the center is in"));
            None
        }
        UnitKind::Center => Some(city),
        _ => None,
    };
    match name {
        Some(name) if errors.is_empty() => Ok(UnitFields {
            kind,
            name,
            parent,
            city,
        }),
        _ => Err(errors),
    }
}

pub fn validate_category(draft: &CategoryDraft) -> Result<String, FieldErrors> {
    let mut errors = Vec::new();
    name(&mut errors, &draft.name, "category").ok_or(errors)
}

pub fn validate_activity_type(
    draft: &ActivityTypeDraft,
) -> Result<ActivityTypeFields, FieldErrors> {
    let mut errors = Vec::new();
    let name = name(&mut errors, &draft.name, "activity type");
    let category = uuid::Uuid::parse_str(draft.category.trim()).ok();
    if category.is_none() {
        errors.push(FieldError::new(
            "category",
            "choose the category it is filed under",
        ));
    }
    match (name, category) {
        (Some(name), Some(category)) if errors.is_empty() => Ok(ActivityTypeFields {
            name,
            category,
            is_orientation: draft.is_orientation,
        }),
        _ => Err(errors),
    }
}

fn date(errors: &mut FieldErrors, field: &str, value: &str, what: &str) -> Option<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        errors.push(FieldError::new(field, format!("enter the {what}")));
        return None;
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| errors.push(FieldError::new(field, "write the date as YYYY-MM-DD")))
        .ok()
}

/// An establishment count covers one area over a period of at most five years.
pub fn validate_count(draft: &CountDraft) -> Result<CountFields, FieldErrors> {
    let mut errors = Vec::new();
    let area = parse_area(&draft.area);
    if area.is_none() {
        errors.push(FieldError::new(
            "area",
            "choose the state, a region, a board or a center",
        ));
    }
    let start = date(
        &mut errors,
        "period_start",
        &draft.period_start,
        "first day of the period",
    );
    let end = date(
        &mut errors,
        "period_end",
        &draft.period_end,
        "last day of the period",
    );
    if let (Some(start), Some(end)) = (start, end) {
        if end < start {
            errors.push(FieldError::new(
                "period_end",
                "the period must end on or after its first day",
            ));
        } else if (end - start).num_days() > 5 * 366 {
            errors.push(FieldError::new(
                "period_end",
                "a count covers at most five years; enter one per year or program year",
            ));
        }
    }
    let digits: String = draft
        .establishments
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '_'))
        .collect();
    let establishments = match digits.parse::<u32>() {
        Ok(0) => {
            errors.push(FieldError::new(
                "establishments",
                "enter at least 1; leave the count out when it is not known",
            ));
            None
        }
        Ok(n) if n > MAX_ESTABLISHMENTS => {
            errors.push(FieldError::new(
                "establishments",
                format!("at most {MAX_ESTABLISHMENTS}; check the figure"),
            ));
            None
        }
        Ok(n) => Some(n),
        Err(_) if digits.is_empty() => {
            errors.push(FieldError::new(
                "establishments",
                "enter the number of establishments",
            ));
            None
        }
        Err(_) => {
            errors.push(FieldError::new(
                "establishments",
                "enter a whole number, like 24,500",
            ));
            None
        }
    };
    match (area, start, end, establishments) {
        (Some(area), Some(period_start), Some(period_end), Some(establishments))
            if errors.is_empty() =>
        {
            Ok(CountFields {
                area,
                period_start,
                period_end,
                establishments,
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RegionId, Scope};

    fn fields_of(errors: &FieldErrors) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn units_need_the_parent_their_kind_requires() {
        let region = validate_unit(&UnitDraft {
            kind: "region".into(),
            name: "  Pioneer   Valley ".into(),
            ..UnitDraft::default()
        })
        .expect("a region needs only a name");
        assert_eq!(region.name, "Pioneer Valley");
        assert_eq!(region.parent, None);

        let errors = validate_unit(&UnitDraft {
            kind: "center".into(),
            name: "Holyoke".into(),
            ..UnitDraft::default()
        })
        .expect_err("a center needs a board and a town");
        assert_eq!(fields_of(&errors), ["parent", "city"]);

        let board = uuid::Uuid::from_u128(9);
        let center = validate_unit(&UnitDraft {
            kind: "center".into(),
            name: "Holyoke".into(),
            parent: board.to_string(),
            city: "Holyoke".into(),
        })
        .expect("valid center");
        assert_eq!(center.parent, Some(board));
        assert_eq!(center.city.as_deref(), Some("Holyoke"));

        let errors = validate_unit(&UnitDraft {
            kind: "planet".into(),
            ..UnitDraft::default()
        })
        .expect_err("unknown kind");
        assert_eq!(fields_of(&errors), ["kind"]);
        let errors = validate_unit(&UnitDraft {
            kind: "region".into(),
            name: "x".repeat(MAX_NAME + 1),
            ..UnitDraft::default()
        })
        .expect_err("too long");
        assert_eq!(fields_of(&errors), ["name"]);
    }

    #[test]
    fn activity_types_are_filed_under_a_category() {
        let errors = validate_activity_type(&ActivityTypeDraft {
            name: "Job fair".into(),
            ..ActivityTypeDraft::default()
        })
        .expect_err("no category");
        assert_eq!(fields_of(&errors), ["category"]);
        assert_eq!(
            validate_category(&CategoryDraft { name: " ".into() }).map_err(|e| fields_of(&e).len()),
            Err(1)
        );
    }

    fn count(area: &str, start: &str, end: &str, n: &str) -> CountDraft {
        CountDraft {
            area: area.into(),
            period_start: start.into(),
            period_end: end.into(),
            establishments: n.into(),
        }
    }

    #[test]
    fn counts_cover_one_area_and_a_sensible_period() {
        let region = uuid::Uuid::from_u128(4);
        let ok = validate_count(&count(
            &format!("region:{region}"),
            "2025-07-01",
            "2026-06-30",
            "24,500",
        ))
        .expect("valid");
        assert_eq!(ok.area, Scope::Region(RegionId(region)));
        assert_eq!(ok.establishments, 24_500);

        let cases = [
            (
                count("state", "2025-07-01", "2025-06-30", "10"),
                vec!["period_end"],
            ),
            (
                count("state", "2020-01-01", "2026-01-01", "10"),
                vec!["period_end"],
            ),
            (
                count("state", "07/01/2025", "", "10"),
                vec!["period_start", "period_end"],
            ),
            (
                count("state", "2025-01-01", "2025-12-31", "0"),
                vec!["establishments"],
            ),
            (
                count("state", "2025-01-01", "2025-12-31", "many"),
                vec!["establishments"],
            ),
            (
                count("state", "2025-01-01", "2025-12-31", ""),
                vec!["establishments"],
            ),
            (
                count("state", "2025-01-01", "2025-12-31", "9999999"),
                vec!["establishments"],
            ),
            (
                count("region:nope", "2025-01-01", "2025-12-31", "5"),
                vec!["area"],
            ),
            (count("", "2025-01-01", "2025-12-31", "5"), vec!["area"]),
        ];
        for (draft, expected) in cases {
            let errors = validate_count(&draft).expect_err("refused");
            assert_eq!(fields_of(&errors), expected, "{draft:?}");
        }
    }
}
