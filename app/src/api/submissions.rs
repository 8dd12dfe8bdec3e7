//! Program submissions: staff fill the template; coordinators decide and run the window.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{
    DecisionDraft, MySubmissions, SubmissionDetail, SubmissionDraft, SubmissionId,
    SubmissionStatus, WindowDraft, WindowStatus,
};

/// The submission window and the person's own submissions.
#[server(endpoint = "list_my_submissions")]
pub async fn list_my_submissions() -> Result<MySubmissions, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?;
        backend()?.my_submissions(&who).await
    };
    respond(result.await)
}

/// One submission, for its author or a coordinator.
#[server(endpoint = "get_submission")]
pub async fn get_submission(submission: SubmissionId) -> Result<SubmissionDetail, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?;
        backend()?.submission(&who, submission).await
    };
    respond(result.await)
}

/// Saves the template as a draft, or (`intent=submit`) saves and submits it. The form
/// makes `submission`'s id, so a retried save updates the same draft.
#[server(endpoint = "save_submission")]
pub async fn save_submission(
    submission: SubmissionId,
    #[server(default)] draft: SubmissionDraft,
    #[server(default)] intent: String,
) -> Result<SubmissionId, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?;
        backend()?
            .save_submission(&who, submission, draft, intent == "submit")
            .await
    };
    let result = respond(result.await);
    if let Ok(id) = &result {
        let what = if intent == "submit" {
            "submitted"
        } else {
            "draft"
        };
        leptos_axum::redirect(&format!("/submissions/{id}?saved={what}"));
    }
    result
}

/// The coordinator accepts, returns with comments, or declines.
#[server(endpoint = "decide_submission")]
pub async fn decide_submission(
    submission: SubmissionId,
    #[server(default)] draft: DecisionDraft,
) -> Result<SubmissionStatus, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.coordinator()?;
        let (decision, comment) = draft.validate().map_err(AppError::InvalidFields)?;
        backend()?
            .decide_submission(&who, submission, decision, comment)
            .await
    };
    let result = respond(result.await);
    if result.is_ok() {
        leptos_axum::redirect("/assistance");
    }
    result
}

/// The coordinator opens a submission window with its closing date and time.
#[server(endpoint = "open_submission_window")]
pub async fn open_submission_window(
    #[server(default)] draft: WindowDraft,
) -> Result<WindowStatus, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.coordinator()?;
        backend()?.open_window(&who, draft).await
    };
    respond(result.await)
}

/// The coordinator closes the open window now.
#[server(endpoint = "close_submission_window")]
pub async fn close_submission_window() -> Result<WindowStatus, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.coordinator()?;
        backend()?.close_window(&who).await
    };
    respond(result.await)
}
