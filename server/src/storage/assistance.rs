//! The coordinator's side of assistance requests: the list, one request with its history,
//! and moving a request on by the rule in `app::rules::assistance`.

use std::collections::HashMap;

use app::backend::CoordinatorViewer;
use app::error::AppError;
use app::model::{
    AssistanceDetail, AssistanceFields, AssistanceOverview, AssistanceRequestId, AssistanceRow,
    AssistanceStatus, AssistanceUpdateRow, DeliveryMode, ProgramId, SubmissionStatus, UpdateDraft,
};
use app::rules::assistance::validate_update;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use super::StoreResult;
use super::submissions;
use crate::entities::{assistance_request, assistance_update, program, submission};
use crate::local_time::LocalTime;
use crate::storage::writer;
use crate::storage::{audit, names};

/// A page of requests is plenty for one coordinator; older closed ones stay in the database.
const SHOWN: u64 = 500;

fn status_of(row: &assistance_request::Model) -> AssistanceStatus {
    AssistanceStatus::parse(&row.status).unwrap_or(AssistanceStatus::Received)
}

fn to_row(
    row: &assistance_request::Model,
    titles: &HashMap<Uuid, String>,
    local: &LocalTime,
) -> AssistanceRow {
    AssistanceRow {
        id: AssistanceRequestId(row.id),
        reference: row.reference.clone(),
        program_title: titles.get(&row.program_id).cloned().unwrap_or_default(),
        agency: row.agency.clone(),
        state: row.state.clone(),
        status: status_of(row),
        received_at: local.shown(row.created_at),
        scheduled_for: row.scheduled_for,
    }
}

async fn titles(db: &DatabaseConnection) -> StoreResult<HashMap<Uuid, String>> {
    Ok(program::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.title))
        .collect())
}

pub async fn overview(
    db: &DatabaseConnection,
    _who: &CoordinatorViewer,
    status: Option<AssistanceStatus>,
    local: &LocalTime,
) -> StoreResult<AssistanceOverview> {
    let mut find = assistance_request::Entity::find();
    if let Some(status) = status {
        find = find.filter(assistance_request::Column::Status.eq(status.as_str()));
    }
    let list = find
        .order_by_desc(assistance_request::Column::CreatedAt)
        .limit(SHOWN)
        .all(db)
        .await?;
    let titles = titles(db).await?;
    // One grouped count for every status; a status nobody is at counts 0.
    let stored: Vec<(String, i64)> = assistance_request::Entity::find()
        .select_only()
        .column(assistance_request::Column::Status)
        .column_as(assistance_request::Column::Id.count(), "n")
        .group_by(assistance_request::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let counts = AssistanceStatus::ALL
        .into_iter()
        .map(|status| {
            let n = stored
                .iter()
                .find(|(s, _)| s == status.as_str())
                .map_or(0, |(_, n)| u64::try_from(*n).unwrap_or(0));
            (status, n)
        })
        .collect();
    let waiting = submission::Entity::find()
        .filter(submission::Column::Status.eq(SubmissionStatus::Submitted.as_str()))
        .order_by_asc(submission::Column::SubmittedAt)
        .all(db)
        .await?;
    let authors = names::people(db, waiting.iter().map(|s| s.author_id)).await?;
    Ok(AssistanceOverview {
        requests: list.iter().map(|row| to_row(row, &titles, local)).collect(),
        counts,
        waiting: submissions::rows(waiting, &authors, local),
        window: submissions::window(db, local).await?,
    })
}

fn not_found() -> AppError {
    AppError::NotFound {
        what: "That assistance request".to_owned(),
    }
}

pub async fn detail(
    db: &DatabaseConnection,
    _who: &CoordinatorViewer,
    id: AssistanceRequestId,
    local: &LocalTime,
) -> StoreResult<AssistanceDetail> {
    let row = assistance_request::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let titles: HashMap<Uuid, String> = program::Entity::find_by_id(row.program_id)
        .one(db)
        .await?
        .map(|p| (p.id, p.title))
        .into_iter()
        .collect();
    let updates = assistance_update::Entity::find()
        .filter(assistance_update::Column::RequestId.eq(row.id))
        .order_by_asc(assistance_update::Column::Id)
        .all(db)
        .await?;
    let people = names::people(db, updates.iter().filter_map(|u| u.author_id)).await?;
    Ok(AssistanceDetail {
        row: to_row(&row, &titles, local),
        program: ProgramId(row.program_id),
        scheduled_mode: row.scheduled_mode.as_deref().and_then(DeliveryMode::parse),
        fields: AssistanceFields {
            name: row.name,
            agency: row.agency,
            state: row.state,
            email: row.email,
            need: row.need,
            modes: DeliveryMode::split(&row.modes),
            dates: row.dates,
        },
        updates: updates
            .into_iter()
            .map(|u| AssistanceUpdateRow {
                at: local.shown(u.at),
                status: AssistanceStatus::parse(&u.status).unwrap_or(AssistanceStatus::Received),
                note: u.note,
                by: u.author_id.and_then(|id| people.get(&id).cloned()),
            })
            .collect(),
    })
}

pub async fn update(
    db: &DatabaseConnection,
    who: &CoordinatorViewer,
    id: AssistanceRequestId,
    draft: UpdateDraft,
    local: &LocalTime,
) -> StoreResult<AssistanceStatus> {
    let me = who.viewer().user();
    let now = Utc::now();
    let txn = writer::begin(db).await?;
    let row = assistance_request::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or_else(not_found)?;
    let current = status_of(&row);
    let update = validate_update(current, &draft, local.local(now).date())
        .map_err(AppError::InvalidFields)?;
    let mut active = row.into_active_model();
    active.status = Set(update.status.as_str().to_owned());
    if let Some(date) = update.scheduled_for {
        active.scheduled_for = Set(Some(date));
    }
    if let Some(mode) = update.scheduled_mode {
        active.scheduled_mode = Set(Some(mode.as_str().to_owned()));
    }
    active.updated_at = Set(now);
    active.update(&txn).await?;
    assistance_update::ActiveModel {
        request_id: Set(id.0),
        author_id: Set(Some(me.id.0)),
        status: Set(update.status.as_str().to_owned()),
        note: Set(update.note.clone()),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(me.id.0),
        update.status.as_str(),
        "assistance_request",
        id,
        serde_json::json!({
            "from": current.as_str(),
            "scheduled_for": update.scheduled_for,
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(update.status)
}
