use sea_orm::entity::prelude::*;

/// The answer a device got for a change that was not applied (refused, conflicting, or to
/// retry later), so the same change sent again gets the same answer.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sync_outcomes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub device_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub mutation: i64,
    pub record_id: Uuid,
    /// The outcome as sent, JSON.
    #[sea_orm(column_type = "Text")]
    pub outcome: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
