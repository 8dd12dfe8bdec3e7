use sea_orm::entity::prelude::*;

/// A committee, or a regional team (which belongs to a region).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "committees")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `committee` or `regional_team`.
    pub kind: String,
    pub region_id: Option<Uuid>,
    #[sea_orm(unique)]
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub purpose: String,
    /// `open`, `apply`, `invite` or `closed`.
    pub join_mode: String,
    pub capacity: Option<i32>,
    /// The participation rule, JSON.
    #[sea_orm(column_type = "Text")]
    pub rule: String,
    /// Interest tags, comma separated.
    #[sea_orm(column_type = "Text")]
    pub interests: String,
    pub created_at: DateTimeUtc,
    pub archived_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
