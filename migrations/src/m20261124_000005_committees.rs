//! Committees and regional teams: who belongs, who asked to join, their meetings and who came,
//! and the notifications that tell a person what was decided.

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
                    .table(Committees::Table)
                    .col(pk_uuid(Committees::Id))
                    // "committee" or "regional_team"; a team belongs to a region.
                    .col(string(Committees::Kind))
                    .col(uuid_null(Committees::RegionId))
                    .col(string(Committees::Name))
                    .col(text(Committees::Purpose))
                    // open, apply, invite, closed
                    .col(string(Committees::JoinMode))
                    .col(integer_null(Committees::Capacity))
                    // The participation rule, JSON (`app::rules::participation::Rule`).
                    .col(text(Committees::Rule))
                    // Interest tags, comma separated, for the directory's filter.
                    .col(text(Committees::Interests))
                    .col(tstz(Committees::CreatedAt))
                    .col(tstz_null(Committees::ArchivedAt))
                    .foreign_key(&mut fk(
                        "fk_committees_region_id",
                        Committees::Table,
                        Committees::RegionId,
                        Regions::Table,
                        Regions::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_committees_name")
                    .table(Committees::Table)
                    .col(Committees::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CommitteeMembers::Table)
                    .col(uuid(CommitteeMembers::CommitteeId))
                    .col(uuid(CommitteeMembers::UserId))
                    // member, vice_chair, chair
                    .col(string(CommitteeMembers::Role))
                    // active, inactive, waiting (on the waiting list), removed, left
                    .col(string(CommitteeMembers::Status))
                    .col(date(CommitteeMembers::JoinedOn))
                    .col(date_null(CommitteeMembers::TermEndsOn))
                    .col(text(CommitteeMembers::Interests))
                    .col(text(CommitteeMembers::Expertise))
                    .col(tstz(CommitteeMembers::ChangedAt))
                    .primary_key(
                        Index::create()
                            .name("pk_committee_members")
                            .col(CommitteeMembers::CommitteeId)
                            .col(CommitteeMembers::UserId),
                    )
                    .foreign_key(&mut fk(
                        "fk_committee_members_committee_id",
                        CommitteeMembers::Table,
                        CommitteeMembers::CommitteeId,
                        Committees::Table,
                        Committees::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_committee_members_user_id",
                        CommitteeMembers::Table,
                        CommitteeMembers::UserId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_committee_members_user_id",
            CommitteeMembers::Table,
            [CommitteeMembers::UserId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(JoinRequests::Table)
                    .col(pk_uuid(JoinRequests::Id))
                    .col(uuid(JoinRequests::CommitteeId))
                    .col(uuid(JoinRequests::UserId))
                    .col(text(JoinRequests::Interests))
                    .col(text(JoinRequests::Expertise))
                    .col(text(JoinRequests::Statement))
                    // pending, approved, declined, waiting, withdrawn
                    .col(string(JoinRequests::Status))
                    .col(uuid_null(JoinRequests::DecidedBy))
                    .col(tstz_null(JoinRequests::DecidedAt))
                    .col(text_null(JoinRequests::Reason))
                    .col(tstz(JoinRequests::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_join_requests_committee_id",
                        JoinRequests::Table,
                        JoinRequests::CommitteeId,
                        Committees::Table,
                        Committees::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_join_requests_user_id",
                        JoinRequests::Table,
                        JoinRequests::UserId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_join_requests_committee_status",
            JoinRequests::Table,
            [JoinRequests::CommitteeId, JoinRequests::Status],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Meetings::Table)
                    .col(pk_uuid(Meetings::Id))
                    .col(uuid(Meetings::CommitteeId))
                    .col(tstz(Meetings::StartsAt))
                    .col(text(Meetings::Place))
                    .col(text(Meetings::Agenda))
                    .col(uuid(Meetings::CreatedBy))
                    .col(tstz(Meetings::CreatedAt))
                    .col(tstz_null(Meetings::CancelledAt))
                    .foreign_key(&mut fk(
                        "fk_meetings_committee_id",
                        Meetings::Table,
                        Meetings::CommitteeId,
                        Committees::Table,
                        Committees::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_meetings_committee_starts_at",
            Meetings::Table,
            [Meetings::CommitteeId, Meetings::StartsAt],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Attendance::Table)
                    .col(uuid(Attendance::MeetingId))
                    .col(uuid(Attendance::UserId))
                    // present, absent, excused
                    .col(string(Attendance::Mark))
                    .col(uuid(Attendance::RecordedBy))
                    .col(tstz(Attendance::RecordedAt))
                    .primary_key(
                        Index::create()
                            .name("pk_attendance")
                            .col(Attendance::MeetingId)
                            .col(Attendance::UserId),
                    )
                    .foreign_key(&mut fk(
                        "fk_attendance_meeting_id",
                        Attendance::Table,
                        Attendance::MeetingId,
                        Meetings::Table,
                        Meetings::Id,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(pk_auto_big(Notifications::Id))
                    .col(uuid(Notifications::UserId))
                    .col(text(Notifications::Message))
                    .col(string(Notifications::Link))
                    .col(tstz(Notifications::CreatedAt))
                    .col(tstz_null(Notifications::ReadAt))
                    .foreign_key(&mut fk(
                        "fk_notifications_user_id",
                        Notifications::Table,
                        Notifications::UserId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_notifications_user_id",
            Notifications::Table,
            [Notifications::UserId, Notifications::CreatedAt],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, Notifications::Table).await?;
        drop_table(manager, Attendance::Table).await?;
        drop_table(manager, Meetings::Table).await?;
        drop_table(manager, JoinRequests::Table).await?;
        drop_table(manager, CommitteeMembers::Table).await?;
        drop_table(manager, Committees::Table).await
    }
}

#[derive(DeriveIden)]
enum Committees {
    Table,
    Id,
    Kind,
    RegionId,
    Name,
    Purpose,
    JoinMode,
    Capacity,
    Rule,
    Interests,
    CreatedAt,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum CommitteeMembers {
    Table,
    CommitteeId,
    UserId,
    Role,
    Status,
    JoinedOn,
    TermEndsOn,
    Interests,
    Expertise,
    ChangedAt,
}

#[derive(DeriveIden)]
enum JoinRequests {
    Table,
    Id,
    CommitteeId,
    UserId,
    Interests,
    Expertise,
    Statement,
    Status,
    DecidedBy,
    DecidedAt,
    Reason,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Meetings {
    Table,
    Id,
    CommitteeId,
    StartsAt,
    Place,
    Agenda,
    CreatedBy,
    CreatedAt,
    CancelledAt,
}

#[derive(DeriveIden)]
enum Attendance {
    Table,
    MeetingId,
    UserId,
    Mark,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Message,
    Link,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum Regions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
