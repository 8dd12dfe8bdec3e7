//! An instant as the state's clocks show it. The server knows the state's time zone (the
//! browser carries no tz database), so it pins the offset and the zone's name at that instant
//! here; pages then write the same words when the server renders them and when the browser
//! hydrates them.

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateTime {
    /// The instant, with the state's offset from UTC at that instant.
    pub at: DateTime<FixedOffset>,
    /// The zone's abbreviation at that instant ("EST", "EDT"); empty if it has none.
    pub zone: String,
}

impl StateTime {
    pub fn utc(&self) -> DateTime<Utc> {
        self.at.with_timezone(&Utc)
    }

    /// The state's wall-clock time.
    pub fn local(&self) -> NaiveDateTime {
        self.at.naive_local()
    }

    /// "Fri 15 Jan 2027, 17:00 EST".
    pub fn describe(&self) -> String {
        format!("{} {}", self.at.format("%a %-d %b %Y, %H:%M"), self.zone)
            .trim_end()
            .to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(shown.utc().to_rfc3339(), "2027-01-15T22:00:00+00:00");
        assert_eq!(shown.local().to_string(), "2027-01-15 17:00:00");
        let unnamed = StateTime {
            zone: String::new(),
            ..shown
        };
        assert_eq!(unnamed.describe(), "Fri 15 Jan 2027, 17:00");
    }
}
