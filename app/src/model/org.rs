//! Where a center sits in the organisation, which is what scope rules need to know.

use serde::{Deserialize, Serialize};

use super::{BoardId, CenterId, RegionId};

/// A center together with the board and region it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CenterPlace {
    pub region: RegionId,
    pub board: BoardId,
    pub center: CenterId,
}
