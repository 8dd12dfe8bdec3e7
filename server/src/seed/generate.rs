//! Generated businesses, contacts and visits, in batches, for the demo data and for
//! benchmarks (`server generate --visits 1000000 --businesses 100000`).

use std::collections::{BTreeSet, HashMap};

use app::model::{ServiceId, Stage, VisitMode};
use app::rules::names::normalize_name;
use app::rules::orientation;
use chrono::{Duration, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use uuid::Uuid;

use super::names::{FIRST_NAMES, LAST_NAMES, NAME_HEADS, NAME_TRADES, STREETS, SUFFIXES};
use super::progress::Progress;
use crate::entities::{
    activity_type, business, business_stage_change, business_word, center, contact, service, user,
    visit, visit_business, visit_contact, visit_service,
};
use crate::storage::visit_parts::Parts;
use crate::storage::{rollups, sync_clock, visit_pulled, words};

/// Rows per INSERT: well under SQLite's and PostgreSQL's bind-parameter limits.
const BATCH: usize = 500;

/// Rows per transaction: each commit waits for the disk (`synchronous=FULL`), so fewer,
/// larger transactions generate far faster.
const PER_TRANSACTION: u64 = 5_000;

/// What generated rows point at: the organisation, accounts and reference lists.
pub struct Reference {
    centers: Vec<CenterRef>,
    services: Vec<Uuid>,
    activity_types: Vec<activity_type::Model>,
}

struct CenterRef {
    id: Uuid,
    city: String,
    zip_prefix: u32,
    reps: Vec<Uuid>,
}

/// A generated business and the contacts a visit may meet.
struct BusinessRef {
    id: Uuid,
    key_contact: Option<Uuid>,
    other_contact: Option<Uuid>,
}

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error(
        "load the demo data first (`server seed-demo`): generated visits need its centers, reps and services"
    )]
    NoReference,
}

impl Reference {
    pub async fn load(db: &impl ConnectionTrait) -> Result<Reference, GenerateError> {
        let centers = center::Entity::find().all(db).await?;
        let reps = user::Entity::find()
            .filter(user::Column::Role.eq("rep"))
            .all(db)
            .await?;
        let mut reps_by_center: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for rep in reps {
            if let Some(center) = rep.center_id {
                reps_by_center.entry(center).or_default().push(rep.id);
            }
        }
        let centers: Vec<CenterRef> = centers
            .into_iter()
            .enumerate()
            .filter_map(|(n, center)| {
                let reps = reps_by_center.remove(&center.id)?;
                Some(CenterRef {
                    id: center.id,
                    city: center.city,
                    zip_prefix: 1001 + (n as u32 * 37) % 2700,
                    reps,
                })
            })
            .collect();
        let services = service::Entity::find()
            .filter(service::Column::RetiredAt.is_null())
            .all(db)
            .await?
            .into_iter()
            .map(|service| service.id)
            .collect::<Vec<_>>();
        let activity_types: Vec<_> = activity_type::Entity::find()
            .filter(activity_type::Column::CategoryId.is_not_null())
            .filter(activity_type::Column::RetiredAt.is_null())
            .all(db)
            .await?;
        if centers.is_empty() || services.is_empty() || activity_types.is_empty() {
            return Err(GenerateError::NoReference);
        }
        Ok(Reference {
            centers,
            services,
            activity_types,
        })
    }
}

/// Adds `businesses` businesses (with contacts) and `visits` visits spread over the three
/// years before today. Deterministic for a given `seed`.
pub async fn fill(
    db: &DatabaseConnection,
    reference: &Reference,
    businesses: u64,
    visits: u64,
    seed: u64,
    show_progress: bool,
) -> Result<(), GenerateError> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut progress = Progress::new("businesses", businesses, show_progress);
    let mut left = businesses;
    while left > 0 {
        let n = left.min(PER_TRANSACTION);
        let batch = business_batch(reference, n as usize, &mut rng);
        insert_businesses(db, batch).await?;
        left -= n;
        progress.advance(n);
    }
    if visits == 0 {
        return Ok(());
    }
    // Visits go to the businesses of the rep's center; fall back to any business.
    let made = existing_businesses(db).await?;
    if made.is_empty() {
        return Err(GenerateError::NoReference);
    }
    let mut progress = Progress::new("visits", visits, show_progress);
    let mut left = visits;
    while left > 0 {
        let n = left.min(PER_TRANSACTION);
        insert_visits(db, reference, &made, n as usize, &mut rng).await?;
        left -= n;
        progress.advance(n);
    }
    // Generated visits go straight into the tables, past the writers that keep the
    // dashboard's roll-ups: build them once from everything.
    let txn = sync_clock::begin(db).await?;
    rollups::rebuild(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// The benchmark command: generated data on top of the demo organisation.
pub async fn generate(
    db: &DatabaseConnection,
    businesses: u64,
    visits: u64,
) -> Result<(), GenerateError> {
    let reference = Reference::load(db).await?;
    let seed = Utc::now().timestamp_micros() as u64;
    let started = std::time::Instant::now();
    fill(db, &reference, businesses, visits, seed, true).await?;
    println!(
        "Generated {businesses} businesses and {visits} visits in {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

struct BusinessBatch {
    businesses: Vec<business::Model>,
    contacts: Vec<contact::Model>,
}

fn business_batch(reference: &Reference, n: usize, rng: &mut StdRng) -> BusinessBatch {
    let now = Utc::now();
    let mut businesses = Vec::with_capacity(n);
    let mut contacts = Vec::with_capacity(n * 2);
    for _ in 0..n {
        let center = &reference.centers[rng.gen_range(0..reference.centers.len())];
        let head = NAME_HEADS[rng.gen_range(0..NAME_HEADS.len())];
        let (trade, naics) = NAME_TRADES[rng.gen_range(0..NAME_TRADES.len())];
        let suffix = SUFFIXES[rng.gen_range(0..SUFFIXES.len())];
        // A number keeps generated names apart, as real firms' names are.
        let legal_name = format!("{head} {trade} {} {suffix}", rng.gen_range(1..100_000))
            .trim_end()
            .to_owned();
        let id = Uuid::now_v7();
        let stage = Stage::ALL[weighted(rng, &[10, 30, 40, 15, 5])];
        businesses.push(business::Model {
            id,
            parent_id: None,
            merged_into_id: None,
            normalized_name: normalize_name(&legal_name),
            dba: rng.gen_bool(0.2).then(|| format!("{head} {trade}")),
            legal_name,
            // Filled in from the change sequence once it is taken, which keeps FEINs unique.
            fein: rng.gen_bool(0.8).then(String::new),
            naics: naics.to_owned(),
            address: format!(
                "{} {}",
                rng.gen_range(1..900),
                STREETS[rng.gen_range(0..STREETS.len())]
            ),
            city: center.city.clone(),
            zip: format!("{:05}", center.zip_prefix + rng.gen_range(0..5)),
            employee_count: Some(rng.gen_range(3..2_000)),
            stage: stage.as_str().to_owned(),
            center_id: Some(center.id),
            created_by: None,
            version: 1,
            change_seq: 0,
            deleted_at: None,
            created_at: now,
            updated_at: now,
        });
        for key in [true, false] {
            if key || rng.gen_bool(0.6) {
                contacts.push(contact::Model {
                    id: Uuid::now_v7(),
                    business_id: id,
                    name: person_name(rng),
                    title: Some(if key { "Owner" } else { "Shift supervisor" }.to_owned()),
                    email: None,
                    phone: Some(format!("555-01{:02}", rng.gen_range(0..100))),
                    key_representative: key,
                    created_by: None,
                    version: 1,
                    change_seq: 0,
                    deleted_at: None,
                    created_at: now,
                    updated_at: now,
                });
            }
        }
    }
    BusinessBatch {
        businesses,
        contacts,
    }
}

async fn insert_businesses(db: &DatabaseConnection, mut batch: BusinessBatch) -> Result<(), DbErr> {
    let txn = sync_clock::begin(db).await?;
    let count = (batch.businesses.len() + batch.contacts.len()) as i64;
    let mut seq = sync_clock::take(&txn, count).await?;
    for row in &mut batch.businesses {
        row.change_seq = seq;
        if row.fein.is_some() {
            row.fein = Some(format!("{:09}", 100_000_000 + seq % 900_000_000));
        }
        seq += 1;
    }
    for row in &mut batch.contacts {
        row.change_seq = seq;
        seq += 1;
    }
    let words: Vec<_> = batch.businesses.iter().flat_map(words::rows).collect();
    // Each business's stage history starts with the stage it was created in.
    let stages: Vec<business_stage_change::ActiveModel> = batch
        .businesses
        .iter()
        .map(|row| business_stage_change::ActiveModel {
            business_id: sea_orm::Set(row.id),
            stage: sea_orm::Set(row.stage.clone()),
            changed_by: sea_orm::Set(None),
            changed_at: sea_orm::Set(row.created_at),
            ..Default::default()
        })
        .collect();
    insert_all::<business::Entity, _>(&txn, batch.businesses).await?;
    insert_all::<business_word::Entity, _>(&txn, words).await?;
    insert_all::<business_stage_change::Entity, _>(&txn, stages).await?;
    insert_all::<contact::Entity, _>(&txn, batch.contacts).await?;
    txn.commit().await
}

async fn existing_businesses(
    db: &DatabaseConnection,
) -> Result<HashMap<Uuid, Vec<BusinessRef>>, DbErr> {
    // Only what a person could still record a visit against: a removed contact or a business
    // merged into another is never met in a new visit (and the pull would leave it out of the
    // entry kept for one).
    let businesses = business::Entity::find()
        .filter(business::Column::DeletedAt.is_null())
        .filter(business::Column::MergedIntoId.is_null())
        .all(db)
        .await?;
    let contacts = contact::Entity::find()
        .filter(contact::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    let mut by_business: HashMap<Uuid, (Option<Uuid>, Option<Uuid>)> = HashMap::new();
    for contact in contacts {
        let entry = by_business.entry(contact.business_id).or_default();
        if contact.key_representative {
            entry.0 = Some(contact.id);
        } else {
            entry.1 = Some(contact.id);
        }
    }
    let mut out: HashMap<Uuid, Vec<BusinessRef>> = HashMap::new();
    for business in businesses {
        let Some(center) = business.center_id else {
            continue;
        };
        let (key_contact, other_contact) = by_business.remove(&business.id).unwrap_or_default();
        out.entry(center).or_default().push(BusinessRef {
            id: business.id,
            key_contact,
            other_contact,
        });
    }
    Ok(out)
}

async fn insert_visits(
    db: &DatabaseConnection,
    reference: &Reference,
    businesses: &HashMap<Uuid, Vec<BusinessRef>>,
    n: usize,
    rng: &mut StdRng,
) -> Result<(), DbErr> {
    let now = Utc::now();
    // The latest date anywhere on Earth has reached (UTC-12's): never after the state's
    // today, whatever its zone, so no generated visit is dated in its future.
    let today = (now - Duration::hours(12)).date_naive();
    let slate: BTreeSet<ServiceId> = reference.services.iter().copied().map(ServiceId).collect();
    let mut visits = Vec::with_capacity(n);
    let mut links = Vec::with_capacity(n * 2);
    let mut met = Vec::with_capacity(n * 2);
    let mut services = Vec::with_capacity(n * 5);
    // Each visit's parts and the business each contact met works at, for its pull entry,
    // which is kept once the visit has its change sequence.
    let mut kept_parts = Vec::with_capacity(n);
    let any_center: Vec<&Uuid> = businesses.keys().collect();
    for _ in 0..n {
        let center = &reference.centers[rng.gen_range(0..reference.centers.len())];
        let pool = businesses
            .get(&center.id)
            .filter(|pool| !pool.is_empty())
            .or_else(|| businesses.get(any_center[rng.gen_range(0..any_center.len())]));
        let Some(pool) = pool else { continue };
        let activity = &reference.activity_types[rng.gen_range(0..reference.activity_types.len())];
        let group = rng.gen_bool(0.08) && pool.len() > 1;
        let mode = if group {
            VisitMode::GroupPresentation
        } else {
            VisitMode::ALL[weighted(rng, &[45, 15, 0, 20, 12, 8])]
        };
        let date = random_date(rng, today);
        let id = Uuid::now_v7();
        let presented_count = if activity.is_orientation {
            rng.gen_range(3..=reference.services.len())
        } else {
            rng.gen_range(1..=3.min(reference.services.len()))
        };
        let mut presented = reference.services.clone();
        presented.shuffle(rng);
        presented.truncate(presented_count);
        let presented_set: BTreeSet<ServiceId> = presented.iter().copied().map(ServiceId).collect();
        let mut parts = Parts {
            presented: presented.clone(),
            ..Parts::default()
        };
        for service in &presented {
            services.push(visit_service::Model {
                visit_id: id,
                service_id: *service,
                kind: "presented".to_owned(),
            });
        }
        if rng.gen_bool(0.4) {
            let (kind, list) = if rng.gen_bool(0.5) {
                ("delivered", &mut parts.delivered)
            } else {
                ("referred", &mut parts.referred)
            };
            list.push(presented[0]);
            services.push(visit_service::Model {
                visit_id: id,
                service_id: presented[0],
                kind: kind.to_owned(),
            });
        }
        let mut works_at = Vec::new();
        let count = if group {
            rng.gen_range(2..=4.min(pool.len()))
        } else {
            1
        };
        for business in pool.choose_multiple(rng, count) {
            let key_met = business.key_contact.is_some() && rng.gen_bool(0.7);
            let contact = if key_met {
                business.key_contact
            } else {
                business.other_contact
            };
            if let Some(contact) = contact {
                parts.contacts_met.push(contact);
                works_at.push((contact, business.id));
                met.push(visit_contact::Model {
                    visit_id: id,
                    contact_id: contact,
                });
            }
            let verdict = orientation::assess(&presented_set, &slate, mode, key_met);
            parts.businesses.push(business.id);
            parts.fails_orientation |= !verdict.qualifies();
            links.push(visit_business::Model {
                visit_id: id,
                business_id: business.id,
                orientation_qualifies: verdict.qualifies(),
                orientation_reasons: verdict.reasons(),
            });
        }
        visits.push(visit::Model {
            id,
            author_id: center.reps[rng.gen_range(0..center.reps.len())],
            center_id: center.id,
            visit_date: date,
            category_id: activity.category_id.unwrap_or(activity.id),
            activity_type_id: activity.id,
            mode: mode.as_str().to_owned(),
            jobseekers_hired: if rng.gen_bool(0.15) {
                rng.gen_range(1..6)
            } else {
                0
            },
            positions_open: rng.gen_bool(0.2).then(|| rng.gen_range(1..20)),
            notes: String::new(),
            follow_up_date: rng
                .gen_bool(0.3)
                .then(|| date + Duration::days(rng.gen_range(7..60))),
            recorded_as_orientation: activity.is_orientation,
            slate_size: slate.len() as i32,
            review_status: "received".to_owned(),
            review_comment: None,
            device_id: None,
            version: 1,
            change_seq: 0,
            deleted_at: None,
            created_at: now,
            updated_at: now,
            synced_at: now,
            recorded_at: None,
            parts: None,
            pulled: None,
            pulled_seq: None,
        });
        kept_parts.push((parts.normalised(), works_at));
    }
    let txn = sync_clock::begin(db).await?;
    let mut seq = sync_clock::take(&txn, visits.len() as i64).await?;
    for (row, (parts, works_at)) in visits.iter_mut().zip(&kept_parts) {
        row.change_seq = seq;
        seq += 1;
        visit_pulled::keep(row, parts, |contact| {
            (works_at.iter())
                .find(|(met, _)| met == contact)
                .map(|(_, business)| *business)
        });
    }
    let authors: HashMap<Uuid, Uuid> = visits.iter().map(|v| (v.id, v.author_id)).collect();
    let kept: Vec<(Uuid, Uuid)> = links
        .iter()
        .filter_map(|l| Some((*authors.get(&l.visit_id)?, l.business_id)))
        .collect();
    crate::storage::kept::keep_created(&txn, kept).await?;
    insert_all::<visit::Entity, _>(&txn, visits).await?;
    insert_all::<visit_business::Entity, _>(&txn, links).await?;
    insert_all::<visit_contact::Entity, _>(&txn, met).await?;
    insert_all::<visit_service::Entity, _>(&txn, services).await?;
    txn.commit().await
}

/// Inserts rows in chunks of [`BATCH`].
async fn insert_all<E, M>(db: &impl ConnectionTrait, rows: Vec<M>) -> Result<(), DbErr>
where
    E: EntityTrait,
    M: IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<E::ActiveModel> = rows
            .by_ref()
            .take(BATCH)
            .map(IntoActiveModel::into_active_model)
            .collect();
        E::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

fn random_date(rng: &mut StdRng, today: NaiveDate) -> NaiveDate {
    today - Duration::days(rng.gen_range(0..3 * 365))
}

/// An index drawn with the given weights.
fn weighted(rng: &mut StdRng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut pick = rng.gen_range(0..total.max(1));
    for (index, weight) in weights.iter().enumerate() {
        if pick < *weight {
            return index;
        }
        pick -= weight;
    }
    weights.len() - 1
}

pub(super) fn person_name(rng: &mut StdRng) -> String {
    format!(
        "{} {}",
        FIRST_NAMES[rng.gen_range(0..FIRST_NAMES.len())],
        LAST_NAMES[rng.gen_range(0..LAST_NAMES.len())]
    )
}
