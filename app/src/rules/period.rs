//! Reporting periods: a month, a quarter, a program year (July to June) or custom dates, and
//! "the three years before the period" exactly as the federal employer measures define it.
//! Periods include both their first and last day.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// How a director picks a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    #[default]
    Month,
    Quarter,
    /// The program year, 1 July to 30 June.
    ProgramYear,
    Custom,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 4] = [
        PeriodKind::Month,
        PeriodKind::Quarter,
        PeriodKind::ProgramYear,
        PeriodKind::Custom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::ProgramYear => "program_year",
            PeriodKind::Custom => "custom",
        }
    }

    pub fn parse(value: &str) -> Option<PeriodKind> {
        PeriodKind::ALL.into_iter().find(|k| k.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            PeriodKind::Month => "Month",
            PeriodKind::Quarter => "Quarter",
            PeriodKind::ProgramYear => "Program year (July to June)",
            PeriodKind::Custom => "Custom dates",
        }
    }
}

/// A span of days, first and last included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

/// The last day of the month `first` starts.
fn month_end(first: NaiveDate) -> NaiveDate {
    first
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

impl Period {
    /// `None` when `last` comes before `first`.
    pub fn new(first: NaiveDate, last: NaiveDate) -> Option<Period> {
        (first <= last).then_some(Period { first, last })
    }

    /// The month, quarter or program year that contains `day` (a custom period is that day).
    pub fn containing(kind: PeriodKind, day: NaiveDate) -> Period {
        match kind {
            PeriodKind::Month => {
                let first = ymd(day.year(), day.month(), 1);
                Period {
                    first,
                    last: month_end(first),
                }
            }
            PeriodKind::Quarter => {
                let first = ymd(day.year(), (day.month0() / 3) * 3 + 1, 1);
                let last = first
                    .checked_add_months(Months::new(3))
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(NaiveDate::MAX);
                Period { first, last }
            }
            PeriodKind::ProgramYear => {
                let start_year = if day.month() >= 7 {
                    day.year()
                } else {
                    day.year() - 1
                };
                Period {
                    first: ymd(start_year, 7, 1),
                    last: ymd(start_year + 1, 6, 30),
                }
            }
            PeriodKind::Custom => Period {
                first: day,
                last: day,
            },
        }
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        self.first <= day && day <= self.last
    }

    pub fn days(self) -> i64 {
        (self.last - self.first).num_days() + 1
    }

    /// "The three years before the period": from the same calendar day three years before its
    /// first day (28 February when that day is 29 February) to the day before it.
    pub fn three_years_before(self) -> Period {
        let first = self
            .first
            .checked_sub_months(Months::new(36))
            .unwrap_or(NaiveDate::MIN);
        Period {
            first,
            last: self.first.pred_opt().unwrap_or(NaiveDate::MIN),
        }
    }

    /// The 24 months that end with the month of the period's last day, oldest first, each as
    /// its first day: the trend's x axis.
    pub fn trend_months(self) -> Vec<NaiveDate> {
        let last = ymd(self.last.year(), self.last.month(), 1);
        (0..24u32)
            .rev()
            .filter_map(|back| last.checked_sub_months(Months::new(back)))
            .collect()
    }

    /// "Jul 2025 – Jun 2026", "March 2026", "3 Mar 2026 – 9 Mar 2026".
    pub fn label(self) -> String {
        let whole_months = self.first.day() == 1
            && month_end(self.last.with_day(1).unwrap_or(self.last)) == self.last;
        if whole_months
            && self.first.year() == self.last.year()
            && self.first.month() == self.last.month()
        {
            self.first.format("%B %Y").to_string()
        } else if whole_months {
            format!(
                "{} – {}",
                self.first.format("%b %Y"),
                self.last.format("%b %Y")
            )
        } else if self.first == self.last {
            self.first.format("%-d %b %Y").to_string()
        } else {
            format!(
                "{} – {}",
                self.first.format("%-d %b %Y"),
                self.last.format("%-d %b %Y")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kinds_of_period() {
        let day = ymd(2026, 2, 14);
        let cases = [
            (
                PeriodKind::Month,
                ymd(2026, 2, 1),
                ymd(2026, 2, 28),
                "February 2026",
            ),
            (
                PeriodKind::Quarter,
                ymd(2026, 1, 1),
                ymd(2026, 3, 31),
                "Jan 2026 – Mar 2026",
            ),
            (
                PeriodKind::ProgramYear,
                ymd(2025, 7, 1),
                ymd(2026, 6, 30),
                "Jul 2025 – Jun 2026",
            ),
            (PeriodKind::Custom, day, day, "14 Feb 2026"),
        ];
        for (kind, first, last, label) in cases {
            let period = Period::containing(kind, day);
            assert_eq!((period.first, period.last), (first, last), "{kind:?}");
            assert_eq!(period.label(), label, "{kind:?}");
            assert_eq!(PeriodKind::parse(kind.as_str()), Some(kind));
        }
        // July starts the next program year; a leap February has 29 days; Q4 ends the year.
        assert_eq!(
            Period::containing(PeriodKind::ProgramYear, ymd(2026, 7, 1)).first,
            ymd(2026, 7, 1)
        );
        assert_eq!(
            Period::containing(PeriodKind::Month, ymd(2028, 2, 3)).last,
            ymd(2028, 2, 29)
        );
        assert_eq!(
            Period::containing(PeriodKind::Quarter, ymd(2026, 12, 31)).first,
            ymd(2026, 10, 1)
        );
    }

    #[test]
    fn three_years_before_runs_to_the_day_before() {
        let cases = [
            // (period first, lookback first, lookback last)
            (ymd(2026, 7, 1), ymd(2023, 7, 1), ymd(2026, 6, 30)),
            (ymd(2026, 1, 1), ymd(2023, 1, 1), ymd(2025, 12, 31)),
            // 29 February three years back does not exist: the 28th.
            (ymd(2027, 2, 28), ymd(2024, 2, 28), ymd(2027, 2, 27)),
            (ymd(2028, 2, 29), ymd(2025, 2, 28), ymd(2028, 2, 28)),
            (ymd(2028, 3, 1), ymd(2025, 3, 1), ymd(2028, 2, 29)),
        ];
        for (first, from, to) in cases {
            let period = Period { first, last: first };
            let before = period.three_years_before();
            assert_eq!((before.first, before.last), (from, to), "{first}");
            assert!(
                !before.contains(first),
                "the period itself is not before it"
            );
        }
    }

    #[test]
    fn the_trend_is_24_months_ending_with_the_periods_last() {
        let months = Period::containing(PeriodKind::ProgramYear, ymd(2026, 3, 1)).trend_months();
        assert_eq!(months.len(), 24);
        assert_eq!(months[0], ymd(2024, 7, 1));
        assert_eq!(months[23], ymd(2026, 6, 1));
        assert_eq!(Period::new(ymd(2026, 2, 1), ymd(2026, 1, 1)), None);
    }
}
