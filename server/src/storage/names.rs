//! Display names by id, fetched in one query per kind so lists never query per row.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entities::{activity_type, business, center, user};

pub type Names = HashMap<Uuid, String>;

/// People's display names.
pub async fn people(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<Names, DbErr> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// Businesses' legal names.
pub async fn businesses(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<Names, DbErr> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    Ok(business::Entity::find()
        .filter(business::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b.legal_name))
        .collect())
}

/// Every center's name (a short list).
pub async fn centers(db: &impl ConnectionTrait) -> Result<Names, DbErr> {
    Ok(center::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect())
}

/// Every activity type's name (a short list).
pub async fn activities(db: &impl ConnectionTrait) -> Result<Names, DbErr> {
    Ok(activity_type::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect())
}
