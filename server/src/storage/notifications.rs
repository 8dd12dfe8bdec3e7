//! A person's own notifications: read by them alone, marked read by them alone.

use app::model::{NotificationRow, SessionUser};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::StoreResult;
use crate::entities::notification;
use crate::local_time::LocalTime;

/// Enough to read on one page; older ones stay in the database.
const SHOWN: u64 = 100;

pub async fn mine(
    db: &DatabaseConnection,
    me: &SessionUser,
    local: &LocalTime,
) -> StoreResult<Vec<NotificationRow>> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(me.id.0))
        .order_by_desc(notification::Column::CreatedAt)
        .order_by_desc(notification::Column::Id)
        .limit(SHOWN)
        .all(db)
        .await?
        .into_iter()
        .map(|n| NotificationRow {
            id: n.id,
            message: n.message,
            link: n.link,
            created_at: local.shown(n.created_at),
            read: n.read_at.is_some(),
        })
        .collect())
}

pub async fn mark_read(db: &DatabaseConnection, me: &SessionUser) -> StoreResult<u64> {
    let done = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Some(Utc::now())))
        .filter(notification::Column::UserId.eq(me.id.0))
        .filter(notification::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}
