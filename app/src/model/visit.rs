//! The vocabulary of visits and businesses.

use serde::{Deserialize, Serialize};

/// How a visit was held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitMode {
    InPerson,
    ConferenceCall,
    GroupPresentation,
    Phone,
    Email,
    Video,
}

impl VisitMode {
    pub const ALL: [VisitMode; 6] = [
        VisitMode::InPerson,
        VisitMode::ConferenceCall,
        VisitMode::GroupPresentation,
        VisitMode::Phone,
        VisitMode::Email,
        VisitMode::Video,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VisitMode::InPerson => "in_person",
            VisitMode::ConferenceCall => "conference_call",
            VisitMode::GroupPresentation => "group_presentation",
            VisitMode::Phone => "phone",
            VisitMode::Email => "email",
            VisitMode::Video => "video",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            VisitMode::InPerson => "in person",
            VisitMode::ConferenceCall => "conference call",
            VisitMode::GroupPresentation => "group presentation",
            VisitMode::Phone => "phone",
            VisitMode::Email => "e-mail",
            VisitMode::Video => "video",
        }
    }
}

/// Where a business is in its cycle; it drives which services a rep should present.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    StartUp,
    Growth,
    Stable,
    Decline,
    Closing,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::StartUp,
        Stage::Growth,
        Stage::Stable,
        Stage::Decline,
        Stage::Closing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::StartUp => "start_up",
            Stage::Growth => "growth",
            Stage::Stable => "stable",
            Stage::Decline => "decline",
            Stage::Closing => "closing",
        }
    }

    pub fn parse(value: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|stage| stage.as_str() == value)
    }

    /// Stages stored as one comma-separated value.
    pub fn join(stages: &[Stage]) -> String {
        stages
            .iter()
            .map(|stage| stage.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The reverse of [`Stage::join`]; unknown names are skipped.
    pub fn split(value: &str) -> Vec<Stage> {
        value
            .split(',')
            .filter_map(|name| Stage::parse(name.trim()))
            .collect()
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::StartUp => "Start-up",
            Stage::Growth => "Growth / expansion",
            Stage::Stable => "Stable",
            Stage::Decline => "Decline / at risk",
            Stage::Closing => "Closing / lay-off",
        }
    }
}

impl VisitMode {
    pub fn parse(value: &str) -> Option<VisitMode> {
        VisitMode::ALL
            .into_iter()
            .find(|mode| mode.as_str() == value)
    }
}

/// A named entry of a reference list (visit categories).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: uuid::Uuid,
    pub name: String,
    /// Retired categories stay for the visits filed under them; new visits cannot use them.
    #[serde(default)]
    pub retired: bool,
    /// The state's date it was retired on: visits dated up to that day may keep it.
    #[serde(default)]
    pub retired_on: Option<chrono::NaiveDate>,
}

/// An activity type, within its category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityType {
    pub id: uuid::Uuid,
    pub name: String,
    pub category: uuid::Uuid,
    /// Recording it claims a BizWorks Orientation, which the rule then checks.
    pub is_orientation: bool,
    #[serde(default)]
    pub retired: bool,
    /// The state's date it was retired on: visits dated up to that day may keep it.
    #[serde(default)]
    pub retired_on: Option<chrono::NaiveDate>,
}

/// Every category and activity type, retired ones included, for administrators.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitKinds {
    pub categories: Vec<Category>,
    pub activity_types: Vec<ActivityType>,
}

/// A category as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CategoryDraft {
    pub name: String,
}

/// An activity type as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityTypeDraft {
    pub name: String,
    pub category: String,
    pub is_orientation: bool,
}

/// A checked [`ActivityTypeDraft`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityTypeFields {
    pub name: String,
    pub category: uuid::Uuid,
    pub is_orientation: bool,
}

/// What the visit form needs to offer its choices: categories, activity types, the slate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitReference {
    /// The state's date when the server answered: the latest a visit may have. Kept on a
    /// device it grows old, so a running form takes the device's own date instead.
    pub today: chrono::NaiveDate,
    /// The state's time zone (`America/New_York`), for a device to tell the state's date on
    /// its own clock whatever zone the device is set to. Empty where the reference is only
    /// checked against, and in references kept before it was sent.
    #[serde(default)]
    pub time_zone: String,
    /// Retired ones included (with the day), for visits dated before they were retired.
    pub categories: Vec<Category>,
    /// Retired ones included (with the day), as for categories.
    pub activity_types: Vec<ActivityType>,
    pub slate: Vec<super::Service>,
    /// Services retired since, which visits dated before their retirement may still name.
    #[serde(default)]
    pub retired: Vec<super::RetiredService>,
}

/// One business of a visit as typed: which contacts were met there.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VisitBusinessDraft {
    pub business: Option<super::BusinessId>,
    pub contacts_met: Vec<super::ContactId>,
}

/// The visit form as typed, kept whole so a refused save loses nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VisitDraft {
    pub date: String,
    pub category: String,
    pub activity_type: String,
    pub mode: String,
    pub businesses: Vec<VisitBusinessDraft>,
    pub presented: Vec<super::ServiceId>,
    pub delivered: Vec<super::ServiceId>,
    pub referred: Vec<super::ServiceId>,
    pub jobseekers_hired: String,
    pub positions_open: String,
    pub notes: String,
    pub follow_up: String,
}

/// A visit after validation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitFields {
    pub date: chrono::NaiveDate,
    pub category: uuid::Uuid,
    pub activity_type: uuid::Uuid,
    pub mode: VisitMode,
    /// Each business once, with the contacts met there.
    pub businesses: Vec<(super::BusinessId, Vec<super::ContactId>)>,
    pub presented: std::collections::BTreeSet<super::ServiceId>,
    pub delivered: std::collections::BTreeSet<super::ServiceId>,
    pub referred: std::collections::BTreeSet<super::ServiceId>,
    pub jobseekers_hired: u32,
    pub positions_open: Option<u32>,
    pub notes: String,
    pub follow_up: Option<chrono::NaiveDate>,
}

impl VisitFields {
    /// Whether two checked visits say the same: businesses and the contacts met at each are
    /// compared as sets, since a stored visit lists them in id order and a form in the order
    /// the rep added them.
    pub fn same_visit(&self, other: &VisitFields) -> bool {
        fn in_order(fields: &VisitFields) -> VisitFields {
            let mut fields = fields.clone();
            for (_, met) in &mut fields.businesses {
                met.sort();
            }
            fields.businesses.sort();
            fields
        }
        in_order(self) == in_order(other)
    }
}

/// Where a visit stands in the director's review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    Received,
    HasIssues,
}

impl ReviewStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Received => "received",
            ReviewStatus::HasIssues => "has_issues",
        }
    }

    pub fn parse(value: &str) -> ReviewStatus {
        if value == "has_issues" {
            ReviewStatus::HasIssues
        } else {
            ReviewStatus::Received
        }
    }
}

/// The rule's stored verdict for one business of a visit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitBusinessResult {
    pub business: super::BusinessSummary,
    pub qualifies: bool,
    pub reasons: String,
}

/// One line of "my visits".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitRow {
    pub id: super::VisitId,
    pub date: chrono::NaiveDate,
    pub activity: String,
    pub mode: VisitMode,
    pub businesses: Vec<String>,
    pub recorded_as_orientation: bool,
    /// Recorded as an orientation, but the rule says no for at least one business.
    pub flagged: bool,
    pub review: ReviewStatus,
    pub follow_up: Option<chrono::NaiveDate>,
}

/// Everything the visit page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitDetail {
    pub id: super::VisitId,
    pub author: String,
    pub center: String,
    pub date: chrono::NaiveDate,
    pub category: String,
    pub activity: String,
    pub mode: VisitMode,
    pub recorded_as_orientation: bool,
    pub slate_size: u32,
    pub results: Vec<VisitBusinessResult>,
    pub contacts_met: Vec<String>,
    pub presented: Vec<String>,
    pub delivered: Vec<String>,
    pub referred: Vec<String>,
    pub jobseekers_hired: u32,
    pub positions_open: Option<u32>,
    pub notes: String,
    pub follow_up: Option<chrono::NaiveDate>,
    pub review: ReviewStatus,
    pub review_comment: Option<String>,
    pub audit: Vec<super::AuditLine>,
    /// The person reading may change or delete it (its author).
    pub can_edit: bool,
    /// The person reading may mark it "has issues" (a director in scope).
    pub can_review: bool,
}

/// Which visits a list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitOnly {
    #[default]
    All,
    HasIssues,
    Orientations,
    /// Recorded as orientations that meet the rule for at least one business: what the
    /// dashboard's "orientations that qualify" counts.
    Qualifying,
    /// Recorded as orientations that fail the rule.
    Flagged,
}

impl VisitOnly {
    const KEYS: [(VisitOnly, &'static str); 5] = [
        (VisitOnly::All, "all"),
        (VisitOnly::HasIssues, "has_issues"),
        (VisitOnly::Orientations, "orientations"),
        (VisitOnly::Qualifying, "qualifying"),
        (VisitOnly::Flagged, "flagged"),
    ];

    /// Its value in a list's address (`?only=`), as serde spells it.
    pub fn key(self) -> &'static str {
        Self::KEYS
            .iter()
            .find(|(only, _)| *only == self)
            .map_or("all", |(_, key)| key)
    }

    /// The choice an address names; anything unknown shows every visit.
    pub fn from_key(key: &str) -> VisitOnly {
        Self::KEYS
            .iter()
            .find(|(_, known)| *known == key)
            .map_or(VisitOnly::All, |(only, _)| *only)
    }
}

/// Filters of a visit list; dates as typed (`YYYY-MM-DD`, empty for open-ended).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct VisitFilter {
    pub from: String,
    pub to: String,
    pub only: VisitOnly,
    /// For a director: narrows to an area inside their scope (`region:<id>`, `board:<id>`,
    /// `center:<id>`), as the dashboard's drill-down links ask; empty for the whole scope.
    pub area: String,
    /// Which page of the list, from 0.
    pub page: u32,
}

/// Visits per page of a visit list.
pub const VISITS_PER_PAGE: u32 = 50;

/// A business on the visit form, with the contacts one may tick as met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChosenBusiness {
    pub business: super::BusinessSummary,
    pub contacts: Vec<super::Contact>,
}

/// A stored visit, as the form edits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditableVisit {
    pub id: super::VisitId,
    /// The server version the form starts from (an edit is based on it).
    #[serde(default)]
    pub version: i64,
    pub draft: VisitDraft,
    pub businesses: Vec<ChosenBusiness>,
}

#[cfg(test)]
mod same_visit_tests {
    use super::VisitFields;
    use crate::model::{BusinessId, ContactId, VisitMode};

    fn visit(businesses: Vec<(BusinessId, Vec<ContactId>)>, notes: &str) -> VisitFields {
        VisitFields {
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap_or_default(),
            category: uuid::Uuid::nil(),
            activity_type: uuid::Uuid::nil(),
            mode: VisitMode::InPerson,
            businesses,
            presented: Default::default(),
            delivered: Default::default(),
            referred: Default::default(),
            jobseekers_hired: 0,
            positions_open: None,
            notes: notes.to_owned(),
            follow_up: None,
        }
    }

    #[test]
    fn order_of_businesses_and_contacts_does_not_matter_the_rest_does() {
        let (a, b) = (BusinessId::new_v7(), BusinessId::new_v7());
        let (x, y) = (ContactId::new_v7(), ContactId::new_v7());
        let added = visit(vec![(b, vec![y, x]), (a, vec![])], "met both");
        let stored = visit(vec![(a, vec![]), (b, vec![x, y])], "met both");
        assert!(added.same_visit(&stored));
        assert!(!added.same_visit(&visit(vec![(a, vec![]), (b, vec![x])], "met both")));
        assert!(!added.same_visit(&visit(vec![(a, vec![]), (b, vec![x, y])], "met one")));
        assert!(!added.same_visit(&visit(vec![(b, vec![x, y])], "met both")));
    }
}

#[cfg(test)]
mod only_tests {
    use super::VisitOnly;

    #[test]
    fn list_keys_are_serdes_names_and_read_back() {
        for only in [
            VisitOnly::All,
            VisitOnly::HasIssues,
            VisitOnly::Orientations,
            VisitOnly::Flagged,
        ] {
            let serde = serde_json::to_value(only).expect("serialise");
            assert_eq!(serde, only.key());
            assert_eq!(VisitOnly::from_key(only.key()), only);
        }
        assert_eq!(VisitOnly::from_key("nonsense"), VisitOnly::All);
    }
}
