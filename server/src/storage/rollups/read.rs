//! The dashboard's figures read from the roll-ups: a few hundred small rows whatever the
//! number of visits. The same figures as `storage::metrics` computes from the visits, which
//! the tests hold them to.

use std::collections::HashMap;

use app::model::{Counted, Ranked, Scope, TrendPoint};
use app::rules::period::Period;
use app::rules::reach::{Month, Served, lookback, month_of};
use app::rules::validation::area_value;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use crate::storage::metrics::{count, one_row, sort_counted, sort_ranked, trend_points};
use crate::storage::names;
use crate::storage::sql::Sql;

/// Where and when: the area, its centers (`None`: the whole state, every center), and a run
/// of whole months.
#[derive(Clone, Copy)]
pub struct Run<'a> {
    pub area: Scope,
    pub centers: Option<&'a [Uuid]>,
    pub first: Month,
    pub last: Month,
}

/// ` AND <column> IN (...)` for an area narrower than the state; `None` when the area has
/// no center, so nothing can be counted.
fn in_centers(sql: &mut Sql, column: &str, centers: Option<&[Uuid]>) -> Option<String> {
    match centers {
        None => Some(String::new()),
        Some([]) => None,
        Some(ids) => Some(format!(" AND {column} IN ({})", sql.bind_all(ids))),
    }
}

/// Visits, job seekers hired, orientations that qualify and those flagged as failing.
pub async fn visit_sums(db: &impl ConnectionTrait, at: Run<'_>) -> Result<[u64; 4], DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    let (first, last) = (sql.bind(at.first), sql.bind(at.last));
    let Some(centers) = in_centers(&mut sql, "center_id", at.centers) else {
        return Ok([0; 4]);
    };
    let sum = |c: &str| format!("CAST(COALESCE(SUM({c}), 0) AS BIGINT)");
    sql.push(&format!(
        "SELECT {}, {}, {}, {} FROM rollup_visits WHERE month BETWEEN {first} AND {last}{centers}",
        sum("visits"),
        sum("hired"),
        sum("oriented"),
        sum("flagged")
    ));
    let row = one_row(db, sql).await?;
    Ok([
        count(&row, 0)?,
        count(&row, 1)?,
        count(&row, 2)?,
        count(&row, 3)?,
    ])
}

/// E1, E3 and E4 (`Served`), from three runs of one area's steps in one pass.
pub async fn employer_measures(db: &impl ConnectionTrait, at: Run<'_>) -> Result<Served, DbErr> {
    let row = one_row(db, employer_sql(db, at)).await?;
    Ok(Served::from_runs(
        count(&row, 0)?,
        count(&row, 1)?,
        count(&row, 2)?,
    ))
}

/// The plan for the E1/E3/E4 query.
pub async fn explain_employer_measures(
    db: &impl ConnectionTrait,
    at: Run<'_>,
) -> Result<Vec<String>, DbErr> {
    crate::storage::sql::explain(db, employer_sql(db, at)).await
}

fn employer_sql(db: &impl ConnectionTrait, at: Run<'_>) -> Sql {
    let (from, to) = lookback(at.first);
    let mut sql = Sql::new(db.get_database_backend());
    let area = sql.bind(area_value(at.area));
    let (first, last, from, to) = (
        sql.bind(at.first),
        sql.bind(at.last),
        sql.bind(from),
        sql.bind(to),
    );
    let sum = |when: String| {
        format!("CAST(COALESCE(SUM(CASE WHEN {when} THEN businesses ELSE 0 END), 0) AS BIGINT)")
    };
    sql.push(&format!(
        "SELECT {}, {}, {} FROM rollup_reach \
         WHERE area = {area} AND rep = '' AND month BETWEEN {from} AND {last}",
        sum(format!("month >= {first} AND earlier < {first}")),
        sum(format!("month <= {to} AND earlier < {from}")),
        sum(format!("earlier < {from}")),
    ));
    sql
}

/// The establishments engaged in the run by their stage, most first.
pub async fn stages(db: &impl ConnectionTrait, at: Run<'_>) -> Result<Vec<Counted>, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    let area = sql.bind(area_value(at.area));
    let (first, last) = (sql.bind(at.first), sql.bind(at.last));
    sql.push(&format!(
        "SELECT stage, CAST(SUM(businesses) AS BIGINT) FROM rollup_reach \
         WHERE area = {area} AND rep = '' AND month BETWEEN {first} AND {last} AND earlier < {first} \
         GROUP BY stage"
    ));
    counted(db, sql).await
}

/// Visits that delivered each service, by name, most first.
pub async fn services_delivered(
    db: &impl ConnectionTrait,
    at: Run<'_>,
) -> Result<Vec<Counted>, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    let (first, last) = (sql.bind(at.first), sql.bind(at.last));
    let Some(centers) = in_centers(&mut sql, "r.center_id", at.centers) else {
        return Ok(Vec::new());
    };
    sql.push(&format!(
        "SELECT s.name, CAST(SUM(r.visits) AS BIGINT) FROM rollup_services r \
         JOIN services s ON s.id = r.service_id \
         WHERE r.month BETWEEN {first} AND {last}{centers} GROUP BY s.name"
    ));
    counted(db, sql).await
}

/// Rows of (label, count) without the zeros a change can leave behind, in the order
/// `storage::metrics` gives.
async fn counted(db: &impl ConnectionTrait, sql: Sql) -> Result<Vec<Counted>, DbErr> {
    let mut rows = Vec::new();
    for row in db.query_all_raw(sql.statement()).await? {
        let found = Counted {
            label: row.try_get_by_index(0)?,
            count: count(&row, 1)?,
        };
        if found.count > 0 {
            rows.push(found);
        }
    }
    sort_counted(&mut rows);
    Ok(rows)
}

/// Follow-ups still open whose date has passed, of visits in `period` (any period: the table
/// holds days).
pub async fn overdue_follow_ups(
    db: &impl ConnectionTrait,
    centers: Option<&[Uuid]>,
    period: Period,
    today: NaiveDate,
) -> Result<u64, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    let (first, last, today) = (
        sql.bind(period.first),
        sql.bind(period.last),
        sql.bind(today),
    );
    let Some(centers) = in_centers(&mut sql, "center_id", centers) else {
        return Ok(0);
    };
    sql.push(&format!(
        "SELECT COUNT(*) FROM open_follow_ups \
         WHERE visit_date BETWEEN {first} AND {last} AND follow_up_date < {today}{centers}"
    ));
    count(&one_row(db, sql).await?, 0)
}

/// Visits and distinct businesses per month, over `months` (each a month's first day).
pub async fn trend(
    db: &impl ConnectionTrait,
    area: Scope,
    centers: Option<&[Uuid]>,
    months: &[NaiveDate],
) -> Result<Vec<TrendPoint>, DbErr> {
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Ok(Vec::new());
    };
    let (first, last) = (month_of(*first), month_of(*last));
    let mut by_month: HashMap<Month, (u64, u64)> = HashMap::new();
    let mut sql = Sql::new(db.get_database_backend());
    let (from, to) = (sql.bind(first), sql.bind(last));
    if let Some(centers) = in_centers(&mut sql, "center_id", centers) {
        sql.push(&format!(
            "SELECT month, CAST(SUM(visits) AS BIGINT) FROM rollup_visits \
             WHERE month BETWEEN {from} AND {to}{centers} GROUP BY month"
        ));
        for row in db.query_all_raw(sql.statement()).await? {
            by_month.entry(row.try_get_by_index(0)?).or_default().0 = count(&row, 1)?;
        }
    }
    let mut sql = Sql::new(db.get_database_backend());
    let area = sql.bind(area_value(area));
    let (from, to) = (sql.bind(first), sql.bind(last));
    sql.push(&format!(
        "SELECT month, CAST(SUM(businesses) AS BIGINT) FROM rollup_reach \
         WHERE area = {area} AND rep = '' AND month BETWEEN {from} AND {to} GROUP BY month"
    ));
    for row in db.query_all_raw(sql.statement()).await? {
        by_month.entry(row.try_get_by_index(0)?).or_default().1 = count(&row, 1)?;
    }
    Ok(trend_points(months, &by_month))
}

/// Visits and businesses per center of the area (`centers`: every center in it), or per rep
/// (`by_rep`), with names, most visits first. Only those with a visit in the run.
pub async fn ranking(
    db: &impl ConnectionTrait,
    at: Run<'_>,
    centers: &[Uuid],
    by_rep: bool,
) -> Result<Vec<Ranked>, DbErr> {
    let backend = db.get_database_backend();
    let column = if by_rep { "author_id" } else { "center_id" };
    let mut sql = Sql::new(backend);
    let (first, last) = (sql.bind(at.first), sql.bind(at.last));
    let Some(within) = in_centers(&mut sql, "center_id", at.centers) else {
        return Ok(Vec::new());
    };
    sql.push(&format!(
        "SELECT {column}, CAST(SUM(visits) AS BIGINT) FROM rollup_visits \
         WHERE month BETWEEN {first} AND {last}{within} GROUP BY {column}"
    ));
    let mut visits: HashMap<Uuid, u64> = HashMap::new();
    for row in db.query_all_raw(sql.statement()).await? {
        let n = count(&row, 1)?;
        if n > 0 {
            visits.insert(row.try_get_by_index(0)?, n);
        }
    }
    if visits.is_empty() {
        return Ok(Vec::new());
    }
    // Businesses: each center's own area, or each rep's rows inside the chosen area.
    let mut sql = Sql::new(backend);
    let (first, last) = (sql.bind(at.first), sql.bind(at.last));
    let (key, filter) = if by_rep {
        let area = sql.bind(area_value(at.area));
        ("rep", format!("area = {area} AND rep <> ''"))
    } else {
        let keys: Vec<String> = centers
            .iter()
            .map(|c| area_value(Scope::Center(app::model::CenterId(*c))))
            .collect();
        let list = sql.bind_all(&keys);
        ("area", format!("area IN ({list}) AND rep = ''"))
    };
    sql.push(&format!(
        "SELECT {key}, CAST(SUM(businesses) AS BIGINT) FROM rollup_reach \
         WHERE {filter} AND month BETWEEN {first} AND {last} AND earlier < {first} GROUP BY {key}"
    ));
    let mut businesses: HashMap<Uuid, u64> = HashMap::new();
    for row in db.query_all_raw(sql.statement()).await? {
        let key: String = row.try_get_by_index(0)?;
        let id = key
            .rsplit(':')
            .next()
            .and_then(|id| Uuid::parse_str(id).ok());
        if let Some(id) = id {
            businesses.insert(id, count(&row, 1)?);
        }
    }
    let names = if by_rep {
        names::people(db, visits.keys().copied()).await?
    } else {
        names::centers(db).await?
    };
    let mut rows: Vec<Ranked> = visits
        .keys()
        .map(|id| Ranked {
            name: names.get(id).cloned().unwrap_or_default(),
            visits: visits.get(id).copied().unwrap_or_default(),
            businesses: businesses.get(id).copied().unwrap_or_default(),
        })
        .collect();
    sort_ranked(&mut rows);
    Ok(rows)
}
