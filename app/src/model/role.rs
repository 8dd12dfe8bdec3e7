//! Roles and scopes. A role says what kind of work a person does; a scope says which part of
//! the organisation a director oversees.

use serde::{Deserialize, Serialize};

use super::{BoardId, CenterId, CenterPlace, RegionId};

/// What a staff account is for. Committee chairs are per committee, not a role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Business Service Representative: records visits for their center.
    Rep,
    /// Reviews engagement metrics for a center, board, region or the state.
    Director,
    /// Runs the Peer to Peer technical assistance catalogue and requests.
    Coordinator,
    /// Manages users, the organisation and the slate.
    Admin,
}

/// A stored role string that is none of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}")]
pub struct UnknownRole(pub String);

impl Role {
    pub const ALL: [Role; 4] = [Role::Rep, Role::Director, Role::Coordinator, Role::Admin];

    /// The stable name stored in the database and sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Rep => "rep",
            Role::Director => "director",
            Role::Coordinator => "coordinator",
            Role::Admin => "admin",
        }
    }

    /// The name a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Role::Rep => "Business Service Representative",
            Role::Director => "Director",
            Role::Coordinator => "TA coordinator",
            Role::Admin => "Administrator",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// The part of the organisation a director oversees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Scope {
    State,
    Region(RegionId),
    Board(BoardId),
    Center(CenterId),
}

impl Scope {
    /// Whether a center falls inside this scope.
    pub fn covers(self, place: CenterPlace) -> bool {
        match self {
            Scope::State => true,
            Scope::Region(region) => place.region == region,
            Scope::Board(board) => place.board == board,
            Scope::Center(center) => place.center == center,
        }
    }

    /// The stored kind name.
    pub fn kind(self) -> &'static str {
        match self {
            Scope::State => "state",
            Scope::Region(_) => "region",
            Scope::Board(_) => "board",
            Scope::Center(_) => "center",
        }
    }

    /// Rebuilds a scope from its stored kind and id; `None` when they do not fit together.
    pub fn from_parts(kind: &str, id: Option<uuid::Uuid>) -> Option<Scope> {
        match (kind, id) {
            ("state", _) => Some(Scope::State),
            ("region", Some(id)) => Some(Scope::Region(RegionId(id))),
            ("board", Some(id)) => Some(Scope::Board(BoardId(id))),
            ("center", Some(id)) => Some(Scope::Center(CenterId(id))),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn place(n: u128) -> CenterPlace {
        CenterPlace {
            region: RegionId(Uuid::from_u128(n)),
            board: BoardId(Uuid::from_u128(100 + n)),
            center: CenterId(Uuid::from_u128(1000 + n)),
        }
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert_eq!("chair".parse::<Role>(), Err(UnknownRole("chair".into())));
    }

    #[test]
    fn scope_covers_its_own_centers_only() {
        let here = place(1);
        let there = place(2);
        let cases = [
            (Scope::State, here, true),
            (Scope::Region(here.region), here, true),
            (Scope::Region(here.region), there, false),
            (Scope::Board(here.board), here, true),
            (Scope::Board(here.board), there, false),
            (Scope::Center(here.center), here, true),
            (Scope::Center(here.center), there, false),
        ];
        for (scope, place, expected) in cases {
            assert_eq!(scope.covers(place), expected, "{scope:?} covers {place:?}");
        }
    }

    #[test]
    fn scope_parts_round_trip() {
        let here = place(3);
        for scope in [
            Scope::State,
            Scope::Region(here.region),
            Scope::Board(here.board),
            Scope::Center(here.center),
        ] {
            let id = match scope {
                Scope::State => None,
                Scope::Region(id) => Some(id.0),
                Scope::Board(id) => Some(id.0),
                Scope::Center(id) => Some(id.0),
            };
            assert_eq!(Scope::from_parts(scope.kind(), id), Some(scope));
        }
        assert_eq!(Scope::from_parts("region", None), None);
        assert_eq!(Scope::from_parts("galaxy", None), None);
    }
}
