//! The slate of services, as administrators keep it.

use app::backend::AdminViewer;
use app::error::AppError;
use app::model::{Service, ServiceFields, ServiceId, Stage};
use app::rules::validation::FieldError;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

use super::visits::to_service;
use super::{StoreResult, audit};
use crate::entities::service;
use crate::storage::writer;

pub async fn all(db: &DatabaseConnection) -> StoreResult<Vec<Service>> {
    Ok(service::Entity::find()
        .order_by_asc(service::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(to_service)
        .collect())
}

fn name_taken() -> AppError {
    AppError::InvalidFields(vec![FieldError {
        field: "name".to_owned(),
        message: "is already on the slate (perhaps retired); choose another name".to_owned(),
    }])
}

pub async fn save(
    db: &DatabaseConnection,
    admin: &AdminViewer,
    id: Option<ServiceId>,
    fields: ServiceFields,
) -> StoreResult<ServiceId> {
    let me = admin.viewer().user();
    let txn = writer::begin(db).await?;
    let mut same_name =
        service::Entity::find().filter(service::Column::Name.eq(fields.name.clone()));
    if let Some(id) = id {
        same_name = same_name.filter(service::Column::Id.ne(id.0));
    }
    if same_name.one(&txn).await?.is_some() {
        return Err(name_taken().into());
    }
    let suits = Stage::join(&fields.suggested_for);
    let saved = match id {
        Some(id) => {
            let found = service::Entity::find_by_id(id.0)
                .one(&txn)
                .await?
                .ok_or_else(|| AppError::NotFound {
                    what: "That service".to_owned(),
                })?;
            let mut active = found.into_active_model();
            active.name = Set(fields.name.clone());
            active.description = Set(fields.description.clone());
            active.suggested_for = Set(suits);
            active.update(&txn).await?
        }
        None => {
            let last = service::Entity::find()
                .order_by_desc(service::Column::Position)
                .one(&txn)
                .await?
                .map_or(0, |s| s.position + 1);
            service::Model {
                id: Uuid::now_v7(),
                name: fields.name.clone(),
                description: fields.description.clone(),
                position: last,
                retired_at: None,
                created_at: Utc::now(),
                suggested_for: suits,
            }
            .into_active_model()
            .insert(&txn)
            .await?
        }
    };
    let action = if id.is_some() { "changed" } else { "added" };
    audit::record(
        &txn,
        Some(me.id.0),
        action,
        "service",
        saved.id,
        serde_json::json!({ "name": saved.name }),
    )
    .await?;
    txn.commit().await?;
    Ok(ServiceId(saved.id))
}

pub async fn retire(
    db: &DatabaseConnection,
    admin: &AdminViewer,
    id: ServiceId,
) -> StoreResult<()> {
    let me = admin.viewer().user();
    let txn = writer::begin(db).await?;
    let found = service::Entity::find_by_id(id.0)
        .filter(service::Column::RetiredAt.is_null())
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::NotFound {
            what: "That service (or it is already retired)".to_owned(),
        })?;
    let name = found.name.clone();
    let mut active = found.into_active_model();
    active.retired_at = Set(Some(Utc::now()));
    active.update(&txn).await?;
    audit::record(
        &txn,
        Some(me.id.0),
        "retired",
        "service",
        id.0,
        serde_json::json!({ "name": name }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
