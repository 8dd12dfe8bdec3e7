//! Program submissions: staff fill the template inside a submission window; a coordinator
//! accepts (the program joins the catalogue), returns with comments, or declines.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::StateTime;

use super::{DeliveryMode, ModeChoice, ProgramId, SubmissionId, UserId, split_tags};
use crate::rules::validation::{FieldError, FieldErrors, email, phone, text_field};

/// Where a submission stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionStatus {
    /// Kept for its author only; nobody else reads it.
    Draft,
    /// Waiting for the coordinator.
    Submitted,
    /// Sent back with comments; the author edits and resubmits.
    Returned,
    Accepted,
    Declined,
}

impl SubmissionStatus {
    pub const ALL: [SubmissionStatus; 5] = [
        SubmissionStatus::Draft,
        SubmissionStatus::Submitted,
        SubmissionStatus::Returned,
        SubmissionStatus::Accepted,
        SubmissionStatus::Declined,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionStatus::Draft => "draft",
            SubmissionStatus::Submitted => "submitted",
            SubmissionStatus::Returned => "returned",
            SubmissionStatus::Accepted => "accepted",
            SubmissionStatus::Declined => "declined",
        }
    }

    pub fn parse(value: &str) -> Option<SubmissionStatus> {
        SubmissionStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            SubmissionStatus::Draft => "Draft",
            SubmissionStatus::Submitted => "Submitted, waiting for the coordinator",
            SubmissionStatus::Returned => "Returned for changes",
            SubmissionStatus::Accepted => "Accepted: in the catalogue",
            SubmissionStatus::Declined => "Declined",
        }
    }

    /// Only a draft or a returned submission can still be changed by its author.
    pub fn author_may_edit(self) -> bool {
        matches!(self, SubmissionStatus::Draft | SubmissionStatus::Returned)
    }

    /// A returned submission was asked for by the coordinator, so it may go back after the
    /// window closed; a draft needs an open window.
    pub fn needs_open_window(self) -> bool {
        self == SubmissionStatus::Draft
    }
}

/// The template as typed. Every field is text so a refused form keeps what was typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SubmissionDraft {
    pub title: String,
    pub summary: String,
    pub problem: String,
    pub results: String,
    pub offer: String,
    pub modes: ModeChoice,
    pub tags: String,
    pub travel_costs: String,
    pub material_costs: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

/// A checked submission. A draft may leave fields empty; a submission may not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionFields {
    pub title: String,
    pub summary: String,
    pub problem: String,
    pub results: String,
    pub offer: String,
    pub modes: Vec<DeliveryMode>,
    pub tags: Vec<String>,
    pub travel_costs: String,
    pub material_costs: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: Option<String>,
}

/// Longest texts the template takes, in characters.
const SHORT: usize = 200;
const LONG: usize = 4_000;

impl SubmissionDraft {
    /// Checks the template. `complete` asks for every required field (to submit); a draft
    /// needs only its title, but what it has must still be well formed.
    pub fn validate(&self, complete: bool) -> Result<SubmissionFields, FieldErrors> {
        let mut errors = Vec::new();
        let mut text =
            |field: &str, value: &str, max: usize, what: &'static str, required: bool| {
                text_field(&mut errors, field, value, max, required.then_some(what))
            };
        let title = text("title", &self.title, SHORT, "the program's name", true);
        let summary = text("summary", &self.summary, LONG, "a short summary", complete);
        let problem = text(
            "problem",
            &self.problem,
            LONG,
            "the problem it solves",
            complete,
        );
        let results = text(
            "results",
            &self.results,
            LONG,
            "the outcomes it achieved",
            complete,
        );
        let offer = text(
            "offer",
            &self.offer,
            LONG,
            "what you can offer another state",
            complete,
        );
        let travel_costs = text("travel_costs", &self.travel_costs, 1_000, "", false);
        let material_costs = text("material_costs", &self.material_costs, 1_000, "", false);
        let contact_name = text(
            "contact_name",
            &self.contact_name,
            SHORT,
            "who to contact",
            complete,
        );
        let tags_typed = text("tags", &self.tags, 500, "", false);
        let tags = split_tags(&tags_typed);
        if tags.len() > 12 {
            errors.push(FieldError::new("tags", "use at most 12 topics"));
        }
        let modes = self.modes.modes();
        if complete && modes.is_empty() {
            errors.push(FieldError::new(
                "modes",
                "choose at least one way you can deliver it",
            ));
        }
        let contact_email = match email(&self.contact_email) {
            Ok(Some(address)) => address,
            Ok(None) => {
                if complete {
                    errors.push(FieldError::new(
                        "contact_email",
                        "enter the contact's e-mail",
                    ));
                }
                String::new()
            }
            Err(message) => {
                errors.push(FieldError::new("contact_email", message));
                String::new()
            }
        };
        let contact_phone = phone(&self.contact_phone)
            .map_err(|message| errors.push(FieldError::new("contact_phone", message)))
            .ok()
            .flatten();
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(SubmissionFields {
            title,
            summary,
            problem,
            results,
            offer,
            modes,
            tags,
            travel_costs,
            material_costs,
            contact_name,
            contact_email,
            contact_phone,
        })
    }
}

impl From<&SubmissionFields> for SubmissionDraft {
    fn from(fields: &SubmissionFields) -> Self {
        SubmissionDraft {
            title: fields.title.clone(),
            summary: fields.summary.clone(),
            problem: fields.problem.clone(),
            results: fields.results.clone(),
            offer: fields.offer.clone(),
            modes: ModeChoice::of(&fields.modes),
            tags: fields.tags.join(", "),
            travel_costs: fields.travel_costs.clone(),
            material_costs: fields.material_costs.clone(),
            contact_name: fields.contact_name.clone(),
            contact_email: fields.contact_email.clone(),
            contact_phone: fields.contact_phone.clone().unwrap_or_default(),
        }
    }
}

/// One line of a list of submissions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionRow {
    pub id: SubmissionId,
    pub title: String,
    pub status: SubmissionStatus,
    pub author_name: String,
    pub updated_at: StateTime,
    pub submitted_at: Option<StateTime>,
}

/// One submission, for its author or a coordinator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionDetail {
    pub id: SubmissionId,
    pub author: UserId,
    pub author_name: String,
    pub status: SubmissionStatus,
    pub fields: SubmissionFields,
    /// The coordinator's comments when returning or declining.
    pub comment: Option<String>,
    pub submitted_at: Option<StateTime>,
    pub program: Option<ProgramId>,
    /// The person asking is its author and it is still theirs to change.
    pub may_edit: bool,
    /// The person asking is a coordinator and it waits for a decision.
    pub may_decide: bool,
    /// Whether submissions are taken now, for the author's form.
    pub window: WindowStatus,
}

/// Whether submissions are taken now, in words for the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowStatus {
    pub open: bool,
    /// "Submissions are open until Fri 15 Jan 2027, 17:00 EST."
    pub message: String,
    pub closes_at: Option<DateTime<Utc>>,
}

/// The window's state at `now`: open from its opening until (not including) its deadline.
pub fn window_is_open(window: Option<(DateTime<Utc>, DateTime<Utc>)>, now: DateTime<Utc>) -> bool {
    window.is_some_and(|(opens, closes)| opens <= now && now < closes)
}

/// The submissions page: the window and the person's own submissions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MySubmissions {
    pub window: WindowStatus,
    pub submissions: Vec<SubmissionRow>,
}

/// A coordinator's decision on a submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Accept,
    Return,
    Decline,
}

/// The decision form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionDraft {
    pub decision: String,
    pub comment: String,
}

impl DecisionDraft {
    /// Returning asks the author for changes, so it must say which.
    pub fn validate(&self) -> Result<(Decision, String), FieldErrors> {
        let comment = self.comment.trim().to_owned();
        let decision = match self.decision.as_str() {
            "accept" => Decision::Accept,
            "return" => Decision::Return,
            "decline" => Decision::Decline,
            _ => {
                return Err(vec![FieldError::new(
                    "decision",
                    "choose accept, return or decline",
                )]);
            }
        };
        if comment.chars().count() > LONG {
            return Err(vec![FieldError::new(
                "comment",
                "keep comments under 4,000 characters",
            )]);
        }
        if decision == Decision::Return && comment.is_empty() {
            return Err(vec![FieldError::new(
                "comment",
                "say what the author should change",
            )]);
        }
        Ok((decision, comment))
    }
}

/// The coordinator's form to open a window: the deadline in the state's local time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WindowDraft {
    /// `YYYY-MM-DD`
    pub closes_on: String,
    /// `HH:MM`, 24-hour; empty means close of business, 17:00.
    pub closes_at: String,
}

impl WindowDraft {
    /// The deadline as local wall-clock time; it must be after `now_local`.
    pub fn validate(&self, now_local: NaiveDateTime) -> Result<NaiveDateTime, FieldErrors> {
        let mut errors = Vec::new();
        let date = NaiveDate::parse_from_str(self.closes_on.trim(), "%Y-%m-%d")
            .map_err(|_| errors.push(FieldError::new("closes_on", "choose the closing date")))
            .ok();
        let time = match self.closes_at.trim() {
            "" => NaiveTime::from_hms_opt(17, 0, 0),
            typed => NaiveTime::parse_from_str(typed, "%H:%M")
                .map_err(|_| errors.push(FieldError::new("closes_at", "give a time such as 17:00")))
                .ok(),
        };
        let (Some(date), Some(time)) = (date, time) else {
            return Err(errors);
        };
        let deadline = date.and_time(time);
        if deadline <= now_local {
            return Err(vec![FieldError::new(
                "closes_on",
                "the deadline has to be in the future",
            )]);
        }
        Ok(deadline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> SubmissionDraft {
        SubmissionDraft {
            title: "Mass BizWorks".to_owned(),
            summary: "One team for employers".to_owned(),
            problem: "Employers were called by many programs".to_owned(),
            results: "More repeat business customers".to_owned(),
            offer: "A two-day training".to_owned(),
            modes: ModeChoice {
                classroom: true,
                ..ModeChoice::default()
            },
            tags: "Employers, outreach".to_owned(),
            contact_name: "Rosemary Alexander".to_owned(),
            contact_email: "RAlexander@Example.org".to_owned(),
            ..SubmissionDraft::default()
        }
    }

    fn fields(result: Result<SubmissionFields, FieldErrors>) -> Vec<String> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn a_draft_needs_only_a_title_but_a_submission_needs_everything() {
        let only_title = SubmissionDraft {
            title: "RESEA".to_owned(),
            ..SubmissionDraft::default()
        };
        assert!(only_title.validate(false).is_ok());
        assert_eq!(
            fields(only_title.validate(true)),
            [
                "summary",
                "problem",
                "results",
                "offer",
                "contact_name",
                "modes",
                "contact_email"
            ]
        );
        assert_eq!(
            fields(SubmissionDraft::default().validate(false)),
            ["title"]
        );
        let checked = complete().validate(true).expect("complete");
        assert_eq!(checked.contact_email, "ralexander@example.org");
        assert_eq!(checked.tags, ["employers", "outreach"]);
        assert_eq!(SubmissionDraft::from(&checked).validate(true), Ok(checked));
    }

    #[test]
    fn a_draft_still_refuses_what_is_malformed_or_too_long() {
        let draft = SubmissionDraft {
            title: "x".repeat(201),
            contact_email: "nobody".to_owned(),
            contact_phone: "12".to_owned(),
            ..SubmissionDraft::default()
        };
        assert_eq!(
            fields(draft.validate(false)),
            ["title", "contact_email", "contact_phone"]
        );
    }

    #[test]
    fn returning_needs_a_comment() {
        let draft = |decision: &str, comment: &str| DecisionDraft {
            decision: decision.to_owned(),
            comment: comment.to_owned(),
        };
        assert_eq!(
            draft("accept", "").validate(),
            Ok((Decision::Accept, String::new()))
        );
        assert!(draft("return", " ").validate().is_err());
        assert_eq!(
            draft("return", "Add results").validate(),
            Ok((Decision::Return, "Add results".to_owned()))
        );
        assert!(draft("publish", "").validate().is_err());
    }

    #[test]
    fn the_window_is_open_up_to_but_not_at_its_deadline() {
        let at = |h| {
            NaiveDate::from_ymd_opt(2027, 1, 15)
                .and_then(|d| d.and_hms_opt(h, 0, 0))
                .map(|t| t.and_utc())
                .unwrap_or_default()
        };
        let window = Some((at(9), at(17)));
        assert!(!window_is_open(window, at(8)));
        assert!(window_is_open(window, at(9)));
        assert!(window_is_open(window, at(16)));
        assert!(!window_is_open(window, at(17)));
        assert!(!window_is_open(None, at(12)));
    }

    #[test]
    fn a_deadline_is_a_future_date_with_close_of_business_by_default() {
        let now = NaiveDate::from_ymd_opt(2026, 11, 29)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .unwrap_or_default();
        let draft = |on: &str, at: &str| WindowDraft {
            closes_on: on.to_owned(),
            closes_at: at.to_owned(),
        };
        assert_eq!(
            draft("2027-01-15", "").validate(now).map(|d| d.to_string()),
            Ok("2027-01-15 17:00:00".to_owned())
        );
        assert!(draft("2026-11-29", "09:59").validate(now).is_err());
        assert!(draft("2026-11-29", "10:01").validate(now).is_ok());
        assert_eq!(
            draft("soon", "5pm")
                .validate(now)
                .err()
                .unwrap_or_default()
                .len(),
            2
        );
    }
}
