//! The change sequence every synced row carries. Taken inside the writing transaction, from
//! one row that every writer updates, so sequence numbers commit in order and a pull by cursor
//! never skips a row committed late.

use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, Set};

use crate::entities::sync_clock;

/// Reserves `n` sequence numbers and returns the first.
pub async fn take(db: &impl ConnectionTrait, n: i64) -> Result<i64, DbErr> {
    let clock = sync_clock::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("sync_clock row 1".to_owned()))?;
    let first = clock.last_seq + 1;
    let mut active = clock.into_active_model();
    active.last_seq = Set(first + n - 1);
    active.update(db).await?;
    Ok(first)
}
