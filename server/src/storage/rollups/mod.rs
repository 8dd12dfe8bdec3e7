//! The dashboard's roll-ups (migration 000009), kept current inside every transaction that
//! writes a visit, moves a visit's businesses or changes a business's stage:
//!
//! ```ignore
//! let pending = rollups::before(&txn, &visit_ids, business_ids).await?;
//! // ... the change ...
//! pending.apply(&txn).await?;
//! ```
//!
//! `before` locks the visits and businesses concerned (PostgreSQL; SQLite has one writer) and
//! reads the visits and the businesses' stored summaries (`marks`); `apply` reads the visits
//! again and adds the difference. A change to the organisation (a center moved to another
//! board) rebuilds them whole.

mod marks;
pub mod read;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use app::model::CenterPlace;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr};
use uuid::Uuid;

use self::marks::{
    CHUNK, ReachKey, ServiceKey, Summary, VisitKey, VisitSums, Visits, count_difference,
    difference, rows_in,
};
use super::sql::Sql;
use super::sync_clock;
use crate::org;
use crate::storage::writer;

/// Bumped when what the roll-ups hold changes meaning: the server rebuilds them on start.
const VERSION: i32 = 1;

/// Rows per INSERT: six values each, far below both engines' limits.
const ROWS: usize = 500;

/// A change under way: its visits and businesses as the roll-ups hold them before it.
#[must_use = "apply the roll-up change after the write, in the same transaction"]
pub struct Pending {
    visits: Vec<Uuid>,
    businesses: BTreeSet<Uuid>,
    places: HashMap<Uuid, CenterPlace>,
    before: Visits,
    served: HashMap<Uuid, Summary>,
}

/// Reads what `visits` and `businesses` contribute now, before the caller changes them.
/// `businesses` must name every business a visit will be linked to after the change; those
/// linked now are added here.
pub async fn before(
    db: &impl ConnectionTrait,
    visits: &[Uuid],
    businesses: impl IntoIterator<Item = Uuid>,
) -> Result<Pending, DbErr> {
    let visits: Vec<Uuid> = visits
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut named: BTreeSet<Uuid> = businesses.into_iter().collect();
    if visits.is_empty() && named.is_empty() {
        return Ok(Pending {
            visits,
            businesses: named,
            places: HashMap::new(),
            before: Visits::new(),
            served: HashMap::new(),
        });
    }
    // The clock first, as every writer takes it: the links read next cannot move under us.
    sync_clock::hold(db).await?;
    lock(db, "visits", &visits).await?;
    let before = marks::read_visits(db, &visits).await?;
    named.extend(
        before
            .values()
            .flat_map(|v| v.links.iter().map(|(b, _)| *b)),
    );
    let list: Vec<Uuid> = named.iter().copied().collect();
    lock(db, "businesses", &list).await?;
    let places = if list.is_empty() {
        HashMap::new()
    } else {
        org::places(db).await?
    };
    let served = marks::read_served(db, &list).await?;
    Ok(Pending {
        visits,
        businesses: named,
        places,
        before,
        served,
    })
}

impl Pending {
    /// Adds the change's difference to the roll-ups and refreshes the follow-ups it opened
    /// or closed.
    pub async fn apply(self, db: &impl ConnectionTrait) -> Result<(), DbErr> {
        if self.visits.is_empty() && self.businesses.is_empty() {
            return Ok(());
        }
        let after = marks::read_visits(db, &self.visits).await?;
        if let Some(stray) = after
            .values()
            .flat_map(|v| v.links.iter().map(|(b, _)| b))
            .find(|b| !self.businesses.contains(b))
        {
            return Err(DbErr::Custom(format!(
                "roll-ups: business {stray} was linked without being named before the change"
            )));
        }
        let (visits_before, services_before) = marks::sums(&self.before);
        let (visits_after, services_after) = marks::sums(&after);
        add_visits(db, difference(&visits_after, &visits_before)).await?;
        add_services(db, count_difference(&services_after, &services_before)).await?;

        // Each business's months: the stored ones, less the changed visits as they were, plus
        // the changed visits as they are.
        let list: Vec<Uuid> = self.businesses.iter().copied().collect();
        let stages = marks::read_stages(db, &list).await?;
        // Businesses that lost a visit (or saw one change): their latest date is read again.
        let lost: Vec<Uuid> = self
            .before
            .values()
            .flat_map(|v| v.links.iter().map(|(b, _)| *b))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let latest = last_dates(db, &lost).await?;
        let mut reach_before = BTreeMap::new();
        let mut reach_after = BTreeMap::new();
        let mut changed = Vec::new();
        for business in &list {
            let old = self.served.get(business).cloned().unwrap_or_default();
            let mut new = Summary {
                stage: stages.get(business).cloned().unwrap_or_default(),
                months: old.months.clone(),
                last: if lost.binary_search(business).is_ok() {
                    latest.get(business).copied()
                } else {
                    old.last
                },
            };
            for (visits, by) in [(&self.before, -1), (&after, 1)] {
                for visit in visits.values().filter(|v| v.counted) {
                    if visit.links.iter().any(|(b, _)| b == business) {
                        new.count(visit, by);
                        if by == 1 {
                            new.last = new.last.max(Some(visit.date));
                        }
                    }
                }
            }
            if new != old {
                old.reach(&self.places, &mut reach_before);
                new.reach(&self.places, &mut reach_after);
                changed.push((*business, new));
            }
        }
        add_reach(db, count_difference(&reach_after, &reach_before)).await?;
        store_served(db, changed).await?;

        // Follow-ups: the changed visits, the open ones now before their business's latest
        // date (a later visit closes them), and, for businesses that lost a visit or saw one
        // move, their latest visits (which may open).
        let mut touched: BTreeSet<Uuid> = self.visits.iter().copied().collect();
        touched.extend(closed_by_later(db, &list).await?);
        touched.extend(latest_visits(db, &lost).await?);
        let touched: Vec<Uuid> = touched.into_iter().collect();
        for chunk in touched.chunks(CHUNK) {
            refresh_follow_ups(db, Some(chunk)).await?;
        }
        Ok(())
    }
}

/// Writes businesses' summaries; one with no counted visit left has none.
async fn store_served(db: &impl ConnectionTrait, rows: Vec<(Uuid, Summary)>) -> Result<(), DbErr> {
    let (gone, kept): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(_, s)| s.months.is_empty());
    for chunk in gone.chunks(CHUNK) {
        let mut sql = Sql::new(db.get_database_backend());
        let ids: Vec<Uuid> = chunk.iter().map(|(id, _)| *id).collect();
        let list = sql.bind_all(&ids);
        sql.push(&format!(
            "DELETE FROM rollup_businesses WHERE business_id IN ({list})"
        ));
        db.execute_raw(sql.statement()).await?;
    }
    let mut rows = kept.into_iter().peekable();
    while rows.peek().is_some() {
        let mut sql = Sql::new(db.get_database_backend());
        let mut tuples = Vec::new();
        for (id, served) in rows.by_ref().take(ROWS) {
            let values = [
                sql.bind(id),
                sql.bind(served.stage.clone()),
                sql.bind(served.to_json()),
                sql.bind(served.last),
            ];
            tuples.push(format!("({})", values.join(", ")));
        }
        sql.push(&format!(
            "INSERT INTO rollup_businesses (business_id, stage, served, last_date) VALUES {} \
             ON CONFLICT (business_id) DO UPDATE SET stage = excluded.stage, \
               served = excluded.served, last_date = excluded.last_date",
            tuples.join(", ")
        ));
        db.execute_raw(sql.statement()).await?;
    }
    Ok(())
}

/// Open follow-ups dated before their business's latest visit (as just stored): closed by
/// it. Per business one range of `idx_open_follow_up_links_closing`, holding only what will
/// close. After `store_served`.
async fn closed_by_later(
    db: &impl ConnectionTrait,
    businesses: &[Uuid],
) -> Result<BTreeSet<Uuid>, DbErr> {
    let mut found = BTreeSet::new();
    for row in rows_in(db, businesses, |list| {
        format!(
            "SELECT l.visit_id FROM rollup_businesses rb \
             JOIN open_follow_up_links l \
               ON l.business_id = rb.business_id AND l.visit_date < rb.last_date \
             WHERE rb.business_id IN ({list})"
        )
    })
    .await?
    {
        found.insert(row.try_get_by_index(0)?);
    }
    Ok(found)
}

/// Each business's latest visit date, read from its visits.
async fn last_dates(
    db: &impl ConnectionTrait,
    businesses: &[Uuid],
) -> Result<HashMap<Uuid, NaiveDate>, DbErr> {
    let mut found = HashMap::new();
    for row in rows_in(db, businesses, |list| {
        format!(
            "SELECT vb.business_id, MAX(v.visit_date) FROM visit_businesses vb \
             JOIN visits v ON v.id = vb.visit_id \
             WHERE vb.business_id IN ({list}) AND v.deleted_at IS NULL GROUP BY vb.business_id"
        )
    })
    .await?
    {
        found.insert(row.try_get_by_index(0)?, row.try_get_by_index(1)?);
    }
    Ok(found)
}

/// Each business's visits on its latest visit date (with a follow-up): the only ones whose
/// follow-up can open when the business loses a later visit. After `store_served`.
async fn latest_visits(
    db: &impl ConnectionTrait,
    businesses: &[Uuid],
) -> Result<BTreeSet<Uuid>, DbErr> {
    let mut found = BTreeSet::new();
    for row in rows_in(db, businesses, |list| {
        format!(
            "SELECT vb.visit_id FROM visit_businesses vb \
             JOIN rollup_businesses rb ON rb.business_id = vb.business_id \
             JOIN visits v ON v.id = vb.visit_id \
             WHERE vb.business_id IN ({list}) AND v.visit_date = rb.last_date \
               AND v.deleted_at IS NULL AND v.follow_up_date IS NOT NULL"
        )
    })
    .await?
    {
        found.insert(row.try_get_by_index(0)?);
    }
    Ok(found)
}

/// Holds the rows until the transaction ends, in one order everywhere, so two writers of
/// the same business take turns instead of adding differences read from the same state.
async fn lock(db: &impl ConnectionTrait, table: &str, ids: &[Uuid]) -> Result<(), DbErr> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    for chunk in ids.chunks(CHUNK) {
        let mut sql = Sql::new(DatabaseBackend::Postgres);
        let list = sql.bind_all(chunk);
        sql.push(&format!(
            "SELECT id FROM {table} WHERE id IN ({list}) ORDER BY id FOR UPDATE"
        ));
        db.query_all_raw(sql.statement()).await?;
    }
    Ok(())
}

/// Adds counts to a table's rows, creating those missing: `INSERT ... ON CONFLICT DO
/// UPDATE`, the same text on both engines.
async fn upsert<R>(
    db: &impl ConnectionTrait,
    table: &str,
    columns: &[&str],
    key: &[&str],
    counts: &[&str],
    rows: Vec<R>,
    values: impl Fn(&mut Sql, R) -> Vec<String>,
) -> Result<(), DbErr> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let mut sql = Sql::new(db.get_database_backend());
        let mut tuples = Vec::new();
        for row in rows.by_ref().take(ROWS) {
            tuples.push(format!("({})", values(&mut sql, row).join(", ")));
        }
        let set: Vec<String> = counts
            .iter()
            .map(|c| format!("{c} = {table}.{c} + excluded.{c}"))
            .collect();
        sql.push(&format!(
            "INSERT INTO {table} ({}) VALUES {} ON CONFLICT ({}) DO UPDATE SET {}",
            columns.join(", "),
            tuples.join(", "),
            key.join(", "),
            set.join(", ")
        ));
        db.execute_raw(sql.statement()).await?;
    }
    Ok(())
}

async fn add_reach(db: &impl ConnectionTrait, rows: Vec<(ReachKey, i64)>) -> Result<(), DbErr> {
    upsert(
        db,
        "rollup_reach",
        &["area", "rep", "stage", "month", "earlier", "businesses"],
        &["area", "rep", "month", "earlier", "stage"],
        &["businesses"],
        rows,
        |sql, ((area, rep, stage, month, earlier), n)| {
            vec![
                sql.bind(area),
                sql.bind(rep),
                sql.bind(stage),
                sql.bind(month),
                sql.bind(earlier),
                sql.bind(n),
            ]
        },
    )
    .await
}

async fn add_visits(
    db: &impl ConnectionTrait,
    rows: Vec<(VisitKey, VisitSums)>,
) -> Result<(), DbErr> {
    upsert(
        db,
        "rollup_visits",
        &[
            "center_id",
            "author_id",
            "month",
            "visits",
            "hired",
            "oriented",
            "flagged",
        ],
        &["month", "center_id", "author_id"],
        &["visits", "hired", "oriented", "flagged"],
        rows,
        |sql, ((center, author, month), [visits, hired, oriented, flagged])| {
            vec![
                sql.bind(center),
                sql.bind(author),
                sql.bind(month),
                sql.bind(visits),
                sql.bind(hired),
                sql.bind(oriented),
                sql.bind(flagged),
            ]
        },
    )
    .await
}

async fn add_services(
    db: &impl ConnectionTrait,
    rows: Vec<(ServiceKey, i64)>,
) -> Result<(), DbErr> {
    upsert(
        db,
        "rollup_services",
        &["center_id", "service_id", "month", "visits"],
        &["month", "center_id", "service_id"],
        &["visits"],
        rows,
        |sql, ((center, service, month), n)| {
            vec![
                sql.bind(center),
                sql.bind(service),
                sql.bind(month),
                sql.bind(n),
            ]
        },
    )
    .await
}

/// A visit whose follow-up is still open: not deleted, with a follow-up date, and no later
/// visit (by anyone) to any of its businesses, which the businesses' latest dates in
/// `rollup_businesses` answer in one lookup each. A correlated subquery, not `NOT EXISTS`:
/// PostgreSQL turns the latter into an anti-join over every link, run per visit's own links
/// this stays proportional to the visits refreshed. Overdue is decided when the dashboard asks.
const OPEN: &str = "v.deleted_at IS NULL AND v.follow_up_date IS NOT NULL AND COALESCE(( \
    SELECT MAX(rb.last_date) FROM visit_businesses vb \
    JOIN rollup_businesses rb ON rb.business_id = vb.business_id \
    WHERE vb.visit_id = v.id), v.visit_date) <= v.visit_date";

/// Rewrites the open follow-ups of these visits (`None`: of every visit), with their
/// businesses in `open_follow_up_links` so a later change finds them by business.
async fn refresh_follow_ups(db: &impl ConnectionTrait, ids: Option<&[Uuid]>) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let only = |sql: &mut Sql, column: &str| match ids {
        Some(ids) => format!(" WHERE {column} IN ({})", sql.bind_all(ids)),
        None => String::new(),
    };
    for table in ["open_follow_up_links", "open_follow_ups"] {
        let mut delete = Sql::new(backend);
        let filter = only(&mut delete, "visit_id");
        delete.push(&format!("DELETE FROM {table}{filter}"));
        db.execute_raw(delete.statement()).await?;
    }
    let mut insert = Sql::new(backend);
    let filter = only(&mut insert, "v.id").replace(" WHERE ", " AND ");
    insert.push(&format!(
        "INSERT INTO open_follow_ups (visit_id, center_id, visit_date, follow_up_date) \
         SELECT v.id, v.center_id, v.visit_date, v.follow_up_date FROM visits v \
         WHERE {OPEN}{filter}"
    ));
    db.execute_raw(insert.statement()).await?;
    let mut links = Sql::new(backend);
    let filter = only(&mut links, "o.visit_id");
    links.push(&format!(
        "INSERT INTO open_follow_up_links (visit_id, business_id, visit_date) \
         SELECT o.visit_id, vb.business_id, o.visit_date FROM open_follow_ups o \
         JOIN visit_businesses vb ON vb.visit_id = o.visit_id{filter}"
    ));
    db.execute_raw(links.statement()).await?;
    Ok(())
}

/// The month of `visits.visit_date` as `app::rules::reach::month_of` numbers it.
fn month_sql(backend: DatabaseBackend) -> &'static str {
    match backend {
        DatabaseBackend::Sqlite => {
            "(CAST(substr(v.visit_date, 1, 4) AS INTEGER) * 12 + CAST(substr(v.visit_date, 6, 2) AS INTEGER) - 1)"
        }
        _ => {
            "(CAST(EXTRACT(YEAR FROM v.visit_date) AS INTEGER) * 12 + CAST(EXTRACT(MONTH FROM v.visit_date) AS INTEGER) - 1)"
        }
    }
}

/// Builds every roll-up from the visits, replacing what was there. Part of the caller's
/// transaction.
pub async fn rebuild(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    // No writer adds a difference between the deletes and the reads below.
    sync_clock::hold(db).await?;
    let backend = db.get_database_backend();
    for table in [
        "rollup_reach",
        "rollup_visits",
        "rollup_services",
        "rollup_state",
    ] {
        db.execute_unprepared(&format!("DELETE FROM {table}"))
            .await?;
    }
    let month = month_sql(backend);
    db.execute_unprepared(&format!(
        "INSERT INTO rollup_visits (center_id, author_id, month, visits, hired, oriented, flagged) \
         SELECT v.center_id, v.author_id, {month}, COUNT(*), SUM(v.jobseekers_hired), \
           SUM(COALESCE(o.oriented, 0)), SUM(COALESCE(o.flagged, 0)) \
         FROM visits v LEFT JOIN ( \
           SELECT visit_id, \
             SUM(CASE WHEN orientation_qualifies THEN 1 ELSE 0 END) AS oriented, \
             SUM(CASE WHEN orientation_qualifies THEN 0 ELSE 1 END) AS flagged \
           FROM visit_businesses GROUP BY visit_id) o \
           ON o.visit_id = v.id AND v.recorded_as_orientation \
         WHERE v.deleted_at IS NULL GROUP BY v.center_id, v.author_id, {month}"
    ))
    .await?;
    db.execute_unprepared(&format!(
        "INSERT INTO rollup_services (center_id, service_id, month, visits) \
         SELECT v.center_id, vs.service_id, {month}, COUNT(*) \
         FROM visits v JOIN visit_services vs ON vs.visit_id = v.id AND vs.kind = 'delivered' \
         WHERE v.deleted_at IS NULL GROUP BY v.center_id, vs.service_id, {month}"
    ))
    .await?;
    let places = org::places(db).await?;
    let businesses: Vec<Uuid> = db
        .query_all_raw(sea_orm::Statement::from_string(
            backend,
            "SELECT id FROM businesses ORDER BY id",
        ))
        .await?
        .iter()
        .map(|row| row.try_get_by_index(0))
        .collect::<Result<_, _>>()?;
    let mut reach = BTreeMap::new();
    for chunk in businesses.chunks(CHUNK) {
        let stages = marks::read_stages(db, chunk).await?;
        let mut sql = Sql::new(backend);
        let list = sql.bind_all(chunk);
        sql.push(&format!(
            "SELECT vb.business_id, v.center_id, v.author_id, {month}, COUNT(*), \
               MAX(v.visit_date) \
             FROM visit_businesses vb JOIN visits v ON v.id = vb.visit_id \
             WHERE v.deleted_at IS NULL AND vb.business_id IN ({list}) \
             GROUP BY vb.business_id, v.center_id, v.author_id, {month}"
        ));
        let mut served: BTreeMap<Uuid, Summary> = BTreeMap::new();
        for row in db.query_all_raw(sql.statement()).await? {
            let business: Uuid = row.try_get_by_index(0)?;
            let visits: i64 = row.try_get_by_index(4)?;
            let last: NaiveDate = row.try_get_by_index(5)?;
            let summary = served.entry(business).or_insert_with(|| Summary {
                stage: stages.get(&business).cloned().unwrap_or_default(),
                ..Summary::default()
            });
            summary.last = summary.last.max(Some(last));
            summary
                .months
                .entry((row.try_get_by_index(1)?, row.try_get_by_index(2)?))
                .or_default()
                .insert(row.try_get_by_index(3)?, visits);
        }
        for summary in served.values() {
            summary.reach(&places, &mut reach);
        }
        store_served(db, served.into_iter().collect()).await?;
    }
    add_reach(db, reach.into_iter().collect()).await?;
    refresh_follow_ups(db, None).await?;
    let mut sql = Sql::new(backend);
    let version = sql.bind(VERSION);
    sql.push(&format!(
        "INSERT INTO rollup_state (id, version) VALUES (1, {version})"
    ));
    db.execute_raw(sql.statement()).await?;
    Ok(())
}

/// Builds the roll-ups when this database has none of this version yet (a database that
/// existed before them, or a new version): once, on start, before serving.
pub async fn ensure(db: &DatabaseConnection) -> Result<(), DbErr> {
    if built(db).await? {
        return Ok(());
    }
    let txn = writer::begin(db).await?;
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        // A second instance starting at the same moment waits here, then finds them built.
        txn.execute_unprepared("LOCK TABLE rollup_state IN EXCLUSIVE MODE")
            .await?;
    }
    if !built(&txn).await? {
        tracing::info!("building the dashboard's roll-ups from the visits");
        rebuild(&txn).await?;
    }
    txn.commit().await
}

async fn built(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT version FROM rollup_state WHERE id = 1",
        ))
        .await?;
    Ok(match row {
        Some(row) => row.try_get_by_index::<i32>(0)? == VERSION,
        None => false,
    })
}
