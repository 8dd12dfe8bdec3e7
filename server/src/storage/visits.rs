//! Visits: recording them (with the orientation rule applied again on the server), listing,
//! reading under the visit access rule, and soft deletion.

use std::collections::{BTreeSet, HashMap};

use app::access::{can_edit_visit, can_read_visit};
use app::backend::{DirectorViewer, RepViewer, VisitViewer};
use app::error::AppError;
use app::model::{
    AuditLine, BusinessId, ChosenBusiness, Contact, ContactId, EditableVisit, Page, RetiredService,
    ReviewStatus, Service, ServiceId, SessionUser, Stage, UserId, VISITS_PER_PAGE,
    VisitBusinessDraft, VisitBusinessResult, VisitDetail, VisitDraft, VisitFields, VisitFilter,
    VisitId, VisitMode, VisitOnly, VisitReference, VisitRow,
};
use app::rules::validation::FieldError;
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, DerivePartialModel,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set, Statement,
};
use uuid::Uuid;

use super::businesses::summary;
use super::rollups;
use super::visit_write::{self, VisitFacts, VisitWrite};
use super::{StoreResult, audit, names, sync_clock, visit_parts};
use crate::entities::{
    activity_type, audit_log, business, center, contact, service, visit, visit_business,
    visit_category, visit_contact, visit_service,
};
use crate::local_time::LocalTime;
use crate::org;

/// The visit form's reference as a browser receives it: with the state's zone, so a device
/// set to another zone still dates a visit by the state's calendar.
pub async fn reference_for_device(
    db: &impl ConnectionTrait,
    clock: &LocalTime,
) -> StoreResult<VisitReference> {
    Ok(VisitReference {
        time_zone: clock.name().to_owned(),
        ..reference(db, clock).await?
    })
}

/// The visit form's lists, and `today`: the state's date, the latest a visit may have.
/// Retired services, categories and activity types come with the state's date they were
/// retired on: visits dated up to then may keep them.
pub async fn reference(
    db: &impl ConnectionTrait,
    clock: &LocalTime,
) -> StoreResult<VisitReference> {
    let today = clock.today();
    let kinds = super::visit_kinds::all(db, clock).await?;
    let (slate, retired): (Vec<_>, Vec<_>) = service::Entity::find()
        .order_by_asc(service::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .partition(|s| s.retired_at.is_none());
    Ok(VisitReference {
        today,
        time_zone: String::new(),
        categories: kinds.categories,
        activity_types: kinds.activity_types,
        slate: slate.into_iter().map(to_service).collect(),
        retired: retired
            .into_iter()
            .filter_map(|s| {
                Some(RetiredService {
                    retired_on: clock.date(s.retired_at?),
                    id: ServiceId(s.id),
                    name: s.name,
                })
            })
            .collect(),
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
    let txn = sync_clock::begin(db).await?;
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
    let facts = VisitFacts::load(&txn, [&fields]).await?;
    let judged = facts
        .judge(fields)
        .map_err(|error| AppError::InvalidFields(vec![error]))?;
    let write = VisitWrite {
        id: before.as_ref().map_or_else(Uuid::now_v7, |b| b.id),
        author: me.id.0,
        center,
        device: None,
        judged,
        version: before.as_ref().map_or(1, |b| b.version + 1),
        created_at: before.as_ref().map_or_else(Utc::now, |b| b.created_at),
        recorded_at: before.as_ref().and_then(|b| b.recorded_at),
        replaces: before.is_some(),
    };
    visit_write::write(&txn, me.id.0, std::slice::from_ref(&write)).await?;
    txn.commit().await?;
    Ok(VisitId(write.id))
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
) -> StoreResult<Page<VisitRow>> {
    let me = who.viewer().user();
    let mut select = visit::Entity::find().filter(visit::Column::DeletedAt.is_null());
    select = if me.role == app::model::Role::Director {
        let mut centers = covered_centers(db, me).await?;
        if let Some(area) = app::rules::validation::parse_area(&filter.area) {
            let places = org::places(db).await?;
            centers.retain(|c| places.get(c).is_some_and(|place| area.covers(*place)));
        }
        select.filter(visit::Column::CenterId.is_in(centers))
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
        VisitOnly::All => {}
        VisitOnly::HasIssues => {
            select = select.filter(visit::Column::ReviewStatus.eq(ReviewStatus::HasIssues.as_str()))
        }
        VisitOnly::Orientations => {
            select = select.filter(visit::Column::RecordedAsOrientation.eq(true))
        }
        // Filtered here, before the page is cut, so every page is a full one.
        VisitOnly::Qualifying | VisitOnly::Flagged => {
            let qualifies = filter.only == VisitOnly::Qualifying;
            select = select
                .filter(visit::Column::RecordedAsOrientation.eq(true))
                .filter(
                    visit::Column::Id.in_subquery(
                        sea_orm::sea_query::Query::select()
                            .column(visit_business::Column::VisitId)
                            .from(visit_business::Entity)
                            .and_where(visit_business::Column::OrientationQualifies.eq(qualifies))
                            .to_owned(),
                    ),
                );
        }
    }
    // One page in the list's order, read from `idx_visits_list_author` (or `_center`) without
    // sorting, then joined to their activity and businesses in the same statement: one query
    // for the whole page instead of one per kind of name. One more than a page says whether
    // another follows.
    let per_page = u64::from(VISITS_PER_PAGE);
    let page_sql = select
        .select_only()
        .columns([
            visit::Column::Id,
            visit::Column::VisitDate,
            visit::Column::ActivityTypeId,
            visit::Column::Mode,
            visit::Column::RecordedAsOrientation,
            visit::Column::ReviewStatus,
            visit::Column::FollowUpDate,
        ])
        .order_by_asc(visit::Column::ReviewStatus)
        .order_by_desc(visit::Column::VisitDate)
        .order_by_desc(visit::Column::Id)
        .offset(u64::from(filter.page) * per_page)
        .limit(per_page + 1)
        .build(db.get_database_backend());
    let statement = Statement::from_sql_and_values(
        db.get_database_backend(),
        format!(
            "SELECT v.id, v.visit_date, a.name AS activity, v.mode, v.recorded_as_orientation, \
             v.review_status, v.follow_up_date, vb.orientation_qualifies, b.legal_name \
             FROM ({}) v \
             LEFT JOIN activity_types a ON a.id = v.activity_type_id \
             LEFT JOIN visit_businesses vb ON vb.visit_id = v.id \
             LEFT JOIN businesses b ON b.id = vb.business_id \
             ORDER BY v.review_status, v.visit_date DESC, v.id DESC, b.legal_name",
            page_sql.sql
        ),
        page_sql.values.map(|values| values.0).unwrap_or_default(),
    );
    let mut rows: Vec<VisitRow> = Vec::new();
    for found in db.query_all_raw(statement).await? {
        let id: Uuid = found.try_get("", "id")?;
        let qualifies: Option<bool> = found.try_get("", "orientation_qualifies")?;
        let business: Option<String> = found.try_get("", "legal_name")?;
        if rows.last().is_none_or(|row| row.id.0 != id) {
            let mode: String = found.try_get("", "mode")?;
            let review: String = found.try_get("", "review_status")?;
            let activity: Option<String> = found.try_get("", "activity")?;
            rows.push(VisitRow {
                id: VisitId(id),
                date: found.try_get("", "visit_date")?,
                activity: activity.unwrap_or_default(),
                mode: VisitMode::parse(&mode).unwrap_or(VisitMode::InPerson),
                businesses: Vec::new(),
                recorded_as_orientation: found.try_get("", "recorded_as_orientation")?,
                flagged: false,
                review: ReviewStatus::parse(&review),
                follow_up: found.try_get("", "follow_up_date")?,
            });
        }
        if let Some(row) = rows.last_mut() {
            row.flagged |= row.recorded_as_orientation && qualifies == Some(false);
            row.businesses.extend(business);
        }
    }
    let has_more = rows.len() as u64 > per_page;
    rows.truncate(VISITS_PER_PAGE as usize);
    Ok(Page {
        items: rows,
        page: filter.page,
        has_more,
    })
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
    local: &LocalTime,
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
                at: local.shown(a.at),
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
    let draft = draft_of(db, &v).await?;
    let business_ids: Vec<Uuid> = draft
        .businesses
        .iter()
        .filter_map(|b| b.business.map(|b| b.0))
        .collect();
    let businesses = business::Entity::find()
        .filter(business::Column::Id.is_in(business_ids.clone()))
        .all(db)
        .await?;
    let contacts = contact::Entity::find()
        .filter(contact::Column::BusinessId.is_in(business_ids))
        .filter(contact::Column::DeletedAt.is_null())
        .all(db)
        .await?;
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
    Ok(EditableVisit {
        id,
        version: v.version,
        draft,
        businesses: chosen,
    })
}

/// A stored visit's form, and what the pull says of it besides.
pub struct StoredForm {
    pub draft: VisitDraft,
    /// At least one of its businesses did not qualify under the orientation rule.
    pub fails_orientation: bool,
}

/// The columns a visit's form is made of, read alone where thousands of forms are read at
/// once (a pull: 6% faster than reading whole rows).
#[derive(Clone, Debug, DerivePartialModel)]
#[sea_orm(entity = "visit::Entity", from_query_result)]
pub struct FormColumns {
    pub id: Uuid,
    pub visit_date: NaiveDate,
    pub category_id: Uuid,
    pub activity_type_id: Uuid,
    pub mode: String,
    pub jobseekers_hired: i32,
    pub positions_open: Option<i32>,
    pub notes: String,
    pub follow_up_date: Option<NaiveDate>,
    pub parts: Option<String>,
}

impl From<&visit::Model> for FormColumns {
    fn from(v: &visit::Model) -> Self {
        FormColumns {
            id: v.id,
            visit_date: v.visit_date,
            category_id: v.category_id,
            activity_type_id: v.activity_type_id,
            mode: v.mode.clone(),
            jobseekers_hired: v.jobseekers_hired,
            positions_open: v.positions_open,
            notes: v.notes.clone(),
            follow_up_date: v.follow_up_date,
            parts: v.parts.clone(),
        }
    }
}

/// A visit's form as its rep last saved it.
pub async fn draft_of(db: &impl ConnectionTrait, v: &visit::Model) -> Result<VisitDraft, DbErr> {
    let columns = FormColumns::from(v);
    let forms = forms(db, &[&columns]).await?;
    Ok(forms
        .into_iter()
        .next()
        .map(|f| f.draft)
        .unwrap_or_default())
}

/// Each visit's form from its row and its parts, in the order given. Contacts met who have
/// since been removed are left out, so the form can be saved again as it is; the others are
/// listed under the business they work at now.
pub async fn forms(
    db: &impl ConnectionTrait,
    visits: &[&FormColumns],
) -> Result<Vec<StoredForm>, DbErr> {
    let parts = visit_parts::of(db, visits.iter().map(|v| (v.id, v.parts.as_deref()))).await?;
    let contact_ids: Vec<Uuid> = parts
        .iter()
        .flat_map(|p| p.contacts_met.iter().copied())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut works_at: HashMap<Uuid, Uuid> = HashMap::new();
    for chunk in contact_ids.chunks(visit_parts::CHUNK) {
        for (id, business_id) in contact::Entity::find()
            .select_only()
            .columns([contact::Column::Id, contact::Column::BusinessId])
            .filter(contact::Column::Id.is_in(chunk.to_vec()))
            .filter(contact::Column::DeletedAt.is_null())
            .into_tuple::<(Uuid, Uuid)>()
            .all(db)
            .await?
        {
            works_at.insert(id, business_id);
        }
    }
    Ok(visits
        .iter()
        .zip(parts)
        .map(|(v, p)| form_of(v, &p, |contact| works_at.get(contact).copied()))
        .collect())
}

/// One visit's form from its columns and parts, each contact met listed under the business
/// `works_at` says they work at now (`None`: removed, left out). The pull and the write of a
/// visit's kept pull entry both build it here, so the two cannot differ.
pub fn form_of(
    v: &FormColumns,
    p: &visit_parts::Parts,
    works_at: impl Fn(&Uuid) -> Option<Uuid>,
) -> StoredForm {
    let services = |ids: &[Uuid]| ids.iter().copied().map(ServiceId).collect();
    let draft = VisitDraft {
        date: v.visit_date.to_string(),
        category: v.category_id.to_string(),
        activity_type: v.activity_type_id.to_string(),
        mode: v.mode.clone(),
        businesses: (p.businesses.iter())
            .map(|business| VisitBusinessDraft {
                business: Some(BusinessId(*business)),
                contacts_met: (p.contacts_met.iter())
                    .filter(|c| works_at(c).as_ref() == Some(business))
                    .map(|c| ContactId(*c))
                    .collect(),
            })
            .collect(),
        presented: services(&p.presented),
        delivered: services(&p.delivered),
        referred: services(&p.referred),
        jobseekers_hired: v.jobseekers_hired.to_string(),
        positions_open: v.positions_open.map(|n| n.to_string()).unwrap_or_default(),
        notes: v.notes.clone(),
        follow_up: v.follow_up_date.map(|d| d.to_string()).unwrap_or_default(),
    };
    StoredForm {
        draft,
        fails_orientation: p.fails_orientation,
    }
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
    let txn = sync_clock::begin(db).await?;
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
    let txn = sync_clock::begin(db).await?;
    let found = editable(&txn, me, id).await?;
    let rollup = rollups::before(&txn, &[found.id], []).await?;
    let version = found.version;
    let mut gone = found.into_active_model();
    let now = Utc::now();
    gone.deleted_at = Set(Some(now));
    gone.updated_at = Set(now);
    gone.version = Set(version + 1);
    gone.change_seq = Set(sync_clock::take(&txn, 1).await?);
    gone.update(&txn).await?;
    rollup.apply(&txn).await?;
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
