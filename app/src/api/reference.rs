//! What administrators keep besides accounts and the slate: the organisation's units, visit
//! categories and activity types, and establishment counts.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{
    ActivityTypeDraft, CategoryDraft, CountDraft, EstablishmentCount, UnitDraft, UnitKind,
    VisitKinds,
};

/// Adds a region, board or center, or (with `id`) renames, moves or re-towns one.
#[server(endpoint = "save_unit")]
pub async fn save_unit(id: Option<uuid::Uuid>, draft: UnitDraft) -> Result<uuid::Uuid, AppError> {
    use crate::backend::{backend, respond, viewer};
    use crate::rules::reference::validate_unit;
    let result = async {
        let admin = viewer()?.admin()?;
        let fields = validate_unit(&draft).map_err(AppError::InvalidFields)?;
        backend()?.save_unit(&admin, id, fields).await
    };
    respond(result.await)
}

/// Removes a unit nothing depends on.
#[server(endpoint = "remove_unit")]
pub async fn remove_unit(kind: UnitKind, id: uuid::Uuid) -> Result<(), AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let admin = viewer()?.admin()?;
        backend()?.remove_unit(&admin, kind, id).await
    };
    respond(result.await)
}

/// Every category and activity type, retired ones included.
#[server(endpoint = "admin_visit_kinds")]
pub async fn admin_visit_kinds() -> Result<VisitKinds, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let admin = viewer()?.admin()?;
        backend()?.visit_kinds(&admin).await
    };
    respond(result.await)
}

#[server(endpoint = "save_category")]
pub async fn save_category(
    id: Option<uuid::Uuid>,
    draft: CategoryDraft,
) -> Result<uuid::Uuid, AppError> {
    use crate::backend::{backend, respond, viewer};
    use crate::rules::reference::validate_category;
    let result = async {
        let admin = viewer()?.admin()?;
        let name = validate_category(&draft).map_err(AppError::InvalidFields)?;
        backend()?.save_category(&admin, id, name).await
    };
    respond(result.await)
}

#[server(endpoint = "retire_category")]
pub async fn retire_category(id: uuid::Uuid) -> Result<(), AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let admin = viewer()?.admin()?;
        backend()?.retire_category(&admin, id).await
    };
    respond(result.await)
}

#[server(endpoint = "save_activity_type")]
pub async fn save_activity_type(
    id: Option<uuid::Uuid>,
    draft: ActivityTypeDraft,
) -> Result<uuid::Uuid, AppError> {
    use crate::backend::{backend, respond, viewer};
    use crate::rules::reference::validate_activity_type;
    let result = async {
        let admin = viewer()?.admin()?;
        let fields = validate_activity_type(&draft).map_err(AppError::InvalidFields)?;
        backend()?.save_activity_type(&admin, id, fields).await
    };
    respond(result.await)
}

#[server(endpoint = "retire_activity_type")]
pub async fn retire_activity_type(id: uuid::Uuid) -> Result<(), AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let admin = viewer()?.admin()?;
        backend()?.retire_activity_type(&admin, id).await
    };
    respond(result.await)
}

/// Every establishment count, newest period first.
#[server(endpoint = "establishment_counts")]
pub async fn establishment_counts() -> Result<Vec<EstablishmentCount>, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let admin = viewer()?.admin()?;
        backend()?.establishment_counts(&admin).await
    };
    respond(result.await)
}

#[server(endpoint = "save_establishment_count")]
pub async fn save_establishment_count(draft: CountDraft) -> Result<uuid::Uuid, AppError> {
    use crate::backend::{backend, respond, viewer};
    use crate::rules::reference::validate_count;
    let result = async {
        let admin = viewer()?.admin()?;
        let fields = validate_count(&draft).map_err(AppError::InvalidFields)?;
        backend()?.save_count(&admin, fields).await
    };
    respond(result.await)
}

#[server(endpoint = "remove_establishment_count")]
pub async fn remove_establishment_count(id: uuid::Uuid) -> Result<(), AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let admin = viewer()?.admin()?;
        backend()?.remove_count(&admin, id).await
    };
    respond(result.await)
}
