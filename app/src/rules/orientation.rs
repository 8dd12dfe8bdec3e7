//! The BizWorks Orientation rule, from the state's policy: a visit counts as an orientation
//! for a business only when the services presented cover a majority of the active slate, the
//! mode is in person, conference call or group presentation, and a key representative of that
//! business was met directly.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::model::{ServiceId, VisitMode};

/// One reason a visit falls short of an orientation for a business.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shortfall {
    /// Presented `covered` of the `slate` active services; `needed` make a majority.
    TooFewServices {
        covered: usize,
        slate: usize,
        needed: usize,
    },
    /// The visit was not held in a way that allows a substantial overview.
    Mode(VisitMode),
    NoKeyRepresentative,
}

impl std::fmt::Display for Shortfall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Shortfall::TooFewServices {
                covered,
                slate,
                needed,
            } => write!(f, "{covered} of {slate} services; needs {needed}"),
            Shortfall::Mode(mode) => write!(f, "mode is {}", mode.label()),
            Shortfall::NoKeyRepresentative => f.write_str("no key representative met"),
        }
    }
}

/// The rule's verdict for one business of a visit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub shortfalls: Vec<Shortfall>,
}

impl Assessment {
    pub fn qualifies(&self) -> bool {
        self.shortfalls.is_empty()
    }

    /// The reasons as one line, empty when it qualifies.
    pub fn reasons(&self) -> String {
        self.shortfalls
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// More than half of `slate` services.
pub fn majority(slate: usize) -> usize {
    slate / 2 + 1
}

/// Applies the rule for one business. `active_slate` is the slate on the visit's day;
/// presented services outside it (retired ones) do not count.
pub fn assess(
    presented: &BTreeSet<ServiceId>,
    active_slate: &BTreeSet<ServiceId>,
    mode: VisitMode,
    key_representative_met: bool,
) -> Assessment {
    let mut shortfalls = Vec::new();
    let covered = presented.intersection(active_slate).count();
    let needed = majority(active_slate.len());
    if covered < needed {
        shortfalls.push(Shortfall::TooFewServices {
            covered,
            slate: active_slate.len(),
            needed,
        });
    }
    if !matches!(
        mode,
        VisitMode::InPerson | VisitMode::ConferenceCall | VisitMode::GroupPresentation
    ) {
        shortfalls.push(Shortfall::Mode(mode));
    }
    if !key_representative_met {
        shortfalls.push(Shortfall::NoKeyRepresentative);
    }
    Assessment { shortfalls }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn services(range: std::ops::Range<u128>) -> BTreeSet<ServiceId> {
        range.map(|n| ServiceId(Uuid::from_u128(n))).collect()
    }

    #[test]
    fn four_of_seven_in_person_with_a_key_representative_qualifies() {
        let verdict = assess(&services(0..4), &services(0..7), VisitMode::InPerson, true);
        assert!(verdict.qualifies(), "{}", verdict.reasons());
    }

    #[test]
    fn each_clause_is_reported() {
        let verdict = assess(&services(0..3), &services(0..7), VisitMode::Email, false);
        assert_eq!(
            verdict.reasons(),
            "3 of 7 services; needs 4; mode is e-mail; no key representative met"
        );
    }

    #[test]
    fn majority_means_more_than_half() {
        assert_eq!(majority(7), 4);
        assert_eq!(majority(6), 4);
        assert_eq!(majority(1), 1);
        assert_eq!(majority(0), 1);
    }

    #[test]
    fn only_three_modes_allow_an_orientation() {
        for mode in VisitMode::ALL {
            let verdict = assess(&services(0..7), &services(0..7), mode, true);
            let allowed = matches!(
                mode,
                VisitMode::InPerson | VisitMode::ConferenceCall | VisitMode::GroupPresentation
            );
            assert_eq!(verdict.qualifies(), allowed, "{mode:?}");
        }
    }

    #[test]
    fn retired_services_do_not_count() {
        // Presented 0..4, but service 0 is retired: 3 of a 6-service slate, needs 4.
        let verdict = assess(&services(0..4), &services(1..7), VisitMode::InPerson, true);
        assert_eq!(verdict.reasons(), "3 of 6 services; needs 4");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn ids(raw: &[u8]) -> BTreeSet<ServiceId> {
        raw.iter()
            .map(|n| ServiceId(Uuid::from_u128(u128::from(*n))))
            .collect()
    }

    fn any_mode() -> impl Strategy<Value = VisitMode> {
        proptest::sample::select(VisitMode::ALL.to_vec())
    }

    proptest! {
        /// The verdict is exactly the conjunction of the three clauses, whatever the slate.
        #[test]
        fn qualifies_iff_every_clause_holds(
            slate in proptest::collection::vec(0u8..40, 0..20),
            presented in proptest::collection::vec(0u8..60, 0..30),
            mode in any_mode(),
            key in any::<bool>(),
        ) {
            let slate = ids(&slate);
            let presented = ids(&presented);
            let verdict = assess(&presented, &slate, mode, key);
            let covered = presented.intersection(&slate).count();
            let majority = covered * 2 > slate.len();
            let mode_ok = matches!(mode, VisitMode::InPerson | VisitMode::ConferenceCall | VisitMode::GroupPresentation);
            prop_assert_eq!(verdict.qualifies(), majority && mode_ok && key);
            prop_assert_eq!(verdict.shortfalls.len(), usize::from(!majority) + usize::from(!mode_ok) + usize::from(!key));
        }

        /// Presenting more services never turns a qualifying visit into a failing one.
        #[test]
        fn more_services_never_hurt(
            slate in proptest::collection::vec(0u8..20, 1..12),
            presented in proptest::collection::vec(0u8..20, 0..12),
            extra in 0u8..20,
        ) {
            let slate = ids(&slate);
            let mut presented = ids(&presented);
            let before = assess(&presented, &slate, VisitMode::InPerson, true).qualifies();
            presented.insert(ServiceId(Uuid::from_u128(u128::from(extra))));
            let after = assess(&presented, &slate, VisitMode::InPerson, true).qualifies();
            prop_assert!(!before || after);
        }
    }
}

/// The rule for every business of a visit. `key_met` says, per business, whether one of the
/// contacts met there is a key representative of it.
pub fn assess_visit(
    presented: &BTreeSet<ServiceId>,
    active_slate: &BTreeSet<ServiceId>,
    mode: VisitMode,
    key_met: &[(crate::model::BusinessId, bool)],
) -> Vec<(crate::model::BusinessId, Assessment)> {
    key_met
        .iter()
        .map(|(business, met)| (*business, assess(presented, active_slate, mode, *met)))
        .collect()
}
