//! The director's dashboard: what they asked for (area and period) and the figures for it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::StateTime;

use crate::rules::metrics::Rate;
use crate::rules::period::{Period, PeriodKind};
use crate::rules::validation::FieldError;

/// The dashboard's choices as the address carries them, so a view can be linked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DashboardQuery {
    /// `state`, `region:<id>`, `board:<id>` or `center:<id>`; empty: the director's own scope.
    pub area: String,
    /// `month`, `quarter`, `program_year` or `custom`; empty: month.
    pub period: String,
    /// A day inside the month, quarter or program year (`YYYY-MM-DD`); empty: today.
    pub on: String,
    /// A custom period's first and last day.
    pub from: String,
    pub to: String,
}

fn day(field: &'static str, value: &str, what: &str) -> Result<NaiveDate, FieldError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| FieldError::new(field, format!("give {what} as a date")))
}

impl DashboardQuery {
    /// The period asked for; a custom one may span at most ten years.
    pub fn resolve(&self, today: NaiveDate) -> Result<(PeriodKind, Period), Vec<FieldError>> {
        let kind = if self.period.trim().is_empty() {
            PeriodKind::Month
        } else {
            PeriodKind::parse(self.period.trim()).ok_or_else(|| {
                vec![FieldError::new(
                    "period",
                    "choose a month, a quarter, a program year or custom dates",
                )]
            })?
        };
        if kind == PeriodKind::Custom {
            let from = day("from", &self.from, "the first day");
            let to = day("to", &self.to, "the last day");
            return match (from, to) {
                (Ok(from), Ok(to)) => match Period::new(from, to) {
                    Some(period) if period.days() <= 3_660 => Ok((kind, period)),
                    Some(_) => Err(vec![FieldError::new(
                        "to",
                        "choose a period of at most ten years",
                    )]),
                    None => Err(vec![FieldError::new(
                        "to",
                        "the last day comes before the first",
                    )]),
                },
                (from, to) => Err([from.err(), to.err()].into_iter().flatten().collect()),
            };
        }
        let on = if self.on.trim().is_empty() {
            today
        } else {
            day("on", &self.on, "a day in the period").map_err(|e| vec![e])?
        };
        Ok((kind, Period::containing(kind, on)))
    }
}

/// A label with a count: a service delivered, a business-cycle stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counted {
    pub label: String,
    pub count: u64,
}

/// One month of the trend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendPoint {
    /// The month's first day.
    pub month: NaiveDate,
    pub visits: u64,
    pub businesses: u64,
}

/// A center or a rep in the ranking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    pub name: String,
    pub visits: u64,
    pub businesses: u64,
}

/// How up to date a center's figures are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Freshness {
    pub center: String,
    pub devices: u64,
    pub last_sync: Option<StateTime>,
    /// Changes the devices last said were still waiting on them.
    pub pending: u64,
}

/// Every figure on the dashboard for one area and period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The area as the address carries it, and its name.
    pub area: String,
    pub area_name: String,
    /// The areas this director may choose: their scope and every unit inside it.
    pub areas: Vec<(String, String)>,
    pub kind: PeriodKind,
    pub period: Period,
    pub visits: u64,
    /// E1: distinct establishments served in the period.
    pub engaged: u64,
    /// E3: of those, served in the three years before too.
    pub returning: u64,
    /// E4: distinct establishments served in the three years before.
    pub served_before: u64,
    /// E2: establishments in the area, when a count was entered.
    pub in_area: Option<u64>,
    pub orientations: u64,
    pub flagged_orientations: u64,
    pub hired: u64,
    pub overdue: u64,
    pub services: Vec<Counted>,
    pub stages: Vec<Counted>,
    pub trend: Vec<TrendPoint>,
    pub centers: Vec<Ranked>,
    pub reps: Vec<Ranked>,
    pub freshness: Vec<Freshness>,
}

impl Dashboard {
    /// Businesses engaged for the first time in three years.
    pub fn new_businesses(&self) -> u64 {
        self.engaged.saturating_sub(self.returning)
    }

    pub fn repeat_rate(&self) -> Rate {
        Rate::repeat(self.returning, self.served_before)
    }

    pub fn penetration_rate(&self) -> Rate {
        Rate::penetration(self.engaged, self.in_area)
    }

    /// The headline figures as the page's table shows them: (figure, value).
    pub fn headline(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Visits", self.visits.to_string()),
            ("Businesses engaged (E1)", self.engaged.to_string()),
            ("New businesses", self.new_businesses().to_string()),
            ("Returning businesses (E3)", self.returning.to_string()),
            ("Orientations that qualify", self.orientations.to_string()),
            (
                "Orientations flagged",
                self.flagged_orientations.to_string(),
            ),
            ("Job seekers hired", self.hired.to_string()),
            ("Follow-ups overdue", self.overdue.to_string()),
            ("Repeat business customers rate", self.repeat_rate().label()),
            (
                "Served in the three years before (E4)",
                self.served_before.to_string(),
            ),
            ("Employer penetration rate", self.penetration_rate().label()),
            (
                "Establishments in the area (E2)",
                self.in_area
                    .map_or_else(|| "No count entered".to_owned(), |n| n.to_string()),
            ),
        ]
    }

    /// One of the page's tables as CSV, exactly as shown; `None` for an unknown table.
    pub fn csv(&self, table: &str) -> Option<String> {
        use crate::csv::table as write;
        let counted = |rows: &[Counted]| {
            rows.iter()
                .map(|r| [r.label.clone(), r.count.to_string()])
                .collect::<Vec<_>>()
        };
        let ranked = |rows: &[Ranked]| {
            rows.iter()
                .map(|r| {
                    [
                        r.name.clone(),
                        r.visits.to_string(),
                        r.businesses.to_string(),
                    ]
                })
                .collect::<Vec<_>>()
        };
        Some(match table {
            "figures" => write(
                &["Figure", "Value"],
                self.headline().into_iter().map(|(k, v)| [k.to_owned(), v]),
            ),
            "services" => write(&["Service", "Visits delivered"], counted(&self.services)),
            "stages" => write(&["Stage", "Businesses"], counted(&self.stages)),
            "trend" => write(
                &["Month", "Visits", "Businesses"],
                self.trend.iter().map(|p| {
                    [
                        p.month.format("%Y-%m").to_string(),
                        p.visits.to_string(),
                        p.businesses.to_string(),
                    ]
                }),
            ),
            "centers" => write(&["Center", "Visits", "Businesses"], ranked(&self.centers)),
            "reps" => write(&["Rep", "Visits", "Businesses"], ranked(&self.reps)),
            "freshness" => write(
                &["Center", "Devices", "Last sync", "Pending changes reported"],
                self.freshness.iter().map(|f| {
                    [
                        f.center.clone(),
                        f.devices.to_string(),
                        f.last_sync.as_ref().map_or_else(
                            || "Never".to_owned(),
                            |t| format!("{} {}", t.at.format("%Y-%m-%d %H:%M"), t.zone),
                        ),
                        f.pending.to_string(),
                    ]
                }),
            ),
            _ => return None,
        })
    }
}

/// The tables a dashboard exports, with the name each file gets.
pub const DASHBOARD_TABLES: [&str; 7] = [
    "figures",
    "services",
    "stages",
    "trend",
    "centers",
    "reps",
    "freshness",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn query(period: &str, on: &str, from: &str, to: &str) -> DashboardQuery {
        DashboardQuery {
            area: String::new(),
            period: period.to_owned(),
            on: on.to_owned(),
            from: from.to_owned(),
            to: to.to_owned(),
        }
    }

    #[test]
    fn the_period_is_read_from_the_address() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
        let (kind, period) = query("", "", "", "").resolve(today).expect("default");
        assert_eq!(kind, PeriodKind::Month);
        assert_eq!(period.label(), "November 2026");
        let (_, period) = query("program_year", "2026-03-10", "", "")
            .resolve(today)
            .expect("year");
        assert_eq!(period.label(), "Jul 2025 – Jun 2026");
        let (_, period) = query("custom", "", "2026-01-05", "2026-01-09")
            .resolve(today)
            .expect("custom");
        assert_eq!(period.days(), 5);
        let fields = |q: DashboardQuery| -> Vec<String> {
            q.resolve(today)
                .expect_err("refused")
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(fields(query("decade", "", "", "")), ["period"]);
        assert_eq!(fields(query("custom", "", "", "")), ["from", "to"]);
        assert_eq!(
            fields(query("custom", "", "2026-02-01", "2026-01-01")),
            ["to"]
        );
        assert_eq!(fields(query("month", "soon", "", "")), ["on"]);
    }
}
