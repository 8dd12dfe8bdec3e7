//! The organisation (regions, boards, centers) as lookup tables: small, read whole.

use std::collections::HashMap;

use app::model::{BoardId, CenterId, RegionId, Scope};
use sea_orm::{DatabaseConnection, DbErr, EntityTrait};
use uuid::Uuid;

use crate::entities::{board, center, region};

/// Names and places of every region, board and center.
#[derive(Debug, Default)]
pub struct Org {
    regions: HashMap<Uuid, String>,
    boards: HashMap<Uuid, (String, RegionId)>,
    centers: HashMap<Uuid, (String, BoardId)>,
}

/// What the state is called where a person's unit is the whole state.
pub const STATE_NAME: &str = "Statewide";

impl Org {
    pub async fn load(db: &DatabaseConnection) -> Result<Org, DbErr> {
        let regions = region::Entity::find().all(db).await?;
        let boards = board::Entity::find().all(db).await?;
        let centers = center::Entity::find().all(db).await?;
        Ok(Org {
            regions: regions.into_iter().map(|r| (r.id, r.name)).collect(),
            boards: boards
                .into_iter()
                .map(|b| (b.id, (b.name, RegionId(b.region_id))))
                .collect(),
            centers: centers
                .into_iter()
                .map(|c| (c.id, (c.name, BoardId(c.board_id))))
                .collect(),
        })
    }

    /// The name of the unit a person works for: a director's scope, or their center.
    pub fn unit_name(&self, scope: Option<Scope>, center: Option<CenterId>) -> String {
        let named = match (scope, center) {
            (Some(Scope::State), _) => Some(STATE_NAME.to_owned()),
            (Some(Scope::Region(id)), _) => {
                self.regions.get(&id.0).map(|name| format!("{name} region"))
            }
            (Some(Scope::Board(id)), _) => self.boards.get(&id.0).map(|(name, _)| name.clone()),
            (Some(Scope::Center(id)), _) | (None, Some(id)) => {
                self.centers.get(&id.0).map(|(name, _)| name.clone())
            }
            (None, None) => Some(STATE_NAME.to_owned()),
        };
        named.unwrap_or_else(|| "Unknown unit".to_owned())
    }
}
