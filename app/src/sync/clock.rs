//! Whether this device's clock can be trusted. A tablet whose clock is a day off dates a new
//! visit a day off and files its entries under the wrong times, and only the person holding
//! it can set it right; the server's clock (the `Date` of each of its answers) is the
//! reference it is checked against at every sync.

use chrono::{DateTime, TimeDelta, Utc};

/// How far off a clock may be before the person is told: beyond the network's delay and the
/// whole seconds of a `Date` header, short of a wrong hour or day.
pub fn tolerance() -> TimeDelta {
    TimeDelta::minutes(5)
}

/// How far the server's clock is ahead of this device's (negative: behind), from an answer
/// asked for at `sent` and read at `received` on the device's clock, dated `server` by the
/// server. The server dated it somewhere in between; the middle is the best guess.
pub fn skew(sent: DateTime<Utc>, received: DateTime<Utc>, server: DateTime<Utc>) -> TimeDelta {
    server - (sent + (received - sent) / 2)
}

/// [`skew`], when the answer can tell: not after a round trip over 30 s (a tablet asleep, a
/// frozen background tab), whose middle could be minutes from when the server dated it, nor
/// one that ends before it began (the clock was set meanwhile).
pub fn sample(
    sent: DateTime<Utc>,
    received: DateTime<Utc>,
    server: DateTime<Utc>,
) -> Option<TimeDelta> {
    let round_trip = received - sent;
    (round_trip >= TimeDelta::zero() && round_trip <= TimeDelta::seconds(30))
        .then(|| skew(sent, received, server))
}

/// Words for the person when this device's clock is off by more than [`tolerance`]:
/// by how much, which way, and what to do.
pub fn warning(skew: TimeDelta) -> Option<String> {
    let off = skew.abs();
    if off <= tolerance() {
        return None;
    }
    let (amount, unit) = if off >= TimeDelta::hours(23) {
        (rounded(off, TimeDelta::days(1)), "day")
    } else if off >= TimeDelta::minutes(59) {
        (rounded(off, TimeDelta::hours(1)), "hour")
    } else {
        (rounded(off, TimeDelta::minutes(1)), "minute")
    };
    let plural = if amount == 1 { "" } else { "s" };
    let way = if skew > TimeDelta::zero() {
        "behind"
    } else {
        "ahead of"
    };
    Some(format!(
        "This device's clock is about {amount} {unit}{plural} {way} the server's, so the dates \
         it suggests (a new visit's, for one) will be wrong. Set the date, time and time zone \
         in the device's settings."
    ))
}

fn rounded(off: TimeDelta, unit: TimeDelta) -> i64 {
    (off.num_seconds() + unit.num_seconds() / 2) / unit.num_seconds()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap_or_default()
    }

    #[test]
    fn the_skew_is_taken_at_the_middle_of_the_round_trip() {
        // Asked at 0, read at 4 s: the server dated it at 2 s on a clock that agrees.
        assert_eq!(skew(at(0), at(4), at(2)), TimeDelta::zero());
        assert_eq!(skew(at(0), at(4), at(2 + 3_600)), TimeDelta::hours(1));
        assert_eq!(skew(at(0), at(4), at(2 - 86_400)), -TimeDelta::days(1));
    }

    #[test]
    fn a_round_trip_too_long_or_backwards_tells_nothing() {
        assert_eq!(
            sample(at(0), at(30), at(15 + 86_400)),
            Some(TimeDelta::days(1))
        );
        // Twenty minutes asleep mid-request: the middle could be ten minutes off.
        assert_eq!(sample(at(0), at(1_200), at(5)), None);
        assert_eq!(sample(at(10), at(0), at(5)), None);
    }

    #[test]
    fn a_clock_within_the_tolerance_says_nothing() {
        assert_eq!(warning(TimeDelta::zero()), None);
        assert_eq!(warning(TimeDelta::seconds(299)), None);
        assert_eq!(warning(-TimeDelta::minutes(5)), None);
    }

    #[test]
    fn a_wrong_clock_is_told_by_how_much_and_which_way() {
        let told = |skew| warning(skew).unwrap_or_default();
        assert!(told(TimeDelta::days(2)).starts_with("This device's clock is about 2 days behind"));
        assert!(
            told(-TimeDelta::days(1)).starts_with("This device's clock is about 1 day ahead of")
        );
        assert!(
            told(TimeDelta::hours(5) + TimeDelta::minutes(20)).contains("about 5 hours behind")
        );
        // An hour off by the network's seconds is still an hour, not 59 minutes.
        assert!(told(-TimeDelta::seconds(3_598)).contains("about 1 hour ahead of"));
        assert!(told(TimeDelta::minutes(12)).contains("about 12 minutes behind"));
        // A day less a few minutes is told as a day.
        assert!(told(TimeDelta::hours(23) + TimeDelta::minutes(40)).contains("about 1 day behind"));
        assert!(told(TimeDelta::minutes(6)).contains("Set the date, time and time zone"));
    }
}
