//! Visit categories and activity types as administrators keep them. Retired ones stay, so
//! older visits keep their labels; new visits cannot choose them.

use app::backend::AdminViewer;
use app::error::AppError;
use app::model::{ActivityType, ActivityTypeFields, Category, VisitKinds};
use app::rules::validation::FieldError;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::{StoreResult, audit};
use crate::entities::{activity_type, visit_category};
use crate::local_time::LocalTime;
use crate::storage::writer;

fn to_category(model: visit_category::Model, clock: &LocalTime) -> Category {
    Category {
        id: model.id,
        name: model.name,
        retired: model.retired_at.is_some(),
        retired_on: model.retired_at.map(|at| clock.date(at)),
    }
}

/// `None` for the (legacy) types filed under no category, which the form cannot offer.
fn to_activity_type(model: activity_type::Model, clock: &LocalTime) -> Option<ActivityType> {
    Some(ActivityType {
        id: model.id,
        name: model.name,
        category: model.category_id?,
        is_orientation: model.is_orientation,
        retired: model.retired_at.is_some(),
        retired_on: model.retired_at.map(|at| clock.date(at)),
    })
}

/// Every category and activity type in the administrators' order, retired ones included.
pub async fn all(db: &impl ConnectionTrait, clock: &LocalTime) -> StoreResult<VisitKinds> {
    let categories = visit_category::Entity::find()
        .order_by_asc(visit_category::Column::Position)
        .all(db)
        .await?;
    let types = activity_type::Entity::find()
        .order_by_asc(activity_type::Column::Position)
        .all(db)
        .await?;
    Ok(VisitKinds {
        categories: categories
            .into_iter()
            .map(|c| to_category(c, clock))
            .collect(),
        activity_types: types
            .into_iter()
            .filter_map(|t| to_activity_type(t, clock))
            .collect(),
    })
}

fn name_taken(what: &str) -> AppError {
    AppError::InvalidFields(vec![FieldError::new(
        "name",
        format!("another {what} (perhaps retired) has this name; choose another"),
    )])
}

fn not_found(what: &str) -> AppError {
    AppError::NotFound {
        what: format!("That {what} (or it is already retired)"),
    }
}

pub async fn save_category(
    db: &DatabaseConnection,
    admin: &AdminViewer,
    id: Option<Uuid>,
    name: String,
) -> StoreResult<Uuid> {
    let me = admin.viewer().user();
    let txn = writer::begin(db).await?;
    let mut same = visit_category::Entity::find().filter(visit_category::Column::Name.eq(&name));
    if let Some(id) = id {
        same = same.filter(visit_category::Column::Id.ne(id));
    }
    if same.one(&txn).await?.is_some() {
        return Err(name_taken("category").into());
    }
    let saved = match id {
        Some(id) => {
            let mut found = visit_category::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or_else(|| not_found("category"))?
                .into_active_model();
            found.name = Set(name.clone());
            found.update(&txn).await?.id
        }
        None => {
            let position = visit_category::Entity::find()
                .order_by_desc(visit_category::Column::Position)
                .one(&txn)
                .await?
                .map_or(0, |c| c.position + 1);
            visit_category::Model {
                id: Uuid::now_v7(),
                name: name.clone(),
                position,
                retired_at: None,
            }
            .into_active_model()
            .insert(&txn)
            .await?
            .id
        }
    };
    let action = if id.is_some() { "changed" } else { "added" };
    audit::record(
        &txn,
        Some(me.id.0),
        action,
        "visit_category",
        saved,
        serde_json::json!({ "name": name }),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn retire_category(
    db: &DatabaseConnection,
    admin: &AdminViewer,
    id: Uuid,
) -> StoreResult<()> {
    let me = admin.viewer().user();
    let txn = writer::begin(db).await?;
    let found = visit_category::Entity::find_by_id(id)
        .filter(visit_category::Column::RetiredAt.is_null())
        .one(&txn)
        .await?
        .ok_or_else(|| not_found("category"))?;
    let active_types = activity_type::Entity::find()
        .filter(activity_type::Column::CategoryId.eq(id))
        .filter(activity_type::Column::RetiredAt.is_null())
        .count(&txn)
        .await?;
    if active_types > 0 {
        return Err(AppError::Conflict {
            message: format!(
                "{} still files {active_types} active activity type{}. Retire them or move them \
                 to another category first.",
                found.name,
                if active_types == 1 { "" } else { "s" }
            ),
        }
        .into());
    }
    let name = found.name.clone();
    let mut retired = found.into_active_model();
    retired.retired_at = Set(Some(Utc::now()));
    retired.update(&txn).await?;
    audit::record(
        &txn,
        Some(me.id.0),
        "retired",
        "visit_category",
        id,
        serde_json::json!({ "name": name }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn active_category(db: &impl ConnectionTrait, id: Uuid) -> StoreResult<()> {
    visit_category::Entity::find_by_id(id)
        .filter(visit_category::Column::RetiredAt.is_null())
        .one(db)
        .await?
        .map(|_| ())
        .ok_or_else(|| {
            AppError::InvalidFields(vec![FieldError::new(
                "category",
                "that category is retired or gone; choose an active one",
            )])
            .into()
        })
}

pub async fn save_activity_type(
    db: &DatabaseConnection,
    admin: &AdminViewer,
    id: Option<Uuid>,
    fields: ActivityTypeFields,
) -> StoreResult<Uuid> {
    let me = admin.viewer().user();
    let txn = writer::begin(db).await?;
    let mut same =
        activity_type::Entity::find().filter(activity_type::Column::Name.eq(&fields.name));
    if let Some(id) = id {
        same = same.filter(activity_type::Column::Id.ne(id));
    }
    if same.one(&txn).await?.is_some() {
        return Err(name_taken("activity type").into());
    }
    active_category(&txn, fields.category).await?;
    let saved = match id {
        Some(id) => {
            let mut found = activity_type::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or_else(|| not_found("activity type"))?
                .into_active_model();
            found.name = Set(fields.name.clone());
            found.category_id = Set(Some(fields.category));
            found.is_orientation = Set(fields.is_orientation);
            found.update(&txn).await?.id
        }
        None => {
            let position = activity_type::Entity::find()
                .order_by_desc(activity_type::Column::Position)
                .one(&txn)
                .await?
                .map_or(0, |a| a.position + 1);
            activity_type::Model {
                id: Uuid::now_v7(),
                name: fields.name.clone(),
                category_id: Some(fields.category),
                is_orientation: fields.is_orientation,
                position,
                retired_at: None,
            }
            .into_active_model()
            .insert(&txn)
            .await?
            .id
        }
    };
    let action = if id.is_some() { "changed" } else { "added" };
    audit::record(
        &txn,
        Some(me.id.0),
        action,
        "activity_type",
        saved,
        serde_json::json!({ "name": fields.name, "category": fields.category, "is_orientation": fields.is_orientation }),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn retire_activity_type(
    db: &DatabaseConnection,
    admin: &AdminViewer,
    id: Uuid,
) -> StoreResult<()> {
    let me = admin.viewer().user();
    let txn = writer::begin(db).await?;
    let found = activity_type::Entity::find_by_id(id)
        .filter(activity_type::Column::RetiredAt.is_null())
        .one(&txn)
        .await?
        .ok_or_else(|| not_found("activity type"))?;
    let name = found.name.clone();
    let mut retired = found.into_active_model();
    retired.retired_at = Set(Some(Utc::now()));
    retired.update(&txn).await?;
    audit::record(
        &txn,
        Some(me.id.0),
        "retired",
        "activity_type",
        id,
        serde_json::json!({ "name": name }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
