//! The public side of Peer to Peer technical assistance: the catalogue, asking for help and
//! following a request by its reference number. No sign-in.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{AssistanceDraft, Catalogue, Program, ProgramId, ProgramQuery, PublicStatus};

/// The showcased programs that match words, a delivery mode and a topic.
#[server(endpoint = "program_catalogue")]
pub async fn program_catalogue(
    #[server(default)] query: ProgramQuery,
) -> Result<Catalogue, AppError> {
    use crate::backend::{backend, respond};
    respond(backend()?.catalogue(query).await)
}

/// One showcased program.
#[server(endpoint = "get_program")]
pub async fn get_program(program: ProgramId) -> Result<Program, AppError> {
    use crate::backend::{backend, respond};
    respond(backend()?.program(program).await)
}

/// Another state asks for help with a program; answers the reference number to follow it.
#[server(endpoint = "request_assistance")]
pub async fn request_assistance(
    program: ProgramId,
    #[server(default)] draft: AssistanceDraft,
) -> Result<String, AppError> {
    use crate::backend::{Visitor, backend, respond};
    let result = async {
        let visitor = Visitor::of_request();
        let backend = backend()?;
        if draft.looks_automated() {
            backend.refuse_automated(&visitor).await?;
            return Err(AppError::Conflict {
                message: "This request was not sent: the field marked \"leave this empty\" was \
                          filled in, which form-filling robots do. Clear it and send again."
                    .to_owned(),
            });
        }
        let fields = draft.validate().map_err(AppError::InvalidFields)?;
        backend.request_assistance(&visitor, program, fields).await
    };
    let result = respond(result.await);
    if let Ok(reference) = &result {
        leptos_axum::redirect(&format!("/programs/status?reference={reference}&sent=1"));
    }
    result
}

/// Where a request stands, for whoever holds its reference number.
#[server(endpoint = "track_assistance_request")]
pub async fn track_assistance_request(reference: String) -> Result<PublicStatus, AppError> {
    use crate::backend::{backend, respond};
    use crate::rules::assistance::normalize_reference;
    let result = async {
        let reference = normalize_reference(&reference).ok_or_else(|| AppError::Invalid {
            field: "reference".to_owned(),
            message: "a reference looks like TA-7K3QD-9XM2B; check what you typed".to_owned(),
        })?;
        backend()?.assistance_status(reference).await
    };
    respond(result.await)
}
