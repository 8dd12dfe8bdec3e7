//! Who may use which part of the app. One rule drives both the navigation a person sees and
//! the check every server function makes, so the two can never disagree.

use serde::{Deserialize, Serialize};

use crate::model::Role;

/// A part of the app, as listed in the main navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    Home,
    Dashboard,
    Businesses,
    Visits,
    Committees,
    /// The public catalogue of showcased programs.
    Programs,
    /// Program submissions and other states' assistance requests.
    Assistance,
    Admin,
}

impl Area {
    /// In navigation order.
    pub const ALL: [Area; 8] = [
        Area::Home,
        Area::Dashboard,
        Area::Businesses,
        Area::Visits,
        Area::Committees,
        Area::Programs,
        Area::Assistance,
        Area::Admin,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Area::Home => "Home",
            Area::Dashboard => "Dashboard",
            Area::Businesses => "Businesses",
            Area::Visits => "Visits",
            Area::Committees => "Committees",
            Area::Programs => "Programs",
            Area::Assistance => "Assistance",
            Area::Admin => "Admin",
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            Area::Home => "/",
            Area::Dashboard => "/dashboard",
            Area::Businesses => "/businesses",
            Area::Visits => "/visits",
            Area::Committees => "/committees",
            Area::Programs => "/programs",
            Area::Assistance => "/assistance",
            Area::Admin => "/admin",
        }
    }

    /// Open to anyone, signed in or not.
    pub fn is_public(self) -> bool {
        matches!(self, Area::Home | Area::Programs)
    }
}

/// Whether a person with `role` (or nobody signed in, `None`) may use `area`.
///
/// Visit notes are read only by their author's rep role and by directors; admins manage the
/// organisation but do not read visits.
pub fn can_use(role: Option<Role>, area: Area) -> bool {
    if area.is_public() {
        return true;
    }
    let Some(role) = role else {
        return false;
    };
    match area {
        Area::Home | Area::Programs | Area::Committees => true,
        Area::Dashboard => role == Role::Director,
        Area::Visits => matches!(role, Role::Rep | Role::Director),
        Area::Businesses => matches!(role, Role::Rep | Role::Director | Role::Admin),
        Area::Assistance => matches!(role, Role::Coordinator | Role::Admin),
        Area::Admin => role == Role::Admin,
    }
}

/// The navigation of a person, in order.
pub fn areas_for(role: Option<Role>) -> Vec<Area> {
    Area::ALL
        .into_iter()
        .filter(|area| can_use(role, *area))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nav(role: Option<Role>) -> Vec<&'static str> {
        areas_for(role).into_iter().map(Area::label).collect()
    }

    #[test]
    fn each_role_sees_its_own_navigation() {
        assert_eq!(nav(None), ["Home", "Programs"]);
        assert_eq!(
            nav(Some(Role::Rep)),
            ["Home", "Businesses", "Visits", "Committees", "Programs"]
        );
        assert_eq!(
            nav(Some(Role::Director)),
            [
                "Home",
                "Dashboard",
                "Businesses",
                "Visits",
                "Committees",
                "Programs"
            ]
        );
        assert_eq!(
            nav(Some(Role::Coordinator)),
            ["Home", "Committees", "Programs", "Assistance"]
        );
        assert_eq!(
            nav(Some(Role::Admin)),
            [
                "Home",
                "Businesses",
                "Committees",
                "Programs",
                "Assistance",
                "Admin"
            ]
        );
    }

    #[test]
    fn nobody_but_reps_and_directors_reads_visits() {
        for role in Role::ALL {
            let expected = matches!(role, Role::Rep | Role::Director);
            assert_eq!(can_use(Some(role), Area::Visits), expected, "{role:?}");
        }
        assert!(!can_use(None, Area::Visits));
    }

    #[test]
    fn signed_out_visitors_reach_only_public_areas() {
        for area in Area::ALL {
            assert_eq!(can_use(None, area), area.is_public(), "{area:?}");
        }
    }

    #[test]
    fn paths_are_distinct() {
        let mut paths: Vec<_> = Area::ALL.into_iter().map(Area::path).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), Area::ALL.len());
    }
}

/// Whether `user` may read a visit written by `author` at a center placed at `place`: its
/// author, or a director whose scope covers the center. Nobody else reads visit notes.
pub fn can_read_visit(
    user: &crate::model::SessionUser,
    author: crate::model::UserId,
    place: crate::model::CenterPlace,
) -> bool {
    match user.role {
        Role::Rep => user.id == author,
        Role::Director => user.scope.is_some_and(|scope| scope.covers(place)),
        Role::Coordinator | Role::Admin => false,
    }
}

/// Only the author changes a visit.
pub fn can_edit_visit(user: &crate::model::SessionUser, author: crate::model::UserId) -> bool {
    user.role == Role::Rep && user.id == author
}

#[cfg(test)]
mod visit_access {
    use super::*;
    use crate::model::{BoardId, CenterId, CenterPlace, RegionId, Scope, SessionUser, UserId};
    use uuid::Uuid;

    fn person(n: u128, role: Role, scope: Option<Scope>) -> SessionUser {
        SessionUser {
            id: UserId(Uuid::from_u128(n)),
            email: format!("{n}@bizworks.test"),
            display_name: format!("Person {n}"),
            role,
            center: None,
            unit_name: String::new(),
            scope,
            must_change_password: false,
        }
    }

    #[test]
    fn who_reads_and_edits_a_visit() {
        let place = CenterPlace {
            region: RegionId(Uuid::from_u128(100)),
            board: BoardId(Uuid::from_u128(200)),
            center: CenterId(Uuid::from_u128(300)),
        };
        let author = person(1, Role::Rep, None);
        let other_rep = person(2, Role::Rep, None);
        let state = person(3, Role::Director, Some(Scope::State));
        let same_board = person(4, Role::Director, Some(Scope::Board(place.board)));
        let other_region = person(
            5,
            Role::Director,
            Some(Scope::Region(RegionId(Uuid::from_u128(101)))),
        );
        let admin = person(6, Role::Admin, None);
        let coordinator = person(7, Role::Coordinator, None);
        let cases = [
            (&author, true, true),
            (&other_rep, false, false),
            (&state, true, false),
            (&same_board, true, false),
            (&other_region, false, false),
            (&admin, false, false),
            (&coordinator, false, false),
        ];
        for (who, reads, edits) in cases {
            assert_eq!(
                can_read_visit(who, author.id, place),
                reads,
                "{} reads",
                who.display_name
            );
            assert_eq!(
                can_edit_visit(who, author.id),
                edits,
                "{} edits",
                who.display_name
            );
        }
    }
}
