//! Sign-in throttling, kept in the database so every server instance sees the same count.

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};

use crate::entities::sign_in_failure;

/// Whether `account` or `address` has used up its failures for the last hour.
pub async fn is_throttled(
    db: &impl ConnectionTrait,
    account: &str,
    address: &str,
    limit: u32,
) -> Result<bool, DbErr> {
    let since = Utc::now() - Duration::hours(1);
    let by_account = sign_in_failure::Entity::find()
        .filter(sign_in_failure::Column::Account.eq(account))
        .filter(sign_in_failure::Column::At.gt(since))
        .count(db)
        .await?;
    if by_account >= u64::from(limit) {
        return Ok(true);
    }
    let by_address = sign_in_failure::Entity::find()
        .filter(sign_in_failure::Column::Address.eq(address))
        .filter(sign_in_failure::Column::At.gt(since))
        .count(db)
        .await?;
    Ok(by_address >= u64::from(limit))
}

/// Notes one failed sign-in, and forgets those older than the window.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    account: &str,
    address: &str,
) -> Result<(), DbErr> {
    let now = Utc::now();
    sign_in_failure::ActiveModel {
        account: Set(account.to_owned()),
        address: Set(address.to_owned()),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    sign_in_failure::Entity::delete_many()
        .filter(sign_in_failure::Column::At.lt(now - Duration::hours(1)))
        .exec(db)
        .await?;
    Ok(())
}
