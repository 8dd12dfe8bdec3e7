//! Peer to Peer technical assistance: the showcased programs of the public catalogue, the
//! submission windows and submissions staff send through the template, other states'
//! assistance requests with their history, and the hits public forms count per address.

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
                    .table(SubmissionWindows::Table)
                    .col(pk_uuid(SubmissionWindows::Id))
                    .col(tstz(SubmissionWindows::OpensAt))
                    .col(tstz(SubmissionWindows::ClosesAt))
                    .col(uuid(SubmissionWindows::OpenedBy))
                    .foreign_key(&mut fk(
                        "fk_submission_windows_opened_by",
                        SubmissionWindows::Table,
                        SubmissionWindows::OpenedBy,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_submission_windows_opens_at",
            SubmissionWindows::Table,
            [SubmissionWindows::OpensAt],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Submissions::Table)
                    .col(pk_uuid(Submissions::Id))
                    .col(uuid(Submissions::AuthorId))
                    // draft, submitted, returned, accepted, declined
                    .col(string(Submissions::Status))
                    .col(string(Submissions::Title))
                    .col(text(Submissions::Summary))
                    .col(text(Submissions::Problem))
                    .col(text(Submissions::Results))
                    .col(text(Submissions::Offer))
                    // Delivery modes, comma separated (`app::model::DeliveryMode`).
                    .col(string(Submissions::Modes))
                    .col(text(Submissions::Tags))
                    .col(text(Submissions::TravelCosts))
                    .col(text(Submissions::MaterialCosts))
                    .col(string(Submissions::ContactName))
                    .col(string(Submissions::ContactEmail))
                    .col(string_null(Submissions::ContactPhone))
                    .col(text_null(Submissions::Comment))
                    .col(uuid_null(Submissions::WindowId))
                    .col(tstz_null(Submissions::SubmittedAt))
                    .col(tstz_null(Submissions::DecidedAt))
                    .col(uuid_null(Submissions::DecidedBy))
                    .col(uuid_null(Submissions::ProgramId))
                    .col(tstz(Submissions::CreatedAt))
                    .col(tstz(Submissions::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_submissions_author_id",
                        Submissions::Table,
                        Submissions::AuthorId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_submissions_window_id",
                        Submissions::Table,
                        Submissions::WindowId,
                        SubmissionWindows::Table,
                        SubmissionWindows::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_submissions_decided_by",
                        Submissions::Table,
                        Submissions::DecidedBy,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_submissions_author_id",
            Submissions::Table,
            [Submissions::AuthorId],
        )
        .await?;
        create_index(
            manager,
            "idx_submissions_status",
            Submissions::Table,
            [Submissions::Status],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Programs::Table)
                    .col(pk_uuid(Programs::Id))
                    .col(string(Programs::Title))
                    .col(text(Programs::Summary))
                    .col(text(Programs::Problem))
                    .col(text(Programs::Results))
                    .col(text(Programs::Offer))
                    .col(string(Programs::ContactName))
                    .col(string(Programs::ContactEmail))
                    .col(string_null(Programs::ContactPhone))
                    .col(string(Programs::Modes))
                    .col(text(Programs::Tags))
                    // The accepted submission it came from; demo programs have none.
                    .col(uuid_null(Programs::SubmissionId))
                    .col(tstz(Programs::PublishedAt))
                    .foreign_key(&mut fk(
                        "fk_programs_submission_id",
                        Programs::Table,
                        Programs::SubmissionId,
                        Submissions::Table,
                        Submissions::Id,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AssistanceRequests::Table)
                    .col(pk_uuid(AssistanceRequests::Id))
                    // `TA-XXXXX-XXXXX`: what the requester follows the request by.
                    .col(string(AssistanceRequests::Reference))
                    .col(uuid(AssistanceRequests::ProgramId))
                    .col(string(AssistanceRequests::Name))
                    .col(string(AssistanceRequests::Agency))
                    .col(string(AssistanceRequests::State))
                    .col(string(AssistanceRequests::Email))
                    .col(text(AssistanceRequests::Need))
                    .col(string(AssistanceRequests::Modes))
                    .col(text(AssistanceRequests::Dates))
                    // received, scheduled, delivered, closed
                    .col(string(AssistanceRequests::Status))
                    .col(date_null(AssistanceRequests::ScheduledFor))
                    .col(string_null(AssistanceRequests::ScheduledMode))
                    .col(tstz(AssistanceRequests::CreatedAt))
                    .col(tstz(AssistanceRequests::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_assistance_requests_program_id",
                        AssistanceRequests::Table,
                        AssistanceRequests::ProgramId,
                        Programs::Table,
                        Programs::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_assistance_requests_reference")
                    .table(AssistanceRequests::Table)
                    .col(AssistanceRequests::Reference)
                    .unique()
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_assistance_requests_status",
            AssistanceRequests::Table,
            [AssistanceRequests::Status],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(AssistanceUpdates::Table)
                    .col(pk_auto_big(AssistanceUpdates::Id))
                    .col(uuid(AssistanceUpdates::RequestId))
                    // Nobody for the requester's own first step.
                    .col(uuid_null(AssistanceUpdates::AuthorId))
                    .col(string(AssistanceUpdates::Status))
                    .col(text(AssistanceUpdates::Note))
                    .col(tstz(AssistanceUpdates::At))
                    .foreign_key(&mut fk(
                        "fk_assistance_updates_request_id",
                        AssistanceUpdates::Table,
                        AssistanceUpdates::RequestId,
                        AssistanceRequests::Table,
                        AssistanceRequests::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_assistance_updates_author_id",
                        AssistanceUpdates::Table,
                        AssistanceUpdates::AuthorId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_assistance_updates_request_id",
            AssistanceUpdates::Table,
            [AssistanceUpdates::RequestId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PublicFormHits::Table)
                    .col(pk_auto_big(PublicFormHits::Id))
                    .col(string(PublicFormHits::Address))
                    .col(tstz(PublicFormHits::At))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_public_form_hits_address_at",
            PublicFormHits::Table,
            [PublicFormHits::Address, PublicFormHits::At],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, PublicFormHits::Table).await?;
        drop_table(manager, AssistanceUpdates::Table).await?;
        drop_table(manager, AssistanceRequests::Table).await?;
        drop_table(manager, Programs::Table).await?;
        drop_table(manager, Submissions::Table).await?;
        drop_table(manager, SubmissionWindows::Table).await
    }
}

#[derive(DeriveIden)]
enum SubmissionWindows {
    Table,
    Id,
    OpensAt,
    ClosesAt,
    OpenedBy,
}

#[derive(DeriveIden)]
enum Submissions {
    Table,
    Id,
    AuthorId,
    Status,
    Title,
    Summary,
    Problem,
    Results,
    Offer,
    Modes,
    Tags,
    TravelCosts,
    MaterialCosts,
    ContactName,
    ContactEmail,
    ContactPhone,
    Comment,
    WindowId,
    SubmittedAt,
    DecidedAt,
    DecidedBy,
    ProgramId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Programs {
    Table,
    Id,
    Title,
    Summary,
    Problem,
    Results,
    Offer,
    ContactName,
    ContactEmail,
    ContactPhone,
    Modes,
    Tags,
    SubmissionId,
    PublishedAt,
}

#[derive(DeriveIden)]
enum AssistanceRequests {
    Table,
    Id,
    Reference,
    ProgramId,
    Name,
    Agency,
    State,
    Email,
    Need,
    Modes,
    Dates,
    Status,
    ScheduledFor,
    ScheduledMode,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AssistanceUpdates {
    Table,
    Id,
    RequestId,
    AuthorId,
    Status,
    Note,
    At,
}

#[derive(DeriveIden)]
enum PublicFormHits {
    Table,
    Id,
    Address,
    At,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
