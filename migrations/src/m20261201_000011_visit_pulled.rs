//! Each visit's pull entry kept whole: the JSON a device's pull sends for it, written with the
//! visit, and the change sequence it was written at. A pull of 10,000 visits then copies
//! stored text instead of decoding every column and building every form again. The entry is
//! valid only while `pulled_seq` equals the row's `change_seq`: anything that changes what a
//! device would receive gives the visit a new sequence (or, for a removed contact, clears the
//! entry), and a pull builds a stale or missing entry from the row as before.

use sea_orm_migration::prelude::*;

use crate::build::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Visits {
    Table,
    Pulled,
    PulledSeq,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one change at a time.
        for column in [
            text_null(Visits::Pulled),
            big_integer_null(Visits::PulledSeq),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Visits::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Visits::PulledSeq, Visits::Pulled] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Visits::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
