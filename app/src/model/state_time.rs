//! An instant as the state's clocks show it. The server knows the state's time zone (the
//! browser carries no tz database), so it pins the offset and the zone's name at that instant
//! here; pages then write the same words when the server renders them and when the browser
//! hydrates them.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Wire")]
pub struct StateTime {
    /// The instant, with the state's offset from UTC at that instant.
    pub at: DateTime<FixedOffset>,
    /// The zone's abbreviation at that instant ("EST", "EDT"); empty if it has none.
    pub zone: String,
}

/// What a `StateTime` is read from: itself, or the bare instant meetings were sent as before
/// it (a page kept by the service worker then, hydrated by a newer app offline).
#[derive(Deserialize)]
#[serde(untagged)]
enum Wire {
    Shown {
        at: DateTime<FixedOffset>,
        zone: String,
    },
    Instant(DateTime<FixedOffset>),
}

impl From<Wire> for StateTime {
    fn from(wire: Wire) -> StateTime {
        match wire {
            Wire::Shown { at, zone } => StateTime { at, zone },
            Wire::Instant(at) => StateTime {
                at,
                zone: String::new(),
            },
        }
    }
}

impl StateTime {
    /// "Fri 15 Jan 2027, 17:00 EST".
    pub fn describe(&self) -> String {
        format!("{} {}", self.at.format("%a %-d %b %Y, %H:%M"), self.zone)
            .trim_end()
            .to_owned()
    }

    /// "15 Jan 2027": the state's date at the instant, for lists where the hour is noise.
    pub fn describe_day(&self) -> String {
        self.at.format("%-d %b %Y").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[test]
    fn shows_the_wall_clock_and_keeps_the_instant() {
        let Ok(at) = DateTime::parse_from_rfc3339("2027-01-15T17:00:00-05:00") else {
            panic!("a valid instant");
        };
        let shown = StateTime {
            at,
            zone: "EST".to_owned(),
        };
        assert_eq!(shown.describe(), "Fri 15 Jan 2027, 17:00 EST");
        assert_eq!(shown.describe_day(), "15 Jan 2027");
        // Late in the state's evening it is already the next day in UTC; the state's date shows.
        let Ok(evening) = DateTime::parse_from_rfc3339("2027-01-15T23:30:00-05:00") else {
            panic!("a valid instant");
        };
        let late = StateTime {
            at: evening,
            zone: "EST".to_owned(),
        };
        assert_eq!(late.describe_day(), "15 Jan 2027");
        assert_eq!(late.at.with_timezone(&chrono::Utc).day(), 16);
        assert_eq!(
            shown.at.with_timezone(&chrono::Utc).to_rfc3339(),
            "2027-01-15T22:00:00+00:00"
        );
        assert_eq!(shown.at.naive_local().to_string(), "2027-01-15 17:00:00");
        let unnamed = StateTime {
            zone: String::new(),
            ..shown
        };
        assert_eq!(unnamed.describe(), "Fri 15 Jan 2027, 17:00");
    }

    #[test]
    fn reads_itself_and_the_bare_instant_sent_before_it() {
        let Ok(shown) =
            serde_json::from_str::<StateTime>(r#"{"at":"2027-01-15T17:00:00-05:00","zone":"EST"}"#)
        else {
            panic!("reads its own shape");
        };
        assert_eq!(shown.describe(), "Fri 15 Jan 2027, 17:00 EST");
        let again = serde_json::to_string(&shown).unwrap_or_default();
        assert_eq!(serde_json::from_str::<StateTime>(&again).ok(), Some(shown));
        let Ok(before) = serde_json::from_str::<StateTime>(r#""2027-01-15T22:00:00Z""#) else {
            panic!("reads a bare instant");
        };
        assert_eq!(before.describe(), "Fri 15 Jan 2027, 22:00");
        assert!(serde_json::from_str::<StateTime>(r#"{"zone":"EST"}"#).is_err());
    }
}
