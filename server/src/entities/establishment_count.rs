use sea_orm::entity::prelude::*;

/// The number of business establishments in an area over a period, as entered by staff.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "establishment_counts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub area_kind: String,
    pub area_id: Option<Uuid>,
    pub period_start: Date,
    pub period_end: Date,
    pub establishments: i32,
    pub entered_by: Option<Uuid>,
    pub entered_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
