//! Merging a likely duplicate into the business that remains, and undoing it. What moved is
//! kept with the merge, so undo puts back exactly that, whatever happened since.

use std::collections::{BTreeMap, HashSet};

use app::backend::{AdminViewer, BusinessViewer};
use app::error::AppError;
use app::model::{BusinessId, DuplicatePair, MergeLine};
use app::rules::duplicates::{Identity, likeness};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::businesses::live_business;
use super::businesses::summary;
use super::{StoreResult, audit, kept, names, rollups, sync_clock, visit_pulled, words};
use crate::entities::{business, business_merge, contact, visit, visit_business};
use crate::local_time::LocalTime;

/// What a merge moved, stored as JSON with it.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Moved {
    /// Visits whose link moved from the merged business to the survivor.
    visits: Vec<Uuid>,
    /// Links dropped because the visit already named the survivor (a group presentation of
    /// both), with their stored verdicts.
    dropped: Vec<(Uuid, bool, String)>,
    contacts: Vec<Uuid>,
    branches: Vec<Uuid>,
}

fn invalid(message: &str) -> AppError {
    AppError::Invalid {
        field: "merge".to_owned(),
        message: message.to_owned(),
    }
}

/// Gives moved visits a new change sequence, so devices hear that their links changed, and
/// forgets their parts' copy (`storage::visit_parts`), which no longer matches the links.
async fn touch_visits(db: &impl ConnectionTrait, ids: &[Uuid]) -> StoreResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let seq = sync_clock::take(db, 1).await?;
    visit::Entity::update_many()
        .col_expr(visit::Column::ChangeSeq, Expr::value(seq))
        .col_expr(
            visit::Column::Version,
            Expr::col(visit::Column::Version).add(1),
        )
        .col_expr(visit::Column::Parts, Expr::value(Option::<String>::None))
        .filter(visit::Column::Id.is_in(ids.to_vec()))
        .exec(db)
        .await?;
    Ok(())
}

async fn bump(
    db: &impl ConnectionTrait,
    model: business::Model,
    merged_into: Option<Uuid>,
) -> StoreResult<business::Model> {
    let seq = sync_clock::take(db, 1).await?;
    let version = model.version + 1;
    let mut active = model.into_active_model();
    active.merged_into_id = Set(merged_into);
    active.version = Set(version);
    active.change_seq = Set(seq);
    active.updated_at = Set(Utc::now());
    Ok(active.update(db).await?)
}

pub async fn merge(
    db: &DatabaseConnection,
    who: &BusinessViewer,
    survivor: BusinessId,
    merged: BusinessId,
) -> StoreResult<Uuid> {
    if survivor == merged {
        return Err(invalid("a business cannot be merged into itself").into());
    }
    let me = who.viewer().user();
    let txn = sync_clock::begin(db).await?;
    let keep = live_business(&txn, survivor.0).await?;
    let gone = live_business(&txn, merged.0).await?;
    let mut moved = Moved::default();

    let links = visit_business::Entity::find()
        .filter(visit_business::Column::BusinessId.eq(gone.id))
        .all(&txn)
        .await?;
    let linked: Vec<Uuid> = links.iter().map(|l| l.visit_id).collect();
    let rollup = rollups::before(&txn, &linked, [keep.id, gone.id]).await?;
    let both: HashSet<Uuid> = visit_business::Entity::find()
        .filter(visit_business::Column::BusinessId.eq(keep.id))
        .filter(
            visit_business::Column::VisitId
                .is_in(links.iter().map(|l| l.visit_id).collect::<Vec<_>>()),
        )
        .all(&txn)
        .await?
        .into_iter()
        .map(|l| l.visit_id)
        .collect();
    for link in links {
        if both.contains(&link.visit_id) {
            moved.dropped.push((
                link.visit_id,
                link.orientation_qualifies,
                link.orientation_reasons,
            ));
        } else {
            moved.visits.push(link.visit_id);
        }
    }
    let dropped: Vec<Uuid> = moved.dropped.iter().map(|d| d.0).collect();
    visit_business::Entity::delete_many()
        .filter(visit_business::Column::BusinessId.eq(gone.id))
        .filter(visit_business::Column::VisitId.is_in(dropped.clone()))
        .exec(&txn)
        .await?;
    visit_business::Entity::update_many()
        .col_expr(visit_business::Column::BusinessId, Expr::value(keep.id))
        .filter(visit_business::Column::BusinessId.eq(gone.id))
        .exec(&txn)
        .await?;
    rollup.apply(&txn).await?;
    // Whoever visited the merged business now keeps the survivor on their device.
    let authors: Vec<Uuid> = visit::Entity::find()
        .select_only()
        .column(visit::Column::AuthorId)
        .distinct()
        .filter(visit::Column::Id.is_in(moved.visits.clone()))
        .into_tuple()
        .all(&txn)
        .await?;
    kept::keep(&txn, authors.into_iter().map(|author| (author, keep.id))).await?;
    touch_visits(&txn, &[moved.visits.clone(), dropped].concat()).await?;

    moved.contacts = contact::Entity::find()
        .filter(contact::Column::BusinessId.eq(gone.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    move_contacts(&txn, &moved.contacts, keep.id).await?;
    moved.branches = business::Entity::find()
        .filter(business::Column::ParentId.eq(gone.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|b| b.id)
        .collect();
    business::Entity::update_many()
        .col_expr(business::Column::ParentId, Expr::value(keep.id))
        .filter(business::Column::Id.is_in(moved.branches.clone()))
        .exec(&txn)
        .await?;

    let gone = bump(&txn, gone, Some(keep.id)).await?;
    words::remove(&txn, gone.id).await?;
    let id = Uuid::now_v7();
    let detail = serde_json::json!({
        "survivor": keep.id, "merged": gone.id, "merge": id,
        "visits": moved.visits.len(), "contacts": moved.contacts.len(), "branches": moved.branches.len(),
    });
    business_merge::Model {
        id,
        survivor_id: keep.id,
        merged_id: gone.id,
        moved: serde_json::to_string(&moved).unwrap_or_default(),
        merged_by: Some(me.id.0),
        merged_at: Utc::now(),
        undone_at: None,
    }
    .into_active_model()
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(me.id.0),
        "merged_in",
        "business",
        keep.id,
        detail.clone(),
    )
    .await?;
    audit::record(
        &txn,
        Some(me.id.0),
        "merged_away",
        "business",
        gone.id,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

async fn move_contacts(db: &impl ConnectionTrait, ids: &[Uuid], to: Uuid) -> StoreResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let seq = sync_clock::take(db, 1).await?;
    contact::Entity::update_many()
        .col_expr(contact::Column::BusinessId, Expr::value(to))
        .col_expr(contact::Column::ChangeSeq, Expr::value(seq))
        .col_expr(
            contact::Column::Version,
            Expr::col(contact::Column::Version).add(1),
        )
        .filter(contact::Column::Id.is_in(ids.to_vec()))
        .exec(db)
        .await?;
    // A visit recorded between a merge and its undo met them at the business they now leave.
    visit_pulled::forget_meeting(db, ids).await?;
    Ok(())
}

pub async fn undo(
    db: &DatabaseConnection,
    who: &BusinessViewer,
    merge: Uuid,
) -> StoreResult<BusinessId> {
    let me = who.viewer().user();
    let txn = sync_clock::begin(db).await?;
    let record = business_merge::Entity::find_by_id(merge)
        .filter(business_merge::Column::UndoneAt.is_null())
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::NotFound {
            what: "That merge (or it was already undone)".to_owned(),
        })?;
    let moved: Moved = serde_json::from_str(&record.moved).map_err(|_| {
        invalid("this merge's record is damaged; it cannot be undone automatically")
    })?;
    let gone = business::Entity::find_by_id(record.merged_id)
        .one(&txn)
        .await?
        .filter(|b| b.merged_into_id == Some(record.survivor_id))
        .ok_or_else(|| invalid("the merged business has changed since; it cannot be undone"))?;

    let dropped: Vec<Uuid> = moved.dropped.iter().map(|d| d.0).collect();
    let rollup = rollups::before(
        &txn,
        &[moved.visits.clone(), dropped.clone()].concat(),
        [gone.id, record.survivor_id],
    )
    .await?;
    visit_business::Entity::update_many()
        .col_expr(visit_business::Column::BusinessId, Expr::value(gone.id))
        .filter(visit_business::Column::BusinessId.eq(record.survivor_id))
        .filter(visit_business::Column::VisitId.is_in(moved.visits.clone()))
        .exec(&txn)
        .await?;
    let restored: Vec<_> = moved
        .dropped
        .iter()
        .map(|(visit_id, qualifies, reasons)| {
            visit_business::Model {
                visit_id: *visit_id,
                business_id: gone.id,
                orientation_qualifies: *qualifies,
                orientation_reasons: reasons.clone(),
            }
            .into_active_model()
        })
        .collect();
    if !restored.is_empty() {
        visit_business::Entity::insert_many(restored)
            .exec_without_returning(&txn)
            .await?;
    }
    rollup.apply(&txn).await?;
    touch_visits(&txn, &[moved.visits.clone(), dropped].concat()).await?;
    move_contacts(&txn, &moved.contacts, gone.id).await?;
    business::Entity::update_many()
        .col_expr(business::Column::ParentId, Expr::value(gone.id))
        .filter(business::Column::Id.is_in(moved.branches.clone()))
        .filter(business::Column::ParentId.eq(record.survivor_id))
        .exec(&txn)
        .await?;
    let back = bump(&txn, gone, None).await?;
    words::reindex(&txn, &back).await?;
    let survivor = record.survivor_id;
    let mut done = record.into_active_model();
    done.undone_at = Set(Some(Utc::now()));
    done.update(&txn).await?;
    let detail = serde_json::json!({ "merge": merge, "survivor": survivor, "merged": back.id });
    audit::record(
        &txn,
        Some(me.id.0),
        "merge_undone",
        "business",
        survivor,
        detail.clone(),
    )
    .await?;
    audit::record(
        &txn,
        Some(me.id.0),
        "merge_undone",
        "business",
        back.id,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(BusinessId(survivor))
}

/// Merges into `survivor` that are not undone, most recent first.
pub async fn into(
    db: &DatabaseConnection,
    survivor: Uuid,
    local: &LocalTime,
) -> StoreResult<Vec<MergeLine>> {
    let merges = business_merge::Entity::find()
        .filter(business_merge::Column::SurvivorId.eq(survivor))
        .filter(business_merge::Column::UndoneAt.is_null())
        .order_by_desc(business_merge::Column::MergedAt)
        .all(db)
        .await?;
    let merged: BTreeMap<Uuid, business::Model> = business::Entity::find()
        .filter(business::Column::Id.is_in(merges.iter().map(|m| m.merged_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    let people = names::people(db, merges.iter().filter_map(|m| m.merged_by)).await?;
    Ok(merges
        .iter()
        .filter_map(|m| {
            Some(MergeLine {
                id: m.id,
                merged: summary(merged.get(&m.merged_id)?),
                at: local.shown(m.merged_at),
                by: m.merged_by.and_then(|id| people.get(&id).cloned()),
            })
        })
        .collect())
}

fn identity(model: &business::Model) -> Identity<'_> {
    Identity {
        legal_name: &model.legal_name,
        fein: model.fein.as_deref(),
        zip: &model.zip,
    }
}

/// Pairs of live businesses with the same normalised name and five-digit ZIP (a FEIN is unique
/// in the schema, so it cannot be shared). Only names that occur twice are read.
pub async fn pairs(
    db: &DatabaseConnection,
    _admin: &AdminViewer,
) -> StoreResult<Vec<DuplicatePair>> {
    let repeated = Query::select()
        .column(business::Column::NormalizedName)
        .from(business::Entity)
        .and_where(business::Column::DeletedAt.is_null())
        .and_where(business::Column::MergedIntoId.is_null())
        .group_by_col(business::Column::NormalizedName)
        .and_having(Expr::col(business::Column::Id).count().gt(1))
        .to_owned();
    let candidates = business::Entity::find()
        .filter(business::Column::DeletedAt.is_null())
        .filter(business::Column::MergedIntoId.is_null())
        .filter(business::Column::NormalizedName.in_subquery(repeated))
        .order_by_asc(business::Column::NormalizedName)
        .order_by_asc(business::Column::CreatedAt)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for (n, a) in candidates.iter().enumerate() {
        for b in candidates
            .iter()
            .skip(n + 1)
            .take_while(|b| b.normalized_name == a.normalized_name)
        {
            if let Some(likeness) = likeness(identity(a), identity(b)) {
                out.push(DuplicatePair {
                    first: summary(a),
                    second: summary(b),
                    likeness,
                });
            }
        }
    }
    Ok(out)
}
