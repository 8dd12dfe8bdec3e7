//! Names of the organisation's units (regions, boards, centers), for telling a person which
//! unit they work for.

use std::collections::HashMap;

use app::model::{CenterId, Scope};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use uuid::Uuid;

use crate::entities::{board, center, region, user};

/// Unit names by id: all of them for lists, or just one person's.
#[derive(Debug, Default)]
pub struct Org {
    regions: HashMap<Uuid, String>,
    boards: HashMap<Uuid, String>,
    centers: HashMap<Uuid, String>,
}

/// What the unit is called when a person works for the whole state.
pub const STATE_NAME: &str = "Statewide";

impl Org {
    /// Every unit: three small tables, read whole.
    pub async fn load(db: &impl ConnectionTrait) -> Result<Org, DbErr> {
        let regions = region::Entity::find().all(db).await?;
        let boards = board::Entity::find().all(db).await?;
        let centers = center::Entity::find().all(db).await?;
        Ok(Org {
            regions: regions.into_iter().map(|r| (r.id, r.name)).collect(),
            boards: boards.into_iter().map(|b| (b.id, b.name)).collect(),
            centers: centers.into_iter().map(|c| (c.id, c.name)).collect(),
        })
    }

    /// Only the unit one person works for, from its stored name as [`unit_name_of_user`]
    /// reads it alongside the person's session: every request needs it, and a query of its
    /// own is one more round trip to the database on every page.
    pub fn of_unit(scope: Option<Scope>, center: Option<CenterId>, name: Option<String>) -> Org {
        let mut org = Org::default();
        let Some(name) = name else {
            return org;
        };
        match (scope, center) {
            (Some(Scope::Region(id)), _) => {
                org.regions.insert(id.0, name);
            }
            (Some(Scope::Board(id)), _) => {
                org.boards.insert(id.0, name);
            }
            (Some(Scope::Center(id)), _) | (None, Some(id)) => {
                org.centers.insert(id.0, name);
            }
            (Some(Scope::State), _) | (None, None) => {}
        }
        org
    }

    /// What an area is called: "Statewide", "<name> region", a board's or a center's name.
    pub fn area_name(&self, area: Scope) -> String {
        self.unit_name(Some(area), None)
    }

    /// Whether the area's unit exists (the state always does).
    pub fn knows(&self, area: Scope) -> bool {
        match area {
            Scope::State => true,
            Scope::Region(id) => self.regions.contains_key(&id.0),
            Scope::Board(id) => self.boards.contains_key(&id.0),
            Scope::Center(id) => self.centers.contains_key(&id.0),
        }
    }

    /// The name of the unit a person works for: a director's scope, or their center.
    pub fn unit_name(&self, scope: Option<Scope>, center: Option<CenterId>) -> String {
        let named = match (scope, center) {
            (Some(Scope::State), _) | (None, None) => Some(STATE_NAME.to_owned()),
            (Some(Scope::Region(id)), _) => {
                self.regions.get(&id.0).map(|name| format!("{name} region"))
            }
            (Some(Scope::Board(id)), _) => self.boards.get(&id.0).cloned(),
            (Some(Scope::Center(id)), _) | (None, Some(id)) => self.centers.get(&id.0).cloned(),
        };
        named.unwrap_or_else(|| "Unknown unit".to_owned())
    }
}

/// Where every center sits (its board and region), for scope checks.
pub async fn places(
    db: &impl ConnectionTrait,
) -> Result<HashMap<Uuid, app::model::CenterPlace>, DbErr> {
    let boards: HashMap<Uuid, Uuid> = board::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b.region_id))
        .collect();
    Ok(center::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|c| {
            let region = *boards.get(&c.board_id)?;
            Some((
                c.id,
                app::model::CenterPlace {
                    region: app::model::RegionId(region),
                    board: app::model::BoardId(c.board_id),
                    center: CenterId(c.id),
                },
            ))
        })
        .collect())
}

/// The stored name of the unit a `users` row works for, as one column of a query that reads
/// `users` (the session lookup): a director's region, board or center, else the person's
/// center; `NULL` when there is none. The same choice as [`Org::unit_name`], which turns it
/// into words through [`Org::of_unit`]; a state-wide scope needs no name.
pub fn unit_name_of_user() -> Expr {
    let kind = || Expr::col((user::Entity, user::Column::ScopeKind));
    let scoped = |named: &str| {
        kind()
            .eq(named)
            .and(Expr::col((user::Entity, user::Column::ScopeId)).is_not_null())
    };
    Expr::case(
        scoped("region"),
        name_of::<region::Entity>(
            region::Column::Name,
            region::Column::Id,
            user::Column::ScopeId,
        ),
    )
    .case(
        scoped("board"),
        name_of::<board::Entity>(
            board::Column::Name,
            board::Column::Id,
            user::Column::ScopeId,
        ),
    )
    .case(
        scoped("center"),
        name_of::<center::Entity>(
            center::Column::Name,
            center::Column::Id,
            user::Column::ScopeId,
        ),
    )
    .finally(name_of::<center::Entity>(
        center::Column::Name,
        center::Column::Id,
        user::Column::CenterId,
    ))
    .into()
}

/// `(SELECT name FROM <unit> WHERE id = users.<by>)`.
fn name_of<E: EntityTrait>(name: E::Column, id: E::Column, by: user::Column) -> Expr {
    let select = Query::select()
        .column((E::default(), name))
        .from(E::default())
        .and_where(Expr::col((E::default(), id)).equals((user::Entity, by)))
        .to_owned();
    Expr::SubQuery(None, Box::new(select.into()))
}
