//! The state's local time: deadlines are typed and read as wall-clock time where the
//! program runs (America/New_York unless configured), and compared in UTC.

use chrono::{DateTime, NaiveDateTime, Utc};
use jiff::tz::TimeZone;

#[derive(Clone, Debug)]
pub struct LocalTime {
    zone: TimeZone,
}

#[derive(Debug, thiserror::Error)]
#[error("{0:?} is not a time zone this machine knows (try America/New_York)")]
pub struct UnknownZone(pub String);

impl LocalTime {
    /// A zone of the system's tz database, such as `America/New_York`.
    pub fn named(name: &str) -> Result<LocalTime, UnknownZone> {
        TimeZone::get(name)
            .map(|zone| LocalTime { zone })
            .map_err(|_| UnknownZone(name.to_owned()))
    }

    pub fn utc() -> LocalTime {
        LocalTime {
            zone: TimeZone::UTC,
        }
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

    /// "Fri 15 Jan 2027, 17:00 EST".
    pub fn describe(&self, at: DateTime<Utc>) -> String {
        let abbreviation = jiff::Timestamp::from_second(at.timestamp())
            .map(|t| self.zone.to_offset_info(t).abbreviation().to_owned())
            .unwrap_or_default();
        format!(
            "{} {abbreviation}",
            self.local(at).format("%a %-d %b %Y, %H:%M")
        )
        .trim_end()
        .to_owned()
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
        assert!(LocalTime::named("Mars/Olympus_Mons").is_err());
    }
}
