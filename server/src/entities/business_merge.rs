use sea_orm::entity::prelude::*;

/// One business merged into another, with what moved (JSON), so the merge can be undone.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "business_merges")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub survivor_id: Uuid,
    pub merged_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub moved: String,
    pub merged_by: Option<Uuid>,
    pub merged_at: DateTimeUtc,
    pub undone_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
