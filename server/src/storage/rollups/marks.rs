//! What visits and businesses put into the roll-ups.
//!
//! A visit's share (its sums and its months for each of its businesses) is read from the
//! visit itself, before a change and after it. A business's share of `rollup_reach` depends on
//! every month it was ever served, so the months are kept with it in `rollup_businesses`
//! (per center and rep, with a visit count each): a change reads that summary, moves the
//! changed visits' months out and in, and compares the steps before and after, without
//! reading the business's other visits.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use app::model::{CenterPlace, Scope};
use app::rules::reach::{Month, month_of, steps};
use app::rules::validation::area_value;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use crate::storage::sql::Sql;

/// Ids bound per statement: far below both engines' limits.
pub(super) const CHUNK: usize = 1_000;

/// A row of `rollup_reach` without its count: area, rep (`""` for the area itself), stage
/// (`""` on a rep's rows), month, earlier month.
pub(super) type ReachKey = (String, String, String, Month, Month);

/// A row of `rollup_visits` or `rollup_services`: (center, rep or service, month).
pub(super) type VisitKey = (Uuid, Uuid, Month);
pub(super) type ServiceKey = (Uuid, Uuid, Month);

/// A row of `rollup_visits`: visits, job seekers hired, orientations that qualify, and those
/// recorded as orientations that fail the rule.
pub(super) type VisitSums = [i64; 4];

/// One visit as the roll-ups count it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Visit {
    pub center: Uuid,
    pub author: Uuid,
    pub date: NaiveDate,
    pub month: Month,
    /// Not deleted: only counted visits count.
    pub counted: bool,
    pub hired: i64,
    pub orientation: bool,
    /// Its businesses, each with whether the orientation rule was met for it.
    pub links: Vec<(Uuid, bool)>,
    pub delivered: Vec<Uuid>,
}

/// Visits by id, as they stand; a visit not yet written is absent.
pub(super) type Visits = HashMap<Uuid, Visit>;

pub(super) async fn read_visits(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Visits, DbErr> {
    let backend = db.get_database_backend();
    let mut found = Visits::new();
    for chunk in ids.chunks(CHUNK) {
        let mut sql = Sql::new(backend);
        let list = sql.bind_all(chunk);
        sql.push(&format!(
            "SELECT id, center_id, author_id, visit_date, jobseekers_hired, \
               recorded_as_orientation, CASE WHEN deleted_at IS NULL THEN 1 ELSE 0 END \
             FROM visits WHERE id IN ({list})"
        ));
        for row in db.query_all_raw(sql.statement()).await? {
            let counted: i32 = row.try_get_by_index(6)?;
            let hired: i32 = row.try_get_by_index(4)?;
            let date: NaiveDate = row.try_get_by_index(3)?;
            found.insert(
                row.try_get_by_index(0)?,
                Visit {
                    center: row.try_get_by_index(1)?,
                    author: row.try_get_by_index(2)?,
                    date,
                    month: month_of(date),
                    counted: counted == 1,
                    hired: i64::from(hired),
                    orientation: row.try_get_by_index(5)?,
                    links: Vec::new(),
                    delivered: Vec::new(),
                },
            );
        }
        let mut sql = Sql::new(backend);
        let list = sql.bind_all(chunk);
        sql.push(&format!(
            "SELECT visit_id, business_id, orientation_qualifies FROM visit_businesses \
             WHERE visit_id IN ({list})"
        ));
        for row in db.query_all_raw(sql.statement()).await? {
            let id: Uuid = row.try_get_by_index(0)?;
            if let Some(visit) = found.get_mut(&id) {
                visit
                    .links
                    .push((row.try_get_by_index(1)?, row.try_get_by_index(2)?));
            }
        }
        let mut sql = Sql::new(backend);
        let list = sql.bind_all(chunk);
        sql.push(&format!(
            "SELECT visit_id, service_id FROM visit_services \
             WHERE kind = 'delivered' AND visit_id IN ({list})"
        ));
        for row in db.query_all_raw(sql.statement()).await? {
            let id: Uuid = row.try_get_by_index(0)?;
            if let Some(visit) = found.get_mut(&id) {
                visit.delivered.push(row.try_get_by_index(1)?);
            }
        }
    }
    Ok(found)
}

/// The counted visits' sums, by (center, rep, month) and by (center, service, month).
pub(super) fn sums(visits: &Visits) -> (BTreeMap<VisitKey, VisitSums>, BTreeMap<ServiceKey, i64>) {
    let mut by_rep: BTreeMap<VisitKey, VisitSums> = BTreeMap::new();
    let mut by_service: BTreeMap<ServiceKey, i64> = BTreeMap::new();
    for visit in visits.values().filter(|v| v.counted) {
        let sums = by_rep
            .entry((visit.center, visit.author, visit.month))
            .or_default();
        sums[0] += 1;
        sums[1] += visit.hired;
        if visit.orientation {
            for (_, qualifies) in &visit.links {
                sums[if *qualifies { 2 } else { 3 }] += 1;
            }
        }
        for service in &visit.delivered {
            *by_service
                .entry((visit.center, *service, visit.month))
                .or_default() += 1;
        }
    }
    (by_rep, by_service)
}

/// The stored form of a summary: `[[center, rep, [[month, visits], ...]], ...]`.
type StoredMonths = Vec<(Uuid, Uuid, Vec<(Month, i64)>)>;

/// A business's summary in `rollup_businesses`: its stage, per (center, rep) how many counted
/// visits it had each month, and the date of its latest counted visit (a visit before it has
/// no open follow-up).
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Summary {
    pub stage: String,
    pub months: BTreeMap<(Uuid, Uuid), BTreeMap<Month, i64>>,
    pub last: Option<NaiveDate>,
}

impl Summary {
    /// Adds (or with `-1`, removes) a visit's month for this business.
    pub fn count(&mut self, visit: &Visit, by: i64) {
        let months = self.months.entry((visit.center, visit.author)).or_default();
        let n = months.entry(visit.month).or_default();
        *n += by;
        if *n == 0 {
            months.remove(&visit.month);
        }
        if months.is_empty() {
            self.months.remove(&(visit.center, visit.author));
        }
    }

    pub fn to_json(&self) -> String {
        let rows: StoredMonths = self
            .months
            .iter()
            .map(|((center, rep), months)| {
                (
                    *center,
                    *rep,
                    months.iter().map(|(m, n)| (*m, *n)).collect(),
                )
            })
            .collect();
        serde_json::to_string(&rows).unwrap_or_default()
    }

    pub fn from_json(stage: String, text: &str, last: Option<NaiveDate>) -> Result<Summary, DbErr> {
        let rows: StoredMonths = serde_json::from_str(text)
            .map_err(|e| DbErr::Custom(format!("rollup_businesses: {e}")))?;
        Ok(Summary {
            stage,
            last,
            months: rows
                .into_iter()
                .map(|(center, rep, months)| ((center, rep), months.into_iter().collect()))
                .collect(),
        })
    }

    /// Its step counts: in every area its visits count in (under its stage) and for every
    /// rep who visited it inside that area, each month once.
    pub fn reach(&self, places: &HashMap<Uuid, CenterPlace>, into: &mut BTreeMap<ReachKey, i64>) {
        let mut months: BTreeMap<(String, String, String), BTreeSet<Month>> = BTreeMap::new();
        for ((center, rep), served) in &self.months {
            for area in areas(*center, places) {
                months
                    .entry((area.clone(), String::new(), self.stage.clone()))
                    .or_default()
                    .extend(served.keys());
                months
                    .entry((area, rep.to_string(), String::new()))
                    .or_default()
                    .extend(served.keys());
            }
        }
        for ((area, rep, stage), months) in months {
            for (month, earlier) in steps(&months) {
                *into
                    .entry((area.clone(), rep.clone(), stage.clone(), month, earlier))
                    .or_default() += 1;
            }
        }
    }
}

/// The areas a center's visits count in, from the widest: the state, its region and board
/// (when the center is placed), the center.
fn areas(center: Uuid, places: &HashMap<Uuid, CenterPlace>) -> Vec<String> {
    let mut areas = vec![area_value(Scope::State)];
    if let Some(place) = places.get(&center) {
        areas.push(area_value(Scope::Region(place.region)));
        areas.push(area_value(Scope::Board(place.board)));
    }
    areas.push(area_value(Scope::Center(app::model::CenterId(center))));
    areas
}

/// Runs the statement `text` writes around the placeholders `list` of each chunk of `ids`,
/// and answers the rows of every chunk: the roll-ups read per business or visit in `IN (...)`
/// lists no longer than an engine binds.
pub(super) async fn rows_in(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    text: impl Fn(&str) -> String,
) -> Result<Vec<QueryResult>, DbErr> {
    let mut rows = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let mut sql = Sql::new(db.get_database_backend());
        let list = sql.bind_all(chunk);
        sql.push(&text(&list));
        rows.extend(db.query_all_raw(sql.statement()).await?);
    }
    Ok(rows)
}

/// The stored summaries of these businesses; a business never served has none.
pub(super) async fn read_served(
    db: &impl ConnectionTrait,
    businesses: &[Uuid],
) -> Result<HashMap<Uuid, Summary>, DbErr> {
    let mut found = HashMap::new();
    for row in rows_in(db, businesses, |list| {
        format!(
            "SELECT business_id, stage, served, last_date FROM rollup_businesses \
             WHERE business_id IN ({list})"
        )
    })
    .await?
    {
        let text: String = row.try_get_by_index(2)?;
        found.insert(
            row.try_get_by_index(0)?,
            Summary::from_json(row.try_get_by_index(1)?, &text, row.try_get_by_index(3)?)?,
        );
    }
    Ok(found)
}

/// The businesses' stages as they stand.
pub(super) async fn read_stages(
    db: &impl ConnectionTrait,
    businesses: &[Uuid],
) -> Result<HashMap<Uuid, String>, DbErr> {
    let mut found = HashMap::new();
    for row in rows_in(db, businesses, |list| {
        format!("SELECT id, stage FROM businesses WHERE id IN ({list})")
    })
    .await?
    {
        found.insert(row.try_get_by_index(0)?, row.try_get_by_index(1)?);
    }
    Ok(found)
}

/// What `after` holds that `before` did not, per key, leaving out keys that did not change.
pub(super) fn difference<K: Ord + Clone, const N: usize>(
    after: &BTreeMap<K, [i64; N]>,
    before: &BTreeMap<K, [i64; N]>,
) -> Vec<(K, [i64; N])> {
    let keys: BTreeSet<&K> = after.keys().chain(before.keys()).collect();
    keys.into_iter()
        .filter_map(|key| {
            let a = after.get(key).copied().unwrap_or([0; N]);
            let b = before.get(key).copied().unwrap_or([0; N]);
            let mut change = [0; N];
            for (c, (a, b)) in change.iter_mut().zip(a.iter().zip(b.iter())) {
                *c = a - b;
            }
            (change != [0; N]).then(|| (key.clone(), change))
        })
        .collect()
}

/// `difference` for single counts.
pub(super) fn count_difference<K: Ord + Clone>(
    after: &BTreeMap<K, i64>,
    before: &BTreeMap<K, i64>,
) -> Vec<(K, i64)> {
    let wrap = |m: &BTreeMap<K, i64>| -> BTreeMap<K, [i64; 1]> {
        m.iter().map(|(k, v)| (k.clone(), [*v])).collect()
    };
    difference(&wrap(after), &wrap(before))
        .into_iter()
        .map(|(k, [v])| (k, v))
        .collect()
}

#[cfg(test)]
mod tests {
    use app::model::{BoardId, CenterId, RegionId};

    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn visit(author: u128, month: Month) -> Visit {
        Visit {
            center: id(1),
            author: id(author),
            date: app::rules::reach::first_day(month).unwrap_or_default(),
            month,
            counted: true,
            hired: 0,
            orientation: false,
            links: Vec::new(),
            delivered: Vec::new(),
        }
    }

    #[test]
    fn a_business_counts_in_each_area_once_a_month_and_for_each_rep() {
        let places: HashMap<Uuid, CenterPlace> = [(
            id(1),
            CenterPlace {
                region: RegionId(id(10)),
                board: BoardId(id(20)),
                center: CenterId(id(1)),
            },
        )]
        .into_iter()
        .collect();
        let mut served = Summary {
            stage: "growth".to_owned(),
            ..Summary::default()
        };
        for v in [visit(5, 100), visit(6, 100), visit(5, 102), visit(5, 102)] {
            served.count(&v, 1);
        }
        let mut reach = BTreeMap::new();
        served.reach(&places, &mut reach);
        let state = |rep: &str, stage: &str, month, earlier| {
            reach
                .get(&(
                    "state".to_owned(),
                    rep.to_owned(),
                    stage.to_owned(),
                    month,
                    earlier,
                ))
                .copied()
        };
        // The area: months 100 and 102, each once although two reps came in month 100.
        assert_eq!(state("", "growth", 100, -1), Some(1));
        assert_eq!(state("", "growth", 102, 100), Some(1));
        // Each rep on their own.
        assert_eq!(state(&id(5).to_string(), "", 102, 100), Some(1));
        assert_eq!(state(&id(6).to_string(), "", 100, -1), Some(1));
        // Four areas × (the area's two steps, rep 5's two, rep 6's one).
        assert_eq!(reach.len(), 4 * 5);
        assert!(reach.keys().any(|k| k.0 == format!("region:{}", id(10))));
    }

    #[test]
    fn a_summary_forgets_a_month_when_its_last_visit_goes() {
        let mut served = Summary::default();
        served.count(&visit(5, 100), 1);
        served.count(&visit(5, 100), 1);
        served.count(&visit(5, 100), -1);
        assert_eq!(served.months[&(id(1), id(5))][&100], 1);
        served.count(&visit(5, 100), -1);
        assert!(served.months.is_empty());
        let mut again = Summary::default();
        again.count(&visit(7, 3), 2);
        let stored = Summary::from_json(String::new(), &again.to_json(), None).expect("json");
        assert_eq!(stored, again);
    }

    #[test]
    fn only_what_changed_is_written() {
        let before: BTreeMap<&str, [i64; 2]> = [("a", [1, 2]), ("b", [3, 0])].into_iter().collect();
        let after: BTreeMap<&str, [i64; 2]> = [("a", [1, 2]), ("c", [1, 1])].into_iter().collect();
        assert_eq!(
            difference(&after, &before),
            vec![("b", [-3, 0]), ("c", [1, 1])]
        );
    }
}
