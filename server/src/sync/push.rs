//! A device's push. Each change is applied at most once (`app::sync::ledger` decides which
//! are repeats); the whole push is one transaction that also records the device's highest
//! processed number, so a push cut off half way leaves nothing behind and is sent again.
//! Business and contact changes run in savepoints of their own, so one refusal never undoes
//! another; the visits of the push are judged together and written in a few statements.

use std::collections::HashMap;

use app::backend::Viewer;
use app::error::AppError;
use app::model::{BusinessId, ContactId, VisitId};
use app::rules::validation::{FieldError, validate_business, validate_contact, validate_visit};
use app::sync::ledger::{Step, plan_push, repeat_outcome};
use app::sync::merge::{merge_business, merge_contact};
use app::sync::protocol::{
    Change, ChangeBody, ChangeResult, MAX_BATCH, Outcome, PREVIOUS_SCHEMA_VERSION, PushRequest,
    PushResponse, RejectCode, SCHEMA_VERSION,
};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use uuid::Uuid;

use crate::entities::{business, contact, device, sync_outcome, visit};
use crate::local_time::LocalTime;
use crate::storage::rollups;
use crate::storage::visit_write::{VisitFacts, VisitWrite, write};
use crate::storage::writer;
use crate::storage::{StoreError, audit, businesses, contacts, sync_clock, visits};

/// Why a whole push was refused; nothing of it was applied.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error(
        "This device is registered to another account. Sign in as that person to send its \
         changes; nothing on the device was touched."
    )]
    DeviceOfAnotherUser,
    #[error("A push carries at most {MAX_BATCH} changes; send the rest in the next one.")]
    TooLarge,
    #[error("Mutation numbers and storage_used are at most 9223372036854775807.")]
    OutOfRange,
    #[error(transparent)]
    Db(#[from] DbErr),
}

fn rejected(code: RejectCode, field: Option<&str>, message: impl Into<String>) -> Outcome {
    Outcome::Rejected {
        code,
        field: field.map(str::to_owned),
        message: message.into(),
        errors: Vec::new(),
    }
}

fn invalid_fields(errors: Vec<FieldError>) -> Outcome {
    let message = errors
        .iter()
        .map(|e| format!("{} {}", e.field.replace('_', " "), e.message))
        .collect::<Vec<_>>()
        .join("; ");
    Outcome::Rejected {
        code: RejectCode::Invalid,
        field: errors.first().map(|e| e.field.clone()),
        message,
        errors,
    }
}

/// A refusal from the storage layer becomes a per-change answer; a database failure fails
/// the whole push (it is sent again).
fn settle(result: Result<Outcome, StoreError>) -> Result<Outcome, DbErr> {
    match result {
        Ok(outcome) => Ok(outcome),
        Err(StoreError::Db(error)) => Err(error),
        Err(StoreError::App(error)) => Ok(match error {
            AppError::InvalidFields(errors) => invalid_fields(errors),
            AppError::Invalid { field, message } => {
                rejected(RejectCode::Invalid, Some(&field), message)
            }
            AppError::NotFound { .. } => rejected(RejectCode::Gone, None, error.to_string()),
            AppError::Forbidden { .. } | AppError::NotSignedIn | AppError::SessionExpired => {
                rejected(RejectCode::Forbidden, None, error.to_string())
            }
            AppError::BadRequest(message) => rejected(RejectCode::Invalid, None, message),
            AppError::Conflict { message } | AppError::TooMany { message } => {
                rejected(RejectCode::Invalid, None, message)
            }
            AppError::Unavailable | AppError::Transport(_) => {
                return Err(DbErr::Custom(error.to_string()));
            }
        }),
    }
}

pub async fn push(
    db: &DatabaseConnection,
    who: &Viewer,
    request: PushRequest,
    clock: &LocalTime,
) -> Result<PushResponse, PushError> {
    if request.changes.len() > MAX_BATCH {
        return Err(PushError::TooLarge);
    }
    // The ledger stores numbers as the databases' 64-bit signed integers; a larger one could
    // not be told apart from the largest and would be applied twice.
    let too_big = |n: u64| i64::try_from(n).is_err();
    if request.changes.iter().any(|c| too_big(c.mutation))
        || request.storage_used.is_some_and(too_big)
    {
        return Err(PushError::OutOfRange);
    }
    let now = Utc::now();
    let txn = writer::begin(db).await?;
    let device = claim_device(&txn, who.user().id.0, &request, now).await?;
    let last = u64::try_from(device.last_mutation).unwrap_or(0);
    let (steps, after) = plan_push(last, &request.changes);
    let changes = &request.changes;
    let mut outcomes: Vec<Option<Outcome>> = vec![None; changes.len()];
    let mut visit_changes = Vec::new();
    let mut repeats = Vec::new();
    for (i, step) in steps {
        let change = &changes[i];
        match step {
            Step::Repeat => repeats.push(i),
            Step::Apply if !known_schema(change.schema) => {
                outcomes[i] = Some(rejected(
                    RejectCode::UnsupportedSchema,
                    None,
                    format!(
                        "This change was made by an app version this server does not read \
                         (schema {}). Reload the app to update it, then fix and send it again.",
                        change.schema
                    ),
                ));
            }
            Step::Apply => match &change.body {
                ChangeBody::Business { draft, base } => {
                    outcomes[i] = Some(settle(
                        apply_business(&txn, who, change, draft, base.as_ref()).await,
                    )?);
                }
                ChangeBody::Contact {
                    business,
                    draft,
                    base,
                } => {
                    outcomes[i] = Some(settle(
                        apply_contact(&txn, who, change, *business, draft, base.as_ref()).await,
                    )?);
                }
                ChangeBody::Visit { .. } | ChangeBody::DeleteVisit => visit_changes.push(i),
            },
        }
    }
    apply_visits(
        &txn,
        who,
        device.id,
        changes,
        &visit_changes,
        clock,
        &mut outcomes,
    )
    .await?;

    // A repeat gets the answer the number got the first time, if it was for this record.
    let stored = stored_outcomes(&txn, device.id, changes, &repeats).await?;
    for i in repeats {
        let change = &changes[i];
        let earlier = (0..changes.len())
            .find(|&j| j != i && changes[j].mutation == change.mutation && outcomes[j].is_some())
            .and_then(|j| Some((changes[j].id, outcomes[j].clone()?)));
        let first = earlier.or_else(|| stored.get(&change.mutation).cloned());
        let version_now = match first {
            Some(_) => None,
            None => current_version(&txn, who, change).await?,
        };
        outcomes[i] = Some(repeat_outcome(first, change.id, version_now));
    }

    // Answers other than "applied" are kept, for when the same number comes again.
    let mut kept = Vec::new();
    let mut counted = std::collections::HashSet::new();
    let mut applied_now = 0u32;
    for (i, change) in changes.iter().enumerate() {
        // Each new number once (a batch may carry a number twice).
        if change.mutation <= last || !counted.insert(change.mutation) {
            continue;
        }
        match &outcomes[i] {
            Some(Outcome::Applied { .. }) => applied_now += 1,
            Some(outcome) => kept.push(
                sync_outcome::Model {
                    device_id: device.id,
                    mutation: i64::try_from(change.mutation).unwrap_or(i64::MAX),
                    record_id: change.id,
                    outcome: serde_json::to_string(outcome).unwrap_or_default(),
                    at: now,
                }
                .into_active_model(),
            ),
            None => {}
        }
    }
    for chunk in kept.chunks(400) {
        sync_outcome::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    device::Entity::update_many()
        .col_expr(
            device::Column::LastMutation,
            Expr::value(i64::try_from(after).unwrap_or(i64::MAX)),
        )
        .col_expr(device::Column::LastPushAt, Expr::value(Some(now)))
        .col_expr(
            device::Column::PendingCount,
            Expr::value(i32::try_from(request.pending.saturating_sub(applied_now)).unwrap_or(0)),
        )
        .filter(device::Column::Id.eq(device.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(PushResponse {
        results: changes
            .iter()
            .zip(outcomes)
            .map(|(change, outcome)| ChangeResult {
                mutation: change.mutation,
                id: change.id,
                outcome: outcome.unwrap_or_else(|| Outcome::RetryLater {
                    message: "not processed; send it again".to_owned(),
                }),
            })
            .collect(),
        last_mutation: after,
        server_time: now,
    })
}

fn known_schema(schema: u32) -> bool {
    schema == SCHEMA_VERSION || schema == PREVIOUS_SCHEMA_VERSION
}

/// Finds or registers the device, refusing one registered to someone else. Writing its row
/// first also serialises pushes of one device: a second push waits here, then sees the
/// numbers the first one processed.
async fn claim_device(
    txn: &DatabaseTransaction,
    user: Uuid,
    request: &PushRequest,
    now: DateTime<Utc>,
) -> Result<device::Model, PushError> {
    let id = request.device.0;
    let storage = request.storage_used.and_then(|n| i64::try_from(n).ok());
    let touched = device::Entity::update_many()
        .col_expr(device::Column::LastSeenAt, Expr::value(now))
        .col_expr(
            device::Column::AppVersion,
            Expr::value(Some(
                request.app_version.chars().take(64).collect::<String>(),
            )),
        )
        .col_expr(device::Column::StorageUsed, Expr::value(storage))
        .filter(device::Column::Id.eq(id))
        .filter(device::Column::UserId.eq(user))
        .exec(txn)
        .await?;
    if touched.rows_affected == 0 {
        if device::Entity::find_by_id(id).one(txn).await?.is_some() {
            return Err(PushError::DeviceOfAnotherUser);
        }
        device::Model {
            id,
            user_id: user,
            last_mutation: 0,
            app_version: Some(request.app_version.chars().take(64).collect()),
            pending_count: 0,
            storage_used: storage,
            created_at: now,
            last_seen_at: now,
            last_push_at: None,
        }
        .into_active_model()
        .insert(txn)
        .await?;
    }
    device::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the device just registered".to_owned()).into())
}

async fn stored_outcomes(
    txn: &DatabaseTransaction,
    device: Uuid,
    changes: &[Change],
    repeats: &[usize],
) -> Result<HashMap<u64, (Uuid, Outcome)>, DbErr> {
    if repeats.is_empty() {
        return Ok(HashMap::new());
    }
    let numbers: Vec<i64> = repeats
        .iter()
        .map(|&i| i64::try_from(changes[i].mutation).unwrap_or(i64::MAX))
        .collect();
    Ok(sync_outcome::Entity::find()
        .filter(sync_outcome::Column::DeviceId.eq(device))
        .filter(sync_outcome::Column::Mutation.is_in(numbers))
        .all(txn)
        .await?
        .into_iter()
        .filter_map(|row| {
            let outcome = serde_json::from_str(&row.outcome).ok()?;
            Some((u64::try_from(row.mutation).ok()?, (row.record_id, outcome)))
        })
        .collect())
}

/// The record's version now, for a repeat of a change that was applied; `None` when the
/// server does not have it, or it is a visit of someone else's (a repeat must not tell one).
async fn current_version(
    txn: &DatabaseTransaction,
    who: &Viewer,
    change: &Change,
) -> Result<Option<i64>, DbErr> {
    Ok(match change.body {
        ChangeBody::Business { .. } => business::Entity::find_by_id(change.id)
            .one(txn)
            .await?
            .map(|b| b.version),
        ChangeBody::Contact { .. } => contact::Entity::find_by_id(change.id)
            .one(txn)
            .await?
            .map(|c| c.version),
        ChangeBody::Visit { .. } | ChangeBody::DeleteVisit => visit::Entity::find_by_id(change.id)
            .one(txn)
            .await?
            .filter(|v| v.author_id == who.user().id.0)
            .map(|v| v.version),
    })
}

async fn apply_business(
    txn: &DatabaseTransaction,
    who: &Viewer,
    change: &Change,
    draft: &app::model::BusinessDraft,
    base: Option<&app::model::BusinessDraft>,
) -> Result<Outcome, StoreError> {
    let who = who.clone().businesses()?;
    let me = who.viewer().user().id.0;
    let existing = business::Entity::find_by_id(change.id).one(txn).await?;
    let Some(current) = existing else {
        if change.base_version.is_some() {
            return Ok(Outcome::RetryLater {
                message: "the business is not on the server yet; it goes first".to_owned(),
            });
        }
        let fields = match validate_business(draft) {
            Ok(fields) => fields,
            Err(errors) => return Ok(invalid_fields(errors)),
        };
        let created = businesses::create(txn, &who, Some(change.id), fields).await?;
        let duplicates = businesses::duplicates(txn, draft)
            .await?
            .into_iter()
            .filter(|d| d.business.id.0 != created.id)
            .collect();
        return Ok(Outcome::Applied {
            version: created.version,
            review: Vec::new(),
            duplicates,
        });
    };
    if change.base_version.is_none() && current.created_by != Some(me) {
        return Ok(rejected(
            RejectCode::IdTaken,
            None,
            "another record already uses this id; create the business again",
        ));
    }
    if let Some(survivor) = current.merged_into_id {
        return Ok(rejected(
            RejectCode::Gone,
            None,
            format!("this business was merged into another ({survivor}); make the change there"),
        ));
    }
    if current.deleted_at.is_some() {
        return Ok(rejected(
            RejectCode::Gone,
            None,
            "this business was removed",
        ));
    }
    let theirs = businesses::draft_of(&current);
    // A create sent again after a newer local edit replaced it: the device's values stand.
    let base = base.cloned().unwrap_or_else(|| theirs.clone());
    let merged = merge_business(&base, draft, &theirs);
    let fields = match validate_business(&merged.value) {
        Ok(fields) => fields,
        Err(errors) => return Ok(invalid_fields(errors)),
    };
    let stored = businesses::update(txn, &who, BusinessId(current.id), fields).await?;
    Ok(Outcome::Applied {
        version: stored.version,
        review: merged.review,
        duplicates: Vec::new(),
    })
}

async fn apply_contact(
    txn: &DatabaseTransaction,
    who: &Viewer,
    change: &Change,
    business_id: BusinessId,
    draft: &app::model::ContactDraft,
    base: Option<&app::model::ContactDraft>,
) -> Result<Outcome, StoreError> {
    let who = who.clone().businesses()?;
    let me = who.viewer().user().id.0;
    let existing = contact::Entity::find_by_id(change.id).one(txn).await?;
    let Some(current) = existing else {
        if change.base_version.is_some() {
            return Ok(Outcome::RetryLater {
                message: "the contact is not on the server yet; it goes first".to_owned(),
            });
        }
        // A contact added offline to a business merged since joins the survivor.
        let mut target = business::Entity::find_by_id(business_id.0).one(txn).await?;
        for _ in 0..4 {
            match target.as_ref().and_then(|b| b.merged_into_id) {
                Some(next) => target = business::Entity::find_by_id(next).one(txn).await?,
                None => break,
            }
        }
        let Some(target) = target else {
            return Ok(Outcome::RetryLater {
                message: "its business is not on the server yet; it goes first".to_owned(),
            });
        };
        let fields = match validate_contact(draft) {
            Ok(fields) => fields,
            Err(errors) => return Ok(invalid_fields(errors)),
        };
        let created =
            contacts::add(txn, &who, Some(change.id), BusinessId(target.id), fields).await?;
        return Ok(Outcome::applied(created.version));
    };
    // A create only ever meets its own earlier send (a device carried over, a batch sent
    // again); an id someone else's contact holds is not a way to rewrite that contact.
    if change.base_version.is_none() && current.created_by != Some(me) {
        return Ok(rejected(
            RejectCode::IdTaken,
            None,
            "another record already uses this id; add the contact again",
        ));
    }
    if current.deleted_at.is_some() {
        return Ok(rejected(RejectCode::Gone, None, "this contact was removed"));
    }
    let theirs = app::model::ContactDraft {
        name: current.name.clone(),
        title: current.title.clone().unwrap_or_default(),
        email: current.email.clone().unwrap_or_default(),
        phone: current.phone.clone().unwrap_or_default(),
        key_representative: current.key_representative,
    };
    let base = base.cloned().unwrap_or_else(|| theirs.clone());
    let merged = merge_contact(&base, draft, &theirs);
    let fields = match validate_contact(&merged.value) {
        Ok(fields) => fields,
        Err(errors) => return Ok(invalid_fields(errors)),
    };
    let stored = contacts::update(txn, &who, ContactId(current.id), fields).await?;
    Ok(Outcome::Applied {
        version: stored.version,
        review: merged.review,
        duplicates: Vec::new(),
    })
}

/// A visit as the push leaves it so far: from the database, or written earlier in this push.
struct Current {
    author: Uuid,
    center: Uuid,
    version: i64,
    device: Option<Uuid>,
    deleted: bool,
    created_at: DateTime<Utc>,
    recorded_at: Option<DateTime<Utc>>,
    in_database: bool,
}

/// Judges the push's visit changes in number order and writes them together, against the
/// reference of the state's date on `clock` (the latest a visit may have).
async fn apply_visits(
    txn: &DatabaseTransaction,
    who: &Viewer,
    device: Uuid,
    changes: &[Change],
    indices: &[usize],
    clock: &LocalTime,
    outcomes: &mut [Option<Outcome>],
) -> Result<(), DbErr> {
    if indices.is_empty() {
        return Ok(());
    }
    let rep = match who.clone().visits().and_then(|v| v.rep()) {
        Ok(rep) => rep,
        Err(error) => {
            for &i in indices {
                outcomes[i] = Some(rejected(RejectCode::Forbidden, None, error.to_string()));
            }
            return Ok(());
        }
    };
    let me = rep.viewer().user().clone();
    let reference = visits::reference(txn, clock).await.map_err(|e| match e {
        StoreError::Db(error) => error,
        StoreError::App(error) => DbErr::Custom(error.to_string()),
    })?;
    // Checked fields of each visit change (pure), and what they name.
    let mut checked = HashMap::new();
    for &i in indices {
        if let ChangeBody::Visit { draft, .. } = &changes[i].body {
            match validate_visit(draft, &reference, reference.today) {
                Ok(fields) => {
                    checked.insert(i, fields);
                }
                Err(errors) => outcomes[i] = Some(invalid_fields(errors)),
            }
        }
    }
    let facts = VisitFacts::load(txn, checked.values()).await?;
    let ids: Vec<Uuid> = indices.iter().map(|&i| changes[i].id).collect();
    let mut current: HashMap<Uuid, Current> = HashMap::new();
    for chunk in ids.chunks(400) {
        for row in visit::Entity::find()
            .filter(visit::Column::Id.is_in(chunk.to_vec()))
            .all(txn)
            .await?
        {
            current.insert(
                row.id,
                Current {
                    author: row.author_id,
                    center: row.center_id,
                    version: row.version,
                    device: row.device_id,
                    deleted: row.deleted_at.is_some(),
                    created_at: row.created_at,
                    recorded_at: row.recorded_at,
                    in_database: true,
                },
            );
        }
    }
    let mut writes: HashMap<Uuid, VisitWrite> = HashMap::new();
    let mut order: Vec<Uuid> = Vec::new();
    let mut deletes: Vec<(Uuid, i64)> = Vec::new();
    for &i in indices {
        if outcomes[i].is_some() {
            continue;
        }
        let change = &changes[i];
        let now = Utc::now();
        let before = current.get(&change.id);
        if let Some(before) = before {
            if before.author != me.id.0 {
                outcomes[i] = Some(rejected(
                    RejectCode::Forbidden,
                    None,
                    "this visit belongs to another rep; only its author changes it",
                ));
                continue;
            }
            if before.deleted {
                outcomes[i] = Some(rejected(
                    RejectCode::Gone,
                    None,
                    "this visit was deleted; record it again if it should stay",
                ));
                continue;
            }
        }
        match &change.body {
            ChangeBody::DeleteVisit => {
                let Some(before) = before else {
                    outcomes[i] = Some(rejected(
                        RejectCode::Gone,
                        None,
                        "the server never had this visit",
                    ));
                    continue;
                };
                let version = before.version + 1;
                deletes.push((change.id, version));
                if let Some(entry) = current.get_mut(&change.id) {
                    entry.version = version;
                    entry.deleted = true;
                }
                outcomes[i] = Some(Outcome::applied(version));
            }
            ChangeBody::Visit { recorded_at, .. } => {
                let Some(fields) = checked.remove(&i) else {
                    continue;
                };
                if let Some(message) = facts.unknown(&fields) {
                    outcomes[i] = Some(Outcome::RetryLater { message });
                    continue;
                }
                // Not applied blindly over someone else's newer version: the rep chooses.
                if let Some(before) = before {
                    let based_on_it = change.base_version == Some(before.version);
                    let own_last_write = before.device == Some(device);
                    if !based_on_it && !own_last_write {
                        let server = if before.in_database {
                            let row = visit::Entity::find_by_id(change.id).one(txn).await?;
                            match row {
                                Some(row) => Some(Box::new(visits::draft_of(txn, &row).await?)),
                                None => None,
                            }
                        } else {
                            None
                        };
                        // The same visit by two roads (a change carried to a new device after
                        // its first send was stored, or typed alike on both sides): nothing to
                        // choose between, so it stands at the server's version.
                        let same = server
                            .as_deref()
                            .and_then(|server| {
                                validate_visit(server, &reference, reference.today).ok()
                            })
                            .is_some_and(|server| server.same_visit(&fields));
                        if same {
                            outcomes[i] = Some(Outcome::applied(before.version));
                            continue;
                        }
                        outcomes[i] = Some(Outcome::Conflict {
                            server_version: before.version,
                            server,
                        });
                        continue;
                    }
                }
                let judged = match facts.judge(fields) {
                    Ok(judged) => judged,
                    Err(error) => {
                        outcomes[i] = Some(invalid_fields(vec![error]));
                        continue;
                    }
                };
                let Some(center) = before.map(|b| b.center).or(me.center.map(|c| c.0)) else {
                    outcomes[i] = Some(rejected(
                        RejectCode::Forbidden,
                        None,
                        "your account has no center; ask an administrator to set it",
                    ));
                    continue;
                };
                let version = before.map_or(1, |b| b.version + 1);
                let replaces = before.is_some_and(|b| b.in_database);
                let entry = VisitWrite {
                    id: change.id,
                    author: me.id.0,
                    center,
                    device: Some(device),
                    judged,
                    version,
                    created_at: before.map_or(now, |b| b.created_at),
                    recorded_at: recorded_at.or(before.and_then(|b| b.recorded_at)),
                    replaces,
                };
                current.insert(
                    change.id,
                    Current {
                        author: me.id.0,
                        center,
                        version,
                        device: Some(device),
                        deleted: false,
                        created_at: entry.created_at,
                        recorded_at: entry.recorded_at,
                        in_database: replaces,
                    },
                );
                if !writes.contains_key(&change.id) {
                    order.push(change.id);
                }
                writes.insert(change.id, entry);
                outcomes[i] = Some(Outcome::applied(version));
            }
            ChangeBody::Business { .. } | ChangeBody::Contact { .. } => {}
        }
    }
    let writes: Vec<VisitWrite> = order.iter().filter_map(|id| writes.remove(id)).collect();
    write(txn, me.id.0, &writes).await?;
    let deleted: Vec<Uuid> = deletes.iter().map(|(id, _)| *id).collect();
    let rollup = rollups::before(txn, &deleted, []).await?;
    for (id, version) in deletes {
        let first = sync_clock::take(txn, 1).await?;
        let now = Utc::now();
        visit::Entity::update_many()
            .col_expr(visit::Column::DeletedAt, Expr::value(Some(now)))
            .col_expr(visit::Column::UpdatedAt, Expr::value(now))
            .col_expr(visit::Column::Version, Expr::value(version))
            .col_expr(visit::Column::ChangeSeq, Expr::value(first))
            .col_expr(visit::Column::DeviceId, Expr::value(Some(device)))
            .filter(visit::Column::Id.eq(id))
            .exec(txn)
            .await?;
        audit::record(
            txn,
            Some(me.id.0),
            "deleted",
            "visit",
            VisitId(id).0,
            serde_json::json!({ "device": device }),
        )
        .await?;
    }
    rollup.apply(txn).await
}
