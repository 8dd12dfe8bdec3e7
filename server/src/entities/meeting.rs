use sea_orm::entity::prelude::*;

/// A committee meeting: when, where (or the call details), and the agenda.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "meetings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub committee_id: Uuid,
    pub starts_at: DateTimeUtc,
    #[sea_orm(column_type = "Text")]
    pub place: String,
    #[sea_orm(column_type = "Text")]
    pub agenda: String,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub cancelled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
