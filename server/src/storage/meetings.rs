//! A committee's meetings, attendance and members' standing: scheduling, recording who came,
//! the roster with each member's standing under the committee's rule, and the chair's moves
//! (inactive, removed, back to active). Chair or administrator only, checked per committee.

use std::collections::HashMap;

use app::error::AppError;
use app::model::{
    AttendanceMark, CommitteeId, MeetingFields, MeetingId, MeetingRow, MemberRole, MemberRow,
    MemberStanding, Role, Roster, SessionUser, UserId,
};
use app::rules::participation::{self, Attendance, Rule};
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::committees::{SEATED, chairs, fill_freed_seat, in_chair, live_committee, notify};
use super::{StoreResult, audit};
use crate::entities::{attendance, committee, committee_member, meeting, user};
use crate::local_time::LocalTime;
use crate::storage::writer;

/// Statuses a chair may set, and what they mean on the roster.
const SETTABLE: [&str; 3] = ["active", "inactive", "removed"];

async fn chaired(
    db: &impl ConnectionTrait,
    me: &SessionUser,
    id: CommitteeId,
    doing: &str,
    today: NaiveDate,
) -> StoreResult<committee::Model> {
    let group = committee::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .filter(|c| c.archived_at.is_none())
        .ok_or_else(|| AppError::NotFound {
            what: "That committee".to_owned(),
        })?;
    if !chairs(db, me, group.id, today).await? {
        return Err(AppError::Forbidden {
            area: format!("{doing} for {} (its chair does)", group.name),
        }
        .into());
    }
    Ok(group)
}

fn meeting_row(m: meeting::Model, clock: &LocalTime) -> MeetingRow {
    MeetingRow {
        id: MeetingId(m.id),
        starts_at: clock.shown(m.starts_at),
        held: m.starts_at <= Utc::now(),
        place: m.place,
        agenda: m.agenda,
    }
}

pub async fn schedule(
    db: &DatabaseConnection,
    me: &SessionUser,
    id: CommitteeId,
    fields: MeetingFields,
    clock: &LocalTime,
) -> StoreResult<MeetingId> {
    // Typed on the state's clock; in the hour a clock skips, the time after the gap.
    let starts_at = clock
        .to_utc(fields.starts_local)
        .ok_or_else(|| AppError::Invalid {
            field: "date".to_owned(),
            message: "choose a date this calendar can hold".to_owned(),
        })?;
    let txn = writer::begin(db).await?;
    let group = chaired(&txn, me, id, "scheduling meetings", clock.today()).await?;
    let row = meeting::Model {
        id: Uuid::now_v7(),
        committee_id: group.id,
        starts_at,
        place: fields.place,
        agenda: fields.agenda,
        created_by: me.id.0,
        created_at: Utc::now(),
        cancelled_at: None,
    };
    let id = row.id;
    row.into_active_model().insert(&txn).await?;
    audit::record(
        &txn,
        Some(me.id.0),
        "scheduled_meeting",
        "committee",
        group.id,
        serde_json::json!({ "meeting": id }),
    )
    .await?;
    txn.commit().await?;
    Ok(MeetingId(id))
}

/// Records who came; only the committee's members can be marked, only for a meeting that
/// has started.
pub async fn record_attendance(
    db: &DatabaseConnection,
    me: &SessionUser,
    id: MeetingId,
    marks: Vec<AttendanceMark>,
    today: NaiveDate,
) -> StoreResult<()> {
    let txn = writer::begin(db).await?;
    let held = meeting::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .filter(|m| m.cancelled_at.is_none())
        .ok_or_else(|| AppError::NotFound {
            what: "That meeting".to_owned(),
        })?;
    let group = chaired(
        &txn,
        me,
        CommitteeId(held.committee_id),
        "recording attendance",
        today,
    )
    .await?;
    if held.starts_at > Utc::now() {
        return Err(AppError::Conflict {
            message: "This meeting has not taken place yet; record attendance after it.".to_owned(),
        }
        .into());
    }
    let members: Vec<Uuid> = committee_member::Entity::find()
        .filter(committee_member::Column::CommitteeId.eq(group.id))
        .filter(committee_member::Column::Status.is_in(SEATED))
        .all(&txn)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    if let Some(stranger) = marks
        .iter()
        .map(|m| m.person)
        .find(|p| !members.contains(&p.0))
    {
        return Err(AppError::Invalid {
            field: "attendance".to_owned(),
            message: format!("{stranger} is not a member of {}", group.name),
        }
        .into());
    }
    let now = Utc::now();
    // One row per person, the last mark sent winning: PostgreSQL refuses an upsert that
    // touches the same row twice.
    let last: HashMap<Uuid, Option<Attendance>> =
        marks.iter().map(|m| (m.person.0, m.mark)).collect();
    let cleared: Vec<Uuid> = last
        .iter()
        .filter(|(_, mark)| mark.is_none())
        .map(|(person, _)| *person)
        .collect();
    if !cleared.is_empty() {
        attendance::Entity::delete_many()
            .filter(attendance::Column::MeetingId.eq(held.id))
            .filter(attendance::Column::UserId.is_in(cleared))
            .exec(&txn)
            .await?;
    }
    let marked: Vec<(Uuid, Attendance)> = last
        .iter()
        .filter_map(|(person, mark)| mark.map(|mark| (*person, mark)))
        .collect();
    let rows = marked.iter().map(|(person, mark)| {
        attendance::Model {
            meeting_id: held.id,
            user_id: *person,
            mark: mark.as_str().to_owned(),
            recorded_by: me.id.0,
            recorded_at: now,
        }
        .into_active_model()
    });
    if !marked.is_empty() {
        attendance::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([attendance::Column::MeetingId, attendance::Column::UserId])
                    .update_columns([
                        attendance::Column::Mark,
                        attendance::Column::RecordedBy,
                        attendance::Column::RecordedAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
    }
    audit::record(
        &txn,
        Some(me.id.0),
        "recorded_attendance",
        "committee",
        group.id,
        serde_json::json!({
            "meeting": held.id,
            "marks": marked.len(),
            "cleared": last.len() - marked.len(),
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The chair's roster: members (not those removed or gone) with their standing today.
pub async fn roster(
    db: &DatabaseConnection,
    me: &SessionUser,
    id: CommitteeId,
    clock: &LocalTime,
) -> StoreResult<Roster> {
    let today = clock.today();
    let group = chaired(db, me, id, "the roster", today).await?;
    let rule: Rule = serde_json::from_str(&group.rule).unwrap_or_default();
    let seats = committee_member::Entity::find()
        .filter(committee_member::Column::CommitteeId.eq(group.id))
        .filter(committee_member::Column::Status.is_in(["active", "inactive", "waiting"]))
        .all(db)
        .await?;
    let names: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(seats.iter().map(|s| s.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let meetings = meeting::Entity::find()
        .filter(meeting::Column::CommitteeId.eq(group.id))
        .filter(meeting::Column::CancelledAt.is_null())
        .order_by_desc(meeting::Column::StartsAt)
        .order_by_desc(meeting::Column::Id)
        .all(db)
        .await?;
    let marks = attendance::Entity::find()
        .filter(
            attendance::Column::MeetingId.is_in(meetings.iter().map(|m| m.id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?;
    let marked: HashMap<(Uuid, Uuid), Attendance> = marks
        .iter()
        .filter_map(|a| Some(((a.meeting_id, a.user_id), Attendance::parse(&a.mark)?)))
        .collect();
    let appointable = if me.role == Role::Admin {
        super::members::appointable(db, group.id).await?
    } else {
        Vec::new()
    };
    let mut members: Vec<MemberStanding> = seats
        .into_iter()
        .map(|s| {
            let record: Vec<_> = meetings
                .iter()
                .map(|m| {
                    (
                        clock.date(m.starts_at),
                        marked.get(&(m.id, s.user_id)).copied(),
                    )
                })
                .collect();
            MemberStanding {
                standing: participation::assess(rule, s.joined_on, &record, today),
                status: s.status,
                member: MemberRow {
                    person: UserId(s.user_id),
                    name: names.get(&s.user_id).cloned().unwrap_or_default(),
                    role: MemberRole::parse(&s.role).unwrap_or(MemberRole::Member),
                    joined_on: s.joined_on,
                    term_ends_on: s.term_ends_on,
                },
            }
        })
        .collect();
    // At risk first, then by name: what the chair should look at comes first.
    members.sort_by(|a, b| {
        b.standing
            .at_risk
            .cmp(&a.standing.at_risk)
            .then_with(|| a.member.name.cmp(&b.member.name))
    });
    Ok(Roster {
        committee: CommitteeId(group.id),
        name: group.name,
        rule,
        members,
        marks: marks
            .iter()
            .filter_map(|a| {
                Some((
                    MeetingId(a.meeting_id),
                    UserId(a.user_id),
                    Attendance::parse(&a.mark)?,
                ))
            })
            .collect(),
        meetings: meetings
            .into_iter()
            .map(|m| meeting_row(m, clock))
            .collect(),
        appoints: me.role == Role::Admin,
        appointable,
    })
}

/// The chair moves a member to inactive, removes them, or makes them active again; audited.
pub async fn set_member_status(
    db: &DatabaseConnection,
    me: &SessionUser,
    id: CommitteeId,
    person: UserId,
    status: String,
    today: NaiveDate,
) -> StoreResult<()> {
    if !SETTABLE.contains(&status.as_str()) {
        return Err(AppError::Invalid {
            field: "status".to_owned(),
            message: "choose active, inactive or removed".to_owned(),
        }
        .into());
    }
    let txn = writer::begin(db).await?;
    let group = chaired(&txn, me, id, "changing members", today).await?;
    let seat = committee_member::Entity::find_by_id((group.id, person.0))
        .one(&txn)
        .await?
        .filter(|s| SEATED.contains(&s.status.as_str()))
        .ok_or_else(|| AppError::NotFound {
            what: format!("That member of {}", group.name),
        })?;
    // A chair whose term ran out holds no office: their seat is a member's.
    if in_chair(&seat, today) {
        return Err(AppError::Conflict {
            message: "The chair stays active; an administrator appoints another chair first."
                .to_owned(),
        }
        .into());
    }
    let before = seat.status.clone();
    let mut changed = seat.into_active_model();
    changed.status = Set(status.clone());
    changed.changed_at = Set(Utc::now());
    changed.update(&txn).await?;
    if before != status {
        let message = match status.as_str() {
            "inactive" => format!("The chair of {} moved you to inactive.", group.name),
            "removed" => format!("The chair of {} removed you from it.", group.name),
            _ => format!("You are an active member of {} again.", group.name),
        };
        notify(&txn, person.0, message, format!("/committees/{}", group.id)).await?;
    }
    if status == "removed" {
        fill_freed_seat(&txn, &group, today).await?;
    }
    audit::record(
        &txn,
        Some(me.id.0),
        "changed_member_status",
        "committee",
        group.id,
        serde_json::json!({ "member": person, "from": before, "to": status }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A member's own attendance at their committee's meetings, newest first.
pub async fn own_record(
    db: &DatabaseConnection,
    me: &SessionUser,
    id: CommitteeId,
    clock: &LocalTime,
) -> StoreResult<Vec<(MeetingRow, Option<Attendance>)>> {
    let seat = committee_member::Entity::find_by_id((id.0, me.id.0))
        .one(db)
        .await?
        .filter(|s| SEATED.contains(&s.status.as_str()))
        .ok_or_else(|| AppError::NotFound {
            what: "Your membership of that committee".to_owned(),
        })?;
    let meetings = meeting::Entity::find()
        .filter(meeting::Column::CommitteeId.eq(seat.committee_id))
        .filter(meeting::Column::CancelledAt.is_null())
        .order_by_desc(meeting::Column::StartsAt)
        .order_by_desc(meeting::Column::Id)
        .all(db)
        .await?;
    let mine: HashMap<Uuid, Attendance> = attendance::Entity::find()
        .filter(attendance::Column::UserId.eq(me.id.0))
        .filter(
            attendance::Column::MeetingId.is_in(meetings.iter().map(|m| m.id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .filter_map(|a| Some((a.meeting_id, Attendance::parse(&a.mark)?)))
        .collect();
    Ok(meetings
        .into_iter()
        .map(|m| {
            let mark = mine.get(&m.id).copied();
            (meeting_row(m, clock), mark)
        })
        .collect())
}

/// A member leaves; a chair must hand over first.
pub async fn leave(
    db: &DatabaseConnection,
    me: &SessionUser,
    id: CommitteeId,
    today: NaiveDate,
) -> StoreResult<()> {
    let txn = writer::begin(db).await?;
    let seat = committee_member::Entity::find_by_id((id.0, me.id.0))
        .one(&txn)
        .await?
        .filter(|s| ["active", "inactive", "waiting"].contains(&s.status.as_str()))
        .ok_or_else(|| AppError::NotFound {
            what: "Your membership of that committee".to_owned(),
        })?;
    if in_chair(&seat, today) {
        return Err(AppError::Conflict {
            message: "A chair cannot leave; ask an administrator to appoint another chair first."
                .to_owned(),
        }
        .into());
    }
    let mut gone = seat.into_active_model();
    gone.status = Set("left".to_owned());
    gone.changed_at = Set(Utc::now());
    gone.update(&txn).await?;
    fill_freed_seat(&txn, &live_committee(&txn, id).await?, today).await?;
    audit::record(
        &txn,
        Some(me.id.0),
        "left",
        "committee",
        id.0,
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
