//! Display names by id, fetched in one query per kind so lists never query per row, and two
//! columns per row, not whole records: a list page names dozens of them on every load.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect, Select};
use uuid::Uuid;

use crate::entities::{activity_type, center, user};

pub type Names = HashMap<Uuid, String>;

/// The `(id, name)` pairs of what `select` finds.
async fn pairs<E: EntityTrait>(
    db: &impl ConnectionTrait,
    select: Select<E>,
    id: E::Column,
    name: E::Column,
) -> Result<Names, DbErr> {
    let rows: Vec<(Uuid, String)> = select
        .select_only()
        .columns([id, name])
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// People's display names.
pub async fn people(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<Names, DbErr> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    let select = user::Entity::find().filter(user::Column::Id.is_in(ids));
    pairs(db, select, user::Column::Id, user::Column::DisplayName).await
}

/// Every center's name (a short list).
pub async fn centers(db: &impl ConnectionTrait) -> Result<Names, DbErr> {
    let select = center::Entity::find();
    pairs(db, select, center::Column::Id, center::Column::Name).await
}

/// Every activity type's name (a short list).
pub async fn activities(db: &impl ConnectionTrait) -> Result<Names, DbErr> {
    let select = activity_type::Entity::find();
    pairs(
        db,
        select,
        activity_type::Column::Id,
        activity_type::Column::Name,
    )
    .await
}
