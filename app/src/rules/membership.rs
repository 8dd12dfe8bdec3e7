//! What happens when someone asks to join a committee or regional team, by its join mode and
//! capacity. Pure, so the page can say what will happen before the person sends, and the
//! server decides the same way.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::MemberRole;

/// How a committee takes new members.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JoinMode {
    /// Anyone signed in joins at once (or goes on the waiting list when full).
    Open,
    /// The chair reviews each request.
    Apply,
    /// Only people the chair invites; a request is refused with that reason.
    Invite,
    /// Not taking members.
    Closed,
}

impl JoinMode {
    pub const ALL: [JoinMode; 4] = [
        JoinMode::Open,
        JoinMode::Apply,
        JoinMode::Invite,
        JoinMode::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JoinMode::Open => "open",
            JoinMode::Apply => "apply",
            JoinMode::Invite => "invite",
            JoinMode::Closed => "closed",
        }
    }

    pub fn parse(value: &str) -> Option<JoinMode> {
        JoinMode::ALL.into_iter().find(|m| m.as_str() == value)
    }

    /// How the directory explains joining.
    pub fn how_to_join(self) -> &'static str {
        match self {
            JoinMode::Open => "Join at once.",
            JoinMode::Apply => "Ask to join; the chair reviews requests.",
            JoinMode::Invite => "By invitation of the chair.",
            JoinMode::Closed => "Not taking new members.",
        }
    }
}

/// Where the person stands with the committee now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    None,
    Member,
    Waiting,
    Asked,
    /// The chair removed them. Coming back is the chair's decision, whatever the join mode:
    /// else "join at once" would undo the removal, and the participation record with it.
    Removed,
}

/// What a request to join does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JoinOutcome {
    Joined,
    /// Full: on the waiting list, in order.
    Waiting,
    /// Sent to the chair.
    Pending,
    Refused(&'static str),
}

pub fn ask(mode: JoinMode, capacity: Option<u32>, active: u32, standing: Standing) -> JoinOutcome {
    match standing {
        Standing::Member => return JoinOutcome::Refused("you are already a member"),
        Standing::Waiting => return JoinOutcome::Refused("you are already on the waiting list"),
        Standing::Asked => return JoinOutcome::Refused("your request is waiting for the chair"),
        Standing::None | Standing::Removed => {}
    }
    let full = capacity.is_some_and(|c| active >= c);
    match mode {
        JoinMode::Closed => JoinOutcome::Refused("this committee is not taking new members"),
        JoinMode::Invite => {
            JoinOutcome::Refused("this committee takes members by the chair's invitation")
        }
        JoinMode::Open | JoinMode::Apply if standing == Standing::Removed => JoinOutcome::Pending,
        JoinMode::Open if full => JoinOutcome::Waiting,
        JoinMode::Open => JoinOutcome::Joined,
        JoinMode::Apply => JoinOutcome::Pending,
    }
}

/// The chair approves a request: a seat if one is free, else the waiting list.
pub fn approve(capacity: Option<u32>, active: u32) -> JoinOutcome {
    if capacity.is_some_and(|c| active >= c) {
        JoinOutcome::Waiting
    } else {
        JoinOutcome::Joined
    }
}

/// Whether a seat carries the chair's say (deciding requests, meetings, attendance) on
/// `today`: an active chair, to the last day of their term when it has one. A term that ran
/// out leaves the committee without a chair until an administrator appoints one; it does not
/// run on silently.
pub fn holds_chair(
    role: MemberRole,
    active: bool,
    term_ends_on: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    role == MemberRole::Chair && active && term_ends_on.is_none_or(|last| today <= last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_join_table() {
        use JoinMode::*;
        use JoinOutcome::*;
        let cases = [
            ("open, room", Open, Some(10), 3, Standing::None, Joined),
            ("open, no cap", Open, None, 300, Standing::None, Joined),
            ("open, full", Open, Some(3), 3, Standing::None, Waiting),
            ("apply", Apply, Some(3), 3, Standing::None, Pending),
            (
                "invite",
                Invite,
                None,
                0,
                Standing::None,
                Refused("this committee takes members by the chair's invitation"),
            ),
            (
                "closed",
                Closed,
                None,
                0,
                Standing::None,
                Refused("this committee is not taking new members"),
            ),
            (
                "already in",
                Open,
                None,
                1,
                Standing::Member,
                Refused("you are already a member"),
            ),
            ("removed, open", Open, None, 1, Standing::Removed, Pending),
            (
                "removed, open and full",
                Open,
                Some(1),
                1,
                Standing::Removed,
                Pending,
            ),
            ("removed, apply", Apply, None, 1, Standing::Removed, Pending),
            (
                "removed, invite",
                Invite,
                None,
                1,
                Standing::Removed,
                Refused("this committee takes members by the chair's invitation"),
            ),
            (
                "asked twice",
                Apply,
                None,
                1,
                Standing::Asked,
                Refused("your request is waiting for the chair"),
            ),
        ];
        for (case, mode, capacity, active, standing, expected) in cases {
            assert_eq!(ask(mode, capacity, active, standing), expected, "{case}");
        }
    }

    #[test]
    fn approving_fills_seats_then_the_waiting_list() {
        assert_eq!(approve(Some(2), 1), JoinOutcome::Joined);
        assert_eq!(approve(Some(2), 2), JoinOutcome::Waiting);
        assert_eq!(approve(None, 99), JoinOutcome::Joined);
    }

    #[test]
    fn a_chair_holds_office_to_the_last_day_of_the_term() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).expect("a date");
        let cases = [
            ("no set end", MemberRole::Chair, true, None, true),
            (
                "before the end",
                MemberRole::Chair,
                true,
                Some(day(2)),
                true,
            ),
            ("the last day", MemberRole::Chair, true, Some(day(1)), true),
            (
                "ended yesterday",
                MemberRole::Chair,
                true,
                day(1).pred_opt(),
                false,
            ),
            ("not active", MemberRole::Chair, false, None, false),
            ("vice-chair", MemberRole::ViceChair, true, None, false),
            ("member", MemberRole::Member, true, Some(day(31)), false),
        ];
        for (case, role, active, term, expected) in cases {
            assert_eq!(holds_chair(role, active, term, day(1)), expected, "{case}");
        }
    }
}
