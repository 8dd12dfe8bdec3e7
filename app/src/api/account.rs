//! Who is signed in, what they may open, and the accounts admins manage.

use leptos::prelude::*;

use crate::access::Area;
use crate::error::AppError;
use crate::model::{SessionUser, UserRow};

/// Who is signed in, or `None`.
#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    Ok(crate::backend::maybe_viewer().map(|viewer| viewer.user().clone()))
}

/// Succeeds when the person asking may use `area`; pages call it before showing anything.
#[server(endpoint = "open_area")]
pub async fn open_area(area: Area) -> Result<(), AppError> {
    use crate::backend::{respond, viewer};
    if area.is_public() {
        return Ok(());
    }
    respond(viewer().and_then(|viewer| viewer.may(area)))
}

/// Every account (administrators only).
#[server(endpoint = "list_users")]
pub async fn list_users() -> Result<Vec<UserRow>, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let admin = viewer()?.admin()?;
        backend()?.list_users(&admin).await
    };
    respond(result.await)
}
