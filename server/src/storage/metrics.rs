//! The dashboard's figures: one SQL query per figure, written out so the plans in
//! docs/PERFORMANCE.md are the plans that run. Same text on SQLite and PostgreSQL except the
//! month expression and the placeholder style.
//!
//! Every query counts only visits that reached the server and are not deleted, dated in the
//! period, at a center in the area. A merge moves the merged business's visit links to the
//! survivor (`storage::merges`), so counting `visit_businesses.business_id` counts survivors.

use std::collections::HashMap;

use app::model::{Counted, Freshness, Ranked, Scope, TrendPoint};
use app::rules::metrics::{EnteredCount, establishments_in_area};
use app::rules::period::Period;
use app::rules::reach::{Month, month_of};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, QueryResult};
use uuid::Uuid;

use super::sql::Sql;
use crate::local_time::LocalTime;

/// The visits counted, as a condition on the visits table under `alias`: not deleted, in the
/// period, in the area (`None`: the whole state).
fn counted_visits(sql: &mut Sql, alias: &str, centers: Option<&[Uuid]>, period: Period) -> String {
    let first = sql.bind(period.first);
    let last = sql.bind(period.last);
    let mut condition =
        format!("{alias}.deleted_at IS NULL AND {alias}.visit_date BETWEEN {first} AND {last}");
    if let Some(centers) = centers {
        let list: Vec<String> = centers.iter().map(|c| sql.bind(*c)).collect();
        if list.is_empty() {
            condition.push_str(" AND 1 = 0");
        } else {
            condition.push_str(&format!(" AND {alias}.center_id IN ({})", list.join(", ")));
        }
    }
    condition
}

pub(super) fn count(row: &QueryResult, index: usize) -> Result<u64, DbErr> {
    let n: Option<i64> = row.try_get_by_index(index)?;
    Ok(u64::try_from(n.unwrap_or_default()).unwrap_or_default())
}

pub(super) async fn one_row(db: &impl ConnectionTrait, sql: Sql) -> Result<QueryResult, DbErr> {
    db.query_one_raw(sql.statement())
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("an aggregate returned no row".to_owned()))
}

/// Where the counting happens: which centers, which period.
#[derive(Clone, Copy)]
pub struct Frame<'a> {
    pub centers: Option<&'a [Uuid]>,
    pub period: Period,
}

/// Visits, and job seekers hired on them.
pub async fn visits_and_hired(
    db: &impl ConnectionTrait,
    at: Frame<'_>,
) -> Result<(u64, u64), DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    let condition = counted_visits(&mut sql, "v", at.centers, at.period);
    sql.push("SELECT COUNT(*), COALESCE(SUM(v.jobseekers_hired), 0) FROM visits v WHERE ")
        .push(&condition);
    let row = one_row(db, sql).await?;
    Ok((count(&row, 0)?, count(&row, 1)?))
}

/// `SELECT DISTINCT vb.business_id` of the counted visits, for use inside another query.
fn served(sql: &mut Sql, at: Frame<'_>) -> String {
    let condition = counted_visits(sql, "sv", at.centers, at.period);
    format!(
        "SELECT svb.business_id FROM visit_businesses svb JOIN visits sv ON sv.id = svb.visit_id WHERE {condition}"
    )
}

/// E1 (establishments served in the period), E3 (those also served in the three years before)
/// and E4 (establishments served in those three years), in one pass over the four years: each
/// business once, with whether it was served in the period and whether before it.
pub async fn employer_measures(
    db: &impl ConnectionTrait,
    at: Frame<'_>,
) -> Result<(u64, u64, u64), DbErr> {
    let row = one_row(db, employer_sql(db.get_database_backend(), at)).await?;
    Ok((count(&row, 0)?, count(&row, 1)?, count(&row, 2)?))
}

fn employer_sql(backend: DatabaseBackend, at: Frame<'_>) -> Sql {
    let before = at.period.three_years_before();
    let window = Period {
        first: before.first,
        last: at.period.last,
    };
    let mut sql = Sql::new(backend);
    let condition = counted_visits(&mut sql, "v", at.centers, window);
    let first = sql.bind(at.period.first);
    sql.push(&format!(
        "SELECT COALESCE(SUM(now), 0), COALESCE(SUM(now * earlier), 0), COALESCE(SUM(earlier), 0) FROM ( \
           SELECT vb.business_id, \
             MAX(CASE WHEN v.visit_date >= {first} THEN 1 ELSE 0 END) AS now, \
             MAX(CASE WHEN v.visit_date < {first} THEN 1 ELSE 0 END) AS earlier \
           FROM visits v JOIN visit_businesses vb ON vb.visit_id = v.id \
           WHERE {condition} GROUP BY vb.business_id) served"
    ));
    sql
}

/// The plan for the E1/E3/E4 query.
pub async fn explain_employer_measures(
    db: &impl ConnectionTrait,
    at: Frame<'_>,
) -> Result<Vec<String>, DbErr> {
    super::sql::explain(db, employer_sql(db.get_database_backend(), at)).await
}

/// Businesses given an orientation that meets the rule, and those recorded as one that fail.
pub async fn orientations(db: &impl ConnectionTrait, at: Frame<'_>) -> Result<(u64, u64), DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    let condition = counted_visits(&mut sql, "v", at.centers, at.period);
    sql.push(
        "SELECT \
           COALESCE(SUM(CASE WHEN vb.orientation_qualifies THEN 1 ELSE 0 END), 0), \
           COALESCE(SUM(CASE WHEN vb.orientation_qualifies THEN 0 ELSE 1 END), 0) \
         FROM visits v JOIN visit_businesses vb ON vb.visit_id = v.id \
         WHERE v.recorded_as_orientation AND ",
    )
    .push(&condition);
    let row = one_row(db, sql).await?;
    Ok((count(&row, 0)?, count(&row, 1)?))
}

/// Visits on which each service was delivered, by name, most delivered first.
pub async fn services_delivered(
    db: &impl ConnectionTrait,
    at: Frame<'_>,
) -> Result<Vec<Counted>, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    let condition = counted_visits(&mut sql, "v", at.centers, at.period);
    sql.push(
        "SELECT s.name, COUNT(DISTINCT v.id) FROM visits v \
         JOIN visit_services vs ON vs.visit_id = v.id AND vs.kind = 'delivered' \
         JOIN services s ON s.id = vs.service_id WHERE ",
    )
    .push(&condition)
    .push(" GROUP BY s.name");
    counted_rows(db, sql).await
}

async fn counted_rows(db: &impl ConnectionTrait, sql: Sql) -> Result<Vec<Counted>, DbErr> {
    let mut rows = db
        .query_all_raw(sql.statement())
        .await?
        .iter()
        .map(|row| {
            Ok(Counted {
                label: row.try_get_by_index(0)?,
                count: count(row, 1)?,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    sort_counted(&mut rows);
    Ok(rows)
}

/// Most first, then by label in byte order: the same order on both engines whatever the
/// database's collation, and the same as the roll-ups give.
pub(super) fn sort_counted(rows: &mut [Counted]) {
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
}

/// Most visits first, then most businesses, then by name in byte order.
pub(super) fn sort_ranked(rows: &mut [Ranked]) {
    rows.sort_by(|a, b| {
        b.visits
            .cmp(&a.visits)
            .then_with(|| b.businesses.cmp(&a.businesses))
            .then_with(|| a.name.cmp(&b.name))
    });
}

/// Visits in the period whose follow-up date has passed (before `today`) with no later visit,
/// by anyone, to any of their businesses.
pub async fn overdue_follow_ups(
    db: &impl ConnectionTrait,
    at: Frame<'_>,
    today: NaiveDate,
) -> Result<u64, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    let condition = counted_visits(&mut sql, "v", at.centers, at.period);
    let today = sql.bind(today);
    sql.push(&format!(
        "SELECT COUNT(*) FROM visits v WHERE {condition} \
         AND v.follow_up_date IS NOT NULL AND v.follow_up_date < {today} \
         AND NOT EXISTS ( \
           SELECT 1 FROM visit_businesses vb \
           JOIN visit_businesses later ON later.business_id = vb.business_id \
           JOIN visits lv ON lv.id = later.visit_id \
           WHERE vb.visit_id = v.id AND lv.deleted_at IS NULL AND lv.visit_date > v.visit_date)"
    ));
    count(&one_row(db, sql).await?, 0)
}

/// The establishments engaged in the period, by their stage.
pub async fn stages(db: &impl ConnectionTrait, at: Frame<'_>) -> Result<Vec<Counted>, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    let engaged = served(&mut sql, at);
    sql.push(&format!(
        "SELECT b.stage, COUNT(*) FROM businesses b WHERE b.id IN ({engaged}) \
         GROUP BY b.stage"
    ));
    counted_rows(db, sql).await
}

/// Visits and distinct establishments per month over `months` (each a month's first day).
pub async fn trend(
    db: &impl ConnectionTrait,
    centers: Option<&[Uuid]>,
    months: &[NaiveDate],
) -> Result<Vec<TrendPoint>, DbErr> {
    let (Some(first), Some(last_month)) = (months.first(), months.last()) else {
        return Ok(Vec::new());
    };
    let last = Period::containing(app::rules::period::PeriodKind::Month, *last_month).last;
    let period = Period {
        first: *first,
        last,
    };
    let backend = db.get_database_backend();
    let month = match backend {
        DatabaseBackend::Sqlite => "substr(v.visit_date, 1, 7)",
        _ => "to_char(v.visit_date, 'YYYY-MM')",
    };
    let mut sql = Sql::new(backend);
    let condition = counted_visits(&mut sql, "v", centers, period);
    sql.push(&format!(
        "SELECT {month}, COUNT(DISTINCT v.id), COUNT(DISTINCT vb.business_id) FROM visits v \
         LEFT JOIN visit_businesses vb ON vb.visit_id = v.id WHERE {condition} GROUP BY 1"
    ));
    let mut by_month: HashMap<Month, (u64, u64)> = HashMap::new();
    for row in db.query_all_raw(sql.statement()).await? {
        let key: String = row.try_get_by_index(0)?;
        let month = key
            .split_once('-')
            .and_then(|(y, m)| Some(y.parse::<Month>().ok()? * 12 + m.parse::<Month>().ok()? - 1));
        if let Some(month) = month {
            by_month.insert(month, (count(&row, 1)?, count(&row, 2)?));
        }
    }
    Ok(trend_points(months, &by_month))
}

/// One point per month of `months`, zero where nothing was counted.
pub(super) fn trend_points(
    months: &[NaiveDate],
    by_month: &HashMap<Month, (u64, u64)>,
) -> Vec<TrendPoint> {
    months
        .iter()
        .map(|month| {
            let (visits, businesses) = by_month.get(&month_of(*month)).copied().unwrap_or_default();
            TrendPoint {
                month: *month,
                visits,
                businesses,
            }
        })
        .collect()
}

/// Visits and establishments per center, or per rep (`by_rep`), with the name, most visits
/// first.
pub async fn ranking(
    db: &impl ConnectionTrait,
    at: Frame<'_>,
    by_rep: bool,
) -> Result<Vec<Ranked>, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    let condition = counted_visits(&mut sql, "v", at.centers, at.period);
    let (column, names, name) = if by_rep {
        ("author_id", "users", "display_name")
    } else {
        ("center_id", "centers", "name")
    };
    sql.push(&format!(
        "SELECT n.{name}, COUNT(DISTINCT v.id), COUNT(DISTINCT vb.business_id) FROM visits v \
         LEFT JOIN visit_businesses vb ON vb.visit_id = v.id \
         JOIN {names} n ON n.id = v.{column} \
         WHERE {condition} GROUP BY v.{column}, n.{name}"
    ));
    let mut rows = db
        .query_all_raw(sql.statement())
        .await?
        .iter()
        .map(|row| {
            Ok(Ranked {
                name: row.try_get_by_index(0)?,
                visits: count(row, 1)?,
                businesses: count(row, 2)?,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    sort_ranked(&mut rows);
    Ok(rows)
}

/// Per center in the area: its devices, their last completed sync and the pending changes
/// they last reported. Centers without a device are listed too ("never").
pub async fn freshness(
    db: &impl ConnectionTrait,
    centers: &[(Uuid, String)],
    local: &LocalTime,
) -> Result<Vec<Freshness>, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    let list: Vec<String> = centers.iter().map(|(id, _)| sql.bind(*id)).collect();
    if list.is_empty() {
        return Ok(Vec::new());
    }
    sql.push(&format!(
        "SELECT u.center_id, COUNT(*), MAX(d.last_push_at), COALESCE(SUM(d.pending_count), 0) \
         FROM devices d JOIN users u ON u.id = d.user_id \
         WHERE u.center_id IN ({}) GROUP BY u.center_id",
        list.join(", ")
    ));
    let mut found: HashMap<Uuid, (u64, Option<DateTime<Utc>>, u64)> = HashMap::new();
    for row in db.query_all_raw(sql.statement()).await? {
        let center: Uuid = row.try_get_by_index(0)?;
        let last: Option<DateTime<Utc>> = row.try_get_by_index(2)?;
        found.insert(center, (count(&row, 1)?, last, count(&row, 3)?));
    }
    let mut rows: Vec<Freshness> = centers
        .iter()
        .map(|(id, name)| {
            let (devices, last_sync, pending) = found.get(id).copied().unwrap_or_default();
            Freshness {
                center: name.clone(),
                devices,
                last_sync: last_sync.map(|at| local.shown(at)),
                pending,
            }
        })
        .collect();
    // Longest without a sync first: what is not in yet stands out.
    rows.sort_by(|a, b| {
        let at = |f: &Freshness| f.last_sync.as_ref().map(|t| t.at);
        at(a).cmp(&at(b)).then_with(|| a.center.cmp(&b.center))
    });
    Ok(rows)
}

/// E2: the establishment count entered for exactly this area, covering the period.
pub async fn establishments(
    db: &impl ConnectionTrait,
    area: Scope,
    period: Period,
) -> Result<Option<u64>, DbErr> {
    use crate::entities::establishment_count;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let id = match area {
        Scope::State => None,
        Scope::Region(id) => Some(id.0),
        Scope::Board(id) => Some(id.0),
        Scope::Center(id) => Some(id.0),
    };
    let mut query = establishment_count::Entity::find()
        .filter(establishment_count::Column::AreaKind.eq(area.kind()));
    query = match id {
        Some(id) => query.filter(establishment_count::Column::AreaId.eq(id)),
        None => query.filter(establishment_count::Column::AreaId.is_null()),
    };
    let counts: Vec<EnteredCount> = query
        .all(db)
        .await?
        .into_iter()
        .filter_map(|c| {
            Some(EnteredCount {
                period: Period::new(c.period_start, c.period_end)?,
                establishments: u64::try_from(c.establishments).ok()?,
            })
        })
        .collect();
    Ok(establishments_in_area(&counts, period))
}
