//! The people at a business: add, change and remove. Removal is soft, so visits that met
//! someone still name them; every change is on the business's audit trail and the sync clock.

use app::backend::BusinessViewer;
use app::error::AppError;
use app::model::{BusinessId, ContactFields, ContactId};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, Set, TransactionSession, TransactionTrait,
};
use uuid::Uuid;

use super::businesses::live_business;
use super::{StoreResult, audit, sync_clock, visit_pulled};
use crate::entities::contact;

async fn live_contact(db: &impl ConnectionTrait, id: ContactId) -> StoreResult<contact::Model> {
    Ok(contact::Entity::find_by_id(id.0)
        .filter(contact::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound {
            what: "That contact (perhaps someone removed it)".to_owned(),
        })?)
}

/// Adds a contact (`id` is the device's own through sync). Own transaction, or a savepoint.
pub async fn add<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    who: &BusinessViewer,
    id: Option<Uuid>,
    business: BusinessId,
    fields: ContactFields,
) -> StoreResult<contact::Model> {
    let me = who.viewer().user();
    let txn = sync_clock::begin(db).await?;
    live_business(&txn, business.0).await?;
    let now = Utc::now();
    let id = id.unwrap_or_else(Uuid::now_v7);
    let model = contact::Model {
        id,
        business_id: business.0,
        name: fields.name.clone(),
        title: fields.title,
        email: fields.email,
        phone: fields.phone,
        key_representative: fields.key_representative,
        created_by: Some(me.id.0),
        version: 1,
        change_seq: sync_clock::take(&txn, 1).await?,
        deleted_at: None,
        created_at: now,
        updated_at: now,
    };
    model.clone().into_active_model().insert(&txn).await?;
    audit::record(
        &txn,
        Some(me.id.0),
        "contact_added",
        "business",
        business.0,
        serde_json::json!({ "contact": id, "name": fields.name, "key_representative": fields.key_representative }),
    )
    .await?;
    txn.commit().await?;
    Ok(model)
}

/// Changes a contact; returns it as stored. Own transaction, or a savepoint.
pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    who: &BusinessViewer,
    id: ContactId,
    fields: ContactFields,
) -> StoreResult<contact::Model> {
    let me = who.viewer().user();
    let txn = sync_clock::begin(db).await?;
    let found = live_contact(&txn, id).await?;
    let business = live_business(&txn, found.business_id).await?;
    let before = serde_json::json!({
        "name": found.name, "title": found.title, "email": found.email,
        "phone": found.phone, "key_representative": found.key_representative,
    });
    let version = found.version;
    let mut changed = found.into_active_model();
    changed.name = Set(fields.name.clone());
    changed.title = Set(fields.title.clone());
    changed.email = Set(fields.email.clone());
    changed.phone = Set(fields.phone.clone());
    changed.key_representative = Set(fields.key_representative);
    changed.version = Set(version + 1);
    changed.change_seq = Set(sync_clock::take(&txn, 1).await?);
    changed.updated_at = Set(Utc::now());
    let stored = changed.update(&txn).await?;
    audit::record(
        &txn,
        Some(me.id.0),
        "contact_changed",
        "business",
        business.id,
        serde_json::json!({
            "contact": id.0,
            "before": before,
            "after": {
                "name": fields.name, "title": fields.title, "email": fields.email,
                "phone": fields.phone, "key_representative": fields.key_representative,
            },
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(stored)
}

pub async fn remove(
    db: &DatabaseConnection,
    who: &BusinessViewer,
    id: ContactId,
) -> StoreResult<BusinessId> {
    let me = who.viewer().user();
    let txn = sync_clock::begin(db).await?;
    let found = live_contact(&txn, id).await?;
    let business = found.business_id;
    let name = found.name.clone();
    let version = found.version;
    let now = Utc::now();
    let mut removed = found.into_active_model();
    removed.deleted_at = Set(Some(now));
    removed.version = Set(version + 1);
    removed.change_seq = Set(sync_clock::take(&txn, 1).await?);
    removed.updated_at = Set(now);
    removed.update(&txn).await?;
    visit_pulled::forget_meeting(&txn, &[id.0]).await?;
    audit::record(
        &txn,
        Some(me.id.0),
        "contact_removed",
        "business",
        business,
        serde_json::json!({ "contact": id.0, "name": name }),
    )
    .await?;
    txn.commit().await?;
    Ok(BusinessId(business))
}
