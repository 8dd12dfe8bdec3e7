use sea_orm::entity::prelude::*;

/// A person's place on a committee: their role, and whether they are active, inactive, on
/// the waiting list, removed or gone.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "committee_members")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub committee_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// `member`, `vice_chair` or `chair`.
    pub role: String,
    /// `active`, `inactive`, `waiting`, `removed` or `left`.
    pub status: String,
    pub joined_on: Date,
    pub term_ends_on: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub interests: String,
    #[sea_orm(column_type = "Text")]
    pub expertise: String,
    pub changed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
