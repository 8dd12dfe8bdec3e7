//! What the app tells a person about decisions made for them (a request approved, a role
//! given), listed on their notifications page.

use serde::{Deserialize, Serialize};

use super::StateTime;

/// One notification, newest first on the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationRow {
    pub id: i64,
    pub message: String,
    /// Where to read more: a page of this app, such as `/committees/<id>`.
    pub link: String,
    pub created_at: StateTime,
    pub read: bool,
}
