//! What administrators manage: accounts and the slate of services.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{InviteDraft, Invited, OrgUnits, Service, ServiceDraft, ServiceId, UserId};

/// The whole slate, retired services included.
#[server(endpoint = "admin_slate")]
pub async fn admin_slate() -> Result<Vec<Service>, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let admin = viewer()?.admin()?;
        backend()?.slate(&admin).await
    };
    respond(result.await)
}

/// Adds a service, or (with `id`) renames and re-describes one.
#[server(endpoint = "save_service")]
pub async fn save_service(
    id: Option<ServiceId>,
    draft: ServiceDraft,
) -> Result<ServiceId, AppError> {
    use crate::backend::{backend, respond, viewer};
    use crate::rules::validation::validate_service;
    let result = async {
        let admin = viewer()?.admin()?;
        let fields = validate_service(&draft).map_err(AppError::InvalidFields)?;
        backend()?.save_service(&admin, id, fields).await
    };
    respond(result.await)
}

/// Retires a service of the slate.
#[server(endpoint = "retire_service")]
pub async fn retire_service(id: ServiceId) -> Result<(), AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let admin = viewer()?.admin()?;
        backend()?.retire_service(&admin, id).await
    };
    respond(result.await)
}

/// The organisation, for the invitation form.
#[server(endpoint = "get_org_units")]
pub async fn get_org_units() -> Result<OrgUnits, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let admin = viewer()?.admin()?;
        backend()?.org_units(&admin).await
    };
    respond(result.await)
}

/// Creates an account with a temporary password, shown once to the administrator.
#[server(endpoint = "invite_user")]
pub async fn invite_user(draft: InviteDraft) -> Result<Invited, AppError> {
    use crate::backend::{backend, respond, viewer};
    use crate::rules::validation::validate_invite;
    let result = async {
        let admin = viewer()?.admin()?;
        let fields = validate_invite(&draft).map_err(AppError::InvalidFields)?;
        backend()?.invite_user(&admin, fields).await
    };
    respond(result.await)
}

/// Deactivates or reactivates an account.
#[server(endpoint = "set_user_active")]
pub async fn set_user_active(id: UserId, active: bool) -> Result<(), AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let admin = viewer()?.admin()?;
        backend()?.set_user_active(&admin, id, active).await
    };
    respond(result.await)
}
