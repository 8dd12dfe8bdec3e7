//! Committees and regional teams, their members and the requests to join them.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{CommitteeId, JoinRequestId, RegionId, UserId};
use super::state_time::StateTime;
use crate::rules::membership::JoinMode;
use crate::rules::validation::FieldError;

/// Whether a group is one of the program's committees or a region's team.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitteeKind {
    Committee,
    RegionalTeam,
}

impl CommitteeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CommitteeKind::Committee => "committee",
            CommitteeKind::RegionalTeam => "regional_team",
        }
    }

    pub fn parse(value: &str) -> Option<CommitteeKind> {
        [CommitteeKind::Committee, CommitteeKind::RegionalTeam]
            .into_iter()
            .find(|k| k.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            CommitteeKind::Committee => "Committee",
            CommitteeKind::RegionalTeam => "Regional team",
        }
    }
}

/// A member's part on a committee.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    Member,
    ViceChair,
    Chair,
}

impl MemberRole {
    pub const ALL: [MemberRole; 3] = [MemberRole::Member, MemberRole::ViceChair, MemberRole::Chair];

    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Member => "member",
            MemberRole::ViceChair => "vice_chair",
            MemberRole::Chair => "chair",
        }
    }

    pub fn parse(value: &str) -> Option<MemberRole> {
        MemberRole::ALL.into_iter().find(|r| r.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            MemberRole::Member => "Member",
            MemberRole::ViceChair => "Vice-chair",
            MemberRole::Chair => "Chair",
        }
    }
}

/// Where a request to join stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Pending,
    Approved,
    Declined,
    /// Approved, but the committee is full: on the waiting list.
    Waiting,
    Withdrawn,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 5] = [
        RequestStatus::Pending,
        RequestStatus::Approved,
        RequestStatus::Declined,
        RequestStatus::Waiting,
        RequestStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Approved => "approved",
            RequestStatus::Declined => "declined",
            RequestStatus::Waiting => "waiting",
            RequestStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(value: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            RequestStatus::Pending => "Waiting for the chair",
            RequestStatus::Approved => "Approved",
            RequestStatus::Declined => "Declined",
            RequestStatus::Waiting => "On the waiting list",
            RequestStatus::Withdrawn => "Withdrawn",
        }
    }
}

/// One line of the directory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommitteeSummary {
    pub id: CommitteeId,
    pub kind: CommitteeKind,
    pub name: String,
    pub purpose: String,
    pub region: Option<(RegionId, String)>,
    pub chair: Option<String>,
    pub members: u32,
    pub capacity: Option<u32>,
    pub next_meeting: Option<StateTime>,
    pub join_mode: JoinMode,
    pub interests: Vec<String>,
}

/// The directory's filters; empty means everything.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CommitteeFilter {
    pub region: Option<RegionId>,
    pub interest: String,
}

/// A request to join, as the person and the chair see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JoinRequestRow {
    pub id: JoinRequestId,
    pub committee: CommitteeId,
    pub committee_name: String,
    pub person: UserId,
    pub person_name: String,
    pub interests: Vec<String>,
    pub expertise: Vec<String>,
    pub statement: String,
    pub status: RequestStatus,
    pub reason: Option<String>,
    pub asked_at: DateTime<Utc>,
}

/// A member as the committee page lists them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberRow {
    pub person: UserId,
    pub name: String,
    pub role: MemberRole,
    pub joined_on: NaiveDate,
    pub term_ends_on: Option<NaiveDate>,
}

/// What a person typed to ask to join, before checking.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct JoinDraft {
    /// Comma-separated tags, as typed.
    pub interests: String,
    pub expertise: String,
    pub statement: String,
}

/// A checked request to join: tags trimmed, de-duplicated and lower-cased.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JoinFields {
    pub interests: Vec<String>,
    pub expertise: Vec<String>,
    pub statement: String,
}

/// Longest statement a person may write: a short paragraph.
pub const STATEMENT_MAX: usize = 1_000;
/// Most tags of each kind.
pub const TAGS_MAX: usize = 10;

fn tags(field: &'static str, text: &str) -> Result<Vec<String>, FieldError> {
    let mut out: Vec<String> = Vec::new();
    for tag in text.split(',') {
        let tag = tag.trim().to_lowercase();
        if tag.is_empty() || out.contains(&tag) {
            continue;
        }
        if tag.chars().count() > 40 {
            return Err(FieldError::new(field, "keep each tag under 40 characters"));
        }
        out.push(tag);
    }
    if out.len() > TAGS_MAX {
        return Err(FieldError::new(field, "choose at most 10 tags"));
    }
    Ok(out)
}

impl JoinDraft {
    /// Checks the request; `needs_statement` when the chair will read it.
    pub fn validate(&self, needs_statement: bool) -> Result<JoinFields, Vec<FieldError>> {
        let mut errors = Vec::new();
        let interests = tags("interests", &self.interests).unwrap_or_else(|e| {
            errors.push(e);
            Vec::new()
        });
        let expertise = tags("expertise", &self.expertise).unwrap_or_else(|e| {
            errors.push(e);
            Vec::new()
        });
        let statement = self.statement.trim().to_owned();
        if needs_statement && statement.is_empty() {
            errors.push(FieldError::new(
                "statement",
                "say in a sentence or two why you want to join; the chair reads it",
            ));
        } else if statement.chars().count() > STATEMENT_MAX {
            errors.push(FieldError::new(
                "statement",
                "keep the statement under 1,000 characters",
            ));
        }
        if errors.is_empty() {
            Ok(JoinFields {
                interests,
                expertise,
                statement,
            })
        } else {
            Err(errors)
        }
    }
}

/// One member's mark at a meeting, as the chair's form sends it. `None` is "not recorded": the
/// form's empty choice, which counts neither way (a field, not a tuple element, so a form
/// that leaves it empty or out still reads).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceMark {
    pub person: UserId,
    #[serde(default)]
    pub mark: Option<crate::rules::participation::Attendance>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(interests: &str, statement: &str) -> JoinDraft {
        JoinDraft {
            interests: interests.to_owned(),
            expertise: String::new(),
            statement: statement.to_owned(),
        }
    }

    #[test]
    fn tags_are_trimmed_lowered_and_unique() {
        let fields = draft(" Marketing, data ,marketing,,", "")
            .validate(false)
            .expect("valid");
        assert_eq!(fields.interests, ["marketing", "data"]);
    }

    #[test]
    fn a_chair_reviewed_request_needs_a_statement() {
        let errors = draft("data", "  ").validate(true).expect_err("refused");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "statement");
        assert!(draft("data", "").validate(false).is_ok());
    }

    #[test]
    fn too_many_tags_and_long_statements_are_refused() {
        let many = (0..11)
            .map(|n| format!("t{n}"))
            .collect::<Vec<_>>()
            .join(",");
        let long = "x".repeat(STATEMENT_MAX + 1);
        let errors = draft(&many, &long).validate(false).expect_err("refused");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["interests", "statement"]);
    }
}

/// A meeting as the committee page and a member's record list it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingRow {
    pub id: super::ids::MeetingId,
    pub starts_at: StateTime,
    /// Whether it has started, by the server's clock: the page the server renders and the
    /// one the browser hydrates must agree, whatever the device's clock says.
    #[serde(default)]
    pub held: bool,
    pub place: String,
    pub agenda: String,
}

/// A member, with how they keep up with the committee's meetings (for the chair).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberStanding {
    pub member: MemberRow,
    /// `active`, `inactive` or `waiting`.
    pub status: String,
    pub standing: crate::rules::participation::Standing,
}

/// What the chair sees: members with their standing under the committee's rule, meetings
/// (newest first) and each member's mark at each.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Roster {
    pub committee: CommitteeId,
    pub name: String,
    pub rule: crate::rules::participation::Rule,
    pub members: Vec<MemberStanding>,
    pub meetings: Vec<MeetingRow>,
    /// (meeting, person, mark)
    pub marks: Vec<(
        super::ids::MeetingId,
        UserId,
        crate::rules::participation::Attendance,
    )>,
    /// Whether the reader may appoint chairs and vice-chairs (an administrator).
    pub appoints: bool,
    /// For an administrator, the people not on it whom they could appoint (id, name).
    pub appointable: Vec<(UserId, String)>,
}

impl Roster {
    /// The roster export: one line per member, with roles, term dates and participation.
    pub fn csv(&self) -> String {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        crate::csv::table(
            &[
                "Name",
                "Role",
                "Status",
                "Joined",
                "Term ends",
                "Meetings counted",
                "Attended",
                "Excused",
                "At risk",
                "Participation",
            ],
            self.members.iter().map(|m| {
                [
                    m.member.name.clone(),
                    m.member.role.label().to_owned(),
                    m.status.clone(),
                    m.member.joined_on.to_string(),
                    date(m.member.term_ends_on),
                    m.standing.counted.to_string(),
                    m.standing.attended.to_string(),
                    m.standing.excused.to_string(),
                    if m.standing.at_risk { "yes" } else { "no" }.to_owned(),
                    m.standing.reason.clone(),
                ]
            }),
        )
    }
}

/// An administrator's appointment as typed: a role and, optionally, when the term ends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppointDraft {
    /// `chair`, `vice_chair` or `member`.
    pub role: String,
    /// `YYYY-MM-DD`, or empty for no set end.
    pub term_ends_on: String,
}

/// A checked appointment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointment {
    pub role: MemberRole,
    pub term_ends_on: Option<NaiveDate>,
}

impl AppointDraft {
    pub fn validate(&self, today: NaiveDate) -> Result<Appointment, Vec<FieldError>> {
        let mut errors = Vec::new();
        let role = MemberRole::parse(self.role.trim());
        if role.is_none() {
            errors.push(FieldError::new(
                "role",
                "choose chair, vice-chair or member",
            ));
        }
        let term = self.term_ends_on.trim();
        let term_ends_on = if term.is_empty() {
            None
        } else {
            match NaiveDate::parse_from_str(term, "%Y-%m-%d") {
                Ok(day) if day < today => {
                    errors.push(FieldError::new(
                        "term_ends_on",
                        "that date has passed; choose a later end, or leave it empty",
                    ));
                    None
                }
                Ok(day) => Some(day),
                Err(_) => {
                    errors.push(FieldError::new(
                        "term_ends_on",
                        "give the date the term ends, or leave it empty",
                    ));
                    None
                }
            }
        };
        match role {
            Some(role) if errors.is_empty() => Ok(Appointment { role, term_ends_on }),
            _ => Err(errors),
        }
    }
}

/// One of a person's places on a committee, for the page that lists their committees.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Seat {
    pub committee: CommitteeId,
    pub committee_name: String,
    pub kind: CommitteeKind,
    pub role: MemberRole,
    /// `active`, `inactive` or `waiting`.
    pub status: String,
    pub joined_on: NaiveDate,
    pub term_ends_on: Option<NaiveDate>,
}

/// A member's page: who they are and the committees they sit on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonCommittees {
    pub person: UserId,
    pub name: String,
    pub seats: Vec<Seat>,
}

/// A meeting as the chair types it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MeetingDraft {
    /// `YYYY-MM-DD`
    pub date: String,
    /// `HH:MM`, 24-hour, the state's wall-clock time (the server turns it into an instant).
    pub time: String,
    pub place: String,
    pub agenda: String,
}

/// A checked meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingFields {
    /// The state's wall-clock time, as typed.
    pub starts_local: NaiveDateTime,
    pub place: String,
    pub agenda: String,
}

impl MeetingDraft {
    pub fn validate(&self) -> Result<MeetingFields, Vec<FieldError>> {
        let mut errors = Vec::new();
        let date = NaiveDate::parse_from_str(self.date.trim(), "%Y-%m-%d");
        if date.is_err() {
            errors.push(FieldError::new("date", "choose the meeting's date"));
        }
        let time = chrono::NaiveTime::parse_from_str(self.time.trim(), "%H:%M");
        if time.is_err() {
            errors.push(FieldError::new("time", "give a time such as 14:30"));
        }
        let place = self.place.trim().to_owned();
        if place.is_empty() {
            errors.push(FieldError::new(
                "place",
                "say where it is, or how to join the call",
            ));
        } else if place.chars().count() > 300 {
            errors.push(FieldError::new(
                "place",
                "keep the place under 300 characters",
            ));
        }
        let agenda = self.agenda.trim().to_owned();
        if agenda.chars().count() > 4_000 {
            errors.push(FieldError::new(
                "agenda",
                "keep the agenda under 4,000 characters",
            ));
        }
        match (date, time) {
            (Ok(date), Ok(time)) if errors.is_empty() => Ok(MeetingFields {
                starts_local: date.and_time(time),
                place,
                agenda,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod meeting_tests {
    use super::*;

    #[test]
    fn a_meeting_needs_a_date_a_time_and_a_place() {
        let errors = MeetingDraft::default().validate().expect_err("refused");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["date", "time", "place"]);
        let fields = MeetingDraft {
            date: "2026-12-03".to_owned(),
            time: "14:30".to_owned(),
            place: " Room 2 ".to_owned(),
            agenda: String::new(),
        }
        .validate()
        .expect("valid");
        assert_eq!(fields.place, "Room 2");
        assert_eq!(fields.starts_local.to_string(), "2026-12-03 14:30:00");
    }

    fn appoint(role: &str, term: &str) -> Result<Appointment, Vec<FieldError>> {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
        AppointDraft {
            role: role.to_owned(),
            term_ends_on: term.to_owned(),
        }
        .validate(today)
    }

    #[test]
    fn an_appointment_names_a_role_and_a_term_not_yet_over() {
        assert_eq!(
            appoint("vice_chair", " 2027-06-30 "),
            Ok(Appointment {
                role: MemberRole::ViceChair,
                term_ends_on: NaiveDate::from_ymd_opt(2027, 6, 30),
            })
        );
        assert_eq!(appoint("chair", "").map(|a| a.term_ends_on), Ok(None));
        let fields = |r: Result<Appointment, Vec<FieldError>>| -> Vec<String> {
            r.expect_err("refused")
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(fields(appoint("boss", "2027-01-01")), ["role"]);
        assert_eq!(fields(appoint("member", "2026-11-28")), ["term_ends_on"]);
        assert_eq!(fields(appoint("member", "next June")), ["term_ends_on"]);
    }

    #[test]
    fn the_roster_export_has_roles_terms_and_figures() {
        use crate::rules::participation::{Rule, Standing};
        let day = |d| NaiveDate::from_ymd_opt(2026, 1, d).unwrap_or_default();
        let roster = Roster {
            committee: CommitteeId(uuid::Uuid::nil()),
            name: "Marketing".to_owned(),
            rule: Rule::default(),
            members: vec![MemberStanding {
                member: MemberRow {
                    person: UserId(uuid::Uuid::nil()),
                    name: "Santos, Riley".to_owned(),
                    role: MemberRole::ViceChair,
                    joined_on: day(5),
                    term_ends_on: Some(day(31)),
                },
                status: "active".to_owned(),
                standing: Standing {
                    at_risk: true,
                    counted: 4,
                    attended: 1,
                    excused: 1,
                    streak: 2,
                    reason: "attended 1 of 4 meetings (25%); needs 50%".to_owned(),
                },
            }],
            meetings: Vec::new(),
            marks: Vec::new(),
            appoints: false,
            appointable: Vec::new(),
        };
        let csv = roster.csv();
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "Name,Role,Status,Joined,Term ends,Meetings counted,Attended,Excused,At risk,Participation"
        );
        assert_eq!(
            lines[1],
            "\"Santos, Riley\",Vice-chair,active,2026-01-05,2026-01-31,4,1,1,yes,attended 1 of 4 meetings (25%); needs 50%"
        );
        assert_eq!(
            lines.len(),
            3,
            "a header, one member, and the final line end"
        );
    }
}
