//! Roll-ups the director dashboard reads instead of the visits, kept current by every write
//! of a visit, a business's stage or a merge (`server/src/storage/rollups`):
//!
//! - `rollup_reach`: distinct businesses as step counts (`app::rules::reach`), per area
//!   (`state`, `region:<id>`, `board:<id>`, `center:<id>`), per rep inside an area, and per
//!   business-cycle stage;
//! - `rollup_visits` and `rollup_services`: summable counts per center, rep and month;
//! - `rollup_businesses`: per business, its stage, the months it was served (per center and
//!   rep, with visit counts) and its latest visit date, so a change to one visit updates its
//!   steps and follow-ups without reading the business's other visits;
//! - `open_follow_ups`: visits with a follow-up date and no later visit to any of their
//!   businesses, the only ones that can be overdue, and `open_follow_up_links` their
//!   businesses and dates, so a later visit to a business finds the follow-ups it closes;
//! - `rollup_state`: one row once the roll-ups have been built from the visits; the server
//!   builds them on start when it is missing (an existing database migrated to this version).

use sea_orm_migration::prelude::*;

use crate::build::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RollupReach {
    Table,
    Area,
    Rep,
    Stage,
    Month,
    Earlier,
    Businesses,
}

#[derive(DeriveIden)]
enum RollupVisits {
    Table,
    CenterId,
    AuthorId,
    Month,
    Visits,
    Hired,
    Oriented,
    Flagged,
}

#[derive(DeriveIden)]
enum RollupServices {
    Table,
    CenterId,
    ServiceId,
    Month,
    Visits,
}

#[derive(DeriveIden)]
enum OpenFollowUps {
    Table,
    VisitId,
    CenterId,
    VisitDate,
    FollowUpDate,
}

#[derive(DeriveIden)]
enum RollupBusinesses {
    Table,
    BusinessId,
    Stage,
    Served,
    LastDate,
}

#[derive(DeriveIden)]
enum OpenFollowUpLinks {
    Table,
    VisitId,
    BusinessId,
    VisitDate,
}

#[derive(DeriveIden)]
enum RollupState {
    Table,
    Id,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RollupReach::Table)
                    .col(string(RollupReach::Area))
                    .col(string(RollupReach::Rep))
                    .col(string(RollupReach::Stage))
                    .col(integer(RollupReach::Month))
                    .col(integer(RollupReach::Earlier))
                    .col(big_integer(RollupReach::Businesses))
                    .primary_key(
                        Index::create()
                            .name("pk_rollup_reach")
                            .col(RollupReach::Area)
                            .col(RollupReach::Rep)
                            .col(RollupReach::Month)
                            .col(RollupReach::Earlier)
                            .col(RollupReach::Stage),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RollupVisits::Table)
                    .col(uuid(RollupVisits::CenterId))
                    .col(uuid(RollupVisits::AuthorId))
                    .col(integer(RollupVisits::Month))
                    .col(big_integer(RollupVisits::Visits))
                    .col(big_integer(RollupVisits::Hired))
                    .col(big_integer(RollupVisits::Oriented))
                    .col(big_integer(RollupVisits::Flagged))
                    .primary_key(
                        Index::create()
                            .name("pk_rollup_visits")
                            .col(RollupVisits::Month)
                            .col(RollupVisits::CenterId)
                            .col(RollupVisits::AuthorId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RollupServices::Table)
                    .col(uuid(RollupServices::CenterId))
                    .col(uuid(RollupServices::ServiceId))
                    .col(integer(RollupServices::Month))
                    .col(big_integer(RollupServices::Visits))
                    .primary_key(
                        Index::create()
                            .name("pk_rollup_services")
                            .col(RollupServices::Month)
                            .col(RollupServices::CenterId)
                            .col(RollupServices::ServiceId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OpenFollowUps::Table)
                    .col(pk_uuid(OpenFollowUps::VisitId))
                    .col(uuid(OpenFollowUps::CenterId))
                    .col(date(OpenFollowUps::VisitDate))
                    .col(date(OpenFollowUps::FollowUpDate))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_open_follow_ups_counted",
            OpenFollowUps::Table,
            [
                OpenFollowUps::VisitDate,
                OpenFollowUps::FollowUpDate,
                OpenFollowUps::CenterId,
            ],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(RollupBusinesses::Table)
                    .col(pk_uuid(RollupBusinesses::BusinessId))
                    .col(string(RollupBusinesses::Stage))
                    .col(text(RollupBusinesses::Served))
                    .col(date_null(RollupBusinesses::LastDate))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OpenFollowUpLinks::Table)
                    .col(uuid(OpenFollowUpLinks::VisitId))
                    .col(uuid(OpenFollowUpLinks::BusinessId))
                    .col(date(OpenFollowUpLinks::VisitDate))
                    .primary_key(
                        Index::create()
                            .name("pk_open_follow_up_links")
                            .col(OpenFollowUpLinks::VisitId)
                            .col(OpenFollowUpLinks::BusinessId),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_open_follow_up_links_closing",
            OpenFollowUpLinks::Table,
            [OpenFollowUpLinks::BusinessId, OpenFollowUpLinks::VisitDate],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(RollupState::Table)
                    .col(
                        ColumnDef::new(RollupState::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(integer(RollupState::Version))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, RollupState::Table).await?;
        drop_table(manager, OpenFollowUpLinks::Table).await?;
        drop_table(manager, RollupBusinesses::Table).await?;
        drop_table(manager, OpenFollowUps::Table).await?;
        drop_table(manager, RollupServices::Table).await?;
        drop_table(manager, RollupVisits::Table).await?;
        drop_table(manager, RollupReach::Table).await
    }
}
