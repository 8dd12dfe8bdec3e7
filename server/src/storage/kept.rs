//! Which businesses each person's device keeps beyond their center's: those they created or
//! visited. Written beside the visit or business, read by every pull.

use std::collections::{BTreeSet, HashSet};

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter};
use uuid::Uuid;

use super::sync_clock;
use crate::entities::{business, contact, kept_business};

/// Ids per statement: well inside SQLite's limit on bound values.
const CHUNK: usize = 5_000;

/// Records `(person, business)` pairs for businesses created in the same transaction (by a
/// person, or generated), which no device can have pulled yet.
pub async fn keep_created(
    db: &impl ConnectionTrait,
    pairs: impl IntoIterator<Item = (Uuid, Uuid)>,
) -> Result<(), DbErr> {
    let pairs: Vec<(Uuid, Uuid)> = pairs
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    insert(db, &pairs).await
}

/// Records `(person, business)` pairs for existing businesses. A business someone starts
/// keeping may have changed last long before their device's cursor, so it and its contacts
/// take a new change sequence: the next pull brings them.
pub async fn keep(
    db: &impl ConnectionTrait,
    pairs: impl IntoIterator<Item = (Uuid, Uuid)>,
) -> Result<(), DbErr> {
    let pairs: BTreeSet<(Uuid, Uuid)> = pairs.into_iter().collect();
    if pairs.is_empty() {
        return Ok(());
    }
    let people: Vec<Uuid> = pairs
        .iter()
        .map(|p| p.0)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let businesses: Vec<Uuid> = pairs
        .iter()
        .map(|p| p.1)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut known = HashSet::new();
    for chunk in businesses.chunks(CHUNK) {
        let rows = kept_business::Entity::find()
            .filter(kept_business::Column::UserId.is_in(people.clone()))
            .filter(kept_business::Column::BusinessId.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        known.extend(rows.into_iter().map(|k| (k.user_id, k.business_id)));
    }
    let fresh: Vec<(Uuid, Uuid)> = pairs.into_iter().filter(|p| !known.contains(p)).collect();
    if fresh.is_empty() {
        return Ok(());
    }
    insert(db, &fresh).await?;
    let newly: Vec<Uuid> = fresh
        .iter()
        .map(|p| p.1)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let seq = sync_clock::take(db, 1).await?;
    for chunk in newly.chunks(CHUNK) {
        business::Entity::update_many()
            .col_expr(business::Column::ChangeSeq, Expr::value(seq))
            .filter(business::Column::Id.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
        contact::Entity::update_many()
            .col_expr(contact::Column::ChangeSeq, Expr::value(seq))
            .filter(contact::Column::BusinessId.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
    }
    Ok(())
}

async fn insert(db: &impl ConnectionTrait, pairs: &[(Uuid, Uuid)]) -> Result<(), DbErr> {
    for chunk in pairs.chunks(CHUNK) {
        let rows = chunk.iter().map(|&(user_id, business_id)| {
            kept_business::Model {
                user_id,
                business_id,
            }
            .into_active_model()
        });
        kept_business::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([
                    kept_business::Column::UserId,
                    kept_business::Column::BusinessId,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}
