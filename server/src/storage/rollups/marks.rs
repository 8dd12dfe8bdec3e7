//! What a set of visits and businesses puts into the roll-ups, read from the database as it
//! is at that moment. A writer reads it before a change and again after, and adds the
//! difference: no roll-up row is ever recomputed from scratch on a write.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use app::model::{CenterPlace, Scope};
use app::rules::reach::{Month, month_of, steps};
use app::rules::validation::area_value;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};
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

/// What some visits and businesses contribute to each roll-up table.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Marks {
    pub reach: BTreeMap<ReachKey, i64>,
    /// By (center, rep, month).
    pub visits: BTreeMap<VisitKey, VisitSums>,
    /// Visits that delivered a service, by (center, service, month).
    pub services: BTreeMap<ServiceKey, i64>,
    /// Every visit linked to one of the businesses, deleted or not: those whose follow-up may
    /// have opened or closed with the change.
    pub linked: BTreeSet<Uuid>,
}

/// One visit of a business, as the reach of that business needs it.
pub(super) struct Served {
    pub center: Uuid,
    pub author: Uuid,
    pub month: Month,
}

/// The areas a center's visits count in, from the widest: the state, its region and board
/// (when the center is placed), the center.
fn areas(center: Uuid, places: &HashMap<Uuid, CenterPlace>) -> Vec<String> {
    let mut areas = vec![area_value(Scope::State)];
    if let Some(place) = places.get(&center) {
        areas.push(area_value(Scope::Region(place.region)));
        areas.push(area_value(Scope::Board(place.board)));
        areas.push(area_value(Scope::Center(place.center)));
    } else {
        areas.push(area_value(Scope::Center(app::model::CenterId(center))));
    }
    areas
}

/// One business's step counts: in every area its visits count in (under its stage) and for
/// every rep who visited it inside that area.
pub(super) fn reach_of(
    stage: &str,
    served: &[Served],
    places: &HashMap<Uuid, CenterPlace>,
    into: &mut BTreeMap<ReachKey, i64>,
) {
    let mut months: BTreeMap<(String, String, String), BTreeSet<Month>> = BTreeMap::new();
    for visit in served {
        for area in areas(visit.center, places) {
            months
                .entry((area.clone(), String::new(), stage.to_owned()))
                .or_default()
                .insert(visit.month);
            months
                .entry((area, visit.author.to_string(), String::new()))
                .or_default()
                .insert(visit.month);
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

impl Marks {
    pub async fn read(
        db: &impl ConnectionTrait,
        visits: &[Uuid],
        businesses: &[Uuid],
        places: &HashMap<Uuid, CenterPlace>,
    ) -> Result<Marks, DbErr> {
        let mut marks = Marks::default();
        for chunk in visits.chunks(CHUNK) {
            marks.add_visits(db, chunk).await?;
        }
        for chunk in businesses.chunks(CHUNK) {
            marks.add_businesses(db, chunk, places).await?;
        }
        Ok(marks)
    }

    async fn add_visits(&mut self, db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<(), DbErr> {
        let backend = db.get_database_backend();
        let mut sql = Sql::new(backend);
        let list = sql.bind_all(ids);
        sql.push(&format!(
            "SELECT v.id, v.center_id, v.author_id, v.visit_date, v.jobseekers_hired \
             FROM visits v \
             WHERE v.deleted_at IS NULL AND v.id IN ({list})"
        ));
        let mut counted: HashMap<Uuid, (Uuid, Uuid, Month)> = HashMap::new();
        for row in db.query_all_raw(sql.statement()).await? {
            let id: Uuid = row.try_get_by_index(0)?;
            let key = (
                row.try_get_by_index(1)?,
                row.try_get_by_index(2)?,
                month_of(row.try_get_by_index::<NaiveDate>(3)?),
            );
            let hired: i32 = row.try_get_by_index(4)?;
            let sums = self.visits.entry(key).or_default();
            sums[0] += 1;
            sums[1] += i64::from(hired);
            counted.insert(id, key);
        }
        if counted.is_empty() {
            return Ok(());
        }
        let mut sql = Sql::new(backend);
        let list = sql.bind_all(ids);
        sql.push(&format!(
            "SELECT vb.visit_id, vb.orientation_qualifies FROM visit_businesses vb \
             JOIN visits v ON v.id = vb.visit_id \
             WHERE v.recorded_as_orientation AND vb.visit_id IN ({list})"
        ));
        for row in db.query_all_raw(sql.statement()).await? {
            let id: Uuid = row.try_get_by_index(0)?;
            let qualifies: bool = row.try_get_by_index(1)?;
            if let Some(key) = counted.get(&id) {
                let sums = self.visits.entry(*key).or_default();
                sums[if qualifies { 2 } else { 3 }] += 1;
            }
        }
        let mut sql = Sql::new(backend);
        let list = sql.bind_all(ids);
        sql.push(&format!(
            "SELECT vs.visit_id, vs.service_id FROM visit_services vs \
             WHERE vs.kind = 'delivered' AND vs.visit_id IN ({list})"
        ));
        for row in db.query_all_raw(sql.statement()).await? {
            let id: Uuid = row.try_get_by_index(0)?;
            let service: Uuid = row.try_get_by_index(1)?;
            if let Some((center, _, month)) = counted.get(&id) {
                *self.services.entry((*center, service, *month)).or_default() += 1;
            }
        }
        Ok(())
    }

    async fn add_businesses(
        &mut self,
        db: &impl ConnectionTrait,
        ids: &[Uuid],
        places: &HashMap<Uuid, CenterPlace>,
    ) -> Result<(), DbErr> {
        let backend = db.get_database_backend();
        let mut sql = Sql::new(backend);
        let list = sql.bind_all(ids);
        sql.push(&format!(
            "SELECT b.id, b.stage FROM businesses b WHERE b.id IN ({list})"
        ));
        let mut stages: HashMap<Uuid, String> = HashMap::new();
        for row in db.query_all_raw(sql.statement()).await? {
            stages.insert(row.try_get_by_index(0)?, row.try_get_by_index(1)?);
        }
        let mut sql = Sql::new(backend);
        let list = sql.bind_all(ids);
        sql.push(&format!(
            "SELECT vb.business_id, vb.visit_id, v.center_id, v.author_id, v.visit_date, \
               CASE WHEN v.deleted_at IS NULL THEN 1 ELSE 0 END \
             FROM visit_businesses vb JOIN visits v ON v.id = vb.visit_id \
             WHERE vb.business_id IN ({list})"
        ));
        let mut served: BTreeMap<Uuid, Vec<Served>> = BTreeMap::new();
        for row in db.query_all_raw(sql.statement()).await? {
            let business: Uuid = row.try_get_by_index(0)?;
            self.linked.insert(row.try_get_by_index(1)?);
            let counted: i32 = row.try_get_by_index(5)?;
            if counted == 1 {
                served.entry(business).or_default().push(Served {
                    center: row.try_get_by_index(2)?,
                    author: row.try_get_by_index(3)?,
                    month: month_of(row.try_get_by_index::<NaiveDate>(4)?),
                });
            }
        }
        for (business, served) in served {
            let stage = stages.get(&business).map_or("", String::as_str);
            reach_of(stage, &served, places, &mut self.reach);
        }
        Ok(())
    }
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
            for i in 0..N {
                change[i] = a[i] - b[i];
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
        let served = [
            Served {
                center: id(1),
                author: id(5),
                month: 100,
            },
            Served {
                center: id(1),
                author: id(6),
                month: 100,
            },
            Served {
                center: id(1),
                author: id(5),
                month: 102,
            },
        ];
        let mut reach = BTreeMap::new();
        reach_of("growth", &served, &places, &mut reach);
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
        // Four areas (state, region, board, center) × (the area + two reps' first months,
        // plus rep 5's second and the area's second).
        assert_eq!(reach.len(), 4 * 5);
        assert!(reach.keys().any(|k| k.0 == format!("region:{}", id(10))));
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
