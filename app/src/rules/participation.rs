//! "Regular participation on any of the committees ... is required for successful output."
//! Whether a member keeps up with a committee's meetings, by the committee's own rule: a
//! minimum share of the meetings in a rolling window, or a most absences in a row. Excused
//! absences never count against anyone, and only meetings since the member joined count.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// How a member's attendance at one meeting was recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    Present,
    Absent,
    /// Absent with a reason the chair accepted: never held against the member.
    Excused,
}

impl Attendance {
    pub const ALL: [Attendance; 3] = [Attendance::Present, Attendance::Absent, Attendance::Excused];

    pub fn as_str(self) -> &'static str {
        match self {
            Attendance::Present => "present",
            Attendance::Absent => "absent",
            Attendance::Excused => "excused",
        }
    }

    pub fn parse(value: &str) -> Option<Attendance> {
        Attendance::ALL.into_iter().find(|a| a.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Attendance::Present => "Present",
            Attendance::Absent => "Absent",
            Attendance::Excused => "Excused",
        }
    }
}

/// A committee's participation rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    /// At least `percent`% of the meetings of the last `months` months.
    Share { percent: u8, months: u8 },
    /// Fewer than `absences` absences in a row.
    Streak { absences: u8 },
}

impl Default for Rule {
    fn default() -> Self {
        Rule::Share {
            percent: 50,
            months: 6,
        }
    }
}

impl Rule {
    /// "At least 50% of the meetings of the last 6 months".
    pub fn describe(self) -> String {
        match self {
            Rule::Share { percent, months } => {
                format!("at least {percent}% of the meetings of the last {months} months")
            }
            Rule::Streak { absences } => {
                format!(
                    "no more than {} absences in a row",
                    absences.saturating_sub(1)
                )
            }
        }
    }
}

/// A share is not judged on fewer meetings than this: one missed meeting out of one is not a
/// pattern.
pub const MIN_MEETINGS_FOR_SHARE: usize = 2;

/// A member's standing under the rule, with the figures behind it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    pub at_risk: bool,
    /// Meetings that count (held since joining, in the window for a share, not excused).
    pub counted: usize,
    pub attended: usize,
    pub excused: usize,
    /// Absences in a row, most recent first, excused ones skipped.
    pub streak: usize,
    /// Why, in words for the chair ("attended 1 of 4 meetings (25%); needs 50%").
    pub reason: String,
}

/// Judges a member who joined on `joined`, from the meetings held up to `today` with their
/// attendance at each (`None`: not recorded yet, which is not held against them).
pub fn assess(
    rule: Rule,
    joined: NaiveDate,
    meetings: &[(NaiveDate, Option<Attendance>)],
    today: NaiveDate,
) -> Standing {
    let mut held: Vec<(NaiveDate, Attendance)> = meetings
        .iter()
        .filter(|(on, _)| *on >= joined && *on <= today)
        .filter_map(|(on, attendance)| attendance.map(|a| (*on, a)))
        .collect();
    held.sort_by_key(|(on, _)| *on);
    let excused = held
        .iter()
        .filter(|(_, a)| *a == Attendance::Excused)
        .count();
    let streak = held
        .iter()
        .rev()
        .filter(|(_, a)| *a != Attendance::Excused)
        .take_while(|(_, a)| *a == Attendance::Absent)
        .count();
    match rule {
        Rule::Share { percent, months } => {
            let from = today
                .checked_sub_months(Months::new(u32::from(months)))
                .unwrap_or(NaiveDate::MIN);
            let window: Vec<Attendance> = held
                .iter()
                .filter(|(on, a)| *on > from && *a != Attendance::Excused)
                .map(|(_, a)| *a)
                .collect();
            let counted = window.len();
            let attended = window.iter().filter(|a| **a == Attendance::Present).count();
            let enough = attended * 100 >= usize::from(percent) * counted;
            let at_risk = counted >= MIN_MEETINGS_FOR_SHARE && !enough;
            let reason = if counted == 0 {
                "no meetings to count yet".to_owned()
            } else {
                format!(
                    "attended {attended} of {counted} meeting{} ({}%); needs {percent}%",
                    if counted == 1 { "" } else { "s" },
                    attended * 100 / counted
                )
            };
            Standing {
                at_risk,
                counted,
                attended,
                excused,
                streak,
                reason,
            }
        }
        Rule::Streak { absences } => {
            let counted = held
                .iter()
                .filter(|(_, a)| *a != Attendance::Excused)
                .count();
            let attended = held
                .iter()
                .filter(|(_, a)| *a == Attendance::Present)
                .count();
            let at_risk = absences > 0 && streak >= usize::from(absences);
            let reason = match streak {
                0 => "attended the last meeting counted".to_owned(),
                1 => "missed the last meeting".to_owned(),
                n => format!("missed the last {n} meetings in a row"),
            };
            Standing {
                at_risk,
                counted,
                attended,
                excused,
                streak,
                reason,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Attendance::{Absent, Excused, Present};

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default() + chrono::Days::new(u64::from(n))
    }

    fn monthly(marks: &[Option<Attendance>]) -> Vec<(NaiveDate, Option<Attendance>)> {
        marks
            .iter()
            .enumerate()
            .map(|(i, a)| (day(30 * i as u32), *a))
            .collect()
    }

    const HALF: Rule = Rule::Share {
        percent: 50,
        months: 6,
    };

    #[test]
    fn the_share_table() {
        // (case, joined, marks a month apart from 1 Jan, today, at risk, counted, attended)
        type Case = (
            &'static str,
            NaiveDate,
            Vec<Option<Attendance>>,
            NaiveDate,
            bool,
            usize,
            usize,
        );
        let cases: Vec<Case> = vec![
            ("no meetings at all", day(0), vec![], day(200), false, 0, 0),
            (
                "came to every one",
                day(0),
                vec![Some(Present); 5],
                day(150),
                false,
                5,
                5,
            ),
            (
                "missed most",
                day(0),
                vec![Some(Present), Some(Absent), Some(Absent), Some(Absent)],
                day(100),
                true,
                4,
                1,
            ),
            (
                "exactly half is enough",
                day(0),
                vec![Some(Present), Some(Absent), Some(Present), Some(Absent)],
                day(100),
                false,
                4,
                2,
            ),
            (
                "excused absences do not count against",
                day(0),
                vec![Some(Present), Some(Excused), Some(Excused), Some(Absent)],
                day(100),
                false,
                2,
                1,
            ),
            (
                "a new member with one missed meeting is not judged yet",
                day(80),
                vec![Some(Present), Some(Present), Some(Present), Some(Absent)],
                day(100),
                false,
                1,
                0,
            ),
            (
                "meetings before joining do not count",
                day(50),
                vec![Some(Absent), Some(Absent), Some(Present), Some(Present)],
                day(100),
                false,
                2,
                2,
            ),
            (
                "meetings outside the window do not count",
                day(0),
                vec![
                    Some(Absent),
                    Some(Absent),
                    Some(Absent),
                    Some(Present),
                    Some(Present),
                    Some(Present),
                    Some(Present),
                    Some(Present),
                    Some(Present),
                ],
                day(250),
                false,
                6,
                6,
            ),
            (
                "not recorded yet is not held against",
                day(0),
                vec![Some(Present), None, None],
                day(70),
                false,
                1,
                1,
            ),
            (
                "a meeting later than today does not count",
                day(0),
                vec![Some(Present), Some(Absent), Some(Absent)],
                day(40),
                false,
                2,
                1,
            ),
        ];
        for (case, joined, marks, today, at_risk, counted, attended) in cases {
            let standing = assess(HALF, joined, &monthly(&marks), today);
            assert_eq!(standing.at_risk, at_risk, "{case}: {}", standing.reason);
            assert_eq!(standing.counted, counted, "{case}");
            assert_eq!(standing.attended, attended, "{case}");
        }
    }

    #[test]
    fn the_streak_table() {
        let three = Rule::Streak { absences: 3 };
        let cases: Vec<(&str, Vec<Option<Attendance>>, bool, usize)> = vec![
            ("no meetings at all", vec![], false, 0),
            (
                "two in a row is still fine",
                vec![Some(Present), Some(Absent), Some(Absent)],
                false,
                2,
            ),
            (
                "three in a row",
                vec![Some(Present), Some(Absent), Some(Absent), Some(Absent)],
                true,
                3,
            ),
            (
                "an excused one does not break or extend a streak",
                vec![Some(Absent), Some(Excused), Some(Absent), Some(Absent)],
                true,
                3,
            ),
            (
                "coming back ends it",
                vec![Some(Absent), Some(Absent), Some(Absent), Some(Present)],
                false,
                0,
            ),
        ];
        for (case, marks, at_risk, streak) in cases {
            let standing = assess(three, day(0), &monthly(&marks), day(365));
            assert_eq!(standing.at_risk, at_risk, "{case}: {}", standing.reason);
            assert_eq!(standing.streak, streak, "{case}");
        }
    }

    #[test]
    fn reasons_read_plainly() {
        let standing = assess(
            HALF,
            day(0),
            &monthly(&[Some(Present), Some(Absent), Some(Absent), Some(Absent)]),
            day(100),
        );
        assert_eq!(standing.reason, "attended 1 of 4 meetings (25%); needs 50%");
        assert_eq!(
            HALF.describe(),
            "at least 50% of the meetings of the last 6 months"
        );
        assert_eq!(
            Rule::Streak { absences: 3 }.describe(),
            "no more than 2 absences in a row"
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn rule() -> impl Strategy<Value = Rule> {
            prop_oneof![
                (1u8..=100, 1u8..=24).prop_map(|(percent, months)| Rule::Share { percent, months }),
                (1u8..=6).prop_map(|absences| Rule::Streak { absences }),
            ]
        }

        fn mark() -> impl Strategy<Value = Option<Attendance>> {
            prop_oneof![
                Just(None),
                Just(Some(Present)),
                Just(Some(Absent)),
                Just(Some(Excused)),
            ]
        }

        /// Meetings on distinct days within two years, in any order.
        fn meetings() -> impl Strategy<Value = Vec<(NaiveDate, Option<Attendance>)>> {
            proptest::collection::btree_map(0u32..730, mark(), 0..40)
                .prop_map(|m| m.into_iter().map(|(d, a)| (day(d), a)).collect())
                .prop_shuffle()
        }

        fn verdict(s: &Standing) -> (bool, usize, usize, usize) {
            (s.at_risk, s.counted, s.attended, s.streak)
        }

        proptest! {
            /// An excused absence, wherever it falls, never changes anyone's standing.
            #[test]
            fn excused_absences_never_count_against(
                rule in rule(),
                record in meetings(),
                extra in proptest::collection::vec(0u32..730, 1..8),
                joined in 0u32..400,
                today in 300u32..800,
            ) {
                let before = assess(rule, day(joined), &record, day(today));
                let mut more = record.clone();
                for d in extra {
                    if !more.iter().any(|(on, _)| *on == day(d)) {
                        more.push((day(d), Some(Excused)));
                    }
                }
                let after = assess(rule, day(joined), &more, day(today));
                prop_assert_eq!(verdict(&before), verdict(&after));
            }

            /// Coming to a meeting one had missed never puts a member at risk.
            #[test]
            fn attending_more_never_hurts(
                rule in rule(),
                record in meetings(),
                which in any::<proptest::sample::Index>(),
                joined in 0u32..400,
                today in 300u32..800,
            ) {
                let before = assess(rule, day(joined), &record, day(today));
                let absences: Vec<usize> = record
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, a))| *a == Some(Absent))
                    .map(|(n, _)| n)
                    .collect();
                prop_assume!(!absences.is_empty());
                let mut better = record.clone();
                better[*which.get(&absences)].1 = Some(Present);
                let after = assess(rule, day(joined), &better, day(today));
                prop_assert!(!after.at_risk || before.at_risk, "{} then {}", before.reason, after.reason);
            }

            /// The order the meetings arrive in, and meetings before joining, do not matter.
            #[test]
            fn only_meetings_since_joining_count_in_any_order(
                rule in rule(),
                record in meetings(),
                joined in 0u32..400,
                today in 300u32..800,
            ) {
                let since: Vec<_> = record.iter().copied().filter(|(on, _)| *on >= day(joined)).collect();
                let mut reversed = record.clone();
                reversed.reverse();
                let all = assess(rule, day(joined), &record, day(today));
                prop_assert_eq!(&all, &assess(rule, day(joined), &reversed, day(today)));
                prop_assert_eq!(&all, &assess(rule, day(joined), &since, day(today)));
            }

            /// The figures agree with each other and with the verdict the chair reads.
            #[test]
            fn the_figures_explain_the_verdict(
                rule in rule(),
                record in meetings(),
                joined in 0u32..400,
                today in 300u32..800,
            ) {
                let s = assess(rule, day(joined), &record, day(today));
                prop_assert!(s.attended <= s.counted);
                match rule {
                    Rule::Share { percent, .. } => prop_assert_eq!(
                        s.at_risk,
                        s.counted >= MIN_MEETINGS_FOR_SHARE
                            && s.attended * 100 < usize::from(percent) * s.counted
                    ),
                    Rule::Streak { absences } => {
                        // A streak runs over every meeting since joining, all of them counted.
                        prop_assert!(s.streak <= s.counted);
                        prop_assert_eq!(s.at_risk, s.streak >= usize::from(absences));
                    }
                }
            }
        }
    }
}
