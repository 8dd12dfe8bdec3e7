//! Committees and regional teams: the directory, asking to join, and the chair's decision.
//! Only a committee's active chair (or an administrator) decides on its requests: checked
//! here, per committee, not by role alone.

use std::collections::HashMap;

use app::error::AppError;
use app::model::{
    CommitteeFilter, CommitteeId, CommitteeKind, CommitteeSummary, JoinDraft, JoinRequestId,
    JoinRequestRow, MemberRole, RegionId, RequestStatus, Role, SessionUser, UserId,
};
use app::rules::membership::{self, JoinMode, JoinOutcome, Standing};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::{StoreResult, audit};
use crate::entities::{
    committee, committee_member, join_request, meeting, notification, region, user,
};
use crate::local_time::LocalTime;
use crate::storage::writer;

/// Member statuses that hold a seat.
pub(super) const SEATED: [&str; 2] = ["active", "inactive"];

fn not_found() -> AppError {
    AppError::NotFound {
        what: "That committee".to_owned(),
    }
}

fn tags(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Every committee and team that is not archived, by name, with the filters applied.
pub async fn directory(
    db: &DatabaseConnection,
    filter: CommitteeFilter,
    clock: &LocalTime,
) -> StoreResult<Vec<CommitteeSummary>> {
    let mut query = committee::Entity::find()
        .filter(committee::Column::ArchivedAt.is_null())
        .order_by_asc(committee::Column::Name);
    if let Some(region) = filter.region {
        query = query.filter(committee::Column::RegionId.eq(region.0));
    }
    let groups = query.all(db).await?;
    let interest = filter.interest.trim().to_lowercase();
    let groups: Vec<committee::Model> = groups
        .into_iter()
        .filter(|g| interest.is_empty() || tags(&g.interests).contains(&interest))
        .collect();
    summaries(db, groups, clock).await
}

/// One committee or team, as the directory shows it.
pub async fn one(
    db: &DatabaseConnection,
    id: CommitteeId,
    clock: &LocalTime,
) -> StoreResult<CommitteeSummary> {
    let group = live_committee(db, id).await?;
    let mut found = summaries(db, vec![group], clock).await?;
    Ok(found.pop().ok_or_else(not_found)?)
}

/// Directory lines for `groups`: chairs, seats and next meetings in a few queries.
async fn summaries(
    db: &DatabaseConnection,
    groups: Vec<committee::Model>,
    clock: &LocalTime,
) -> StoreResult<Vec<CommitteeSummary>> {
    let today = clock.today();
    let ids: Vec<Uuid> = groups.iter().map(|g| g.id).collect();
    let members = committee_member::Entity::find()
        .filter(committee_member::Column::CommitteeId.is_in(ids.clone()))
        .filter(committee_member::Column::Status.is_in(SEATED))
        .all(db)
        .await?;
    let chairs: Vec<Uuid> = members
        .iter()
        .filter(|m| in_chair(m, today))
        .map(|m| m.user_id)
        .collect();
    let names: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(chairs))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let regions: HashMap<Uuid, String> = region::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    let now = Utc::now();
    let upcoming = meeting::Entity::find()
        .filter(meeting::Column::CommitteeId.is_in(ids))
        .filter(meeting::Column::StartsAt.gte(now))
        .filter(meeting::Column::CancelledAt.is_null())
        .order_by_asc(meeting::Column::StartsAt)
        .all(db)
        .await?;
    Ok(groups
        .into_iter()
        .map(|g| {
            let seated: Vec<&committee_member::Model> =
                members.iter().filter(|m| m.committee_id == g.id).collect();
            CommitteeSummary {
                id: CommitteeId(g.id),
                kind: CommitteeKind::parse(&g.kind).unwrap_or(CommitteeKind::Committee),
                region: g
                    .region_id
                    .map(|r| (RegionId(r), regions.get(&r).cloned().unwrap_or_default())),
                chair: seated
                    .iter()
                    .find(|m| in_chair(m, today))
                    .and_then(|m| names.get(&m.user_id).cloned()),
                members: seated.len() as u32,
                capacity: g.capacity.and_then(|c| u32::try_from(c).ok()),
                next_meeting: upcoming
                    .iter()
                    .find(|m| m.committee_id == g.id)
                    .map(|m| clock.shown(m.starts_at)),
                join_mode: JoinMode::parse(&g.join_mode).unwrap_or(JoinMode::Closed),
                interests: tags(&g.interests),
                name: g.name,
                purpose: g.purpose,
            }
        })
        .collect())
}

pub(super) async fn live_committee(
    db: &impl ConnectionTrait,
    id: CommitteeId,
) -> StoreResult<committee::Model> {
    Ok(committee::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .filter(|c| c.archived_at.is_none())
        .ok_or_else(not_found)?)
}

async fn seated_count(db: &impl ConnectionTrait, committee: Uuid) -> StoreResult<u32> {
    let seated = committee_member::Entity::find()
        .filter(committee_member::Column::CommitteeId.eq(committee))
        .filter(committee_member::Column::Status.is_in(SEATED))
        .count(db)
        .await?;
    Ok(u32::try_from(seated).unwrap_or(u32::MAX))
}

/// Whether `me` decides for `committee` on the state's date `today`: its chair in office,
/// or an administrator.
pub async fn chairs(
    db: &impl ConnectionTrait,
    me: &SessionUser,
    committee: Uuid,
    today: NaiveDate,
) -> StoreResult<bool> {
    if me.role == Role::Admin {
        return Ok(true);
    }
    let seat = committee_member::Entity::find_by_id((committee, me.id.0))
        .one(db)
        .await?;
    Ok(seat.is_some_and(|s| in_chair(&s, today)))
}

/// Whether this seat is the committee's chair today (see [`membership::holds_chair`]).
pub(super) fn in_chair(seat: &committee_member::Model, today: NaiveDate) -> bool {
    MemberRole::parse(&seat.role).is_some_and(|role| {
        membership::holds_chair(role, seat.status == "active", seat.term_ends_on, today)
    })
}

/// When a seat frees up on a committee with a capacity, the person longest on its waiting list
/// takes it and is told.
pub(super) async fn fill_freed_seat(
    db: &impl ConnectionTrait,
    group: &committee::Model,
    today: NaiveDate,
) -> StoreResult<()> {
    let Some(capacity) = group.capacity.and_then(|c| u32::try_from(c).ok()) else {
        return Ok(());
    };
    if seated_count(db, group.id).await? >= capacity {
        return Ok(());
    }
    let Some(next) = committee_member::Entity::find()
        .filter(committee_member::Column::CommitteeId.eq(group.id))
        .filter(committee_member::Column::Status.eq("waiting"))
        .order_by_asc(committee_member::Column::ChangedAt)
        .order_by_asc(committee_member::Column::UserId)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let person = next.user_id;
    let now = Utc::now();
    let mut seated = next.into_active_model();
    seated.status = Set("active".to_owned());
    seated.joined_on = Set(today);
    seated.changed_at = Set(now);
    seated.update(db).await?;
    join_request::Entity::update_many()
        .col_expr(
            join_request::Column::Status,
            sea_orm::sea_query::Expr::value(RequestStatus::Approved.as_str()),
        )
        .filter(join_request::Column::CommitteeId.eq(group.id))
        .filter(join_request::Column::UserId.eq(person))
        .filter(join_request::Column::Status.eq(RequestStatus::Waiting.as_str()))
        .exec(db)
        .await?;
    notify(
        db,
        person,
        format!("A seat opened on {}: you are now a member.", group.name),
        format!("/committees/{}", group.id),
    )
    .await
}

pub(super) async fn notify(
    db: &impl ConnectionTrait,
    person: Uuid,
    message: String,
    link: String,
) -> StoreResult<()> {
    notification::ActiveModel {
        user_id: Set(person),
        message: Set(message),
        link: Set(link),
        created_at: Set(Utc::now()),
        read_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

async fn seat(
    db: &impl ConnectionTrait,
    committee: Uuid,
    person: Uuid,
    status: &str,
    request: &join_request::Model,
    today: NaiveDate,
) -> StoreResult<()> {
    let now = Utc::now();
    let row = committee_member::Model {
        committee_id: committee,
        user_id: person,
        role: MemberRole::Member.as_str().to_owned(),
        status: status.to_owned(),
        joined_on: today,
        term_ends_on: None,
        interests: request.interests.clone(),
        expertise: request.expertise.clone(),
        changed_at: now,
    };
    match committee_member::Entity::find_by_id((committee, person))
        .one(db)
        .await?
    {
        // Someone who left or was removed comes back with a fresh start.
        Some(_) => {
            row.into_active_model().reset_all().update(db).await?;
        }
        None => {
            row.into_active_model().insert(db).await?;
        }
    }
    Ok(())
}

/// Where `person` stands with `committee`.
async fn standing(
    db: &impl ConnectionTrait,
    committee: Uuid,
    person: Uuid,
) -> StoreResult<Standing> {
    let seat = committee_member::Entity::find_by_id((committee, person))
        .one(db)
        .await?;
    let status = seat.map(|s| s.status);
    match status.as_deref() {
        Some(status) if SEATED.contains(&status) => return Ok(Standing::Member),
        Some("waiting") => return Ok(Standing::Waiting),
        _ => {}
    }
    let pending = join_request::Entity::find()
        .filter(join_request::Column::CommitteeId.eq(committee))
        .filter(join_request::Column::UserId.eq(person))
        .filter(join_request::Column::Status.eq(RequestStatus::Pending.as_str()))
        .one(db)
        .await?;
    Ok(if pending.is_some() {
        Standing::Asked
    } else if status.as_deref() == Some("removed") {
        Standing::Removed
    } else {
        Standing::None
    })
}

/// Someone asks to join: at once, onto the waiting list, or to the chair, by the committee's
/// join mode; refused with the reason when it takes no requests.
pub async fn ask(
    db: &DatabaseConnection,
    me: &SessionUser,
    id: CommitteeId,
    draft: JoinDraft,
    today: NaiveDate,
) -> StoreResult<JoinRequestRow> {
    let txn = writer::begin(db).await?;
    let group = live_committee(&txn, id).await?;
    let mode = JoinMode::parse(&group.join_mode).unwrap_or(JoinMode::Closed);
    let fields = draft
        .validate(mode == JoinMode::Apply)
        .map_err(AppError::InvalidFields)?;
    let capacity = group.capacity.and_then(|c| u32::try_from(c).ok());
    let seated = seated_count(&txn, group.id).await?;
    let outcome = membership::ask(
        mode,
        capacity,
        seated,
        standing(&txn, group.id, me.id.0).await?,
    );
    let status = match outcome {
        JoinOutcome::Refused(why) => {
            return Err(AppError::Conflict {
                message: format!("You cannot ask to join {}: {why}.", group.name),
            }
            .into());
        }
        JoinOutcome::Joined => RequestStatus::Approved,
        JoinOutcome::Waiting => RequestStatus::Waiting,
        JoinOutcome::Pending => RequestStatus::Pending,
    };
    let now = Utc::now();
    let request = join_request::Model {
        id: Uuid::now_v7(),
        committee_id: group.id,
        user_id: me.id.0,
        interests: fields.interests.join(","),
        expertise: fields.expertise.join(","),
        statement: fields.statement,
        status: status.as_str().to_owned(),
        decided_by: None,
        decided_at: (status != RequestStatus::Pending).then_some(now),
        reason: None,
        created_at: now,
    };
    request.clone().into_active_model().insert(&txn).await?;
    match status {
        RequestStatus::Approved => seat(&txn, group.id, me.id.0, "active", &request, today).await?,
        RequestStatus::Waiting => seat(&txn, group.id, me.id.0, "waiting", &request, today).await?,
        _ => {
            let link = format!("/committees/{}", group.id);
            for chair in committee_member::Entity::find()
                .filter(committee_member::Column::CommitteeId.eq(group.id))
                .filter(committee_member::Column::Role.eq(MemberRole::Chair.as_str()))
                .all(&txn)
                .await?
                .into_iter()
                .filter(|seat| in_chair(seat, today))
            {
                let message = format!("{} asks to join {}.", me.display_name, group.name);
                notify(&txn, chair.user_id, message, link.clone()).await?;
            }
        }
    }
    audit::record(
        &txn,
        Some(me.id.0),
        "asked_to_join",
        "committee",
        group.id,
        serde_json::json!({ "request": request.id, "status": status.as_str() }),
    )
    .await?;
    txn.commit().await?;
    Ok(row(request, &group.name, &me.display_name))
}

fn row(r: join_request::Model, committee_name: &str, person_name: &str) -> JoinRequestRow {
    JoinRequestRow {
        id: JoinRequestId(r.id),
        committee: CommitteeId(r.committee_id),
        committee_name: committee_name.to_owned(),
        person: UserId(r.user_id),
        person_name: person_name.to_owned(),
        interests: tags(&r.interests),
        expertise: tags(&r.expertise),
        statement: r.statement,
        status: RequestStatus::parse(&r.status).unwrap_or(RequestStatus::Pending),
        reason: r.reason,
        asked_at: r.created_at,
    }
}

async fn rows(
    db: &impl ConnectionTrait,
    requests: Vec<join_request::Model>,
) -> StoreResult<Vec<JoinRequestRow>> {
    let people: Vec<Uuid> = requests.iter().map(|r| r.user_id).collect();
    let groups: Vec<Uuid> = requests.iter().map(|r| r.committee_id).collect();
    let names: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(people))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let titles: HashMap<Uuid, String> = committee::Entity::find()
        .filter(committee::Column::Id.is_in(groups))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok(requests
        .into_iter()
        .map(|r| {
            let title = titles.get(&r.committee_id).cloned().unwrap_or_default();
            let name = names.get(&r.user_id).cloned().unwrap_or_default();
            row(r, &title, &name)
        })
        .collect())
}

/// The person's own requests, newest first.
pub async fn my_requests(
    db: &DatabaseConnection,
    me: &SessionUser,
) -> StoreResult<Vec<JoinRequestRow>> {
    let requests = join_request::Entity::find()
        .filter(join_request::Column::UserId.eq(me.id.0))
        .order_by_desc(join_request::Column::CreatedAt)
        .all(db)
        .await?;
    rows(db, requests).await
}

/// A committee's requests waiting for a decision: for its chair or an administrator only.
pub async fn pending_requests(
    db: &DatabaseConnection,
    me: &SessionUser,
    id: CommitteeId,
    today: NaiveDate,
) -> StoreResult<Vec<JoinRequestRow>> {
    let group = live_committee(db, id).await?;
    if !chairs(db, me, group.id, today).await? {
        return Err(AppError::Forbidden {
            area: format!("the requests to join {} (its chair decides)", group.name),
        }
        .into());
    }
    let requests = join_request::Entity::find()
        .filter(join_request::Column::CommitteeId.eq(group.id))
        .filter(join_request::Column::Status.eq(RequestStatus::Pending.as_str()))
        .order_by_asc(join_request::Column::CreatedAt)
        .all(db)
        .await?;
    rows(db, requests).await
}

/// The chair approves (a seat, or the waiting list when full) or declines with a reason; the
/// person is told in the app.
pub async fn decide(
    db: &DatabaseConnection,
    me: &SessionUser,
    id: JoinRequestId,
    approve: bool,
    reason: String,
    today: NaiveDate,
) -> StoreResult<RequestStatus> {
    let txn = writer::begin(db).await?;
    let request = join_request::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::NotFound {
            what: "That request to join".to_owned(),
        })?;
    let group = live_committee(&txn, CommitteeId(request.committee_id)).await?;
    if !chairs(&txn, me, group.id, today).await? {
        return Err(AppError::Forbidden {
            area: format!("the requests to join {} (its chair decides)", group.name),
        }
        .into());
    }
    if request.status != RequestStatus::Pending.as_str() {
        return Err(AppError::Conflict {
            message: "This request has already been decided.".to_owned(),
        }
        .into());
    }
    let reason = reason.trim().to_owned();
    let status = if approve {
        let capacity = group.capacity.and_then(|c| u32::try_from(c).ok());
        match membership::approve(capacity, seated_count(&txn, group.id).await?) {
            JoinOutcome::Waiting => RequestStatus::Waiting,
            _ => RequestStatus::Approved,
        }
    } else {
        if reason.is_empty() {
            return Err(AppError::Invalid {
                field: "reason".to_owned(),
                message: "say why, so the person knows what to do".to_owned(),
            }
            .into());
        }
        RequestStatus::Declined
    };
    match status {
        RequestStatus::Approved => {
            seat(&txn, group.id, request.user_id, "active", &request, today).await?
        }
        RequestStatus::Waiting => {
            seat(&txn, group.id, request.user_id, "waiting", &request, today).await?
        }
        _ => {}
    }
    let message = match status {
        RequestStatus::Approved => format!("You are now a member of {}.", group.name),
        RequestStatus::Waiting => format!(
            "{} approved your request; it is full, so you are on its waiting list.",
            group.name
        ),
        _ => format!("{} declined your request: {reason}", group.name),
    };
    notify(
        &txn,
        request.user_id,
        message,
        format!("/committees/{}", group.id),
    )
    .await?;
    let mut decided = request.into_active_model();
    decided.status = Set(status.as_str().to_owned());
    decided.decided_by = Set(Some(me.id.0));
    decided.decided_at = Set(Some(Utc::now()));
    decided.reason = Set((!reason.is_empty()).then_some(reason));
    let decided = decided.update(&txn).await?;
    audit::record(
        &txn,
        Some(me.id.0),
        "decided_join_request",
        "committee",
        group.id,
        serde_json::json!({ "request": decided.id, "status": status.as_str() }),
    )
    .await?;
    txn.commit().await?;
    Ok(status)
}
