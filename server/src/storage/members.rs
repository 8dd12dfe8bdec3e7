//! Who sits where: an administrator's appointments of chairs and vice-chairs, and the page
//! that lists a person's committees.

use std::collections::HashMap;

use app::error::AppError;
use app::model::{
    Appointment, CommitteeId, CommitteeKind, MemberRole, PersonCommittees, Role, Seat, SessionUser,
    UserId,
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    Set,
};

use super::committees::{SEATED, live_committee, notify};
use super::{StoreResult, audit};
use crate::entities::{committee, committee_member, user};
use crate::storage::writer;

/// Seats the person with the role (an existing seat keeps its join date and tags); a new
/// chair's predecessor stays on as a member. One transaction, audited, and the person told.
pub async fn appoint(
    db: &DatabaseConnection,
    admin: &SessionUser,
    id: CommitteeId,
    person: UserId,
    appointment: Appointment,
    today: NaiveDate,
) -> StoreResult<()> {
    let txn = writer::begin(db).await?;
    let group = live_committee(&txn, id).await?;
    let someone = user::Entity::find_by_id(person.0)
        .one(&txn)
        .await?
        .filter(|u| u.active)
        .ok_or_else(|| AppError::NotFound {
            what: "That person".to_owned(),
        })?;
    let role = appointment.role.as_str();
    if appointment.role == MemberRole::Chair {
        let others = committee_member::Entity::find()
            .filter(committee_member::Column::CommitteeId.eq(group.id))
            .filter(committee_member::Column::Role.eq(role))
            .filter(committee_member::Column::UserId.ne(person.0))
            .all(&txn)
            .await?;
        for before in others {
            let mut stepped_down = before.into_active_model();
            stepped_down.role = Set(MemberRole::Member.as_str().to_owned());
            stepped_down.changed_at = Set(Utc::now());
            stepped_down.update(&txn).await?;
        }
    }
    let now = Utc::now();
    let seat = committee_member::Entity::find_by_id((group.id, person.0))
        .one(&txn)
        .await?;
    let from = seat.as_ref().map(|s| (s.role.clone(), s.status.clone()));
    let kept = match seat {
        // An appointment makes an inactive or waiting member active: the admin chose them.
        // Someone who had left or been removed starts afresh.
        Some(seat) => {
            let returning = !SEATED.contains(&seat.status.as_str()) && seat.status != "waiting";
            // No end typed for the role the person already holds keeps the term they have:
            // re-saving the form as it opens must not erase a stored term. A term that has
            // run out is not kept: appointed again, the person holds office with no set end.
            let term = appointment.term_ends_on.or(if seat.role == role {
                seat.term_ends_on.filter(|last| *last >= today)
            } else {
                None
            });
            let mut changed = seat.into_active_model();
            changed.status = Set("active".to_owned());
            changed.role = Set(role.to_owned());
            changed.term_ends_on = Set(term);
            changed.changed_at = Set(now);
            if returning {
                changed.joined_on = Set(today);
            }
            changed.update(&txn).await?;
            term
        }
        None => {
            committee_member::Model {
                committee_id: group.id,
                user_id: person.0,
                role: role.to_owned(),
                status: "active".to_owned(),
                joined_on: today,
                term_ends_on: appointment.term_ends_on,
                interests: String::new(),
                expertise: String::new(),
                changed_at: now,
            }
            .into_active_model()
            .insert(&txn)
            .await?;
            appointment.term_ends_on
        }
    };
    let until = kept
        .map(|d| format!(" until {}", d.format("%-d %B %Y")))
        .unwrap_or_default();
    notify(
        &txn,
        person.0,
        format!(
            "You were appointed {} of {}{until}.",
            appointment.role.label().to_lowercase(),
            group.name
        ),
        format!("/committees/{}", group.id),
    )
    .await?;
    audit::record(
        &txn,
        Some(admin.id.0),
        "appointed",
        "committee",
        group.id,
        serde_json::json!({
            "person": person,
            "name": someone.display_name,
            "role": role,
            "term_ends_on": kept,
            "before": from.map(|(role, status)| serde_json::json!({ "role": role, "status": status })),
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A person's seats. Active seats are for anyone signed in to see (the directory already names
/// chairs); inactive seats and waiting lists only for the person and administrators.
pub async fn person_committees(
    db: &DatabaseConnection,
    me: &SessionUser,
    person: UserId,
) -> StoreResult<PersonCommittees> {
    let someone = user::Entity::find_by_id(person.0)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound {
            what: "That person".to_owned(),
        })?;
    let sees_all = me.id == person || me.role == Role::Admin;
    let shown: &[&str] = if sees_all {
        &["active", "inactive", "waiting"]
    } else {
        &["active"]
    };
    let seats = committee_member::Entity::find()
        .filter(committee_member::Column::UserId.eq(person.0))
        .filter(committee_member::Column::Status.is_in(shown.iter().copied()))
        .all(db)
        .await?;
    let groups: HashMap<_, committee::Model> = committee::Entity::find()
        .filter(committee::Column::Id.is_in(seats.iter().map(|s| s.committee_id)))
        .filter(committee::Column::ArchivedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut seats: Vec<Seat> = seats
        .into_iter()
        .filter_map(|s| {
            let group = groups.get(&s.committee_id)?;
            Some(Seat {
                committee: CommitteeId(group.id),
                committee_name: group.name.clone(),
                kind: CommitteeKind::parse(&group.kind).unwrap_or(CommitteeKind::Committee),
                role: MemberRole::parse(&s.role).unwrap_or(MemberRole::Member),
                status: s.status,
                joined_on: s.joined_on,
                term_ends_on: s.term_ends_on,
            })
        })
        .collect();
    seats.sort_by(|a, b| a.committee_name.cmp(&b.committee_name));
    Ok(PersonCommittees {
        person,
        name: someone.display_name,
        seats,
    })
}

/// For an administrator, the active people not seated on the committee, by name.
pub async fn appointable(
    db: &DatabaseConnection,
    committee: uuid::Uuid,
) -> StoreResult<Vec<(UserId, String)>> {
    let seated: Vec<uuid::Uuid> = committee_member::Entity::find()
        .filter(committee_member::Column::CommitteeId.eq(committee))
        .filter(committee_member::Column::Status.is_in(["active", "inactive", "waiting"]))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.user_id)
        .collect();
    let mut people: Vec<(UserId, String)> = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Id.is_not_in(seated))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (UserId(u.id), u.display_name))
        .collect();
    people.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(people)
}
