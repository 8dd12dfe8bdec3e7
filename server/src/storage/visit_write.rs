//! Writing visits, one or thousands at a time. First the server's rules for each visit: its
//! businesses exist (a merged one counts as its survivor), the contacts met belong to them,
//! and the orientation verdict per business against the active slate of this moment. Then
//! every row of the batch in a few multi-row statements. The online form writes a batch of
//! one; a device's push writes its whole batch in the same way.

use std::collections::{BTreeSet, HashMap};

use app::model::{BusinessId, ContactId, ReviewStatus, ServiceId, VisitFields};
use app::rules::orientation::{Assessment, assess_visit};
use app::rules::validation::FieldError;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter,
};
use uuid::Uuid;

use super::visit_parts::Parts;
use super::visit_pulled;
use super::{kept, rollups, sync_clock};
use crate::entities::{
    activity_type, audit_log, business, contact, service, visit, visit_business, visit_contact,
    visit_service,
};

/// Rows per multi-row statement: well inside SQLite's limit on bound values.
const CHUNK: usize = 400;

/// What judging a batch of visits needs, loaded in a handful of queries.
pub struct VisitFacts {
    businesses: HashMap<Uuid, business::Model>,
    contacts: HashMap<Uuid, contact::Model>,
    activities: HashMap<Uuid, activity_type::Model>,
    active: BTreeSet<ServiceId>,
}

/// A visit's fields after the server's rules, ready to store.
#[derive(Clone, Debug)]
pub struct Judged {
    /// Businesses as stored: merged ones replaced by their survivors, each once.
    pub fields: VisitFields,
    pub recorded_as_orientation: bool,
    pub verdicts: Vec<(BusinessId, Assessment)>,
    pub slate_size: i32,
}

impl Judged {
    /// Recorded as an orientation that fails the rule for at least one business.
    pub fn flagged(&self) -> bool {
        self.recorded_as_orientation && self.verdicts.iter().any(|(_, v)| !v.qualifies())
    }
}

fn refuse(field: &str, message: &str) -> FieldError {
    FieldError::new(field, message)
}

impl VisitFacts {
    pub async fn load<'a>(
        db: &impl ConnectionTrait,
        visits: impl IntoIterator<Item = &'a VisitFields>,
    ) -> Result<Self, DbErr> {
        // Judged under the clock's lock: a contact removed or moved meanwhile (which takes the
        // clock too) commits either before these reads, and the visit is judged against it,
        // or after this write, and then sees the visit's contacts met and clears its kept pull
        // entry (`visit_pulled::forget_meeting`).
        sync_clock::hold(db).await?;
        let mut business_ids = BTreeSet::new();
        let mut contact_ids = BTreeSet::new();
        let mut activity_ids = BTreeSet::new();
        for fields in visits {
            activity_ids.insert(fields.activity_type);
            for (business, met) in &fields.businesses {
                business_ids.insert(business.0);
                contact_ids.extend(met.iter().map(|c| c.0));
            }
        }
        let mut businesses: HashMap<Uuid, business::Model> = HashMap::new();
        // Merged businesses lead to their survivors; follow a few hops.
        let mut wanted: Vec<Uuid> = business_ids.into_iter().collect();
        for _ in 0..4 {
            if wanted.is_empty() {
                break;
            }
            let mut next = Vec::new();
            for chunk in wanted.chunks(CHUNK) {
                for found in business::Entity::find()
                    .filter(business::Column::Id.is_in(chunk.to_vec()))
                    .all(db)
                    .await?
                {
                    if let Some(survivor) = found.merged_into_id
                        && !businesses.contains_key(&survivor)
                    {
                        next.push(survivor);
                    }
                    businesses.insert(found.id, found);
                }
            }
            wanted = next;
        }
        let mut contacts = HashMap::new();
        for chunk in contact_ids.into_iter().collect::<Vec<_>>().chunks(CHUNK) {
            for found in contact::Entity::find()
                .filter(contact::Column::Id.is_in(chunk.to_vec()))
                .all(db)
                .await?
            {
                contacts.insert(found.id, found);
            }
        }
        let activities = activity_type::Entity::find()
            .filter(activity_type::Column::Id.is_in(activity_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        let active = service::Entity::find()
            .filter(service::Column::RetiredAt.is_null())
            .all(db)
            .await?
            .into_iter()
            .map(|s| ServiceId(s.id))
            .collect();
        Ok(VisitFacts {
            businesses,
            contacts,
            activities,
            active,
        })
    }

    /// What the visit names that the server has never heard of: a business or contact still
    /// waiting on the device. Such a visit is to be sent again later, not refused.
    pub fn unknown(&self, fields: &VisitFields) -> Option<String> {
        for (business, met) in &fields.businesses {
            if !self.businesses.contains_key(&business.0) {
                return Some(format!(
                    "business {} is not on the server yet; it goes first",
                    business.0
                ));
            }
            if let Some(contact) = met.iter().find(|c| !self.contacts.contains_key(&c.0)) {
                return Some(format!(
                    "contact {} is not on the server yet; it goes first",
                    contact.0
                ));
            }
        }
        None
    }

    /// The live business a chosen one now is: itself, or the survivor it was merged into.
    fn live(&self, id: Uuid) -> Option<&business::Model> {
        let mut current = self.businesses.get(&id)?;
        for _ in 0..4 {
            match current.merged_into_id {
                Some(next) => current = self.businesses.get(&next)?,
                None => break,
            }
        }
        (current.merged_into_id.is_none() && current.deleted_at.is_none()).then_some(current)
    }

    /// Applies the server's rules to one visit.
    pub fn judge(&self, mut fields: VisitFields) -> Result<Judged, FieldError> {
        let activity = self
            .activities
            .get(&fields.activity_type)
            .ok_or_else(|| refuse("activity_type", "choose the activity type"))?;
        let mut merged: Vec<(BusinessId, Vec<ContactId>)> = Vec::new();
        for (chosen, met) in &fields.businesses {
            let business = self.live(chosen.0).ok_or_else(|| {
                refuse(
                    "businesses",
                    "a chosen business was removed since; choose it again",
                )
            })?;
            let id = BusinessId(business.id);
            match merged.iter_mut().find(|(b, _)| *b == id) {
                Some((_, contacts)) => contacts.extend(met.iter().copied()),
                None => merged.push((id, met.clone())),
            }
        }
        let mut key_met = Vec::with_capacity(merged.len());
        for (business, met) in &mut merged {
            met.sort();
            met.dedup();
            let mut key = false;
            for contact in met.iter() {
                match self.contacts.get(&contact.0) {
                    Some(found) if found.deleted_at.is_some() => {
                        return Err(refuse(
                            "contacts",
                            "a contact met was removed from the business since; tick the contacts again",
                        ));
                    }
                    Some(found) if found.business_id == business.0 => {
                        key |= found.key_representative;
                    }
                    _ => {
                        return Err(refuse(
                            "contacts",
                            "a contact met does not belong to that business; tick the contacts again",
                        ));
                    }
                }
            }
            key_met.push((*business, key));
        }
        fields.businesses = merged;
        let verdicts = assess_visit(&fields.presented, &self.active, fields.mode, &key_met);
        Ok(Judged {
            fields,
            recorded_as_orientation: activity.is_orientation,
            verdicts,
            slate_size: i32::try_from(self.active.len()).unwrap_or(i32::MAX),
        })
    }
}

/// One visit to store, whole: a new row or a new version of an existing one.
#[derive(Clone, Debug)]
pub struct VisitWrite {
    pub id: Uuid,
    pub author: Uuid,
    pub center: Uuid,
    /// The device that wrote it; `None` when written online.
    pub device: Option<Uuid>,
    pub judged: Judged,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub recorded_at: Option<DateTime<Utc>>,
    /// The row exists: its parts are replaced.
    pub replaces: bool,
}

impl VisitWrite {
    fn row(&self, change_seq: i64, now: DateTime<Utc>) -> visit::Model {
        let f = &self.judged.fields;
        let mut row = visit::Model {
            id: self.id,
            author_id: self.author,
            center_id: self.center,
            visit_date: f.date,
            category_id: f.category,
            activity_type_id: f.activity_type,
            mode: f.mode.as_str().to_owned(),
            jobseekers_hired: i32::try_from(f.jobseekers_hired).unwrap_or(i32::MAX),
            positions_open: f.positions_open.and_then(|n| i32::try_from(n).ok()),
            notes: f.notes.clone(),
            follow_up_date: f.follow_up,
            recorded_as_orientation: self.judged.recorded_as_orientation,
            slate_size: self.judged.slate_size,
            // A new or changed visit is back in the director's "received" pile.
            review_status: ReviewStatus::Received.as_str().to_owned(),
            review_comment: None,
            device_id: self.device,
            version: self.version,
            change_seq,
            deleted_at: None,
            created_at: self.created_at,
            updated_at: now,
            synced_at: now,
            recorded_at: self.recorded_at,
            parts: None,
            pulled: None,
            pulled_seq: None,
        };
        let met = &self.judged.fields.businesses;
        let works_at = |contact: &Uuid| {
            (met.iter())
                .find(|(_, contacts)| contacts.contains(&ContactId(*contact)))
                .map(|(business, _)| business.0)
        };
        visit_pulled::keep(&mut row, &self.parts(), works_at);
        row
    }

    /// The parts as the rows below store them.
    fn parts(&self) -> Parts {
        let f = &self.judged.fields;
        let ids = |services: &BTreeSet<ServiceId>| services.iter().map(|s| s.0).collect();
        Parts {
            businesses: self.judged.verdicts.iter().map(|(b, _)| b.0).collect(),
            contacts_met: (f.businesses.iter())
                .flat_map(|(_, met)| met.iter().map(|c| c.0))
                .collect(),
            presented: ids(&f.presented),
            delivered: ids(&f.delivered),
            referred: ids(&f.referred),
            fails_orientation: self.judged.verdicts.iter().any(|(_, v)| !v.qualifies()),
        }
        .normalised()
    }
}

async fn insert_chunked<E, A>(db: &impl ConnectionTrait, rows: Vec<A>) -> Result<(), DbErr>
where
    E: EntityTrait,
    A: ActiveModelTrait<Entity = E> + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(CHUNK).collect();
        E::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Stores `visits` (each id at most once) with their businesses, contacts met, services and
/// one audit line each, by `actor`. Part of the caller's transaction.
pub async fn write(
    db: &impl ConnectionTrait,
    actor: Uuid,
    visits: &[VisitWrite],
) -> Result<(), DbErr> {
    if visits.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = visits.iter().map(|v| v.id).collect();
    let linked: Vec<Uuid> = visits
        .iter()
        .flat_map(|v| v.judged.verdicts.iter().map(|(b, _)| b.0))
        .collect();
    let rollup = rollups::before(db, &ids, linked).await?;
    let now = Utc::now();
    let first_seq = sync_clock::take(db, visits.len() as i64).await?;
    let replaced: Vec<Uuid> = visits.iter().filter(|v| v.replaces).map(|v| v.id).collect();
    for chunk in replaced.chunks(CHUNK) {
        visit_business::Entity::delete_many()
            .filter(visit_business::Column::VisitId.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
        visit_contact::Entity::delete_many()
            .filter(visit_contact::Column::VisitId.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
        visit_service::Entity::delete_many()
            .filter(visit_service::Column::VisitId.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
    }
    let mut new_rows = Vec::new();
    let mut links = Vec::new();
    let mut met = Vec::new();
    let mut services = Vec::new();
    let mut audit = Vec::new();
    for (n, v) in visits.iter().enumerate() {
        let row = v.row(first_seq + n as i64, now);
        if v.replaces {
            row.into_active_model().reset_all().update(db).await?;
        } else {
            new_rows.push(row.into_active_model());
        }
        for (business, verdict) in &v.judged.verdicts {
            links.push(
                visit_business::Model {
                    visit_id: v.id,
                    business_id: business.0,
                    orientation_qualifies: verdict.qualifies(),
                    orientation_reasons: verdict.reasons(),
                }
                .into_active_model(),
            );
        }
        let contacts: BTreeSet<Uuid> = v
            .judged
            .fields
            .businesses
            .iter()
            .flat_map(|(_, met)| met.iter().map(|c| c.0))
            .collect();
        met.extend(contacts.into_iter().map(|contact_id| {
            visit_contact::Model {
                visit_id: v.id,
                contact_id,
            }
            .into_active_model()
        }));
        let f = &v.judged.fields;
        for (kind, ids) in [
            ("presented", &f.presented),
            ("delivered", &f.delivered),
            ("referred", &f.referred),
        ] {
            services.extend(ids.iter().map(|service| {
                visit_service::Model {
                    visit_id: v.id,
                    service_id: service.0,
                    kind: kind.to_owned(),
                }
                .into_active_model()
            }));
        }
        let detail = serde_json::json!({
            "date": f.date,
            "businesses": f.businesses.len(),
            "flagged": v.judged.flagged(),
            "device": v.device,
        });
        audit.push(audit_log::ActiveModel {
            at: sea_orm::Set(now),
            actor_id: sea_orm::Set(Some(actor)),
            action: sea_orm::Set(if v.replaces { "edited" } else { "recorded" }.to_owned()),
            entity: sea_orm::Set("visit".to_owned()),
            entity_id: sea_orm::Set(v.id.to_string()),
            detail: sea_orm::Set(detail.to_string()),
            ..Default::default()
        });
    }
    let kept: Vec<(Uuid, Uuid)> = visits
        .iter()
        .flat_map(|v| v.judged.verdicts.iter().map(|(b, _)| (v.author, b.0)))
        .collect();
    kept::keep(db, kept).await?;
    insert_chunked(db, new_rows).await?;
    insert_chunked(db, links).await?;
    insert_chunked(db, met).await?;
    insert_chunked(db, services).await?;
    insert_chunked(db, audit).await?;
    rollup.apply(db).await
}
