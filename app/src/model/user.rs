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
