//! Assistance requests: another state asks for help with a showcased program; a coordinator
//! tracks it from received to delivered; the requester follows it by reference number.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::StateTime;

use super::{
    AssistanceRequestId, DeliveryMode, ModeChoice, ProgramId, SubmissionRow, WindowStatus,
};
use crate::rules::states;
use crate::rules::validation::{FieldError, FieldErrors, email, text_field};

/// Where a request stands. The order is the order of the work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssistanceStatus {
    Received,
    Scheduled,
    Delivered,
    Closed,
}

impl AssistanceStatus {
    pub const ALL: [AssistanceStatus; 4] = [
        AssistanceStatus::Received,
        AssistanceStatus::Scheduled,
        AssistanceStatus::Delivered,
        AssistanceStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AssistanceStatus::Received => "received",
            AssistanceStatus::Scheduled => "scheduled",
            AssistanceStatus::Delivered => "delivered",
            AssistanceStatus::Closed => "closed",
        }
    }

    pub fn parse(value: &str) -> Option<AssistanceStatus> {
        AssistanceStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == value.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            AssistanceStatus::Received => "Received",
            AssistanceStatus::Scheduled => "Scheduled",
            AssistanceStatus::Delivered => "Delivered",
            AssistanceStatus::Closed => "Closed",
        }
    }

    /// What the requester reads about this stage.
    pub fn explain(self) -> &'static str {
        match self {
            AssistanceStatus::Received => {
                "Your request has arrived. The coordinator will contact you to agree the dates."
            }
            AssistanceStatus::Scheduled => "The training or assistance is scheduled.",
            AssistanceStatus::Delivered => "The training or assistance has been delivered.",
            AssistanceStatus::Closed => "This request is closed.",
        }
    }
}

/// The public request form as typed. `website` is a honeypot: hidden from people, filled in
/// by form-filling robots.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssistanceDraft {
    pub name: String,
    pub agency: String,
    pub state: String,
    pub email: String,
    pub need: String,
    pub modes: ModeChoice,
    pub dates: String,
    pub website: String,
}

/// A checked request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssistanceFields {
    pub name: String,
    pub agency: String,
    /// Two-letter postal code.
    pub state: String,
    pub email: String,
    pub need: String,
    pub modes: Vec<DeliveryMode>,
    pub dates: String,
}

impl AssistanceDraft {
    /// Whether the hidden field was filled: nobody using the page can see it.
    pub fn looks_automated(&self) -> bool {
        !self.website.trim().is_empty()
    }

    pub fn validate(&self) -> Result<AssistanceFields, FieldErrors> {
        let mut errors = Vec::new();
        let mut text = |field: &str, value: &str, max: usize, what: &'static str| {
            text_field(
                &mut errors,
                field,
                value,
                max,
                (!what.is_empty()).then_some(what),
            )
        };
        let name = text("name", &self.name, 120, "your name");
        let agency = text("agency", &self.agency, 200, "your agency or organisation");
        let need = text("need", &self.need, 4_000, "what you need help with");
        let dates = text("dates", &self.dates, 300, "");
        let state = match states::code(&self.state) {
            Some(code) => code.to_owned(),
            None => {
                errors.push(FieldError::new("state", "choose your state from the list"));
                String::new()
            }
        };
        let email = match email(&self.email) {
            Ok(Some(address)) if address.len() <= 254 => address,
            Ok(Some(_)) => {
                errors.push(FieldError::new("email", "keep it under 254 characters"));
                String::new()
            }
            Ok(None) => {
                errors.push(FieldError::new(
                    "email",
                    "enter your e-mail, so the coordinator can answer",
                ));
                String::new()
            }
            Err(message) => {
                errors.push(FieldError::new("email", message));
                String::new()
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(AssistanceFields {
            name,
            agency,
            state,
            email,
            need,
            modes: self.modes.modes(),
            dates,
        })
    }
}

/// One line of the coordinator's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssistanceRow {
    pub id: AssistanceRequestId,
    pub reference: String,
    pub program_title: String,
    pub agency: String,
    pub state: String,
    pub status: AssistanceStatus,
    pub received_at: StateTime,
    pub scheduled_for: Option<NaiveDate>,
}

/// A change of status or a note, in the request's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssistanceUpdateRow {
    pub at: StateTime,
    pub status: AssistanceStatus,
    /// Coordinators' notes; never shown on the public status page.
    pub note: String,
    pub by: Option<String>,
}

/// One request, for a coordinator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssistanceDetail {
    pub row: AssistanceRow,
    pub program: ProgramId,
    pub fields: AssistanceFields,
    pub scheduled_mode: Option<DeliveryMode>,
    pub updates: Vec<AssistanceUpdateRow>,
}

/// What anyone holding the reference number may read: no names, e-mails or notes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicStatus {
    pub reference: String,
    pub program_title: String,
    pub state: String,
    pub status: AssistanceStatus,
    pub scheduled_for: Option<NaiveDate>,
    pub scheduled_mode: Option<DeliveryMode>,
    /// Each stage reached, with when.
    pub history: Vec<(AssistanceStatus, StateTime)>,
}

/// The coordinator's update form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UpdateDraft {
    pub status: String,
    /// `YYYY-MM-DD`, when scheduling.
    pub scheduled_for: String,
    pub scheduled_mode: String,
    pub note: String,
}

/// A checked update.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssistanceUpdate {
    pub status: AssistanceStatus,
    pub scheduled_for: Option<NaiveDate>,
    pub scheduled_mode: Option<DeliveryMode>,
    pub note: String,
}

/// The coordinator's page: requests (filtered by status), how many are at each stage,
/// submissions waiting for a decision, and the submission window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssistanceOverview {
    pub requests: Vec<AssistanceRow>,
    pub counts: Vec<(AssistanceStatus, u64)>,
    pub waiting: Vec<SubmissionRow>,
    pub window: WindowStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> AssistanceDraft {
        AssistanceDraft {
            name: "Dana Reyes".to_owned(),
            agency: "Ohio Department of Job and Family Services".to_owned(),
            state: "oh".to_owned(),
            email: "dana@example.org".to_owned(),
            need: "Train our business services team".to_owned(),
            modes: ModeChoice {
                video_conference: true,
                ..ModeChoice::default()
            },
            dates: "March 2027".to_owned(),
            website: String::new(),
        }
    }

    #[test]
    fn a_request_names_who_where_and_what() {
        let fields = draft().validate().expect("valid");
        assert_eq!(fields.state, "OH");
        assert_eq!(fields.modes, [DeliveryMode::VideoConference]);
        let errors = AssistanceDraft::default()
            .validate()
            .err()
            .unwrap_or_default();
        let names: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(names, ["name", "agency", "need", "state", "email"]);
    }

    #[test]
    fn sizes_are_limited_field_by_field() {
        let long = AssistanceDraft {
            need: "x".repeat(4_001),
            dates: "y".repeat(301),
            ..draft()
        };
        let errors = long.validate().err().unwrap_or_default();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].message, "keep it under 4,000 characters");
    }

    #[test]
    fn the_hidden_field_gives_robots_away() {
        assert!(!draft().looks_automated());
        let robot = AssistanceDraft {
            website: "http://spam.example".to_owned(),
            ..draft()
        };
        assert!(robot.looks_automated());
    }
}
