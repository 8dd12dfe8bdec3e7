//! Businesses and contacts: search through the word index, the business page, likely
//! duplicates and creating businesses.

use std::collections::{HashMap, HashSet};

use app::backend::BusinessViewer;
use app::error::AppError;
use app::model::{
    AuditLine, BusinessDetail, BusinessDraft, BusinessFields, BusinessId, BusinessList,
    BusinessQuery, BusinessSummary, CenterId, Contact, ContactId, Duplicate, Page, Stage,
    StageChange, VisitId, VisitLine, VisitMode,
};
use app::rules::duplicates::{Identity, likeness};
use app::rules::names::normalize_name;
use app::rules::search::{prefix_upper_bound, query_words};
use app::rules::validation::{self, FieldError};
use chrono::Utc;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, SqlErr, TransactionSession,
    TransactionTrait,
};
use uuid::Uuid;

use super::{StoreError, StoreResult, audit, kept, names, rollups, sync_clock, words};
use crate::entities::{
    audit_log, business, business_stage_change, business_word, contact, visit, visit_business,
};
use crate::local_time::LocalTime;

/// Results per page.
const PAGE_SIZE: u64 = 20;

pub fn summary(model: &business::Model) -> BusinessSummary {
    BusinessSummary {
        id: BusinessId(model.id),
        legal_name: model.legal_name.clone(),
        dba: model.dba.clone(),
        fein: model.fein.clone(),
        city: model.city.clone(),
        zip: model.zip.clone(),
        stage: Stage::parse(&model.stage).unwrap_or(Stage::Stable),
        center: model.center_id.map(CenterId),
    }
}

/// A stored business as its form would show it: what a device edits, and the base of a merge.
pub fn draft_of(model: &business::Model) -> BusinessDraft {
    BusinessDraft {
        legal_name: model.legal_name.clone(),
        dba: model.dba.clone().unwrap_or_default(),
        fein: model.fein.clone().unwrap_or_default(),
        naics: model.naics.clone(),
        address: model.address.clone(),
        city: model.city.clone(),
        zip: model.zip.clone(),
        employee_count: model
            .employee_count
            .map(|n| n.to_string())
            .unwrap_or_default(),
        stage: model.stage.clone(),
    }
}

/// Live businesses: not deleted, not merged away.
fn live() -> Condition {
    Condition::all()
        .add(business::Column::DeletedAt.is_null())
        .add(business::Column::MergedIntoId.is_null())
}

/// A business that is neither deleted nor merged away, or "not found".
pub(super) async fn live_business(
    db: &impl sea_orm::ConnectionTrait,
    id: Uuid,
) -> StoreResult<business::Model> {
    Ok(business::Entity::find_by_id(id)
        .filter(live())
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound {
            what: "That business".to_owned(),
        })?)
}

pub async fn search(
    db: &DatabaseConnection,
    who: &BusinessViewer,
    query: BusinessQuery,
) -> StoreResult<Page<BusinessSummary>> {
    let words = query_words(&query.text);
    let me = who.viewer().user();
    let offset = u64::from(query.page) * PAGE_SIZE;
    let empty = || Page {
        items: Vec::new(),
        page: query.page,
        has_more: false,
    };
    let rows = match query.list {
        BusinessList::All | BusinessList::MyCenter => {
            let center = match query.list {
                BusinessList::MyCenter => match me.center {
                    Some(center) => Some(center.0),
                    None => return Ok(empty()),
                },
                _ => None,
            };
            if words.is_empty() {
                // Walks the partial index of live businesses in name order.
                let mut select = business::Entity::find().filter(live());
                if let Some(center) = center {
                    select = select.filter(business::Column::CenterId.eq(center));
                }
                select
                    .order_by_asc(business::Column::LegalName)
                    .order_by_asc(business::Column::Id)
                    .offset(offset)
                    .limit(PAGE_SIZE + 1)
                    .all(db)
                    .await?
            } else {
                let ids = matching_ids(db, &words, center, offset, PAGE_SIZE + 1).await?;
                in_order(db, &ids).await?
            }
        }
        BusinessList::RecentlyVisited => {
            let recent = recently_visited(db, me.id.0).await?;
            let rank: HashMap<Uuid, usize> =
                recent.iter().enumerate().map(|(n, id)| (*id, n)).collect();
            let mut select = business::Entity::find()
                .filter(live())
                .filter(business::Column::Id.is_in(recent));
            for word in &words {
                select = select.filter(business::Column::Id.in_subquery(word_range(word)));
            }
            let mut rows = select.all(db).await?;
            rows.sort_by_key(|row| rank.get(&row.id).copied().unwrap_or(usize::MAX));
            rows.into_iter()
                .skip(offset as usize)
                .take(PAGE_SIZE as usize + 1)
                .collect()
        }
    };
    let has_more = rows.len() as u64 > PAGE_SIZE;
    Ok(Page {
        items: rows.iter().take(PAGE_SIZE as usize).map(summary).collect(),
        page: query.page,
        has_more,
    })
}

/// Counting stops here: past it a word is "common" and exact counts do not matter.
const COUNT_BOUND: u64 = 5_000;

/// Business ids whose word index holds a prefix of `word`.
fn word_range(word: &str) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(business_word::Column::BusinessId)
        .from(business_word::Entity)
        .and_where(business_word::Column::Word.gte(word))
        .and_where(business_word::Column::Word.lt(prefix_upper_bound(word)))
        .to_owned()
}

/// How many index rows start with `word`, up to [`COUNT_BOUND`]: a few index pages at most.
async fn bounded_count(db: &DatabaseConnection, word: &str) -> Result<u64, DbErr> {
    // Ordered by word so PostgreSQL reads the index range rather than scanning the table
    // until it has seen enough matching rows.
    let rows = Query::select()
        .expr(Expr::cust("1"))
        .from(business_word::Entity)
        .and_where(business_word::Column::Word.gte(word))
        .and_where(business_word::Column::Word.lt(prefix_upper_bound(word)))
        .order_by(business_word::Column::Word, Order::Asc)
        .limit(COUNT_BOUND)
        .to_owned();
    let count = Query::select()
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .from_subquery(rows, Alias::new("t"))
        .to_owned();
    let n = match db.query_one(&count).await? {
        Some(row) => row.try_get::<i64>("", "n")?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0))
}

/// One page of the ids of businesses matching every word (as prefixes), in name order.
///
/// The rarest word drives: its range of the `(word, legal_name, business_id)` index is read
/// and sorted, and each other word (and the center) is checked per candidate through an
/// index. Cost follows the rarest word's matches, never the number of businesses.
///
/// A business can match one prefix with several of its words; its rows sort next to each
/// other, so repeats are dropped while reading. That keeps the sort a bounded top-N (a
/// `DISTINCT` would group every match first: twice as slow on PostgreSQL).
async fn matching_ids(
    db: &DatabaseConnection,
    words: &[String],
    center: Option<Uuid>,
    offset: u64,
    limit: u64,
) -> Result<Vec<Uuid>, DbErr> {
    let mut counted = Vec::with_capacity(words.len());
    for word in words {
        counted.push((bounded_count(db, word).await?, word.as_str()));
    }
    counted.sort();
    let Some(&(driver_count, driver)) = counted.first() else {
        return Ok(Vec::new());
    };
    if driver_count == 0 {
        return Ok(Vec::new());
    }
    let w = Alias::new("w");
    let mut select = Query::select();
    select
        .column((w.clone(), business_word::Column::LegalName))
        .column((w.clone(), business_word::Column::BusinessId))
        .from_as(business_word::Entity, w.clone())
        .and_where(Expr::col((w.clone(), business_word::Column::Word)).gte(driver))
        .and_where(
            Expr::col((w.clone(), business_word::Column::Word)).lt(prefix_upper_bound(driver)),
        );
    for &(_, word) in &counted[1..] {
        let x = Alias::new("x");
        let other = Query::select()
            .expr(Expr::cust("1"))
            .from_as(business_word::Entity, x.clone())
            .and_where(
                Expr::col((x.clone(), business_word::Column::BusinessId))
                    .equals((w.clone(), business_word::Column::BusinessId)),
            )
            .and_where(Expr::col((x.clone(), business_word::Column::Word)).gte(word))
            .and_where(Expr::col((x, business_word::Column::Word)).lt(prefix_upper_bound(word)))
            .to_owned();
        select.and_where(Expr::exists(other));
    }
    if let Some(center) = center {
        let b = Alias::new("b");
        let in_center = Query::select()
            .expr(Expr::cust("1"))
            .from_as(business::Entity, b.clone())
            .and_where(
                Expr::col((b.clone(), business::Column::Id))
                    .equals((w.clone(), business_word::Column::BusinessId)),
            )
            .and_where(Expr::col((b, business::Column::CenterId)).eq(center))
            .to_owned();
        select.and_where(Expr::exists(in_center));
    }
    select
        .order_by((w.clone(), business_word::Column::LegalName), Order::Asc)
        .order_by((w, business_word::Column::BusinessId), Order::Asc);
    let wanted = usize::try_from(offset + limit).unwrap_or(usize::MAX);
    // Most businesses match a prefix once; read a little more than a page and read again,
    // further, in the rare case repeats ate the margin.
    let mut reading = (offset + limit) * 2;
    loop {
        let rows = db.query_all(select.clone().limit(reading)).await?;
        let mut ids: Vec<Uuid> = Vec::with_capacity(wanted);
        for row in &rows {
            let id = row.try_get::<Uuid>("", "business_id")?;
            if ids.last() != Some(&id) {
                ids.push(id);
            }
        }
        if ids.len() >= wanted || (rows.len() as u64) < reading {
            return Ok(ids
                .into_iter()
                .skip(usize::try_from(offset).unwrap_or(usize::MAX))
                .collect());
        }
        reading *= 4;
    }
}

/// The live businesses of `ids`, in that order.
async fn in_order(db: &DatabaseConnection, ids: &[Uuid]) -> Result<Vec<business::Model>, DbErr> {
    let rank: HashMap<Uuid, usize> = ids.iter().enumerate().map(|(n, id)| (*id, n)).collect();
    let mut rows = business::Entity::find()
        .filter(live())
        .filter(business::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?;
    rows.sort_by_key(|row| rank.get(&row.id).copied().unwrap_or(usize::MAX));
    Ok(rows)
}

/// The businesses a person visited, most recent visit first (at most 200).
async fn recently_visited(db: &DatabaseConnection, author: Uuid) -> Result<Vec<Uuid>, DbErr> {
    let visits = visit::Entity::find()
        .filter(visit::Column::AuthorId.eq(author))
        .filter(visit::Column::DeletedAt.is_null())
        .order_by_desc(visit::Column::VisitDate)
        .limit(400)
        .all(db)
        .await?;
    let order: Vec<Uuid> = visits.iter().map(|v| v.id).collect();
    let links = visit_business::Entity::find()
        .filter(visit_business::Column::VisitId.is_in(order.clone()))
        .all(db)
        .await?;
    let mut by_visit: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for link in links {
        by_visit
            .entry(link.visit_id)
            .or_default()
            .push(link.business_id);
    }
    let mut seen = HashSet::new();
    Ok(order
        .iter()
        .flat_map(|visit| by_visit.remove(visit).unwrap_or_default())
        .filter(|business| seen.insert(*business))
        .take(200)
        .collect())
}

pub async fn detail(
    db: &DatabaseConnection,
    id: BusinessId,
    local: &LocalTime,
) -> StoreResult<BusinessDetail> {
    let not_found = || AppError::NotFound {
        what: "That business".to_owned(),
    };
    let found = business::Entity::find_by_id(id.0)
        .filter(business::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let parent = match found.parent_id {
        Some(parent) => business::Entity::find_by_id(parent)
            .one(db)
            .await?
            .map(|p| summary(&p)),
        None => None,
    };
    let branches = business::Entity::find()
        .filter(live())
        .filter(business::Column::ParentId.eq(found.id))
        .order_by_asc(business::Column::LegalName)
        .all(db)
        .await?;
    let contacts = contact::Entity::find()
        .filter(contact::Column::BusinessId.eq(found.id))
        .filter(contact::Column::DeletedAt.is_null())
        .order_by_desc(contact::Column::KeyRepresentative)
        .order_by_asc(contact::Column::Name)
        .all(db)
        .await?;
    let stages = business_stage_change::Entity::find()
        .filter(business_stage_change::Column::BusinessId.eq(found.id))
        .order_by_asc(business_stage_change::Column::ChangedAt)
        .all(db)
        .await?;
    let visit_ids = Query::select()
        .column(visit_business::Column::VisitId)
        .from(visit_business::Entity)
        .and_where(visit_business::Column::BusinessId.eq(found.id))
        .to_owned();
    let visits = visit::Entity::find()
        .filter(visit::Column::Id.in_subquery(visit_ids))
        .filter(visit::Column::DeletedAt.is_null())
        .order_by_desc(visit::Column::VisitDate)
        .limit(100)
        .all(db)
        .await?;
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("business"))
        .filter(audit_log::Column::EntityId.eq(found.id.to_string()))
        .order_by_desc(audit_log::Column::At)
        .limit(50)
        .all(db)
        .await?;

    let people: HashSet<Uuid> = stages
        .iter()
        .filter_map(|s| s.changed_by)
        .chain(visits.iter().map(|v| v.author_id))
        .chain(audit.iter().filter_map(|a| a.actor_id))
        .collect();
    let names = names::people(db, people).await?;
    let centers = names::centers(db).await?;
    let activities = names::activities(db).await?;
    let name_of = |id: &Uuid| names.get(id).cloned();

    let merges = super::merges::into(db, found.id, local).await?;
    let merged_into = match found.merged_into_id {
        Some(survivor) => business::Entity::find_by_id(survivor)
            .one(db)
            .await?
            .map(|s| summary(&s)),
        None => None,
    };
    let draft = draft_of(&found);
    let duplicates = if found.merged_into_id.is_none() {
        self::duplicates(db, &draft)
            .await?
            .into_iter()
            .filter(|d| d.business.id.0 != found.id)
            .collect()
    } else {
        Vec::new()
    };
    Ok(BusinessDetail {
        merges,
        merged_into,
        duplicates,
        today: local.today(),
        summary: summary(&found),
        naics: found.naics.clone(),
        address: found.address.clone(),
        employee_count: found.employee_count.and_then(|n| u32::try_from(n).ok()),
        center_name: found.center_id.and_then(|c| centers.get(&c).cloned()),
        parent,
        branches: branches.iter().map(summary).collect(),
        contacts: contacts
            .into_iter()
            .map(|c| Contact {
                id: ContactId(c.id),
                name: c.name,
                title: c.title,
                email: c.email,
                phone: c.phone,
                key_representative: c.key_representative,
            })
            .collect(),
        stages: stages
            .iter()
            .filter_map(|s| {
                Some(StageChange {
                    stage: Stage::parse(&s.stage)?,
                    on: local.date(s.changed_at),
                    by: s.changed_by.as_ref().and_then(name_of),
                })
            })
            .collect(),
        visits: visits
            .iter()
            .map(|v| VisitLine {
                id: VisitId(v.id),
                date: v.visit_date,
                activity: activities
                    .get(&v.activity_type_id)
                    .cloned()
                    .unwrap_or_default(),
                mode: VisitMode::ALL
                    .into_iter()
                    .find(|m| m.as_str() == v.mode)
                    .unwrap_or(VisitMode::InPerson),
                center: centers.get(&v.center_id).cloned().unwrap_or_default(),
                author: name_of(&v.author_id).unwrap_or_default(),
                follow_up: v.follow_up_date,
            })
            .collect(),
        audit: audit
            .iter()
            .map(|a| AuditLine {
                at: local.shown(a.at),
                actor: a.actor_id.as_ref().and_then(name_of),
                action: a.action.replace('_', " "),
            })
            .collect(),
    })
}

pub async fn duplicates(
    db: &impl ConnectionTrait,
    draft: &BusinessDraft,
) -> StoreResult<Vec<Duplicate>> {
    let name = normalize_name(&draft.legal_name);
    let fein = validation::fein(&draft.fein).ok().flatten();
    if name.is_empty() && fein.is_none() {
        return Ok(Vec::new());
    }
    let mut either = Condition::any();
    if !name.is_empty() {
        either = either.add(business::Column::NormalizedName.eq(name));
    }
    if let Some(fein) = &fein {
        either = either.add(business::Column::Fein.eq(fein.clone()));
    }
    let typed = Identity {
        legal_name: &draft.legal_name,
        fein: fein.as_deref(),
        zip: draft.zip.trim(),
    };
    let candidates = business::Entity::find()
        .filter(live())
        .filter(either)
        .limit(50)
        .all(db)
        .await?;
    Ok(candidates
        .iter()
        .filter_map(|candidate| {
            let existing = Identity {
                legal_name: &candidate.legal_name,
                fein: candidate.fein.as_deref(),
                zip: &candidate.zip,
            };
            likeness(typed, existing).map(|likeness| Duplicate {
                business: summary(candidate),
                likeness,
            })
        })
        .take(10)
        .collect())
}

fn fein_taken(by: &business::Model) -> StoreError {
    StoreError::App(AppError::InvalidFields(vec![FieldError {
        field: "fein".to_owned(),
        message: format!(
            "already belongs to {} in {}; open that business instead of creating it again",
            by.legal_name, by.city
        ),
    }]))
}

/// A business row carrying the validated form's fields.
fn with_fields(base: business::Model, fields: BusinessFields) -> business::Model {
    business::Model {
        normalized_name: normalize_name(&fields.legal_name),
        legal_name: fields.legal_name,
        dba: fields.dba,
        fein: fields.fein,
        naics: fields.naics,
        address: fields.address,
        city: fields.city,
        zip: fields.zip,
        employee_count: fields.employee_count.and_then(|n| i32::try_from(n).ok()),
        stage: fields.stage.as_str().to_owned(),
        ..base
    }
}

/// Creates a business. `id` is the device's own when it comes through sync. Runs in its own
/// transaction, or as a savepoint of the caller's.
pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    who: &BusinessViewer,
    id: Option<Uuid>,
    fields: BusinessFields,
) -> StoreResult<business::Model> {
    let me = who.viewer().user();
    let txn = sync_clock::begin(db).await?;
    if let Some(fein) = &fields.fein
        && let Some(holder) = business::Entity::find()
            .filter(business::Column::Fein.eq(fein.clone()))
            .one(&txn)
            .await?
    {
        return Err(fein_taken(&holder));
    }
    let now = Utc::now();
    let blank = business::Model {
        id: id.unwrap_or_else(Uuid::now_v7),
        parent_id: None,
        merged_into_id: None,
        normalized_name: String::new(),
        legal_name: String::new(),
        dba: None,
        fein: None,
        naics: String::new(),
        address: String::new(),
        city: String::new(),
        zip: String::new(),
        employee_count: None,
        stage: String::new(),
        center_id: me.center.map(|c| c.0),
        created_by: Some(me.id.0),
        version: 1,
        change_seq: sync_clock::take(&txn, 1).await?,
        deleted_at: None,
        created_at: now,
        updated_at: now,
    };
    let model = with_fields(blank, fields);
    let inserted = model.clone().into_active_model().insert(&txn).await;
    if let Err(error) = inserted {
        // Another writer took the FEIN between our check and our insert.
        if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
            return Err(fein_taken(&model));
        }
        return Err(error.into());
    }
    words::reindex(&txn, &model).await?;
    kept::keep_created(&txn, [(me.id.0, model.id)]).await?;
    record_stage(&txn, &model, me.id.0, now).await?;
    audit::record(
        &txn,
        Some(me.id.0),
        "created",
        "business",
        model.id,
        serde_json::json!({ "legal_name": model.legal_name, "fein": model.fein }),
    )
    .await?;
    txn.commit().await?;
    Ok(model)
}

/// Adds the business's current stage to its history.
async fn record_stage(
    db: &impl sea_orm::ConnectionTrait,
    business: &business::Model,
    by: Uuid,
    at: chrono::DateTime<Utc>,
) -> Result<(), DbErr> {
    business_stage_change::ActiveModel {
        business_id: sea_orm::Set(business.id),
        stage: sea_orm::Set(business.stage.clone()),
        changed_by: sea_orm::Set(Some(by)),
        changed_at: sea_orm::Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Changes a business's fields; returns it as stored. Own transaction, or a savepoint.
pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    who: &BusinessViewer,
    id: BusinessId,
    fields: BusinessFields,
) -> StoreResult<business::Model> {
    let me = who.viewer().user();
    let txn = sync_clock::begin(db).await?;
    let before = business::Entity::find_by_id(id.0)
        .filter(live())
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::NotFound {
            what: "That business".to_owned(),
        })?;
    if let Some(fein) = &fields.fein
        && let Some(holder) = business::Entity::find()
            .filter(business::Column::Fein.eq(fein.clone()))
            .filter(business::Column::Id.ne(id.0))
            .one(&txn)
            .await?
    {
        return Err(fein_taken(&holder));
    }
    let now = Utc::now();
    let after = with_fields(
        business::Model {
            version: before.version + 1,
            change_seq: sync_clock::take(&txn, 1).await?,
            updated_at: now,
            ..before.clone()
        },
        fields,
    );
    let changed: Vec<&str> = [
        ("legal_name", before.legal_name != after.legal_name),
        ("dba", before.dba != after.dba),
        ("fein", before.fein != after.fein),
        ("naics", before.naics != after.naics),
        ("address", before.address != after.address),
        ("city", before.city != after.city),
        ("zip", before.zip != after.zip),
        (
            "employee_count",
            before.employee_count != after.employee_count,
        ),
        ("stage", before.stage != after.stage),
    ]
    .into_iter()
    .filter_map(|(field, differs)| differs.then_some(field))
    .collect();
    // The dashboard counts engaged businesses by their stage now. Always, not only when the
    // stage read above differs: that read takes no lock, and the roll-ups must follow what
    // this update leaves in the table even if another writer changed the stage meanwhile.
    let rollup = rollups::before(&txn, &[], [id.0]).await?;
    after
        .clone()
        .into_active_model()
        .reset_all()
        .update(&txn)
        .await?;
    words::reindex(&txn, &after).await?;
    rollup.apply(&txn).await?;
    if before.stage != after.stage {
        record_stage(&txn, &after, me.id.0, now).await?;
    }
    audit::record(
        &txn,
        Some(me.id.0),
        "edited",
        "business",
        after.id,
        serde_json::json!({ "changed": changed }),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
