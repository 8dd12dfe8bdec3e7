//! Keeps a business's search words in step with its fields.

use app::rules::search::index_words;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter};
use uuid::Uuid;

use crate::entities::{business, business_word};

/// The word rows for a business as it now is.
pub fn rows(business: &business::Model) -> Vec<business_word::Model> {
    index_words(
        &business.legal_name,
        business.dba.as_deref(),
        &business.city,
        &business.zip,
        business.fein.as_deref(),
    )
    .into_iter()
    .map(|word| business_word::Model {
        word,
        business_id: business.id,
        legal_name: business.legal_name.clone(),
    })
    .collect()
}

/// Replaces the words of `business`.
pub async fn reindex(db: &impl ConnectionTrait, business: &business::Model) -> Result<(), DbErr> {
    remove(db, business.id).await?;
    let rows: Vec<_> = rows(business)
        .into_iter()
        .map(IntoActiveModel::into_active_model)
        .collect();
    if !rows.is_empty() {
        business_word::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

pub async fn remove(db: &impl ConnectionTrait, business: Uuid) -> Result<(), DbErr> {
    business_word::Entity::delete_many()
        .filter(business_word::Column::BusinessId.eq(business))
        .exec(db)
        .await?;
    Ok(())
}
