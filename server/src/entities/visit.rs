use sea_orm::entity::prelude::*;

/// An employer visit recorded by staff, with its outcome, review state and sync bookkeeping.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "visits")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub author_id: Uuid,
    pub center_id: Uuid,
    pub visit_date: Date,
    pub category_id: Uuid,
    pub activity_type_id: Uuid,
    pub mode: String,
    pub jobseekers_hired: i32,
    pub positions_open: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub notes: String,
    pub follow_up_date: Option<Date>,
    pub recorded_as_orientation: bool,
    pub slate_size: i32,
    pub review_status: String,
    #[sea_orm(column_type = "Text")]
    pub review_comment: Option<String>,
    pub device_id: Option<Uuid>,
    pub version: i64,
    pub change_seq: i64,
    pub deleted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub synced_at: DateTimeUtc,
    /// When the rep saved it on their device, if it came through sync.
    pub recorded_at: Option<DateTimeUtc>,
    /// Its businesses, contacts met and services as written, in one JSON value; NULL when they
    /// must be read from their tables (`storage::visit_parts`).
    #[sea_orm(column_type = "Text")]
    pub parts: Option<String>,
    /// What a device's pull sends for this visit, as JSON, valid only while `pulled_seq`
    /// equals `change_seq`; otherwise the pull builds it (`sync::pull`).
    #[sea_orm(column_type = "Text")]
    pub pulled: Option<String>,
    pub pulled_seq: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
