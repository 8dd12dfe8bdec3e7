//! Which services to present to a business, from its business-cycle stage: growth calls for
//! recruiting help, on-the-job training and training grants; decline for Work Share and
//! Rapid Response; closing for Rapid Response re-employment; and so on, as the slate says.

use std::collections::BTreeSet;

use crate::model::{Service, ServiceId, Stage};

/// The active services that suit any of `stages` (a group presentation has several).
pub fn suggested_services(slate: &[Service], stages: &[Stage]) -> BTreeSet<ServiceId> {
    slate
        .iter()
        .filter(|service| !service.retired)
        .filter(|service| {
            service
                .suggested_for
                .iter()
                .any(|stage| stages.contains(stage))
        })
        .map(|service| service.id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn service(n: u128, suits: &[Stage], retired: bool) -> Service {
        Service {
            id: ServiceId(Uuid::from_u128(n)),
            name: format!("service {n}"),
            description: String::new(),
            suggested_for: suits.to_vec(),
            retired,
        }
    }

    #[test]
    fn stage_picks_its_services_and_skips_retired_ones() {
        let slate = [
            service(1, &[Stage::Growth, Stage::StartUp], false),
            service(2, &[Stage::Decline], false),
            service(3, &[Stage::Growth], true),
            service(4, &[Stage::Decline, Stage::Closing], false),
        ];
        let ids = |ns: &[u128]| ns.iter().map(|n| ServiceId(Uuid::from_u128(*n))).collect();
        assert_eq!(suggested_services(&slate, &[Stage::Growth]), ids(&[1]));
        assert_eq!(suggested_services(&slate, &[Stage::Decline]), ids(&[2, 4]));
        assert_eq!(
            suggested_services(&slate, &[Stage::Closing, Stage::StartUp]),
            ids(&[1, 4])
        );
        assert_eq!(suggested_services(&slate, &[Stage::Stable]), ids(&[]));
    }

    #[test]
    fn stages_round_trip_through_storage() {
        let stages = [Stage::Growth, Stage::Closing];
        assert_eq!(Stage::split(&Stage::join(&stages)), stages);
        assert_eq!(
            Stage::split("growth, bogus,decline"),
            [Stage::Growth, Stage::Decline]
        );
        assert_eq!(Stage::split(""), []);
    }
}
