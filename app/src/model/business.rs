//! Businesses (establishments) and the people met there.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::StateTime;

use super::{BusinessId, CenterId, ContactId, Stage, VisitId, VisitMode};

/// What a person typed into the business form, kept as typed so a refused save loses
/// nothing. [`crate::rules::validation::validate_business`] turns it into a [`BusinessFields`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct BusinessDraft {
    pub legal_name: String,
    pub dba: String,
    pub fein: String,
    pub naics: String,
    pub address: String,
    pub city: String,
    pub zip: String,
    pub employee_count: String,
    pub stage: String,
}

/// A business's fields after validation: trimmed, normalised, typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessFields {
    pub legal_name: String,
    pub dba: Option<String>,
    /// Nine digits, no dash.
    pub fein: Option<String>,
    pub naics: String,
    pub address: String,
    pub city: String,
    /// Five digits, or ZIP+4 as `12345-6789`.
    pub zip: String,
    pub employee_count: Option<u32>,
    pub stage: Stage,
}

/// One line of a business search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessSummary {
    pub id: BusinessId,
    pub legal_name: String,
    pub dba: Option<String>,
    pub fein: Option<String>,
    pub city: String,
    pub zip: String,
    pub stage: Stage,
    pub center: Option<CenterId>,
}

/// What the person typed into the contact form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactDraft {
    pub name: String,
    pub title: String,
    pub email: String,
    pub phone: String,
    pub key_representative: bool,
}

/// A contact's fields after validation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFields {
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    /// Digits only, ten of them for a US number.
    pub phone: Option<String>,
    pub key_representative: bool,
}

/// A person at a business.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub key_representative: bool,
}

/// When a business entered a stage, and who said so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageChange {
    pub stage: Stage,
    pub on: NaiveDate,
    pub by: Option<String>,
}

/// One visit as a business page lists it (no notes: those are for the author and directors).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitLine {
    pub id: VisitId,
    pub date: NaiveDate,
    pub activity: String,
    pub mode: VisitMode,
    pub center: String,
    pub author: String,
    pub follow_up: Option<NaiveDate>,
}

/// One entry of an audit trail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub at: StateTime,
    pub actor: Option<String>,
    pub action: String,
}

/// Everything the business page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessDetail {
    /// The server's date, against which follow-ups are due (browsers' clocks differ).
    pub today: NaiveDate,
    pub summary: BusinessSummary,
    pub naics: String,
    pub address: String,
    pub employee_count: Option<u32>,
    pub center_name: Option<String>,
    pub parent: Option<BusinessSummary>,
    pub branches: Vec<BusinessSummary>,
    pub contacts: Vec<Contact>,
    pub stages: Vec<StageChange>,
    pub visits: Vec<VisitLine>,
    pub audit: Vec<AuditLine>,
    /// Businesses merged into this one, most recent first; each can be undone.
    pub merges: Vec<MergeLine>,
    /// Set when this business was merged into another: the survivor.
    pub merged_into: Option<BusinessSummary>,
    /// Live businesses that look like this one.
    pub duplicates: Vec<Duplicate>,
}

/// Which businesses a search covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BusinessList {
    /// Every business in the state (businesses are shared).
    #[default]
    All,
    /// Those filed under the person's own center.
    MyCenter,
    /// Those the person visited lately, most recent first.
    RecentlyVisited,
}

/// A search: words to find (empty for the whole list), which list, which page (from 0).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BusinessQuery {
    pub text: String,
    pub list: BusinessList,
    pub page: u32,
}

/// One page of results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub has_more: bool,
}

/// An existing business that looks like the one being typed, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplicate {
    pub business: BusinessSummary,
    pub likeness: crate::rules::duplicates::Likeness,
}

/// One business merged into another, as the survivor's page lists it (undoable).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeLine {
    pub id: uuid::Uuid,
    pub merged: BusinessSummary,
    pub at: StateTime,
    pub by: Option<String>,
}

/// Two live businesses that look like one establishment, for the admins' list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicatePair {
    pub first: BusinessSummary,
    pub second: BusinessSummary,
    pub likeness: crate::rules::duplicates::Likeness,
}
