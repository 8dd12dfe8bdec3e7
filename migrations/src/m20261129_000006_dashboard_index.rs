//! The dashboard counts visits that are not deleted, by date, narrowed to the area's centers:
//! one partial index holding exactly the columns those counts read, so they run from the
//! index without visiting each row (the plans are in docs/PERFORMANCE.md).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000006_dashboard_index"
    }
}

#[derive(DeriveIden)]
enum Visits {
    Table,
    Id,
    VisitDate,
    CenterId,
    AuthorId,
    DeletedAt,
}

const NAME: &str = "idx_visits_counted";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table(Visits::Table)
                    .col(Visits::VisitDate)
                    .col(Visits::CenterId)
                    .col(Visits::Id)
                    .col(Visits::AuthorId)
                    .and_where(Expr::col(Visits::DeletedAt).is_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(NAME).table(Visits::Table).to_owned())
            .await
    }
}
