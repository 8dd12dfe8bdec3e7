use sea_orm::entity::prelude::*;

/// An employer (business) record, with parent/merge links, soft delete and sync versioning.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "businesses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub merged_into_id: Option<Uuid>,
    pub legal_name: String,
    pub dba: Option<String>,
    #[sea_orm(unique)]
    pub fein: Option<String>,
    pub naics: String,
    pub address: String,
    pub city: String,
    pub zip: String,
    pub employee_count: Option<i32>,
    pub stage: String,
    pub center_id: Option<Uuid>,
    pub normalized_name: String,
    pub created_by: Option<Uuid>,
    pub version: i64,
    pub change_seq: i64,
    pub deleted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
