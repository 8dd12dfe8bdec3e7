//! Identifiers are newtypes over UUIDs so a board id can never be passed where a center id is
//! expected. They serialise as the bare UUID.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new time-ordered (UUIDv7) id, as devices make them offline.
            pub fn new_v7() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<Uuid> for $name {
            fn from(value: Uuid) -> Self {
                Self(value)
            }
        }
    )*};
}

id_type!(
    /// A regional planning area.
    RegionId,
    /// A workforce board.
    BoardId,
    /// A one-stop career center.
    CenterId,
    /// A staff account.
    UserId,
    /// An employer establishment.
    BusinessId,
    /// A person at a business.
    ContactId,
    /// A service of the slate.
    ServiceId,
    /// An engagement activity.
    VisitId,
    /// A browser (or other client) that records changes offline and syncs them.
    DeviceId,
    /// A committee or regional team.
    CommitteeId,
    /// A committee meeting.
    MeetingId,
    /// A request to join a committee.
    JoinRequestId,
    /// A showcased program of the public catalogue.
    ProgramId,
    /// A program submitted through the template.
    SubmissionId,
    /// Another state's request for technical assistance.
    AssistanceRequestId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_serialise_as_bare_uuids() {
        let id = CenterId(Uuid::nil());
        assert_eq!(
            serde_json::to_string(&id).ok().as_deref(),
            Some("\"00000000-0000-0000-0000-000000000000\"")
        );
    }

    #[test]
    fn v7_ids_are_time_ordered() {
        let a = VisitId::new_v7();
        let b = VisitId::new_v7();
        assert!(a < b, "{a} should sort before {b}");
    }
}
