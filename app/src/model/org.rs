//! Where a center sits in the organisation, which is what scope rules need to know.

use serde::{Deserialize, Serialize};

use super::{BoardId, CenterId, RegionId, Scope};

/// A center together with the board and region it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CenterPlace {
    pub region: RegionId,
    pub board: BoardId,
    pub center: CenterId,
}

/// The three levels of the organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Region,
    Board,
    Center,
}

impl UnitKind {
    pub const ALL: [UnitKind; 3] = [UnitKind::Region, UnitKind::Board, UnitKind::Center];

    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Region => "region",
            UnitKind::Board => "board",
            UnitKind::Center => "center",
        }
    }

    pub fn parse(value: &str) -> Option<UnitKind> {
        UnitKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            UnitKind::Region => "Region",
            UnitKind::Board => "Workforce board",
            UnitKind::Center => "Career center",
        }
    }

    /// What a unit of this kind belongs to.
    pub fn parent(self) -> Option<UnitKind> {
        match self {
            UnitKind::Region => None,
            UnitKind::Board => Some(UnitKind::Region),
            UnitKind::Center => Some(UnitKind::Board),
        }
    }
}

/// A region, board or center as the administrator's form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UnitDraft {
    pub kind: String,
    pub name: String,
    /// The id of the region (for a board) or board (for a center).
    pub parent: String,
    pub city: String,
}

/// A checked [`UnitDraft`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitFields {
    pub kind: UnitKind,
    pub name: String,
    pub parent: Option<uuid::Uuid>,
    pub city: Option<String>,
}

/// The number of business establishments in an area over a period, as staff entered it; the
/// denominator of the employer penetration rate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EstablishmentCount {
    pub id: uuid::Uuid,
    pub area: Scope,
    pub area_name: String,
    pub period_start: chrono::NaiveDate,
    pub period_end: chrono::NaiveDate,
    pub establishments: u32,
    pub entered_by: Option<String>,
    pub entered_at: super::StateTime,
}

/// An establishment count as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CountDraft {
    /// `state`, or `region:<id>`, `board:<id>`, `center:<id>`.
    pub area: String,
    pub period_start: String,
    pub period_end: String,
    pub establishments: String,
}

/// A checked [`CountDraft`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountFields {
    pub area: Scope,
    pub period_start: chrono::NaiveDate,
    pub period_end: chrono::NaiveDate,
    pub establishments: u32,
}
