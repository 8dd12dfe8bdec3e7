//! The public catalogue, other states' requests for assistance, and following a request by
//! its reference number.

use app::error::AppError;
use app::model::{
    AssistanceFields, AssistanceStatus, Catalogue, DeliveryMode, Program, ProgramId, ProgramQuery,
    PublicStatus, StateTime,
};
use app::rules::assistance::reference_from;
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::StoreResult;
use crate::entities::{assistance_request, assistance_update, program, public_form_hit};
use crate::local_time::LocalTime;
use crate::storage::writer;

pub(super) fn to_program(row: program::Model) -> Program {
    Program {
        id: ProgramId(row.id),
        title: row.title,
        summary: row.summary,
        problem: row.problem,
        results: row.results,
        offer: row.offer,
        contact_name: row.contact_name,
        contact_email: row.contact_email,
        contact_phone: row.contact_phone,
        modes: DeliveryMode::split(&row.modes),
        tags: app::model::split_tags(&row.tags),
    }
}

/// The catalogue is a few dozen programs: read whole and filtered by the same rule the
/// browser could run.
pub async fn catalogue(db: &DatabaseConnection, query: &ProgramQuery) -> StoreResult<Catalogue> {
    let all: Vec<Program> = program::Entity::find()
        .order_by_asc(program::Column::Title)
        .all(db)
        .await?
        .into_iter()
        .map(to_program)
        .collect();
    let mut topics: Vec<String> = all.iter().flat_map(|p| p.tags.clone()).collect();
    topics.sort();
    topics.dedup();
    let total = all.len();
    Ok(Catalogue {
        programs: all.into_iter().filter(|p| query.matches(p)).collect(),
        topics,
        total,
    })
}

pub async fn one(db: &impl ConnectionTrait, id: ProgramId) -> StoreResult<Program> {
    program::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(to_program)
        .ok_or_else(|| {
            AppError::NotFound {
                what: "That program".to_owned(),
            }
            .into()
        })
}

/// How many public forms an address sent in the last hour.
async fn recent_hits(db: &impl ConnectionTrait, address: &str) -> StoreResult<u64> {
    Ok(public_form_hit::Entity::find()
        .filter(public_form_hit::Column::Address.eq(address))
        .filter(public_form_hit::Column::At.gt(Utc::now() - Duration::hours(1)))
        .count(db)
        .await?)
}

/// Counts one form from `address`, and forgets those older than the hour.
pub async fn count_hit(db: &impl ConnectionTrait, address: &str) -> StoreResult<()> {
    let now = Utc::now();
    public_form_hit::ActiveModel {
        address: Set(address.to_owned()),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    public_form_hit::Entity::delete_many()
        .filter(public_form_hit::Column::At.lt(now - Duration::hours(1)))
        .exec(db)
        .await?;
    Ok(())
}

fn too_many() -> AppError {
    AppError::TooMany {
        message: "Too many requests have come from your network in the last hour, so this one \
                  was not sent. Nothing is lost: keep this page open and send it again in an \
                  hour, or write to the program's contact."
            .to_owned(),
    }
}

pub async fn request(
    db: &DatabaseConnection,
    address: &str,
    limit: u32,
    program: ProgramId,
    fields: AssistanceFields,
) -> StoreResult<String> {
    let txn = writer::begin(db).await?;
    if recent_hits(&txn, address).await? >= u64::from(limit) {
        return Err(too_many().into());
    }
    one(&txn, program).await?;
    count_hit(&txn, address).await?;
    let mut reference = reference_from(rand::random());
    while assistance_request::Entity::find()
        .filter(assistance_request::Column::Reference.eq(&reference))
        .count(&txn)
        .await?
        > 0
    {
        reference = reference_from(rand::random());
    }
    let now = Utc::now();
    let id = Uuid::now_v7();
    assistance_request::ActiveModel {
        id: Set(id),
        reference: Set(reference.clone()),
        program_id: Set(program.0),
        name: Set(fields.name),
        agency: Set(fields.agency),
        state: Set(fields.state),
        email: Set(fields.email),
        need: Set(fields.need),
        modes: Set(DeliveryMode::join(&fields.modes)),
        dates: Set(fields.dates),
        status: Set(AssistanceStatus::Received.as_str().to_owned()),
        scheduled_for: Set(None),
        scheduled_mode: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    assistance_update::ActiveModel {
        request_id: Set(id),
        author_id: Set(None),
        status: Set(AssistanceStatus::Received.as_str().to_owned()),
        note: Set(String::new()),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(reference)
}

/// A form refused as automated still counts against its address.
pub async fn refuse(db: &DatabaseConnection, address: &str, limit: u32) -> StoreResult<()> {
    if recent_hits(db, address).await? >= u64::from(limit) {
        return Err(too_many().into());
    }
    count_hit(db, address).await
}

pub async fn public_status(
    db: &DatabaseConnection,
    reference: &str,
    local: &LocalTime,
) -> StoreResult<PublicStatus> {
    let not_found = || AppError::NotFound {
        what: "A request with that reference".to_owned(),
    };
    let request = assistance_request::Entity::find()
        .filter(assistance_request::Column::Reference.eq(reference))
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let title = program::Entity::find_by_id(request.program_id)
        .one(db)
        .await?
        .map(|p| p.title)
        .unwrap_or_default();
    let updates = assistance_update::Entity::find()
        .filter(assistance_update::Column::RequestId.eq(request.id))
        .order_by_asc(assistance_update::Column::Id)
        .all(db)
        .await?;
    let mut history: Vec<(AssistanceStatus, StateTime)> = Vec::new();
    for update in updates {
        let Some(status) = AssistanceStatus::parse(&update.status) else {
            continue;
        };
        if history.last().is_none_or(|(last, _)| *last != status) {
            history.push((status, local.shown(update.at)));
        }
    }
    Ok(PublicStatus {
        reference: request.reference,
        program_title: title,
        state: request.state,
        status: AssistanceStatus::parse(&request.status).unwrap_or(AssistanceStatus::Received),
        scheduled_for: request.scheduled_for,
        scheduled_mode: request
            .scheduled_mode
            .as_deref()
            .and_then(DeliveryMode::parse),
        history,
    })
}
