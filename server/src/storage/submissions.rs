//! Program submissions and the window they are taken in. A draft is its author's alone; a
//! coordinator (or administrator) reads what was submitted and decides.

use app::access::{Area, can_use};
use app::backend::{CoordinatorViewer, Viewer};
use app::error::AppError;
use app::model::{
    Decision, DeliveryMode, MySubmissions, ProgramId, SessionUser, SubmissionDetail,
    SubmissionDraft, SubmissionFields, SubmissionId, SubmissionRow, SubmissionStatus, UserId,
    WindowDraft, WindowStatus, split_tags, window_is_open,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::StoreResult;
use super::committees::notify;
use crate::entities::{program, submission, submission_window};
use crate::local_time::LocalTime;
use crate::storage::writer;
use crate::storage::{audit, names};

fn fields_of(row: &submission::Model) -> SubmissionFields {
    SubmissionFields {
        title: row.title.clone(),
        summary: row.summary.clone(),
        problem: row.problem.clone(),
        results: row.results.clone(),
        offer: row.offer.clone(),
        modes: DeliveryMode::split(&row.modes),
        tags: split_tags(&row.tags),
        travel_costs: row.travel_costs.clone(),
        material_costs: row.material_costs.clone(),
        contact_name: row.contact_name.clone(),
        contact_email: row.contact_email.clone(),
        contact_phone: row.contact_phone.clone(),
    }
}

fn status_of(row: &submission::Model) -> SubmissionStatus {
    SubmissionStatus::parse(&row.status).unwrap_or(SubmissionStatus::Draft)
}

/// Who decides on submissions: the same rule as the "Assistance" area.
fn is_coordinator(user: &SessionUser) -> bool {
    can_use(Some(user.role), Area::Assistance)
}

/// The newest window, which is the one that counts.
async fn current_window(
    db: &impl ConnectionTrait,
) -> StoreResult<Option<submission_window::Model>> {
    Ok(submission_window::Entity::find()
        .order_by_desc(submission_window::Column::OpensAt)
        .one(db)
        .await?)
}

pub fn describe_window(
    window: Option<&submission_window::Model>,
    now: DateTime<Utc>,
    local: &LocalTime,
) -> WindowStatus {
    let span = window.map(|w| (w.opens_at, w.closes_at));
    let open = window_is_open(span, now);
    let message = match window {
        None => "No submission window has been opened yet. You can write a draft now and submit \
                 it when the coordinator opens one."
            .to_owned(),
        Some(w) if open => format!(
            "Submissions are open until {}.",
            local.describe(w.closes_at)
        ),
        Some(w) => format!(
            "Submissions closed on {}. Drafts are kept, and can be submitted when the \
             coordinator opens a new window.",
            local.describe(w.closes_at)
        ),
    };
    WindowStatus {
        open,
        message,
        closes_at: window.map(|w| w.closes_at),
    }
}

pub async fn window(db: &impl ConnectionTrait, local: &LocalTime) -> StoreResult<WindowStatus> {
    Ok(describe_window(
        current_window(db).await?.as_ref(),
        Utc::now(),
        local,
    ))
}

pub(super) fn rows(
    list: Vec<submission::Model>,
    names: &names::Names,
    local: &LocalTime,
) -> Vec<SubmissionRow> {
    list.into_iter()
        .map(|row| SubmissionRow {
            id: SubmissionId(row.id),
            status: status_of(&row),
            author_name: names.get(&row.author_id).cloned().unwrap_or_default(),
            title: row.title,
            updated_at: local.shown(row.updated_at),
            submitted_at: row.submitted_at.map(|at| local.shown(at)),
        })
        .collect()
}

pub async fn mine(
    db: &DatabaseConnection,
    who: &Viewer,
    local: &LocalTime,
) -> StoreResult<MySubmissions> {
    let me = who.user();
    let list = submission::Entity::find()
        .filter(submission::Column::AuthorId.eq(me.id.0))
        .order_by_desc(submission::Column::UpdatedAt)
        .all(db)
        .await?;
    let names = names::people(db, [me.id.0]).await?;
    Ok(MySubmissions {
        window: window(db, local).await?,
        submissions: rows(list, &names, local),
    })
}

fn not_found() -> AppError {
    AppError::NotFound {
        what: "That submission".to_owned(),
    }
}

/// The author reads their own; coordinators read anything past the draft. To anyone else a
/// submission does not exist.
pub async fn detail(
    db: &DatabaseConnection,
    who: &Viewer,
    id: SubmissionId,
    local: &LocalTime,
) -> StoreResult<SubmissionDetail> {
    let me = who.user();
    let row = submission::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let status = status_of(&row);
    let mine = row.author_id == me.id.0;
    let coordinator = is_coordinator(me);
    let may_read = mine || (coordinator && status != SubmissionStatus::Draft);
    if !may_read {
        return Err(not_found().into());
    }
    let names = names::people(db, [row.author_id]).await?;
    Ok(SubmissionDetail {
        id,
        author: UserId(row.author_id),
        author_name: names.get(&row.author_id).cloned().unwrap_or_default(),
        status,
        fields: fields_of(&row),
        comment: row.comment.clone().filter(|c| !c.is_empty()),
        submitted_at: row.submitted_at.map(|at| local.shown(at)),
        program: row.program_id.map(ProgramId),
        may_edit: mine && status.author_may_edit(),
        may_decide: coordinator && status == SubmissionStatus::Submitted,
        window: window(db, local).await?,
    })
}

fn write_fields(active: &mut submission::ActiveModel, fields: &SubmissionFields) {
    active.title = Set(fields.title.clone());
    active.summary = Set(fields.summary.clone());
    active.problem = Set(fields.problem.clone());
    active.results = Set(fields.results.clone());
    active.offer = Set(fields.offer.clone());
    active.modes = Set(DeliveryMode::join(&fields.modes));
    active.tags = Set(fields.tags.join(", "));
    active.travel_costs = Set(fields.travel_costs.clone());
    active.material_costs = Set(fields.material_costs.clone());
    active.contact_name = Set(fields.contact_name.clone());
    active.contact_email = Set(fields.contact_email.clone());
    active.contact_phone = Set(fields.contact_phone.clone());
}

/// Saves the draft, then submits it if asked and allowed. Whatever refuses the submission
/// (missing fields, a closed window), the draft stays saved.
pub async fn save(
    db: &DatabaseConnection,
    who: &Viewer,
    id: SubmissionId,
    draft: SubmissionDraft,
    submit: bool,
    local: &LocalTime,
) -> StoreResult<SubmissionId> {
    let me = who.user();
    let fields = draft.validate(false).map_err(AppError::InvalidFields)?;
    let now = Utc::now();
    let txn = writer::begin(db).await?;
    let existing = submission::Entity::find_by_id(id.0).one(&txn).await?;
    let status = match &existing {
        Some(row) if row.author_id != me.id.0 => return Err(not_found().into()),
        Some(row) if !status_of(row).author_may_edit() => {
            return Err(AppError::Conflict {
                message: format!(
                    "This submission is {}; it can no longer be changed.",
                    status_of(row).label().to_lowercase()
                ),
            }
            .into());
        }
        Some(row) => status_of(row),
        None => SubmissionStatus::Draft,
    };
    let is_new = existing.is_none();
    let mut active = match existing {
        Some(row) => row.into_active_model(),
        None => submission::ActiveModel {
            id: Set(id.0),
            author_id: Set(me.id.0),
            status: Set(SubmissionStatus::Draft.as_str().to_owned()),
            comment: Set(None),
            window_id: Set(None),
            submitted_at: Set(None),
            decided_at: Set(None),
            decided_by: Set(None),
            program_id: Set(None),
            created_at: Set(now),
            ..Default::default()
        },
    };
    write_fields(&mut active, &fields);
    active.updated_at = Set(now);
    // `save` would update a row whose id is set, so a new draft is inserted by name.
    let saved = if is_new {
        active.insert(&txn).await?
    } else {
        active.update(&txn).await?
    };
    if !submit {
        txn.commit().await?;
        return Ok(id);
    }
    let refusal = match draft.validate(true) {
        Err(errors) => Some(AppError::InvalidFields(errors)),
        Ok(_) => {
            let window = current_window(&txn).await?;
            let open = window_is_open(window.as_ref().map(|w| (w.opens_at, w.closes_at)), now);
            if status.needs_open_window() && !open {
                let when = describe_window(window.as_ref(), now, local).message;
                Some(AppError::Conflict {
                    message: format!("Your draft is saved, but it was not submitted: {when}"),
                })
            } else {
                let mut active = saved.into_active_model();
                active.status = Set(SubmissionStatus::Submitted.as_str().to_owned());
                active.submitted_at = Set(Some(now));
                active.window_id = Set(window.map(|w| w.id));
                active.update(&txn).await?;
                audit::record(
                    &txn,
                    Some(me.id.0),
                    "submit",
                    "submission",
                    id,
                    serde_json::json!({ "title": fields.title }),
                )
                .await?;
                None
            }
        }
    };
    txn.commit().await?;
    match refusal {
        Some(error) => Err(error.into()),
        None => Ok(id),
    }
}

pub async fn decide(
    db: &DatabaseConnection,
    who: &CoordinatorViewer,
    id: SubmissionId,
    decision: Decision,
    comment: String,
) -> StoreResult<SubmissionStatus> {
    let me = who.viewer().user();
    let txn = writer::begin(db).await?;
    let row = submission::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .filter(|row| status_of(row) != SubmissionStatus::Draft)
        .ok_or_else(not_found)?;
    if status_of(&row) != SubmissionStatus::Submitted {
        return Err(AppError::Conflict {
            message: format!(
                "This submission is already {}; only one waiting for the coordinator can be decided.",
                status_of(&row).label().to_lowercase()
            ),
        }
        .into());
    }
    let now = Utc::now();
    let fields = fields_of(&row);
    let (status, program_id) = match decision {
        Decision::Accept => {
            let program_id = Uuid::now_v7();
            program::ActiveModel {
                id: Set(program_id),
                title: Set(fields.title.clone()),
                summary: Set(fields.summary.clone()),
                problem: Set(fields.problem.clone()),
                results: Set(fields.results.clone()),
                offer: Set(fields.offer.clone()),
                contact_name: Set(fields.contact_name.clone()),
                contact_email: Set(fields.contact_email.clone()),
                contact_phone: Set(fields.contact_phone.clone()),
                modes: Set(DeliveryMode::join(&fields.modes)),
                tags: Set(fields.tags.join(", ")),
                submission_id: Set(Some(row.id)),
                published_at: Set(now),
            }
            .insert(&txn)
            .await?;
            (SubmissionStatus::Accepted, Some(program_id))
        }
        Decision::Return => (SubmissionStatus::Returned, None),
        Decision::Decline => (SubmissionStatus::Declined, None),
    };
    let author = row.author_id;
    let title = row.title.clone();
    let mut active = row.into_active_model();
    active.status = Set(status.as_str().to_owned());
    active.comment = Set((!comment.is_empty()).then(|| comment.clone()));
    active.decided_at = Set(Some(now));
    active.decided_by = Set(Some(me.id.0));
    active.program_id = Set(program_id);
    active.updated_at = Set(now);
    active.update(&txn).await?;
    audit::record(
        &txn,
        Some(me.id.0),
        status.as_str(),
        "submission",
        id,
        serde_json::json!({ "comment": comment }),
    )
    .await?;
    let message = match status {
        SubmissionStatus::Accepted => format!("\"{title}\" was accepted and is in the catalogue."),
        SubmissionStatus::Returned => {
            format!("\"{title}\" was returned for changes: {comment}")
        }
        _ => format!("\"{title}\" was declined."),
    };
    notify(&txn, author, message, format!("/submissions/{id}")).await?;
    txn.commit().await?;
    Ok(status)
}

pub async fn open_window(
    db: &DatabaseConnection,
    who: &CoordinatorViewer,
    draft: WindowDraft,
    local: &LocalTime,
) -> StoreResult<WindowStatus> {
    let now = Utc::now();
    let deadline = draft
        .validate(local.local(now))
        .map_err(AppError::InvalidFields)?;
    let closes_at = local.to_utc(deadline).ok_or_else(|| AppError::Invalid {
        field: "closes_on".to_owned(),
        message: "that date cannot be used; choose another".to_owned(),
    })?;
    let txn = writer::begin(db).await?;
    let window = submission_window::ActiveModel {
        id: Set(Uuid::now_v7()),
        opens_at: Set(now),
        closes_at: Set(closes_at),
        opened_by: Set(who.viewer().user().id.0),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(who.viewer().user().id.0),
        "open",
        "submission_window",
        window.id,
        serde_json::json!({ "closes_at": closes_at }),
    )
    .await?;
    txn.commit().await?;
    Ok(describe_window(Some(&window), now, local))
}

pub async fn close_window(
    db: &DatabaseConnection,
    who: &CoordinatorViewer,
    local: &LocalTime,
) -> StoreResult<WindowStatus> {
    let now = Utc::now();
    let txn = writer::begin(db).await?;
    let window = current_window(&txn)
        .await?
        .filter(|w| window_is_open(Some((w.opens_at, w.closes_at)), now))
        .ok_or_else(|| AppError::Conflict {
            message: "No submission window is open.".to_owned(),
        })?;
    let mut active = window.into_active_model();
    active.closes_at = Set(now);
    let window = active.update(&txn).await?;
    audit::record(
        &txn,
        Some(who.viewer().user().id.0),
        "close",
        "submission_window",
        window.id,
        serde_json::json!({ "closes_at": now }),
    )
    .await?;
    txn.commit().await?;
    Ok(describe_window(Some(&window), now, local))
}
