//! Visits: recording them (with the orientation rule applied again on the server), listing,
//! reading under the visit access rule, and soft deletion.

use std::collections::{BTreeSet, HashMap};

use app::access::{can_edit_visit, can_read_visit};
use app::backend::{DirectorViewer, RepViewer, VisitViewer};
use app::error::AppError;
use app::model::{
    AuditLine, ChosenBusiness, Contact, ContactId, EditableVisit, ReviewStatus, Service, ServiceId,
    SessionUser, Stage, UserId, VisitBusinessDraft, VisitBusinessResult, VisitDetail, VisitDraft,
    VisitFields, VisitFilter, VisitId, VisitMode, VisitOnly, VisitReference, VisitRow,
};
use app::rules::orientation::assess_visit;
use app::rules::validation::FieldError;
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use super::businesses::summary;
use super::visit_kinds::{to_activity_type, to_category};
use super::{StoreResult, audit, names, sync_clock};
use crate::entities::{
    activity_type, audit_log, business, center, contact, service, visit, visit_business,
    visit_category, visit_contact, visit_service,
};
use crate::org;

pub async fn reference(db: &DatabaseConnection) -> StoreResult<VisitReference> {
    let categories = visit_category::Entity::find()
        .filter(visit_category::Column::RetiredAt.is_null())
        .order_by_asc(visit_category::Column::Position)
        .all(db)
        .await?;
    let activities = activity_type::Entity::find()
        .filter(activity_type::Column::RetiredAt.is_null())
        .order_by_asc(activity_type::Column::Position)
        .all(db)
        .await?;
    let slate = service::Entity::find()
        .filter(service::Column::RetiredAt.is_null())
        .order_by_asc(service::Column::Position)
        .all(db)
        .await?;
    Ok(VisitReference {
        today: Utc::now().date_naive(),
        categories: categories.into_iter().map(to_category).collect(),
        activity_types: activities
            .into_iter()
            .filter_map(to_activity_type)
            .collect(),
        slate: slate.into_iter().map(to_service).collect(),
    })
}

pub fn to_service(model: service::Model) -> Service {
    Service {
        id: ServiceId(model.id),
        suggested_for: Stage::split(&model.suggested_for),
        retired: model.retired_at.is_some(),
        name: model.name,
        description: model.description,
    }
}

fn invalid(field: &str, message: impl Into<String>) -> AppError {
    AppError::InvalidFields(vec![FieldError {
        field: field.to_owned(),
        message: message.into(),
    }])
}

/// Records a new visit (`existing` is `None`) or replaces one of the rep's own. Either way the
/// orientation rule runs again here, against the active slate of this moment, and an edited
/// visit returns to "received" for review.
pub async fn save(
    db: &DatabaseConnection,
    who: &RepViewer,
    existing: Option<VisitId>,
    fields: VisitFields,
) -> StoreResult<VisitId> {
    let me = who.viewer().user();
    let txn = db.begin().await?;
    let before = match existing {
        Some(id) => Some(editable(&txn, me, id).await?),
        None => None,
    };
    let center = match &before {
        Some(before) => before.center_id,
        None => {
            me.center
                .ok_or_else(|| {
                    invalid(
                        "center",
                        "your account has no center; ask an administrator to set it",
                    )
                })?
                .0
        }
    };
    let ids: Vec<Uuid> = fields.businesses.iter().map(|(b, _)| b.0).collect();
    let found = business::Entity::find()
        .filter(business::Column::Id.is_in(ids.clone()))
        .filter(business::Column::DeletedAt.is_null())
        .filter(business::Column::MergedIntoId.is_null())
        .all(&txn)
        .await?;
    if found.len() != ids.len() {
        return Err(invalid(
            "businesses",
            "a chosen business was removed or merged since; choose it again",
        )
        .into());
    }
    let contacts = contact::Entity::find()
        .filter(contact::Column::BusinessId.is_in(ids))
        .filter(contact::Column::DeletedAt.is_null())
        .all(&txn)
        .await?;
    let by_id: HashMap<Uuid, &contact::Model> = contacts.iter().map(|c| (c.id, c)).collect();
    let mut key_met = Vec::new();
    for (business, met) in &fields.businesses {
        let mut key = false;
        for contact in met {
            match by_id.get(&contact.0) {
                Some(found) if found.business_id == business.0 => key |= found.key_representative,
                _ => {
                    return Err(invalid(
                        "contacts",
                        "a contact met does not belong to that business; tick the contacts again",
                    )
                    .into());
                }
            }
        }
        key_met.push((*business, key));
    }
    let activity = activity_type::Entity::find_by_id(fields.activity_type)
        .one(&txn)
        .await?
        .ok_or_else(|| invalid("activity_type", "choose the activity type"))?;
    let active: BTreeSet<ServiceId> = service::Entity::find()
        .filter(service::Column::RetiredAt.is_null())
        .all(&txn)
        .await?
        .into_iter()
        .map(|s| ServiceId(s.id))
        .collect();
    let verdicts = assess_visit(&fields.presented, &active, fields.mode, &key_met);
    let now = Utc::now();
    let id = before.as_ref().map_or_else(Uuid::now_v7, |b| b.id);
    let model = visit::Model {
        id,
        author_id: me.id.0,
        center_id: center,
        visit_date: fields.date,
        category_id: fields.category,
        activity_type_id: activity.id,
        mode: fields.mode.as_str().to_owned(),
        jobseekers_hired: i32::try_from(fields.jobseekers_hired).unwrap_or(i32::MAX),
        positions_open: fields.positions_open.and_then(|n| i32::try_from(n).ok()),
        notes: fields.notes.clone(),
        follow_up_date: fields.follow_up,
        recorded_as_orientation: activity.is_orientation,
        slate_size: active.len() as i32,
        review_status: ReviewStatus::Received.as_str().to_owned(),
        review_comment: None,
        device_id: before.as_ref().and_then(|b| b.device_id),
        version: before.as_ref().map_or(1, |b| b.version + 1),
        change_seq: sync_clock::take(&txn, 1).await?,
        deleted_at: None,
        created_at: before.as_ref().map_or(now, |b| b.created_at),
        updated_at: now,
        synced_at: now,
    };
    if before.is_some() {
        // The visit's parts are replaced whole; the audit log keeps what changed.
        visit_business::Entity::delete_many()
            .filter(visit_business::Column::VisitId.eq(id))
            .exec(&txn)
            .await?;
        visit_contact::Entity::delete_many()
            .filter(visit_contact::Column::VisitId.eq(id))
            .exec(&txn)
            .await?;
        visit_service::Entity::delete_many()
            .filter(visit_service::Column::VisitId.eq(id))
            .exec(&txn)
            .await?;
        model.into_active_model().reset_all().update(&txn).await?;
    } else {
        model.into_active_model().insert(&txn).await?;
    }
    let links: Vec<_> = verdicts
        .iter()
        .map(|(business, verdict)| {
            visit_business::Model {
                visit_id: id,
                business_id: business.0,
                orientation_qualifies: verdict.qualifies(),
                orientation_reasons: verdict.reasons(),
            }
            .into_active_model()
        })
        .collect();
    visit_business::Entity::insert_many(links)
        .exec_without_returning(&txn)
        .await?;
    let met: Vec<_> = fields
        .businesses
        .iter()
        .flat_map(|(_, met)| met.iter())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|contact| {
            visit_contact::Model {
                visit_id: id,
                contact_id: contact.0,
            }
            .into_active_model()
        })
        .collect();
    if !met.is_empty() {
        visit_contact::Entity::insert_many(met)
            .exec_without_returning(&txn)
            .await?;
    }
    let services: Vec<_> = [
        ("presented", &fields.presented),
        ("delivered", &fields.delivered),
        ("referred", &fields.referred),
    ]
    .into_iter()
    .flat_map(|(kind, ids)| {
        ids.iter().map(move |service| {
            visit_service::Model {
                visit_id: id,
                service_id: service.0,
                kind: kind.to_owned(),
            }
            .into_active_model()
        })
    })
    .collect();
    if !services.is_empty() {
        visit_service::Entity::insert_many(services)
            .exec_without_returning(&txn)
            .await?;
    }
    let flagged = activity.is_orientation && verdicts.iter().any(|(_, v)| !v.qualifies());
    audit::record(
        &txn,
        Some(me.id.0),
        if before.is_some() { "edited" } else { "recorded" },
        "visit",
        id,
        serde_json::json!({ "date": fields.date, "businesses": fields.businesses.len(), "flagged": flagged }),
    )
    .await?;
    txn.commit().await?;
    Ok(VisitId(id))
}

/// The centers whose visits `user` may read in lists: their own visits only for a rep.
async fn covered_centers(db: &DatabaseConnection, user: &SessionUser) -> StoreResult<Vec<Uuid>> {
    let Some(scope) = user.scope else {
        return Ok(Vec::new());
    };
    Ok(org::places(db)
        .await?
        .into_iter()
        .filter(|(_, place)| scope.covers(*place))
        .map(|(id, _)| id)
        .collect())
}

fn date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}

pub async fn list(
    db: &DatabaseConnection,
    who: &VisitViewer,
    filter: VisitFilter,
) -> StoreResult<Vec<VisitRow>> {
    let me = who.viewer().user();
    let mut select = visit::Entity::find().filter(visit::Column::DeletedAt.is_null());
    select = if me.role == app::model::Role::Director {
        select.filter(visit::Column::CenterId.is_in(covered_centers(db, me).await?))
    } else {
        select.filter(visit::Column::AuthorId.eq(me.id.0))
    };
    if let Some(from) = date(&filter.from) {
        select = select.filter(visit::Column::VisitDate.gte(from));
    }
    if let Some(to) = date(&filter.to) {
        select = select.filter(visit::Column::VisitDate.lte(to));
    }
    match filter.only {
        VisitOnly::All | VisitOnly::Flagged => {}
        VisitOnly::HasIssues => {
            select = select.filter(visit::Column::ReviewStatus.eq(ReviewStatus::HasIssues.as_str()))
        }
        VisitOnly::Orientations => {
            select = select.filter(visit::Column::RecordedAsOrientation.eq(true))
        }
    }
    if filter.only == VisitOnly::Flagged {
        select = select.filter(visit::Column::RecordedAsOrientation.eq(true));
    }
    let visits = select
        .order_by_asc(visit::Column::ReviewStatus)
        .order_by_desc(visit::Column::VisitDate)
        .order_by_desc(visit::Column::Id)
        .limit(100)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = visits.iter().map(|v| v.id).collect();
    let links = visit_business::Entity::find()
        .filter(visit_business::Column::VisitId.is_in(ids))
        .all(db)
        .await?;
    let names = names::businesses(db, links.iter().map(|l| l.business_id)).await?;
    let activities = names::activities(db).await?;
    let mut by_visit: HashMap<Uuid, Vec<&visit_business::Model>> = HashMap::new();
    for link in &links {
        by_visit.entry(link.visit_id).or_default().push(link);
    }
    let rows = visits.into_iter().map(|v| {
        let links = by_visit.remove(&v.id).unwrap_or_default();
        let flagged = v.recorded_as_orientation && links.iter().any(|l| !l.orientation_qualifies);
        VisitRow {
            id: VisitId(v.id),
            date: v.visit_date,
            activity: activities
                .get(&v.activity_type_id)
                .cloned()
                .unwrap_or_default(),
            mode: VisitMode::parse(&v.mode).unwrap_or(VisitMode::InPerson),
            businesses: links
                .iter()
                .filter_map(|l| names.get(&l.business_id).cloned())
                .collect(),
            recorded_as_orientation: v.recorded_as_orientation,
            flagged,
            review: ReviewStatus::parse(&v.review_status),
            follow_up: v.follow_up_date,
        }
    });
    Ok(rows
        .filter(|row| filter.only != VisitOnly::Flagged || row.flagged)
        .collect())
}

/// A visit that is not deleted, or `NotFound`.
async fn live_visit(db: &impl sea_orm::ConnectionTrait, id: VisitId) -> StoreResult<visit::Model> {
    Ok(visit::Entity::find_by_id(id.0)
        .filter(visit::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound {
            what: "That visit".to_owned(),
        })?)
}

/// The visit, if `user` may read it; `NotFound` and `Forbidden` otherwise.
async fn readable(
    db: &impl sea_orm::ConnectionTrait,
    user: &SessionUser,
    id: VisitId,
) -> StoreResult<visit::Model> {
    let found = live_visit(db, id).await?;
    let place = org::places(db).await?.get(&found.center_id).copied();
    let allowed = place.is_some_and(|place| can_read_visit(user, UserId(found.author_id), place));
    if !allowed {
        return Err(AppError::Forbidden {
            area: "this visit".to_owned(),
        }
        .into());
    }
    Ok(found)
}

pub async fn detail(
    db: &DatabaseConnection,
    who: &VisitViewer,
    id: VisitId,
) -> StoreResult<VisitDetail> {
    let me = who.viewer().user();
    let v = readable(db, me, id).await?;
    let links = visit_business::Entity::find()
        .filter(visit_business::Column::VisitId.eq(v.id))
        .all(db)
        .await?;
    let businesses: HashMap<Uuid, business::Model> = business::Entity::find()
        .filter(business::Column::Id.is_in(links.iter().map(|l| l.business_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    let met_ids: Vec<Uuid> = visit_contact::Entity::find()
        .filter(visit_contact::Column::VisitId.eq(v.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.contact_id)
        .collect();
    let contacts_met = contact::Entity::find()
        .filter(contact::Column::Id.is_in(met_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| {
            if c.key_representative {
                format!("{} (key representative)", c.name)
            } else {
                c.name
            }
        })
        .collect();
    let services: HashMap<Uuid, String> = service::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| {
            let name = if s.retired_at.is_some() {
                format!("{} (retired)", s.name)
            } else {
                s.name
            };
            (s.id, name)
        })
        .collect();
    let chosen = visit_service::Entity::find()
        .filter(visit_service::Column::VisitId.eq(v.id))
        .all(db)
        .await?;
    let of_kind = |kind: &str| -> Vec<String> {
        chosen
            .iter()
            .filter(|c| c.kind == kind)
            .filter_map(|c| services.get(&c.service_id).cloned())
            .collect()
    };
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("visit"))
        .filter(audit_log::Column::EntityId.eq(v.id.to_string()))
        .order_by_desc(audit_log::Column::At)
        .all(db)
        .await?;
    let people = names::people(
        db,
        audit.iter().filter_map(|a| a.actor_id).chain([v.author_id]),
    )
    .await?;
    let center_name = center::Entity::find_by_id(v.center_id)
        .one(db)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let category = visit_category::Entity::find_by_id(v.category_id)
        .one(db)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let activity = activity_type::Entity::find_by_id(v.activity_type_id)
        .one(db)
        .await?
        .map(|a| a.name)
        .unwrap_or_default();
    Ok(VisitDetail {
        id: VisitId(v.id),
        author: people.get(&v.author_id).cloned().unwrap_or_default(),
        center: center_name,
        date: v.visit_date,
        category,
        activity,
        mode: VisitMode::parse(&v.mode).unwrap_or(VisitMode::InPerson),
        recorded_as_orientation: v.recorded_as_orientation,
        slate_size: u32::try_from(v.slate_size).unwrap_or(0),
        results: links
            .iter()
            .filter_map(|l| {
                Some(VisitBusinessResult {
                    business: summary(businesses.get(&l.business_id)?),
                    qualifies: l.orientation_qualifies,
                    reasons: l.orientation_reasons.clone(),
                })
            })
            .collect(),
        contacts_met,
        presented: of_kind("presented"),
        delivered: of_kind("delivered"),
        referred: of_kind("referred"),
        jobseekers_hired: u32::try_from(v.jobseekers_hired).unwrap_or(0),
        positions_open: v.positions_open.and_then(|n| u32::try_from(n).ok()),
        notes: v.notes,
        follow_up: v.follow_up_date,
        review: ReviewStatus::parse(&v.review_status),
        review_comment: v.review_comment,
        can_edit: can_edit_visit(me, UserId(v.author_id)),
        can_review: me.role == app::model::Role::Director,
        audit: audit
            .iter()
            .map(|a| AuditLine {
                at: a.at,
                actor: a.actor_id.and_then(|id| people.get(&id).cloned()),
                action: a.action.replace('_', " "),
            })
            .collect(),
    })
}

/// One of `me`'s own live visits, or why not.
async fn editable(
    db: &impl sea_orm::ConnectionTrait,
    me: &SessionUser,
    id: VisitId,
) -> StoreResult<visit::Model> {
    let found = live_visit(db, id).await?;
    if !can_edit_visit(me, UserId(found.author_id)) {
        return Err(AppError::Forbidden {
            area: "this visit".to_owned(),
        }
        .into());
    }
    Ok(found)
}

/// The stored visit as the form's draft, with each business's contacts, for editing.
pub async fn draft(
    db: &DatabaseConnection,
    who: &RepViewer,
    id: VisitId,
) -> StoreResult<EditableVisit> {
    let v = editable(db, who.viewer().user(), id).await?;
    let links = visit_business::Entity::find()
        .filter(visit_business::Column::VisitId.eq(v.id))
        .all(db)
        .await?;
    let business_ids: Vec<Uuid> = links.iter().map(|l| l.business_id).collect();
    let businesses = business::Entity::find()
        .filter(business::Column::Id.is_in(business_ids.clone()))
        .all(db)
        .await?;
    let contacts = contact::Entity::find()
        .filter(contact::Column::BusinessId.is_in(business_ids))
        .filter(contact::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    let met: BTreeSet<Uuid> = visit_contact::Entity::find()
        .filter(visit_contact::Column::VisitId.eq(v.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.contact_id)
        .collect();
    let services = visit_service::Entity::find()
        .filter(visit_service::Column::VisitId.eq(v.id))
        .all(db)
        .await?;
    let of_kind = |kind: &str| -> Vec<ServiceId> {
        services
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| ServiceId(s.service_id))
            .collect()
    };
    let chosen: Vec<ChosenBusiness> = businesses
        .iter()
        .map(|b| ChosenBusiness {
            business: summary(b),
            contacts: contacts
                .iter()
                .filter(|c| c.business_id == b.id)
                .map(|c| Contact {
                    id: ContactId(c.id),
                    name: c.name.clone(),
                    title: c.title.clone(),
                    email: c.email.clone(),
                    phone: c.phone.clone(),
                    key_representative: c.key_representative,
                })
                .collect(),
        })
        .collect();
    let draft = VisitDraft {
        date: v.visit_date.to_string(),
        category: v.category_id.to_string(),
        activity_type: v.activity_type_id.to_string(),
        mode: v.mode.clone(),
        businesses: chosen
            .iter()
            .map(|c| VisitBusinessDraft {
                business: Some(c.business.id),
                contacts_met: c
                    .contacts
                    .iter()
                    .filter(|contact| met.contains(&contact.id.0))
                    .map(|contact| contact.id)
                    .collect(),
            })
            .collect(),
        presented: of_kind("presented"),
        delivered: of_kind("delivered"),
        referred: of_kind("referred"),
        jobseekers_hired: v.jobseekers_hired.to_string(),
        positions_open: v.positions_open.map(|n| n.to_string()).unwrap_or_default(),
        notes: v.notes.clone(),
        follow_up: v.follow_up_date.map(|d| d.to_string()).unwrap_or_default(),
    };
    Ok(EditableVisit {
        id,
        draft,
        businesses: chosen,
    })
}

/// A director marks a visit in their scope "has issues"; the rep sees it first in their list.
pub async fn review(
    db: &DatabaseConnection,
    who: &DirectorViewer,
    id: VisitId,
    comment: String,
) -> StoreResult<()> {
    let me = who.viewer().user();
    let comment = comment.trim().to_owned();
    if comment.is_empty() {
        return Err(invalid("comment", "say what needs fixing, so the rep can act on it").into());
    }
    let txn = db.begin().await?;
    let found = readable(&txn, me, id).await?;
    let version = found.version;
    let mut marked = found.into_active_model();
    marked.review_status = Set(ReviewStatus::HasIssues.as_str().to_owned());
    marked.review_comment = Set(Some(comment.clone()));
    marked.version = Set(version + 1);
    marked.change_seq = Set(sync_clock::take(&txn, 1).await?);
    marked.updated_at = Set(Utc::now());
    marked.update(&txn).await?;
    audit::record(
        &txn,
        Some(me.id.0),
        "marked_has_issues",
        "visit",
        id.0,
        serde_json::json!({ "comment": comment }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn delete(db: &DatabaseConnection, who: &RepViewer, id: VisitId) -> StoreResult<()> {
    let me = who.viewer().user();
    let txn = db.begin().await?;
    let found = editable(&txn, me, id).await?;
    let version = found.version;
    let mut gone = found.into_active_model();
    let now = Utc::now();
    gone.deleted_at = Set(Some(now));
    gone.updated_at = Set(now);
    gone.version = Set(version + 1);
    gone.change_seq = Set(sync_clock::take(&txn, 1).await?);
    gone.update(&txn).await?;
    audit::record(
        &txn,
        Some(me.id.0),
        "deleted",
        "visit",
        id.0,
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
