//! What finding, following and merging businesses needs: a word index for search as you
//! type, the history of business-cycle stages, the merges (so they can be undone), and which
//! stages each service of the slate suits.

use sea_orm_migration::prelude::*;

use crate::build::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Prefix search over name, doing-business-as, city, ZIP and FEIN words, through an
        // index on `word`: fast at any size, on both engines.
        manager
            .create_table(
                Table::create()
                    .table(BusinessWords::Table)
                    .col(word_column(manager))
                    .col(uuid(BusinessWords::BusinessId))
                    .primary_key(
                        Index::create()
                            .name("pk_business_words")
                            .col(BusinessWords::Word)
                            .col(BusinessWords::BusinessId),
                    )
                    .foreign_key(
                        &mut fk(
                            "fk_business_words_business_id",
                            BusinessWords::Table,
                            BusinessWords::BusinessId,
                            Businesses::Table,
                            Businesses::Id,
                        )
                        .on_delete(ForeignKeyAction::Cascade)
                        .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_business_words_business_id",
            BusinessWords::Table,
            [BusinessWords::BusinessId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(StageChanges::Table)
                    .col(pk_auto_big(StageChanges::Id))
                    .col(uuid(StageChanges::BusinessId))
                    .col(string(StageChanges::Stage))
                    .col(uuid_null(StageChanges::ChangedBy))
                    .col(tstz(StageChanges::ChangedAt))
                    .foreign_key(&mut fk(
                        "fk_stage_changes_business_id",
                        StageChanges::Table,
                        StageChanges::BusinessId,
                        Businesses::Table,
                        Businesses::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_stage_changes_changed_by",
                        StageChanges::Table,
                        StageChanges::ChangedBy,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_stage_changes_business_id",
            StageChanges::Table,
            [StageChanges::BusinessId, StageChanges::ChangedAt],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(BusinessMerges::Table)
                    .col(pk_uuid(BusinessMerges::Id))
                    .col(uuid(BusinessMerges::SurvivorId))
                    .col(uuid(BusinessMerges::MergedId))
                    .col(text(BusinessMerges::Moved))
                    .col(uuid_null(BusinessMerges::MergedBy))
                    .col(tstz(BusinessMerges::MergedAt))
                    .col(tstz_null(BusinessMerges::UndoneAt))
                    .foreign_key(&mut fk(
                        "fk_business_merges_survivor_id",
                        BusinessMerges::Table,
                        BusinessMerges::SurvivorId,
                        Businesses::Table,
                        Businesses::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_business_merges_merged_id",
                        BusinessMerges::Table,
                        BusinessMerges::MergedId,
                        Businesses::Table,
                        Businesses::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_business_merges_merged_by",
                        BusinessMerges::Table,
                        BusinessMerges::MergedBy,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_business_merges_merged_id",
            BusinessMerges::Table,
            [BusinessMerges::MergedId],
        )
        .await?;

        // Comma-separated stage names, e.g. "growth,start_up".
        manager
            .alter_table(
                Table::alter()
                    .table(Services::Table)
                    .add_column(text(Services::SuggestedFor).default(""))
                    .to_owned(),
            )
            .await?;
        // The business list of a rep's center, newest first.
        create_index(
            manager,
            "idx_businesses_legal_name",
            Businesses::Table,
            [Businesses::LegalName],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_businesses_legal_name")
                    .table(Businesses::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Services::Table)
                    .drop_column(Services::SuggestedFor)
                    .to_owned(),
            )
            .await?;
        drop_table(manager, BusinessMerges::Table).await?;
        drop_table(manager, StageChanges::Table).await?;
        drop_table(manager, BusinessWords::Table).await
    }
}

/// Words compare byte by byte on both engines, so a prefix is an index range.
fn word_column(manager: &SchemaManager<'_>) -> ColumnDef {
    let mut column = string(BusinessWords::Word);
    if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        column.extra("COLLATE \"C\"");
    }
    column
}

#[derive(DeriveIden)]
enum BusinessWords {
    Table,
    Word,
    BusinessId,
}

#[derive(DeriveIden)]
enum StageChanges {
    #[sea_orm(iden = "business_stage_changes")]
    Table,
    Id,
    BusinessId,
    Stage,
    ChangedBy,
    ChangedAt,
}

#[derive(DeriveIden)]
enum BusinessMerges {
    Table,
    Id,
    SurvivorId,
    MergedId,
    Moved,
    MergedBy,
    MergedAt,
    UndoneAt,
}

#[derive(DeriveIden)]
enum Businesses {
    Table,
    Id,
    LegalName,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Services {
    Table,
    SuggestedFor,
}
