//! Assembles a director's dashboard: which areas they may choose (their scope and every unit
//! inside it, never wider), then every figure for the chosen area and period.

use std::collections::BTreeSet;

use app::error::AppError;
use app::model::{Counted, Dashboard, DashboardQuery, Ranked, Scope, SessionUser, Stage};
use app::rules::period::Period;
use app::rules::reach::whole_months;
use app::rules::validation::{area_value, parse_area};
use chrono::NaiveDate;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::StoreResult;
use super::metrics::{self, Frame};
use super::rollups::{
    self,
    read::{self, Run},
};
use crate::local_time::LocalTime;
use crate::org::{self, Org};

pub async fn dashboard(
    db: &DatabaseConnection,
    me: &SessionUser,
    query: DashboardQuery,
    local: &LocalTime,
) -> StoreResult<Dashboard> {
    let today = local.today();
    let Some(scope) = me.scope else {
        return Err(AppError::Forbidden {
            area: "the dashboard (a director's scope is not set)".to_owned(),
        }
        .into());
    };
    let (kind, period) = query.resolve(today).map_err(AppError::InvalidFields)?;
    let area = if query.area.trim().is_empty() {
        scope
    } else {
        parse_area(&query.area).ok_or_else(|| AppError::Invalid {
            field: "area".to_owned(),
            message: "choose an area from the list".to_owned(),
        })?
    };
    let places = org::places(db).await?;
    let mine: BTreeSet<Uuid> = places
        .iter()
        .filter(|(_, place)| scope.covers(**place))
        .map(|(id, _)| *id)
        .collect();
    let chosen: BTreeSet<Uuid> = places
        .iter()
        .filter(|(_, place)| area.covers(**place))
        .map(|(id, _)| *id)
        .collect();
    // An area is open to the director when it lies inside their scope: the state only to a
    // state director, a region only to its own or a state director, and so on.
    let inside = match (scope, area) {
        (Scope::State, _) => true,
        (Scope::Region(_), Scope::State) | (Scope::Board(_), Scope::State | Scope::Region(_)) => {
            false
        }
        (Scope::Center(mine), other) => other == Scope::Center(mine),
        _ => !chosen.is_empty() && chosen.is_subset(&mine),
    };
    if !inside {
        return Err(AppError::Forbidden {
            area: "figures outside your own scope".to_owned(),
        }
        .into());
    }
    let names = Org::load(db).await?;
    if !names.knows(area) {
        return Err(AppError::NotFound {
            what: "That area".to_owned(),
        }
        .into());
    }
    let mut areas = vec![(area_value(scope), names.area_name(scope))];
    let mut regions = BTreeSet::new();
    let mut boards = BTreeSet::new();
    let mut centers = BTreeSet::new();
    for (id, place) in places.iter().filter(|(id, _)| mine.contains(id)) {
        regions.insert(place.region);
        boards.insert(place.board);
        centers.insert(app::model::CenterId(*id));
    }
    let mut inner: Vec<(String, String)> = Vec::new();
    if scope == Scope::State {
        inner.extend(regions.into_iter().map(|r| {
            let a = Scope::Region(r);
            (area_value(a), names.area_name(a))
        }));
    }
    if matches!(scope, Scope::State | Scope::Region(_)) {
        inner.extend(boards.into_iter().map(|b| {
            let a = Scope::Board(b);
            (area_value(a), format!("Board: {}", names.area_name(a)))
        }));
    }
    if !matches!(scope, Scope::Center(_)) {
        inner.extend(centers.into_iter().map(|c| {
            let a = Scope::Center(c);
            (area_value(a), format!("Center: {}", names.area_name(a)))
        }));
    }
    inner.sort_by(|a, b| a.1.cmp(&b.1));
    areas.extend(inner);

    let center_list: Vec<Uuid> = chosen.iter().copied().collect();
    let frame = Frame {
        centers: (area != Scope::State).then_some(center_list.as_slice()),
        period,
    };
    let named_centers: Vec<(Uuid, String)> = center_list
        .iter()
        .map(|id| {
            (
                *id,
                names.area_name(Scope::Center(app::model::CenterId(*id))),
            )
        })
        .collect();
    let months = period.trend_months();
    let figures = match whole_months(period) {
        Some((first, last)) => {
            let run = Run {
                area,
                centers: frame.centers,
                first,
                last,
            };
            from_rollups(db, run, &center_list, period, today).await?
        }
        None => from_visits(db, frame, area, today).await?,
    };
    let (trend, freshness) = tokio::try_join!(
        rollups::read::trend(db, area, frame.centers, &months),
        metrics::freshness(db, &named_centers, local),
    )?;
    let Figures {
        visits,
        hired,
        served: (engaged, returning, served_before),
        orientations,
        flagged_orientations,
        in_area,
        overdue,
        services,
        stages,
        centers,
        reps,
    } = figures;
    Ok(Dashboard {
        area: area_value(area),
        area_name: names.area_name(area),
        areas,
        kind,
        period,
        visits,
        engaged,
        returning,
        served_before,
        in_area,
        orientations,
        flagged_orientations,
        hired,
        overdue,
        services,
        stages: stages
            .into_iter()
            .map(|c| Counted {
                label: Stage::parse(&c.label).map_or(c.label, |s| s.label().to_owned()),
                count: c.count,
            })
            .collect(),
        trend,
        centers,
        reps,
        freshness,
    })
}

/// Every figure that depends on the period, however it was counted.
struct Figures {
    visits: u64,
    hired: u64,
    /// E1, E3, E4.
    served: (u64, u64, u64),
    orientations: u64,
    flagged_orientations: u64,
    in_area: Option<u64>,
    overdue: u64,
    services: Vec<Counted>,
    stages: Vec<Counted>,
    centers: Vec<Ranked>,
    reps: Vec<Ranked>,
}

/// A period of whole months (every month, quarter and program year): from the roll-ups, a
/// few hundred rows whatever the number of visits.
async fn from_rollups(
    db: &DatabaseConnection,
    run: Run<'_>,
    centers: &[Uuid],
    period: Period,
    today: NaiveDate,
) -> Result<Figures, sea_orm::DbErr> {
    let [visits, hired, orientations, flagged_orientations] = read::visit_sums(db, run).await?;
    let served = read::employer_measures(db, run).await?;
    Ok(Figures {
        visits,
        hired,
        served: (served.in_period, served.in_both, served.before),
        orientations,
        flagged_orientations,
        in_area: metrics::establishments(db, run.area, period).await?,
        overdue: read::overdue_follow_ups(db, run.centers, period, today).await?,
        services: read::services_delivered(db, run).await?,
        stages: read::stages(db, run).await?,
        centers: read::ranking(db, run, centers, false).await?,
        reps: read::ranking(db, run, centers, true).await?,
    })
}

/// Custom dates that cut a month: the roll-ups count whole months, so these figures are
/// counted from the visits themselves (exact, and as slow as the visits are many).
async fn from_visits(
    db: &DatabaseConnection,
    frame: Frame<'_>,
    area: Scope,
    today: NaiveDate,
) -> Result<Figures, sea_orm::DbErr> {
    // Two chains side by side, one per core, so a heavy dashboard holds at most two of the
    // pool's connections and never starves a sync.
    let first_chain = async {
        Ok::<_, sea_orm::DbErr>((
            metrics::visits_and_hired(db, frame).await?,
            metrics::employer_measures(db, frame).await?,
            metrics::orientations(db, frame).await?,
            metrics::establishments(db, area, frame.period).await?,
            rollups::read::overdue_follow_ups(db, frame.centers, frame.period, today).await?,
        ))
    };
    let second_chain = async {
        Ok::<_, sea_orm::DbErr>((
            metrics::services_delivered(db, frame).await?,
            metrics::stages(db, frame).await?,
            metrics::ranking(db, frame, false).await?,
            metrics::ranking(db, frame, true).await?,
        ))
    };
    let (
        ((visits, hired), served, (orientations, flagged_orientations), in_area, overdue),
        (services, stages, centers, reps),
    ) = tokio::try_join!(first_chain, second_chain)?;
    Ok(Figures {
        visits,
        hired,
        served,
        orientations,
        flagged_orientations,
        in_area,
        overdue,
        services,
        stages,
        centers,
        reps,
    })
}
