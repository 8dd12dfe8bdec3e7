//! The coordinator's tracking of assistance requests.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{
    AssistanceDetail, AssistanceOverview, AssistanceRequestId, AssistanceStatus, UpdateDraft,
};

/// Requests (all, or at one status), counts, submissions waiting and the window.
#[server(endpoint = "get_assistance_overview")]
pub async fn get_assistance_overview(
    #[server(default)] status: String,
) -> Result<AssistanceOverview, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.coordinator()?;
        backend()?
            .assistance_overview(&who, AssistanceStatus::parse(&status))
            .await
    };
    respond(result.await)
}

/// One request with its history and notes.
#[server(endpoint = "get_assistance_request")]
pub async fn get_assistance_request(
    request: AssistanceRequestId,
) -> Result<AssistanceDetail, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.coordinator()?;
        backend()?.assistance_request(&who, request).await
    };
    respond(result.await)
}

/// Schedules, marks delivered, closes, or adds a note.
#[server(endpoint = "update_assistance_request")]
pub async fn update_assistance_request(
    request: AssistanceRequestId,
    #[server(default)] draft: UpdateDraft,
) -> Result<AssistanceStatus, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.coordinator()?;
        backend()?.update_assistance(&who, request, draft).await
    };
    respond(result.await)
}
