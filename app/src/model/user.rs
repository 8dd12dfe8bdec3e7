//! The signed-in person as the app sees them, and the admin's view of an account.

use serde::{Deserialize, Serialize};

use super::{CenterId, Role, Scope, UserId};

/// Who is signed in on this request: enough to decide access and to greet them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// The center a rep (or center staff) belongs to.
    pub center: Option<CenterId>,
    /// The name of the center, board, region or "Massachusetts" the person works for.
    pub unit_name: String,
    /// What a director oversees; `None` for every other role.
    pub scope: Option<Scope>,
    /// Set by an invitation: nothing else opens until the person chooses a password.
    #[serde(default)]
    pub must_change_password: bool,
}

/// One account in the admin's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub unit_name: String,
    pub active: bool,
}

/// The invitation form as typed. `unit` names where the person works: `center:<id>` for
/// center staff, or for a director `state`, `region:<id>`, `board:<id>` or `center:<id>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InviteDraft {
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub unit: String,
}

/// An invitation after validation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteFields {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub center: Option<CenterId>,
    pub scope: Option<Scope>,
}

/// A new account and the temporary password to hand over (shown once, never stored).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invited {
    pub email: String,
    pub temporary_password: String,
}

/// A region, board or center: what it is called, what it belongs to, and how much hangs
/// on it (which decides whether it can be removed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: uuid::Uuid,
    pub name: String,
    /// The region of a board, the board of a center; `None` for a region.
    #[serde(default)]
    pub parent: Option<uuid::Uuid>,
    /// A center's town.
    #[serde(default)]
    pub city: Option<String>,
    /// Boards, centers, staff, businesses and visits attached to it.
    #[serde(default)]
    pub attached: u64,
}

/// The organisation as the invitation form offers it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgUnits {
    pub regions: Vec<Unit>,
    pub boards: Vec<Unit>,
    pub centers: Vec<Unit>,
}
