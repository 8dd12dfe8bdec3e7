//! A person's own notifications.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::NotificationRow;

/// The signed-in person's notifications, newest first.
#[server(endpoint = "my_notifications")]
pub async fn my_notifications() -> Result<Vec<NotificationRow>, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?;
        backend()?.notifications(&who).await
    };
    respond(result.await)
}

/// Marks all of the person's notifications read; answers how many were unread.
#[server(endpoint = "mark_notifications_read")]
pub async fn mark_notifications_read() -> Result<u64, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?;
        backend()?.mark_notifications_read(&who).await
    };
    respond(result.await)
}
