use sea_orm::entity::prelude::*;

/// Another state's request for help with a showcased program.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "assistance_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub reference: String,
    pub program_id: Uuid,
    pub name: String,
    pub agency: String,
    pub state: String,
    pub email: String,
    #[sea_orm(column_type = "Text")]
    pub need: String,
    pub modes: String,
    #[sea_orm(column_type = "Text")]
    pub dates: String,
    pub status: String,
    pub scheduled_for: Option<Date>,
    pub scheduled_mode: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
