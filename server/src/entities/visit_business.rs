use sea_orm::entity::prelude::*;

/// Links a visit to a business it covered, with whether it qualifies as an orientation and why.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "visit_businesses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub visit_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub business_id: Uuid,
    pub orientation_qualifies: bool,
    #[sea_orm(column_type = "Text")]
    pub orientation_reasons: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
