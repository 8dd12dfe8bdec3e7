//! The engagement figures' rules that are not counting: the two federal employer rates and
//! which establishment count an area's penetration is divided by. The counting itself is one
//! query per figure on the server; what each counts is written here once, for the page.

use serde::{Deserialize, Serialize};

use super::period::Period;

/// A rate as the page shows it. Never a made-up 0% or 100%: when the division cannot be made,
/// it says why.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rate {
    Share {
        numerator: u64,
        denominator: u64,
    },
    /// No establishment count entered for the area and period (penetration only).
    NoCount,
    /// The denominator is zero: nothing to divide by.
    NothingToDivide,
}

impl Rate {
    /// Employer penetration: E1 establishments served over E2 establishments in the area.
    pub fn penetration(e1: u64, e2: Option<u64>) -> Rate {
        match e2 {
            None => Rate::NoCount,
            Some(0) => Rate::NothingToDivide,
            Some(e2) => Rate::Share {
                numerator: e1,
                denominator: e2,
            },
        }
    }

    /// Repeat business customers: E3 over E4.
    pub fn repeat(e3: u64, e4: u64) -> Rate {
        if e4 == 0 {
            Rate::NothingToDivide
        } else {
            Rate::Share {
                numerator: e3,
                denominator: e4,
            }
        }
    }

    /// "12.5%", to one decimal, or what stands in for it.
    pub fn label(self) -> String {
        match self {
            Rate::Share {
                numerator,
                denominator,
            } => {
                // Tenths of a percent, rounded half up, in integers so it never drifts.
                let tenths = (numerator * 1000 + denominator / 2) / denominator;
                format!("{}.{}%", tenths / 10, tenths % 10)
            }
            Rate::NoCount => "No count entered".to_owned(),
            Rate::NothingToDivide => "Not defined (divides by zero)".to_owned(),
        }
    }
}

/// An establishment count an administrator entered for an area: its dates and the figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnteredCount {
    pub period: Period,
    pub establishments: u64,
}

/// E2 for a period: the area's count whose dates cover the period's last day, else its first
/// day; `None` ("no count entered") when neither is covered.
pub fn establishments_in_area(counts: &[EnteredCount], period: Period) -> Option<u64> {
    [period.last, period.first].into_iter().find_map(|day| {
        counts
            .iter()
            .filter(|c| c.period.contains(day))
            .max_by_key(|c| c.period.first)
            .map(|c| c.establishments)
    })
}

/// What each figure counts, in the words the page shows beside it.
pub mod how {
    pub const SYNCED: &str = "Only visits that have reached the server count; deleted visits never do. A merged business counts as the business it was merged into.";
    pub const VISITS: &str = "Visits dated in the period at a center in the area.";
    pub const ENGAGED: &str = "Distinct establishments on those visits; a group presentation counts each business once (E1).";
    pub const NEW_RETURNING: &str =
        "Returning: also served in the three years before the period (E3). New: the rest.";
    pub const ORIENTATIONS: &str = "Businesses given a BizWorks Orientation that meets the rule (a majority of the slate presented, in person, by call or group presentation, a key representative met). Flagged: recorded as an orientation but failing the rule.";
    pub const SERVICES: &str =
        "Visits on which each service was delivered, retired services included.";
    pub const HIRED: &str = "Job seekers hired, as recorded on the visits.";
    pub const OVERDUE: &str = "Visits in the period whose follow-up date has passed with no later visit to any of their businesses.";
    pub const REPEAT: &str = "E3 / E4. E3: establishments served in the period that were also served in the three years before it. E4: distinct establishments served in those three years (from the same day three years before the period's first day to the day before it).";
    pub const PENETRATION: &str = "E1 / E2. E1: establishments served in the period. E2: establishments in the area, from the count an administrator entered for dates covering the period's end.";
    pub const STAGES: &str =
        "The establishments engaged in the period, by their business-cycle stage today.";
    pub const TREND: &str =
        "Visits and distinct establishments per month, for the 24 months ending with the period.";
    pub const RANKING: &str =
        "Centers and reps in the area by visits in the period, then by establishments engaged.";
    pub const FRESHNESS: &str = "When each center's devices last synced, and how many changes they reported still waiting on the device at that time.";
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn rates_never_pretend() {
        let cases = [
            (Rate::penetration(25, Some(200)), "12.5%"),
            (Rate::penetration(1, Some(3)), "33.3%"),
            (Rate::penetration(2, Some(3)), "66.7%"),
            (Rate::penetration(5, None), "No count entered"),
            (
                Rate::penetration(0, Some(0)),
                "Not defined (divides by zero)",
            ),
            (Rate::repeat(0, 0), "Not defined (divides by zero)"),
            (Rate::repeat(0, 4), "0.0%"),
            (Rate::repeat(4, 4), "100.0%"),
        ];
        for (rate, label) in cases {
            assert_eq!(rate.label(), label, "{rate:?}");
        }
    }

    #[test]
    fn the_count_covering_the_period_is_used() {
        let year = |y: i32, n: u64| EnteredCount {
            period: Period {
                first: day(y, 1, 1),
                last: day(y, 12, 31),
            },
            establishments: n,
        };
        let counts = [year(2025, 100), year(2026, 120)];
        let q = |first, last| Period { first, last };
        assert_eq!(
            establishments_in_area(&counts, q(day(2026, 1, 1), day(2026, 3, 31))),
            Some(120)
        );
        // A program year spanning both: the count covering its end.
        assert_eq!(
            establishments_in_area(&counts, q(day(2025, 7, 1), day(2026, 6, 30))),
            Some(120)
        );
        // Its end not covered: the start's count.
        assert_eq!(
            establishments_in_area(&counts, q(day(2026, 7, 1), day(2027, 6, 30))),
            Some(120)
        );
        assert_eq!(
            establishments_in_area(&counts, q(day(2027, 7, 1), day(2028, 6, 30))),
            None
        );
        assert_eq!(
            establishments_in_area(&[], q(day(2026, 1, 1), day(2026, 1, 31))),
            None
        );
    }
}
