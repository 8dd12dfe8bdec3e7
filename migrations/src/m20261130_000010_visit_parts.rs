//! A visit's parts (its businesses, contacts met and services, and whether a business failed
//! the orientation rule) kept with the visit in one JSON column, as written. A device's pull
//! sends thousands of visits a page; with the parts in their own tables it read nine rows per
//! visit and spent most of its time moving them. The tables stay: the metrics and roll-ups
//! count services and links there. NULL means "read them from the tables": visits written
//! before this version, and visits whose links a merge moved.

use sea_orm_migration::prelude::*;

use crate::build::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Visits {
    Table,
    Parts,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Visits::Table)
                    .add_column(text_null(Visits::Parts))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Visits::Table)
                    .drop_column(Visits::Parts)
                    .to_owned(),
            )
            .await
    }
}
