use sea_orm::entity::prelude::*;

/// One searchable word of a business (name, doing-business-as, city, ZIP, FEIN).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "business_words")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub word: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub business_id: Uuid,
    /// The business's name, so a search sorts from the index alone.
    pub legal_name: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
