use sea_orm::entity::prelude::*;

/// A period in which staff may submit programs; the newest one is the one that counts.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "submission_windows")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub opens_at: DateTimeUtc,
    pub closes_at: DateTimeUtc,
    pub opened_by: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
