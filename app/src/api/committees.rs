//! Committees and regional teams: the directory, asking to join, and the chair's decisions.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{
    CommitteeFilter, CommitteeId, CommitteeSummary, JoinDraft, JoinRequestId, JoinRequestRow,
    RequestStatus,
};

/// The directory, filtered by region and interest.
#[server(endpoint = "list_committees")]
pub async fn list_committees(
    #[server(default)] filter: CommitteeFilter,
) -> Result<Vec<CommitteeSummary>, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        backend()?.committees(&who, filter).await
    };
    respond(result.await)
}

/// Asks to join a committee with interests, expertise and a short statement.
#[server(endpoint = "ask_to_join")]
pub async fn ask_to_join(
    committee: CommitteeId,
    draft: JoinDraft,
) -> Result<JoinRequestRow, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        backend()?.ask_to_join(&who, committee, draft).await
    };
    respond(result.await)
}

/// The person's own requests to join, newest first.
#[server(endpoint = "my_join_requests")]
pub async fn my_join_requests() -> Result<Vec<JoinRequestRow>, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        backend()?.my_join_requests(&who).await
    };
    respond(result.await)
}

/// A committee's requests waiting for its chair.
#[server(endpoint = "pending_join_requests")]
pub async fn pending_join_requests(
    committee: CommitteeId,
) -> Result<Vec<JoinRequestRow>, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        backend()?.pending_join_requests(&who, committee).await
    };
    respond(result.await)
}

/// The chair approves, or declines saying why.
#[server(endpoint = "decide_join_request")]
pub async fn decide_join_request(
    request: JoinRequestId,
    approve: bool,
    #[server(default)] reason: String,
) -> Result<RequestStatus, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        backend()?
            .decide_join_request(&who, request, approve, reason)
            .await
    };
    respond(result.await)
}
