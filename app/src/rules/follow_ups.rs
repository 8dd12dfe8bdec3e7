//! Which follow-ups a business is still owed: the same definition as the dashboard's
//! "follow-ups overdue" (a follow-up date with no later visit to the business), so the
//! business page and the figures never disagree about what is outstanding.

use chrono::NaiveDate;

/// The follow-ups still owed among a business's visits (`(visit date, follow-up date)`
/// each, any order), soonest due first, as indexes into `visits`. A later visit to the
/// business settles every follow-up from before it, however long overdue; a follow-up
/// is never dropped for being old.
pub fn owed(visits: &[(NaiveDate, Option<NaiveDate>)]) -> Vec<usize> {
    let Some(latest) = visits.iter().map(|(date, _)| *date).max() else {
        return Vec::new();
    };
    let mut owed: Vec<usize> = visits
        .iter()
        .enumerate()
        .filter(|(_, (date, due))| due.is_some() && *date == latest)
        .map(|(i, _)| i)
        .collect();
    owed.sort_by_key(|&i| visits[i].1);
    owed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A case: its name, the visits `(date, follow-up)`, the indexes owed.
    type Case = (
        &'static str,
        Vec<(NaiveDate, Option<NaiveDate>)>,
        Vec<usize>,
    );

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default()
    }

    #[test]
    fn only_follow_ups_no_later_visit_settled_are_owed() {
        let cases: [Case; 6] = [
            ("no visits", vec![], vec![]),
            ("none asked", vec![(day(2), None)], vec![]),
            ("one asked", vec![(day(2), Some(day(9)))], vec![0]),
            (
                "long overdue still owed",
                vec![(day(1), Some(day(2)))],
                vec![0],
            ),
            (
                "a later visit settles it",
                vec![(day(1), Some(day(5))), (day(3), None)],
                vec![],
            ),
            (
                "two on the last day, soonest due first",
                vec![
                    (day(4), Some(day(20))),
                    (day(1), Some(day(2))),
                    (day(4), Some(day(10))),
                ],
                vec![2, 0],
            ),
        ];
        for (case, visits, expected) in cases {
            assert_eq!(owed(&visits), expected, "{case}");
        }
    }
}
