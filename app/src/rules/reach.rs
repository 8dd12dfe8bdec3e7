//! Counting distinct businesses over any run of whole months from a table that stays small.
//!
//! "Businesses served in these months" cannot be summed from per-month counts: a business
//! served in March and in May is one business, not two. But it can be summed from *steps*:
//! for each business, each month it was served paired with the month it was served before
//! that (or none). A business served somewhere in months `first..=last` has exactly one step
//! in that run whose earlier month falls before `first`: its first month in the run. So the
//! count is the number of steps with `first <= month <= last` and `earlier < first`, and a
//! table of step counts per (month, earlier month) answers it for every run at once, with
//! at most one row per pair of months however many businesses there are.
//!
//! The server keeps that table up to date with every visit written (`storage::rollups`);
//! these functions are the rule it and its tests share.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

use super::period::Period;

/// A calendar month as a number: months since January of year 0, so that consecutive
/// months are consecutive numbers and subtraction counts months.
pub type Month = i32;

/// The earlier month of a business's first step: before every month.
pub const NO_EARLIER: Month = -1;

/// The month a day falls in.
pub fn month_of(day: NaiveDate) -> Month {
    // Months 1..=12 fit in an i32 without loss.
    day.year() * 12 + day.month0() as i32
}

/// The first day of a month.
pub fn first_day(month: Month) -> Option<NaiveDate> {
    let year = month.div_euclid(12);
    let month0 = u32::try_from(month.rem_euclid(12)).ok()?;
    NaiveDate::from_ymd_opt(year, month0 + 1, 1)
}

/// The months a period covers when it starts on a first and ends on a last day of a month;
/// `None` for a period that cuts a month, which the steps cannot answer.
pub fn whole_months(period: Period) -> Option<(Month, Month)> {
    let starts_a_month = period.first.day() == 1;
    let ends_a_month = period.last.succ_opt().is_some_and(|next| next.day() == 1);
    (starts_a_month && ends_a_month && period.first <= period.last)
        .then(|| (month_of(period.first), month_of(period.last)))
}

/// One business's steps: each month it was served with the one before it.
pub fn steps(months: &BTreeSet<Month>) -> impl Iterator<Item = (Month, Month)> + '_ {
    let earlier = std::iter::once(NO_EARLIER).chain(months.iter().copied());
    months.iter().copied().zip(earlier)
}

/// Whether a step counts its business as served in `first..=last`.
pub fn opens_run(month: Month, earlier: Month, first: Month, last: Month) -> bool {
    (first..=last).contains(&month) && earlier < first
}

/// Distinct businesses served in `first..=last`, from step counts `(month, earlier, count)`.
pub fn served(
    steps: impl IntoIterator<Item = (Month, Month, u64)>,
    first: Month,
    last: Month,
) -> u64 {
    steps
        .into_iter()
        .filter(|(month, earlier, _)| opens_run(*month, *earlier, first, last))
        .map(|(_, _, count)| count)
        .sum()
}

/// The federal employer measures from three runs of steps: E1 = served in the period,
/// E4 = served in the three years before it, and E3 = served in both, which is E1 + E4 less
/// those served in the two runs together (one unbroken run, so the steps answer it too).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Served {
    pub in_period: u64,
    pub in_both: u64,
    pub before: u64,
}

impl Served {
    pub fn from_runs(in_period: u64, before: u64, in_either: u64) -> Served {
        Served {
            in_period,
            // Never negative for counts from one table; saturating keeps a damaged table from
            // panicking the dashboard.
            in_both: (in_period + before).saturating_sub(in_either),
            before,
        }
    }
}

/// The months of the three years before a run of whole months: the lookback of E3 and E4.
pub fn lookback(first: Month) -> (Month, Month) {
    (first - 36, first - 1)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use proptest::prelude::*;

    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
    }

    #[test]
    fn months_count_across_years() {
        assert_eq!(month_of(ymd(2026, 1, 31)) - month_of(ymd(2025, 12, 1)), 1);
        assert_eq!(first_day(month_of(ymd(2024, 2, 29))), Some(ymd(2024, 2, 1)));
        assert_eq!(
            first_day(month_of(ymd(2026, 12, 5))),
            Some(ymd(2026, 12, 1))
        );
    }

    #[test]
    fn only_whole_months_are_answered() {
        let period = |first, last| Period { first, last };
        let may = month_of(ymd(2026, 5, 1));
        assert_eq!(
            whole_months(period(ymd(2026, 5, 1), ymd(2026, 5, 31))),
            Some((may, may))
        );
        assert_eq!(
            whole_months(period(ymd(2025, 7, 1), ymd(2026, 6, 30))),
            Some((may - 10, may + 1))
        );
        assert_eq!(
            whole_months(period(ymd(2024, 2, 1), ymd(2024, 2, 29))),
            Some((month_of(ymd(2024, 2, 1)), month_of(ymd(2024, 2, 1))))
        );
        assert_eq!(
            whole_months(period(ymd(2026, 5, 2), ymd(2026, 5, 31))),
            None
        );
        assert_eq!(
            whole_months(period(ymd(2026, 5, 1), ymd(2026, 5, 30))),
            None
        );
        assert_eq!(
            whole_months(period(ymd(2024, 2, 1), ymd(2024, 2, 28))),
            None
        );
    }

    #[test]
    fn lookback_is_the_36_months_before() {
        let july = month_of(ymd(2026, 7, 1));
        let period = Period {
            first: ymd(2026, 7, 1),
            last: ymd(2027, 6, 30),
        };
        let before = period.three_years_before();
        assert_eq!(
            lookback(july),
            (month_of(before.first), month_of(before.last))
        );
    }

    #[test]
    fn a_business_served_twice_in_a_run_counts_once() {
        // Served in March and May; asked about March to June.
        let months: BTreeSet<Month> = [3, 5].into_iter().collect();
        let counted: Vec<(Month, Month, u64)> = steps(&months).map(|(m, e)| (m, e, 1)).collect();
        assert_eq!(counted, vec![(3, NO_EARLIER, 1), (5, 3, 1)]);
        assert_eq!(served(counted.clone(), 3, 6), 1);
        assert_eq!(served(counted.clone(), 4, 6), 1);
        assert_eq!(served(counted.clone(), 4, 4), 0);
        assert_eq!(served(counted, 1, 2), 0);
    }

    /// Step counts summed over businesses, as the roll-up table holds them.
    fn table(businesses: &[BTreeSet<Month>]) -> Vec<(Month, Month, u64)> {
        let mut counts: BTreeMap<(Month, Month), u64> = BTreeMap::new();
        for months in businesses {
            for step in steps(months) {
                *counts.entry(step).or_default() += 1;
            }
        }
        counts.into_iter().map(|((m, e), n)| (m, e, n)).collect()
    }

    fn direct(businesses: &[BTreeSet<Month>], first: Month, last: Month) -> u64 {
        businesses
            .iter()
            .filter(|months| months.range(first..=last).next().is_some())
            .count() as u64
    }

    proptest! {
        #[test]
        fn steps_count_what_a_distinct_count_counts(
            businesses in prop::collection::vec(prop::collection::btree_set(0..60i32, 0..12), 0..40),
            first in 0..60i32,
            length in 0..30i32,
        ) {
            let last = first + length;
            prop_assert_eq!(served(table(&businesses), first, last), direct(&businesses, first, last));
        }

        #[test]
        fn employer_measures_match_sets(
            businesses in prop::collection::vec(prop::collection::btree_set(0..90i32, 0..12), 0..40),
            first in 36..80i32,
            length in 0..12i32,
        ) {
            let last = first + length;
            let (from, to) = lookback(first);
            let steps = table(&businesses);
            let measures = Served::from_runs(
                served(steps.clone(), first, last),
                served(steps.clone(), from, to),
                served(steps, from, last),
            );
            let both = businesses
                .iter()
                .filter(|m| m.range(first..=last).next().is_some() && m.range(from..=to).next().is_some())
                .count() as u64;
            prop_assert_eq!(measures, Served {
                in_period: direct(&businesses, first, last),
                in_both: both,
                before: direct(&businesses, from, to),
            });
        }
    }
}
