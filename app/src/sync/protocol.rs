//! The sync API's JSON, exactly: what a device pushes, what the server answers, what a device
//! pulls. The browser sends these, the server applies them, and `docs/API.md` and
//! `/api/openapi.json` describe the same shapes for any other client.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::{
    BusinessDraft, BusinessId, CenterId, ContactDraft, DeviceId, Duplicate, ReviewStatus, Stage,
    VisitDraft, VisitReference,
};
use crate::rules::validation::FieldError;

/// The shape of a change's record. The server accepts this one and the one before it.
pub const SCHEMA_VERSION: u32 = 2;
/// Version 1 visits carried no `recorded_at`; the server reads them as recorded when synced.
pub const PREVIOUS_SCHEMA_VERSION: u32 = 1;

/// Largest batch the server takes in one push.
pub const MAX_BATCH: usize = 500;
/// Largest page a pull returns.
pub const MAX_PULL: u64 = 5_000;

/// `POST /api/sync/push`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    pub device: DeviceId,
    /// The app build that made the changes (directors see which devices lag behind).
    pub app_version: String,
    /// Changes still waiting on the device, this batch included.
    pub pending: u32,
    /// Bytes the device's store uses, when it could tell.
    #[serde(default)]
    pub storage_used: Option<u64>,
    pub changes: Vec<Change>,
}

/// One change a device made. `mutation` numbers only grow on a device; the server applies
/// each number once, however often it arrives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub mutation: u64,
    pub schema: u32,
    /// The record's id, made by the device (UUIDv7).
    pub id: Uuid,
    /// The server version the change was based on; `None` creates the record.
    #[serde(default)]
    pub base_version: Option<i64>,
    #[serde(flatten)]
    pub body: ChangeBody,
}

/// What changed. Forms travel as typed, so the server validates them with the same rules as
/// the browser and a refusal names the field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeBody {
    /// A new business, or (with `base`, the fields as the device last saw them) an edit that
    /// the server merges field by field.
    Business {
        draft: BusinessDraft,
        #[serde(default)]
        base: Option<BusinessDraft>,
    },
    /// A new contact at `business`, or an edit merged field by field like a business's.
    Contact {
        business: BusinessId,
        draft: ContactDraft,
        #[serde(default)]
        base: Option<ContactDraft>,
    },
    /// A new visit, or a new version of one of the rep's own.
    Visit {
        draft: VisitDraft,
        /// When the rep saved it on the device (schema 2).
        #[serde(default)]
        recorded_at: Option<DateTime<Utc>>,
    },
    /// Soft-deletes one of the rep's own visits.
    DeleteVisit,
}

impl ChangeBody {
    pub fn kind(&self) -> RecordKind {
        match self {
            ChangeBody::Business { .. } => RecordKind::Business,
            ChangeBody::Contact { .. } => RecordKind::Contact,
            ChangeBody::Visit { .. } | ChangeBody::DeleteVisit => RecordKind::Visit,
        }
    }
}

/// `200` answer to a push: one result per change sent, in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    pub results: Vec<ChangeResult>,
    /// The highest mutation number the server has processed for this device.
    pub last_mutation: u64,
    pub server_time: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeResult {
    pub mutation: u64,
    pub id: Uuid,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// What became of one change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Stored; `version` is the record's new server version.
    Applied {
        version: i64,
        /// Fields changed both here and on the server since `base`: the server kept its
        /// value, and the rep decides on the sync page.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        review: Vec<FieldConflict>,
        /// A new business that looks like one already there; offer the merge.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        duplicates: Vec<Duplicate>,
    },
    /// Refused for good: fix it and send it again (it gets a new mutation number).
    Rejected {
        code: RejectCode,
        /// The first field at fault, when it is about a field.
        #[serde(default)]
        field: Option<String>,
        message: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        errors: Vec<FieldError>,
    },
    /// A visit edit based on an older version than the server's: nothing was changed. The
    /// rep sees both and chooses.
    Conflict {
        server_version: i64,
        #[serde(default)]
        server: Option<Box<VisitDraft>>,
    },
    /// It depends on something the server does not have yet (a business still waiting on
    /// the device), or its number was already spent on another change. Send it again after
    /// that; it gets a new mutation number.
    RetryLater { message: String },
}

impl Outcome {
    /// Stored at `version`, with nothing to review and no likely duplicate.
    pub fn applied(version: i64) -> Self {
        Outcome::Applied {
            version,
            review: Vec::new(),
            duplicates: Vec::new(),
        }
    }
}

/// Why a change was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectCode {
    /// A field is wrong; see `field` and `errors`.
    Invalid,
    /// The signed-in person may not make this change (say, another rep's visit).
    Forbidden,
    /// The record was deleted on the server.
    Gone,
    /// The record's schema is newer or older than the server accepts: update the app.
    UnsupportedSchema,
    /// The id belongs to a record of another kind.
    IdTaken,
}

impl RejectCode {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectCode::Invalid => "invalid",
            RejectCode::Forbidden => "forbidden",
            RejectCode::Gone => "gone",
            RejectCode::UnsupportedSchema => "unsupported_schema",
            RejectCode::IdTaken => "id_taken",
        }
    }

    pub fn parse(value: &str) -> Option<RejectCode> {
        [
            RejectCode::Invalid,
            RejectCode::Forbidden,
            RejectCode::Gone,
            RejectCode::UnsupportedSchema,
            RejectCode::IdTaken,
        ]
        .into_iter()
        .find(|code| code.as_str() == value)
    }
}

/// One field changed on both sides since the device's base.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldConflict {
    pub field: String,
    pub base: String,
    /// What the device sent (not applied).
    pub mine: String,
    /// What the server has (kept).
    pub theirs: String,
}

/// `GET /api/sync/pull?cursor=<seq>&limit=<n>`: the records the person may see that changed
/// after `cursor`, oldest first, tombstones included.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    pub changes: Vec<Pulled>,
    /// Pass this as the next `cursor`.
    pub cursor: i64,
    pub has_more: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Business,
    Contact,
    Visit,
}

/// One record as it now is on the server, or its tombstone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pulled {
    pub seq: i64,
    pub kind: RecordKind,
    pub id: Uuid,
    pub version: i64,
    /// Deleted, or (a business) merged into `merged_into`: drop it from the device.
    #[serde(default)]
    pub deleted: bool,
    #[serde(default)]
    pub merged_into: Option<BusinessId>,
    #[serde(default)]
    pub business: Option<BusinessRecord>,
    #[serde(default)]
    pub contact: Option<ContactRecord>,
    #[serde(default)]
    pub visit: Option<VisitRecord>,
}

/// A business as a device keeps it: the form's fields as typed (to edit offline) and what
/// lists show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessRecord {
    pub draft: BusinessDraft,
    pub stage: Stage,
    #[serde(default)]
    pub center: Option<CenterId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRecord {
    pub business: BusinessId,
    pub draft: ContactDraft,
}

/// One of the rep's own visits as the device keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitRecord {
    pub draft: VisitDraft,
    pub date: NaiveDate,
    pub review: ReviewStatus,
    #[serde(default)]
    pub review_comment: Option<String>,
    /// Recorded as an orientation that fails the rule for at least one business.
    #[serde(default)]
    pub flagged: bool,
}

/// `GET /api/sync/reference`: what the visit form needs offline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceReference {
    pub reference: VisitReference,
    /// The person's center, whose businesses a pull brings.
    pub center: Option<CenterId>,
    pub server_time: DateTime<Utc>,
}

/// Errors of the sync routes as JSON: `{"error": code, "message": text}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncError {
    pub error: String,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_reads_as_documented() {
        let json = r#"{
            "mutation": 7, "schema": 2, "id": "0192f0c4-1b2c-7d3e-8f40-5a6b7c8d9e0f",
            "base_version": null, "kind": "delete_visit"
        }"#;
        let change: Change = serde_json::from_str(json).expect("the documented JSON");
        assert_eq!(change.mutation, 7);
        assert_eq!(change.body, ChangeBody::DeleteVisit);
        let back = serde_json::to_value(&change).expect("serialises");
        assert_eq!(back["kind"], "delete_visit");
    }

    #[test]
    fn outcomes_are_tagged_by_status() {
        let applied = Outcome::Applied {
            version: 3,
            review: Vec::new(),
            duplicates: Vec::new(),
        };
        let json = serde_json::to_value(&applied).expect("serialises");
        assert_eq!(json, serde_json::json!({"status": "applied", "version": 3}));
        let rejected: Outcome = serde_json::from_value(serde_json::json!({
            "status": "rejected", "code": "invalid", "field": "date", "message": "date is in the future"
        }))
        .expect("reads");
        assert!(matches!(
            rejected,
            Outcome::Rejected {
                code: RejectCode::Invalid,
                ..
            }
        ));
    }

    #[test]
    fn reject_codes_round_trip() {
        for code in [
            RejectCode::Invalid,
            RejectCode::Forbidden,
            RejectCode::Gone,
            RejectCode::UnsupportedSchema,
            RejectCode::IdTaken,
        ] {
            assert_eq!(RejectCode::parse(code.as_str()), Some(code));
        }
    }
}
