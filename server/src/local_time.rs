//! The state's local time: deadlines are typed and read as wall-clock time where the
//! program runs (America/New_York unless configured), and compared in UTC. Its calendar is
//! the one that says what "today" is: a chair's last day, the latest date a visit may have,
//! this month on the dashboard all turn at the state's midnight, not at UTC's.

use app::model::StateTime;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, Utc};
use jiff::tz::TimeZone;

#[derive(Clone, Debug)]
pub struct LocalTime {
    zone: TimeZone,
    /// As configured: devices are told it, to tell the state's date on their own clocks.
    name: String,
}

#[derive(Debug, thiserror::Error)]
#[error("{0:?} is not a time zone this machine knows (try America/New_York)")]
pub struct UnknownZone(pub String);

impl LocalTime {
    /// A zone of the system's tz database, such as `America/New_York`.
    pub fn named(name: &str) -> Result<LocalTime, UnknownZone> {
        TimeZone::get(name)
            .map(|zone| LocalTime {
                zone,
                name: name.to_owned(),
            })
            .map_err(|_| UnknownZone(name.to_owned()))
    }

    /// The configured zone; UTC (with a warning) if this machine does not know it, which the
    /// configuration's own check normally refuses first.
    pub fn configured(name: &str) -> LocalTime {
        LocalTime::named(name).unwrap_or_else(|error| {
            tracing::warn!(%error, "dates and deadlines fall back to UTC");
            LocalTime::utc()
        })
    }

    pub fn utc() -> LocalTime {
        LocalTime {
            zone: TimeZone::UTC,
            name: "UTC".to_owned(),
        }
    }

    /// The zone's name in the tz database, such as `America/New_York`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The instant a local wall-clock time names. In the hour a clock goes back, the earlier
    /// of the two; in the hour it skips, the time after the gap.
    pub fn to_utc(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        let civil = jiff::civil::DateTime::new(
            i16::try_from(chrono::Datelike::year(&local)).ok()?,
            i8::try_from(chrono::Datelike::month(&local)).ok()?,
            i8::try_from(chrono::Datelike::day(&local)).ok()?,
            i8::try_from(chrono::Timelike::hour(&local)).ok()?,
            i8::try_from(chrono::Timelike::minute(&local)).ok()?,
            0,
            0,
        )
        .ok()?;
        let instant = self.zone.to_timestamp(civil).ok()?;
        DateTime::from_timestamp(instant.as_second(), 0)
    }

    /// The wall-clock time at an instant.
    pub fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        let offset = self
            .zone
            .to_offset(jiff::Timestamp::from_second(at.timestamp()).unwrap_or_default())
            .seconds();
        at.naive_utc() + chrono::Duration::seconds(i64::from(offset))
    }

    /// The state's date at an instant.
    pub fn date(&self, at: DateTime<Utc>) -> NaiveDate {
        self.local(at).date()
    }

    /// The state's date now.
    pub fn today(&self) -> NaiveDate {
        self.date(Utc::now())
    }

    /// An instant with the state's offset and the zone's name then, for pages to show.
    pub fn shown(&self, at: DateTime<Utc>) -> StateTime {
        let info = jiff::Timestamp::from_second(at.timestamp())
            .map(|t| self.zone.to_offset_info(t))
            .ok();
        let offset = info
            .as_ref()
            .and_then(|i| FixedOffset::east_opt(i.offset().seconds()))
            .unwrap_or(Utc.fix());
        StateTime {
            at: at.with_timezone(&offset),
            zone: info
                .map(|i| i.abbreviation().to_owned())
                .unwrap_or_default(),
        }
    }

    /// "Fri 15 Jan 2027, 17:00 EST".
    pub fn describe(&self, at: DateTime<Utc>) -> String {
        self.shown(at).describe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn local(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|day| day.and_hms_opt(h, 0, 0))
            .unwrap_or_default()
    }

    #[test]
    fn deadlines_follow_daylight_saving_in_boston() {
        let Ok(boston) = LocalTime::named("America/New_York") else {
            panic!("the system tz database is missing America/New_York");
        };
        let winter = boston.to_utc(local(2027, 1, 15, 17)).unwrap_or_default();
        assert_eq!(winter.to_rfc3339(), "2027-01-15T22:00:00+00:00");
        assert_eq!(boston.describe(winter), "Fri 15 Jan 2027, 17:00 EST");
        let summer = boston.to_utc(local(2027, 7, 15, 17)).unwrap_or_default();
        assert_eq!(summer.to_rfc3339(), "2027-07-15T21:00:00+00:00");
        assert_eq!(boston.local(summer), local(2027, 7, 15, 17));
        let shown = boston.shown(summer);
        assert_eq!(shown.describe(), "Thu 15 Jul 2027, 17:00 EDT");
        assert_eq!(
            (shown.at.with_timezone(&Utc), shown.at.naive_local()),
            (summer, local(2027, 7, 15, 17))
        );
        assert!(LocalTime::named("Mars/Olympus_Mons").is_err());
    }

    #[test]
    fn the_day_turns_at_the_states_midnight() {
        let boston = LocalTime::configured("America/New_York");
        let at = |text: &str| {
            DateTime::parse_from_rfc3339(text)
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_default()
        };
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default();
        // 8 pm in Boston on the 30th is already the 1st in UTC.
        assert_eq!(boston.date(at("2026-12-01T01:00:00Z")), day(30));
        assert_eq!(boston.date(at("2026-12-01T04:59:59Z")), day(30));
        assert_eq!(
            boston.date(at("2026-12-01T05:00:00Z")).to_string(),
            "2026-12-01"
        );
        assert_eq!(
            LocalTime::utc()
                .date(at("2026-12-01T01:00:00Z"))
                .to_string(),
            "2026-12-01"
        );
        assert_eq!(
            LocalTime::configured("Mars/Olympus_Mons").date(at("2026-11-30T23:00:00Z")),
            day(30)
        );
    }
}
