use sea_orm::entity::prelude::*;

/// A device a user syncs from, with its sync progress and local storage use.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "devices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub last_mutation: i64,
    pub app_version: Option<String>,
    pub pending_count: i32,
    pub storage_used: Option<i64>,
    pub created_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
    /// The last push the server completed; `None` before the first.
    pub last_push_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
