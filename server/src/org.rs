//! Names of the organisation's units (regions, boards, centers), for telling a person which
//! unit they work for.

use std::collections::HashMap;

use app::model::{CenterId, Scope};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use uuid::Uuid;

use crate::entities::{board, center, region};

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

    /// Only the unit one person works for: at most one query, as every request needs it.
    pub async fn load_unit(
        db: &impl ConnectionTrait,
        scope: Option<Scope>,
        center: Option<CenterId>,
    ) -> Result<Org, DbErr> {
        let mut org = Org::default();
        match (scope, center) {
            (Some(Scope::Region(id)), _) => {
                if let Some(found) = region::Entity::find_by_id(id.0).one(db).await? {
                    org.regions.insert(found.id, found.name);
                }
            }
            (Some(Scope::Board(id)), _) => {
                if let Some(found) = board::Entity::find_by_id(id.0).one(db).await? {
                    org.boards.insert(found.id, found.name);
                }
            }
            (Some(Scope::Center(id)), _) | (None, Some(id)) => {
                if let Some(found) = center::Entity::find_by_id(id.0).one(db).await? {
                    org.centers.insert(found.id, found.name);
                }
            }
            (Some(Scope::State), _) | (None, None) => {}
        }
        Ok(org)
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
