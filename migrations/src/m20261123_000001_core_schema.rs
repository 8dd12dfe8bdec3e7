//! The core BizWorks schema: organisation tree, accounts, the slate of
//! services, businesses and contacts, visits, reporting counts, audit and
//! sync bookkeeping.
//!
//! Written with the sea-query builder only, so it runs unchanged on SQLite
//! and PostgreSQL. Foreign keys are declared inside `CREATE TABLE` because
//! SQLite cannot add them afterwards.

use sea_orm_migration::prelude::*;

use crate::build::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_organisation(manager).await?;
        create_accounts(manager).await?;
        create_catalogues(manager).await?;
        create_businesses(manager).await?;
        create_visits(manager).await?;
        create_bookkeeping(manager).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Reverse creation order so no table is dropped while another still
        // references it.
        drop_table(manager, SyncClock::Table).await?;
        drop_table(manager, Devices::Table).await?;
        drop_table(manager, AuditLog::Table).await?;
        drop_table(manager, EstablishmentCounts::Table).await?;
        drop_table(manager, VisitServices::Table).await?;
        drop_table(manager, VisitContacts::Table).await?;
        drop_table(manager, VisitBusinesses::Table).await?;
        drop_table(manager, Visits::Table).await?;
        drop_table(manager, Contacts::Table).await?;
        drop_table(manager, Businesses::Table).await?;
        drop_table(manager, ActivityTypes::Table).await?;
        drop_table(manager, VisitCategories::Table).await?;
        drop_table(manager, Services::Table).await?;
        drop_table(manager, SignInFailures::Table).await?;
        drop_table(manager, Sessions::Table).await?;
        drop_table(manager, Users::Table).await?;
        drop_table(manager, Centers::Table).await?;
        drop_table(manager, Boards::Table).await?;
        drop_table(manager, Regions::Table).await?;
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Tables, grouped by area. Each function creates its tables and indexes in
// dependency order.
// ---------------------------------------------------------------------------

/// regions → boards → centers.
async fn create_organisation(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Regions::Table)
                .col(pk_uuid(Regions::Id))
                .col(string(Regions::Name).unique_key())
                .col(tstz(Regions::CreatedAt))
                .to_owned(),
        )
        .await?;

    manager
        .create_table(
            Table::create()
                .table(Boards::Table)
                .col(pk_uuid(Boards::Id))
                .col(uuid(Boards::RegionId))
                .col(string(Boards::Name).unique_key())
                .col(tstz(Boards::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_boards_region_id",
                    Boards::Table,
                    Boards::RegionId,
                    Regions::Table,
                    Regions::Id,
                ))
                .to_owned(),
        )
        .await?;
    create_index(
        manager,
        "idx_boards_region_id",
        Boards::Table,
        [Boards::RegionId],
    )
    .await?;

    manager
        .create_table(
            Table::create()
                .table(Centers::Table)
                .col(pk_uuid(Centers::Id))
                .col(uuid(Centers::BoardId))
                .col(string(Centers::Name).unique_key())
                .col(string(Centers::City))
                .col(tstz(Centers::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_centers_board_id",
                    Centers::Table,
                    Centers::BoardId,
                    Boards::Table,
                    Boards::Id,
                ))
                .to_owned(),
        )
        .await?;
    create_index(
        manager,
        "idx_centers_board_id",
        Centers::Table,
        [Centers::BoardId],
    )
    .await?;

    Ok(())
}

/// users, sessions, sign_in_failures.
async fn create_accounts(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Users::Table)
                .col(pk_uuid(Users::Id))
                .col(string(Users::Email).unique_key())
                .col(string(Users::DisplayName))
                .col(string(Users::PasswordHash))
                .col(string(Users::Role))
                .col(uuid_null(Users::CenterId))
                .col(string_null(Users::ScopeKind))
                .col(uuid_null(Users::ScopeId))
                .col(boolean(Users::Active).default(true))
                .col(boolean(Users::MustChangePassword).default(false))
                .col(tstz(Users::CreatedAt))
                .col(tstz(Users::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_users_center_id",
                    Users::Table,
                    Users::CenterId,
                    Centers::Table,
                    Centers::Id,
                ))
                .to_owned(),
        )
        .await?;

    manager
        .create_table(
            Table::create()
                .table(Sessions::Table)
                // Hex SHA-256 of the session token; the token itself is never stored.
                .col(string(Sessions::Id).primary_key())
                .col(uuid(Sessions::UserId))
                .col(tstz(Sessions::CreatedAt))
                .col(tstz(Sessions::LastSeenAt))
                .col(string_null(Sessions::Address))
                .col(string_null(Sessions::UserAgent))
                .foreign_key(
                    fk(
                        "fk_sessions_user_id",
                        Sessions::Table,
                        Sessions::UserId,
                        Users::Table,
                        Users::Id,
                    )
                    .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    create_index(
        manager,
        "idx_sessions_user_id",
        Sessions::Table,
        [Sessions::UserId],
    )
    .await?;
    create_index(
        manager,
        "idx_sessions_last_seen_at",
        Sessions::Table,
        [Sessions::LastSeenAt],
    )
    .await?;

    manager
        .create_table(
            Table::create()
                .table(SignInFailures::Table)
                .col(pk_auto_big(SignInFailures::Id))
                .col(string(SignInFailures::Account))
                .col(string(SignInFailures::Address))
                .col(tstz(SignInFailures::At))
                .to_owned(),
        )
        .await?;
    create_index(
        manager,
        "idx_sign_in_failures_account_at",
        SignInFailures::Table,
        [SignInFailures::Account, SignInFailures::At],
    )
    .await?;
    create_index(
        manager,
        "idx_sign_in_failures_address_at",
        SignInFailures::Table,
        [SignInFailures::Address, SignInFailures::At],
    )
    .await?;

    Ok(())
}

/// services (the slate), visit_categories, activity_types.
async fn create_catalogues(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Services::Table)
                .col(pk_uuid(Services::Id))
                .col(string(Services::Name).unique_key())
                .col(text(Services::Description))
                .col(integer(Services::Position))
                .col(tstz_null(Services::RetiredAt))
                .col(tstz(Services::CreatedAt))
                .to_owned(),
        )
        .await?;

    manager
        .create_table(
            Table::create()
                .table(VisitCategories::Table)
                .col(pk_uuid(VisitCategories::Id))
                .col(string(VisitCategories::Name).unique_key())
                .col(integer(VisitCategories::Position))
                .col(tstz_null(VisitCategories::RetiredAt))
                .to_owned(),
        )
        .await?;

    manager
        .create_table(
            Table::create()
                .table(ActivityTypes::Table)
                .col(pk_uuid(ActivityTypes::Id))
                .col(string(ActivityTypes::Name).unique_key())
                .col(uuid_null(ActivityTypes::CategoryId))
                .col(boolean(ActivityTypes::IsOrientation).default(false))
                .col(integer(ActivityTypes::Position))
                .col(tstz_null(ActivityTypes::RetiredAt))
                .foreign_key(&mut fk(
                    "fk_activity_types_category_id",
                    ActivityTypes::Table,
                    ActivityTypes::CategoryId,
                    VisitCategories::Table,
                    VisitCategories::Id,
                ))
                .to_owned(),
        )
        .await?;

    Ok(())
}

/// businesses and contacts.
async fn create_businesses(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Businesses::Table)
                .col(pk_uuid(Businesses::Id))
                .col(uuid_null(Businesses::ParentId))
                .col(uuid_null(Businesses::MergedIntoId))
                .col(string(Businesses::LegalName))
                .col(string_null(Businesses::Dba))
                .col(string_null(Businesses::Fein))
                .col(string(Businesses::Naics))
                .col(string(Businesses::Address))
                .col(string(Businesses::City))
                .col(string(Businesses::Zip))
                .col(integer_null(Businesses::EmployeeCount))
                .col(string(Businesses::Stage))
                .col(uuid_null(Businesses::CenterId))
                .col(string(Businesses::NormalizedName))
                .col(uuid_null(Businesses::CreatedBy))
                .col(big_integer(Businesses::Version).default(1i64))
                .col(big_integer(Businesses::ChangeSeq))
                .col(tstz_null(Businesses::DeletedAt))
                .col(tstz(Businesses::CreatedAt))
                .col(tstz(Businesses::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_businesses_parent_id",
                    Businesses::Table,
                    Businesses::ParentId,
                    Businesses::Table,
                    Businesses::Id,
                ))
                .foreign_key(&mut fk(
                    "fk_businesses_merged_into_id",
                    Businesses::Table,
                    Businesses::MergedIntoId,
                    Businesses::Table,
                    Businesses::Id,
                ))
                .foreign_key(&mut fk(
                    "fk_businesses_center_id",
                    Businesses::Table,
                    Businesses::CenterId,
                    Centers::Table,
                    Centers::Id,
                ))
                .foreign_key(&mut fk(
                    "fk_businesses_created_by",
                    Businesses::Table,
                    Businesses::CreatedBy,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
    // Unique, but NULL feins never collide (both engines treat NULLs as
    // distinct in a unique index).
    manager
        .create_index(
            Index::create()
                .name("ux_businesses_fein")
                .table(Businesses::Table)
                .col(Businesses::Fein)
                .unique()
                .to_owned(),
        )
        .await?;
    create_index(
        manager,
        "idx_businesses_normalized_name_zip",
        Businesses::Table,
        [Businesses::NormalizedName, Businesses::Zip],
    )
    .await?;
    create_index(
        manager,
        "idx_businesses_center_id",
        Businesses::Table,
        [Businesses::CenterId],
    )
    .await?;
    create_index(
        manager,
        "idx_businesses_change_seq",
        Businesses::Table,
        [Businesses::ChangeSeq],
    )
    .await?;
    create_index(
        manager,
        "idx_businesses_parent_id",
        Businesses::Table,
        [Businesses::ParentId],
    )
    .await?;
    create_index(
        manager,
        "idx_businesses_merged_into_id",
        Businesses::Table,
        [Businesses::MergedIntoId],
    )
    .await?;
    create_index(
        manager,
        "idx_businesses_city",
        Businesses::Table,
        [Businesses::City],
    )
    .await?;

    manager
        .create_table(
            Table::create()
                .table(Contacts::Table)
                .col(pk_uuid(Contacts::Id))
                .col(uuid(Contacts::BusinessId))
                .col(string(Contacts::Name))
                .col(string_null(Contacts::Title))
                .col(string_null(Contacts::Email))
                .col(string_null(Contacts::Phone))
                .col(boolean(Contacts::KeyRepresentative).default(false))
                .col(uuid_null(Contacts::CreatedBy))
                .col(big_integer(Contacts::Version).default(1i64))
                .col(big_integer(Contacts::ChangeSeq))
                .col(tstz_null(Contacts::DeletedAt))
                .col(tstz(Contacts::CreatedAt))
                .col(tstz(Contacts::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_contacts_business_id",
                    Contacts::Table,
                    Contacts::BusinessId,
                    Businesses::Table,
                    Businesses::Id,
                ))
                .foreign_key(&mut fk(
                    "fk_contacts_created_by",
                    Contacts::Table,
                    Contacts::CreatedBy,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
    create_index(
        manager,
        "idx_contacts_business_id",
        Contacts::Table,
        [Contacts::BusinessId],
    )
    .await?;
    create_index(
        manager,
        "idx_contacts_change_seq",
        Contacts::Table,
        [Contacts::ChangeSeq],
    )
    .await?;

    Ok(())
}

/// visits and their link tables.
async fn create_visits(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Visits::Table)
                .col(pk_uuid(Visits::Id))
                .col(uuid(Visits::AuthorId))
                .col(uuid(Visits::CenterId))
                .col(date(Visits::VisitDate))
                .col(uuid(Visits::CategoryId))
                .col(uuid(Visits::ActivityTypeId))
                .col(string(Visits::Mode))
                .col(integer(Visits::JobseekersHired).default(0))
                .col(integer_null(Visits::PositionsOpen))
                .col(text(Visits::Notes))
                .col(date_null(Visits::FollowUpDate))
                .col(boolean(Visits::RecordedAsOrientation).default(false))
                .col(integer(Visits::SlateSize))
                .col(string(Visits::ReviewStatus).default("received"))
                .col(text_null(Visits::ReviewComment))
                .col(uuid_null(Visits::DeviceId))
                .col(big_integer(Visits::Version).default(1i64))
                .col(big_integer(Visits::ChangeSeq))
                .col(tstz_null(Visits::DeletedAt))
                .col(tstz(Visits::CreatedAt))
                .col(tstz(Visits::UpdatedAt))
                .col(tstz(Visits::SyncedAt))
                .foreign_key(&mut fk(
                    "fk_visits_author_id",
                    Visits::Table,
                    Visits::AuthorId,
                    Users::Table,
                    Users::Id,
                ))
                .foreign_key(&mut fk(
                    "fk_visits_center_id",
                    Visits::Table,
                    Visits::CenterId,
                    Centers::Table,
                    Centers::Id,
                ))
                .foreign_key(&mut fk(
                    "fk_visits_category_id",
                    Visits::Table,
                    Visits::CategoryId,
                    VisitCategories::Table,
                    VisitCategories::Id,
                ))
                .foreign_key(&mut fk(
                    "fk_visits_activity_type_id",
                    Visits::Table,
                    Visits::ActivityTypeId,
                    ActivityTypes::Table,
                    ActivityTypes::Id,
                ))
                .to_owned(),
        )
        .await?;
    create_index(
        manager,
        "idx_visits_center_id_visit_date",
        Visits::Table,
        [Visits::CenterId, Visits::VisitDate],
    )
    .await?;
    create_index(
        manager,
        "idx_visits_author_id_visit_date",
        Visits::Table,
        [Visits::AuthorId, Visits::VisitDate],
    )
    .await?;
    create_index(
        manager,
        "idx_visits_change_seq",
        Visits::Table,
        [Visits::ChangeSeq],
    )
    .await?;
    create_index(
        manager,
        "idx_visits_visit_date",
        Visits::Table,
        [Visits::VisitDate],
    )
    .await?;
    create_index(
        manager,
        "idx_visits_follow_up_date",
        Visits::Table,
        [Visits::FollowUpDate],
    )
    .await?;

    manager
        .create_table(
            Table::create()
                .table(VisitBusinesses::Table)
                .col(uuid(VisitBusinesses::VisitId))
                .col(uuid(VisitBusinesses::BusinessId))
                .col(boolean(VisitBusinesses::OrientationQualifies).default(false))
                .col(text(VisitBusinesses::OrientationReasons))
                .primary_key(
                    Index::create()
                        .name("pk_visit_businesses")
                        .col(VisitBusinesses::VisitId)
                        .col(VisitBusinesses::BusinessId),
                )
                .foreign_key(
                    fk(
                        "fk_visit_businesses_visit_id",
                        VisitBusinesses::Table,
                        VisitBusinesses::VisitId,
                        Visits::Table,
                        Visits::Id,
                    )
                    .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut fk(
                    "fk_visit_businesses_business_id",
                    VisitBusinesses::Table,
                    VisitBusinesses::BusinessId,
                    Businesses::Table,
                    Businesses::Id,
                ))
                .to_owned(),
        )
        .await?;
    create_index(
        manager,
        "idx_visit_businesses_business_id_visit_id",
        VisitBusinesses::Table,
        [VisitBusinesses::BusinessId, VisitBusinesses::VisitId],
    )
    .await?;

    manager
        .create_table(
            Table::create()
                .table(VisitContacts::Table)
                .col(uuid(VisitContacts::VisitId))
                .col(uuid(VisitContacts::ContactId))
                .primary_key(
                    Index::create()
                        .name("pk_visit_contacts")
                        .col(VisitContacts::VisitId)
                        .col(VisitContacts::ContactId),
                )
                .foreign_key(
                    fk(
                        "fk_visit_contacts_visit_id",
                        VisitContacts::Table,
                        VisitContacts::VisitId,
                        Visits::Table,
                        Visits::Id,
                    )
                    .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut fk(
                    "fk_visit_contacts_contact_id",
                    VisitContacts::Table,
                    VisitContacts::ContactId,
                    Contacts::Table,
                    Contacts::Id,
                ))
                .to_owned(),
        )
        .await?;
    create_index(
        manager,
        "idx_visit_contacts_contact_id",
        VisitContacts::Table,
        [VisitContacts::ContactId],
    )
    .await?;

    manager
        .create_table(
            Table::create()
                .table(VisitServices::Table)
                .col(uuid(VisitServices::VisitId))
                .col(uuid(VisitServices::ServiceId))
                .col(string(VisitServices::Kind))
                .primary_key(
                    Index::create()
                        .name("pk_visit_services")
                        .col(VisitServices::VisitId)
                        .col(VisitServices::ServiceId)
                        .col(VisitServices::Kind),
                )
                .foreign_key(
                    fk(
                        "fk_visit_services_visit_id",
                        VisitServices::Table,
                        VisitServices::VisitId,
                        Visits::Table,
                        Visits::Id,
                    )
                    .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut fk(
                    "fk_visit_services_service_id",
                    VisitServices::Table,
                    VisitServices::ServiceId,
                    Services::Table,
                    Services::Id,
                ))
                .to_owned(),
        )
        .await?;
    create_index(
        manager,
        "idx_visit_services_service_id_visit_id",
        VisitServices::Table,
        [VisitServices::ServiceId, VisitServices::VisitId],
    )
    .await?;

    Ok(())
}

/// establishment_counts, audit_log, devices, sync_clock.
async fn create_bookkeeping(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(EstablishmentCounts::Table)
                .col(pk_uuid(EstablishmentCounts::Id))
                .col(string(EstablishmentCounts::AreaKind))
                .col(uuid_null(EstablishmentCounts::AreaId))
                .col(date(EstablishmentCounts::PeriodStart))
                .col(date(EstablishmentCounts::PeriodEnd))
                .col(integer(EstablishmentCounts::Establishments))
                .col(uuid_null(EstablishmentCounts::EnteredBy))
                .col(tstz(EstablishmentCounts::EnteredAt))
                .foreign_key(&mut fk(
                    "fk_establishment_counts_entered_by",
                    EstablishmentCounts::Table,
                    EstablishmentCounts::EnteredBy,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
    create_index(
        manager,
        "idx_establishment_counts_area_period",
        EstablishmentCounts::Table,
        [
            EstablishmentCounts::AreaKind,
            EstablishmentCounts::AreaId,
            EstablishmentCounts::PeriodStart,
        ],
    )
    .await?;

    manager
        .create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(pk_auto_big(AuditLog::Id))
                .col(tstz(AuditLog::At))
                .col(uuid_null(AuditLog::ActorId))
                .col(string(AuditLog::Action))
                .col(string(AuditLog::Entity))
                .col(string(AuditLog::EntityId))
                .col(text(AuditLog::Detail))
                .foreign_key(&mut fk(
                    "fk_audit_log_actor_id",
                    AuditLog::Table,
                    AuditLog::ActorId,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
    create_index(
        manager,
        "idx_audit_log_entity_entity_id",
        AuditLog::Table,
        [AuditLog::Entity, AuditLog::EntityId],
    )
    .await?;
    create_index(manager, "idx_audit_log_at", AuditLog::Table, [AuditLog::At]).await?;

    manager
        .create_table(
            Table::create()
                .table(Devices::Table)
                .col(pk_uuid(Devices::Id))
                .col(uuid(Devices::UserId))
                .col(big_integer(Devices::LastMutation).default(0i64))
                .col(string_null(Devices::AppVersion))
                .col(integer(Devices::PendingCount).default(0))
                .col(big_integer_null(Devices::StorageUsed))
                .col(tstz(Devices::CreatedAt))
                .col(tstz(Devices::LastSeenAt))
                .foreign_key(&mut fk(
                    "fk_devices_user_id",
                    Devices::Table,
                    Devices::UserId,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
    create_index(
        manager,
        "idx_devices_user_id",
        Devices::Table,
        [Devices::UserId],
    )
    .await?;

    manager
        .create_table(
            Table::create()
                .table(SyncClock::Table)
                // A single-row table; the id is fixed at 1, never generated.
                .col(integer(SyncClock::Id).primary_key())
                .col(big_integer(SyncClock::LastSeq))
                .to_owned(),
        )
        .await?;
    // The clock row is part of the schema, not demo data: every write path
    // increments it, so it must exist from the start.
    let mut seed = Query::insert();
    seed.into_table(SyncClock::Table)
        .columns([SyncClock::Id, SyncClock::LastSeq])
        .values([Expr::val(1i32), Expr::val(0i64)])
        .map_err(|err| DbErr::Migration(format!("building sync_clock seed row: {err}")))?;
    manager.execute(seed).await?;

    Ok(())
}

// ---------------------------------------------------------------------------
// Identifiers. `Table` renders as the snake-case enum name, every other
// variant as its snake-case name.
// ---------------------------------------------------------------------------

#[derive(DeriveIden)]
enum Regions {
    Table,
    Id,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Boards {
    Table,
    Id,
    RegionId,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Centers {
    Table,
    Id,
    BoardId,
    Name,
    City,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    DisplayName,
    PasswordHash,
    Role,
    CenterId,
    ScopeKind,
    ScopeId,
    Active,
    MustChangePassword,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    CreatedAt,
    LastSeenAt,
    Address,
    UserAgent,
}

#[derive(DeriveIden)]
enum SignInFailures {
    Table,
    Id,
    Account,
    Address,
    At,
}

#[derive(DeriveIden)]
enum Services {
    Table,
    Id,
    Name,
    Description,
    Position,
    RetiredAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum VisitCategories {
    Table,
    Id,
    Name,
    Position,
    RetiredAt,
}

#[derive(DeriveIden)]
enum ActivityTypes {
    Table,
    Id,
    Name,
    CategoryId,
    IsOrientation,
    Position,
    RetiredAt,
}

#[derive(DeriveIden)]
enum Businesses {
    Table,
    Id,
    ParentId,
    MergedIntoId,
    LegalName,
    Dba,
    Fein,
    Naics,
    Address,
    City,
    Zip,
    EmployeeCount,
    Stage,
    CenterId,
    NormalizedName,
    CreatedBy,
    Version,
    ChangeSeq,
    DeletedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
    BusinessId,
    Name,
    Title,
    Email,
    Phone,
    KeyRepresentative,
    CreatedBy,
    Version,
    ChangeSeq,
    DeletedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Visits {
    Table,
    Id,
    AuthorId,
    CenterId,
    VisitDate,
    CategoryId,
    ActivityTypeId,
    Mode,
    JobseekersHired,
    PositionsOpen,
    Notes,
    FollowUpDate,
    RecordedAsOrientation,
    SlateSize,
    ReviewStatus,
    ReviewComment,
    DeviceId,
    Version,
    ChangeSeq,
    DeletedAt,
    CreatedAt,
    UpdatedAt,
    SyncedAt,
}

#[derive(DeriveIden)]
enum VisitBusinesses {
    Table,
    VisitId,
    BusinessId,
    OrientationQualifies,
    OrientationReasons,
}

#[derive(DeriveIden)]
enum VisitContacts {
    Table,
    VisitId,
    ContactId,
}

#[derive(DeriveIden)]
enum VisitServices {
    Table,
    VisitId,
    ServiceId,
    Kind,
}

#[derive(DeriveIden)]
enum EstablishmentCounts {
    Table,
    Id,
    AreaKind,
    AreaId,
    PeriodStart,
    PeriodEnd,
    Establishments,
    EnteredBy,
    EnteredAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    Action,
    Entity,
    EntityId,
    Detail,
}

#[derive(DeriveIden)]
enum Devices {
    Table,
    Id,
    UserId,
    LastMutation,
    AppVersion,
    PendingCount,
    StorageUsed,
    CreatedAt,
    LastSeenAt,
}

#[derive(DeriveIden)]
enum SyncClock {
    Table,
    Id,
    LastSeq,
}
