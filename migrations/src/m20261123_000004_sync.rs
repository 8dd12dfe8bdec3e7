//! What the sync protocol keeps beyond the rows themselves: the answers given to changes that
//! were not applied (so a change sent again gets the same answer), when a device says a visit
//! was recorded, when each device last pushed successfully, and which businesses each person's
//! device keeps beyond their center's.

use sea_orm_migration::prelude::*;

use crate::build::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SyncOutcomes::Table)
                    .col(uuid(SyncOutcomes::DeviceId))
                    .col(big_integer(SyncOutcomes::Mutation))
                    .col(uuid(SyncOutcomes::RecordId))
                    // The answer as sent (JSON): rejected, conflict or retry later.
                    .col(text(SyncOutcomes::Outcome))
                    .col(tstz(SyncOutcomes::At))
                    .primary_key(
                        Index::create()
                            .name("pk_sync_outcomes")
                            .col(SyncOutcomes::DeviceId)
                            .col(SyncOutcomes::Mutation),
                    )
                    .foreign_key(
                        &mut fk(
                            "fk_sync_outcomes_device_id",
                            SyncOutcomes::Table,
                            SyncOutcomes::DeviceId,
                            Devices::Table,
                            Devices::Id,
                        )
                        .on_delete(ForeignKeyAction::Cascade)
                        .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Visits::Table)
                    .add_column(tstz_null(Visits::RecordedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Devices::Table)
                    .add_column(tstz_null(Devices::LastPushAt))
                    .to_owned(),
            )
            .await?;
        // A pull reads one person's visits in sequence order from a cursor: in index order,
        // stopping at the page's end.
        create_index(
            manager,
            "idx_visits_author_change_seq",
            Visits::Table,
            [Visits::AuthorId, Visits::ChangeSeq],
        )
        .await?;
        // The businesses a person created or visited, outside their center as well: what
        // their device keeps. Written with the visit or business, so a pull reads a short
        // list instead of walking every visit the person ever made.
        manager
            .create_table(
                Table::create()
                    .table(KeptBusinesses::Table)
                    .col(uuid(KeptBusinesses::UserId))
                    .col(uuid(KeptBusinesses::BusinessId))
                    .primary_key(
                        Index::create()
                            .name("pk_kept_businesses")
                            .col(KeptBusinesses::UserId)
                            .col(KeptBusinesses::BusinessId),
                    )
                    .foreign_key(&mut fk(
                        "fk_kept_businesses_user_id",
                        KeptBusinesses::Table,
                        KeptBusinesses::UserId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_kept_businesses_business_id",
                        KeptBusinesses::Table,
                        KeptBusinesses::BusinessId,
                        Businesses::Table,
                        Businesses::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO kept_businesses (user_id, business_id) \
                 SELECT v.author_id, vb.business_id FROM visit_businesses vb \
                 JOIN visits v ON v.id = vb.visit_id \
                 UNION SELECT created_by, id FROM businesses WHERE created_by IS NOT NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, KeptBusinesses::Table).await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_visits_author_change_seq")
                    .table(Visits::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Devices::Table)
                    .drop_column(Devices::LastPushAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Visits::Table)
                    .drop_column(Visits::RecordedAt)
                    .to_owned(),
            )
            .await?;
        drop_table(manager, SyncOutcomes::Table).await
    }
}

#[derive(DeriveIden)]
enum SyncOutcomes {
    Table,
    DeviceId,
    Mutation,
    RecordId,
    Outcome,
    At,
}

#[derive(DeriveIden)]
enum Visits {
    Table,
    RecordedAt,
    AuthorId,
    ChangeSeq,
}

#[derive(DeriveIden)]
enum Businesses {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum KeptBusinesses {
    Table,
    UserId,
    BusinessId,
}

#[derive(DeriveIden)]
enum Devices {
    Table,
    Id,
    LastPushAt,
}
