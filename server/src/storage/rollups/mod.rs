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
//! reads what they contribute; `apply` reads it again and adds the difference. A change to
//! the organisation (a center moved to another board) rebuilds them whole.

mod marks;
pub mod read;

use std::collections::{BTreeSet, HashMap};

use app::model::CenterPlace;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, TransactionTrait};
use uuid::Uuid;

use self::marks::{
    CHUNK, Marks, ReachKey, ServiceKey, VisitKey, VisitSums, count_difference, difference,
};
use super::sql::Sql;
use super::sync_clock;
use crate::org;

/// Bumped when what the roll-ups hold changes meaning: the server rebuilds them on start.
const VERSION: i32 = 1;

/// Rows per INSERT: six values each, far below both engines' limits.
const ROWS: usize = 500;

/// A change under way: what its visits and businesses contributed before it.
#[must_use = "apply the roll-up change after the write, in the same transaction"]
pub struct Pending {
    visits: Vec<Uuid>,
    businesses: BTreeSet<Uuid>,
    places: HashMap<Uuid, CenterPlace>,
    before: Marks,
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
    // The clock first, as every writer takes it: the links read next cannot move under us.
    sync_clock::hold(db).await?;
    lock(db, "visits", &visits).await?;
    let mut named: BTreeSet<Uuid> = businesses.into_iter().collect();
    named.extend(linked_businesses(db, &visits).await?);
    let list: Vec<Uuid> = named.iter().copied().collect();
    lock(db, "businesses", &list).await?;
    let places = if list.is_empty() {
        // Visits without businesses place nothing in `rollup_reach`.
        HashMap::new()
    } else {
        org::places(db).await?
    };
    let before = Marks::read(db, &visits, &list, &places).await?;
    Ok(Pending {
        visits,
        businesses: named,
        places,
        before,
    })
}

impl Pending {
    /// Adds the change's difference to the roll-ups and refreshes the follow-ups it opened
    /// or closed.
    pub async fn apply(self, db: &impl ConnectionTrait) -> Result<(), DbErr> {
        if self.visits.is_empty() && self.businesses.is_empty() {
            return Ok(());
        }
        if let Some(stray) = linked_businesses(db, &self.visits)
            .await?
            .into_iter()
            .find(|b| !self.businesses.contains(b))
        {
            return Err(DbErr::Custom(format!(
                "roll-ups: business {stray} was linked without being named before the change"
            )));
        }
        let list: Vec<Uuid> = self.businesses.iter().copied().collect();
        let after = Marks::read(db, &self.visits, &list, &self.places).await?;
        add_reach(db, count_difference(&after.reach, &self.before.reach)).await?;
        add_visits(db, difference(&after.visits, &self.before.visits)).await?;
        add_services(db, count_difference(&after.services, &self.before.services)).await?;
        let mut touched: BTreeSet<Uuid> = self.visits.iter().copied().collect();
        touched.extend(self.before.linked);
        touched.extend(after.linked);
        let touched: Vec<Uuid> = touched.into_iter().collect();
        for chunk in touched.chunks(CHUNK) {
            refresh_follow_ups(db, Some(chunk)).await?;
        }
        Ok(())
    }
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

async fn linked_businesses(
    db: &impl ConnectionTrait,
    visits: &[Uuid],
) -> Result<BTreeSet<Uuid>, DbErr> {
    let mut found = BTreeSet::new();
    for chunk in visits.chunks(CHUNK) {
        let mut sql = Sql::new(db.get_database_backend());
        let list = sql.bind_all(chunk);
        sql.push(&format!(
            "SELECT DISTINCT business_id FROM visit_businesses WHERE visit_id IN ({list})"
        ));
        for row in db.query_all_raw(sql.statement()).await? {
            found.insert(row.try_get_by_index(0)?);
        }
    }
    Ok(found)
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
/// visit (by anyone) to any of its businesses. Overdue is decided when the dashboard asks.
const OPEN: &str = "v.deleted_at IS NULL AND v.follow_up_date IS NOT NULL AND NOT EXISTS ( \
    SELECT 1 FROM visit_businesses vb \
    JOIN visit_businesses later ON later.business_id = vb.business_id \
    JOIN visits lv ON lv.id = later.visit_id \
    WHERE vb.visit_id = v.id AND lv.deleted_at IS NULL AND lv.visit_date > v.visit_date)";

/// Rewrites the open follow-ups of these visits (`None`: of every visit).
async fn refresh_follow_ups(db: &impl ConnectionTrait, ids: Option<&[Uuid]>) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let mut delete = Sql::new(backend);
    let mut insert = Sql::new(backend);
    insert.push(&format!(
        "INSERT INTO open_follow_ups (visit_id, center_id, visit_date, follow_up_date) \
         SELECT v.id, v.center_id, v.visit_date, v.follow_up_date FROM visits v WHERE {OPEN}"
    ));
    match ids {
        Some(ids) => {
            let list = delete.bind_all(ids);
            delete.push(&format!(
                "DELETE FROM open_follow_ups WHERE visit_id IN ({list})"
            ));
            let list = insert.bind_all(ids);
            insert.push(&format!(" AND v.id IN ({list})"));
        }
        None => {
            delete.push("DELETE FROM open_follow_ups");
        }
    }
    db.execute_raw(delete.statement()).await?;
    db.execute_raw(insert.statement()).await?;
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
    let mut reach = std::collections::BTreeMap::new();
    for chunk in businesses.chunks(CHUNK) {
        let marks = Marks::read(db, &[], chunk, &places).await?;
        for (key, n) in marks.reach {
            *reach.entry(key).or_insert(0) += n;
        }
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
    let txn = db.begin().await?;
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
