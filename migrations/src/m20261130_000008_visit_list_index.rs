//! The visit list shows a person's visits with those marked "has issues" first, then the
//! newest, 100 at a time. Without an index in that order the database sorted every visit
//! the person ever recorded on every page load; with these it reads the first 100 entries
//! of one index range. One index for a rep's own visits, one for a director's centers.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000008_visit_list_index"
    }
}

#[derive(DeriveIden)]
enum Visits {
    Table,
    Id,
    AuthorId,
    CenterId,
    ReviewStatus,
    VisitDate,
    DeletedAt,
}

const BY_AUTHOR: &str = "idx_visits_list_author";
const BY_CENTER: &str = "idx_visits_list_center";

fn list_index(name: &str, owner: Visits) -> IndexCreateStatement {
    Index::create()
        .name(name)
        .table(Visits::Table)
        .col(owner)
        .col(Visits::ReviewStatus)
        .col((Visits::VisitDate, IndexOrder::Desc))
        .col((Visits::Id, IndexOrder::Desc))
        .and_where(Expr::col(Visits::DeletedAt).is_null())
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(list_index(BY_AUTHOR, Visits::AuthorId))
            .await?;
        manager
            .create_index(list_index(BY_CENTER, Visits::CenterId))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in [BY_AUTHOR, BY_CENTER] {
            manager
                .drop_index(Index::drop().name(name).table(Visits::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}
