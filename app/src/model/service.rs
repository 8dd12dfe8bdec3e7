//! The slate of services the state offers employers.

use serde::{Deserialize, Serialize};

use super::{ServiceId, Stage};

/// A service taken off the slate, as the visit form knows it: a visit dated on or before the
/// day it was retired may still name it (history keeps referring to it, and editing an old
/// visit must not make the rep drop it); a later one may not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetiredService {
    pub id: ServiceId,
    pub name: String,
    pub retired_on: chrono::NaiveDate,
}

/// One service of the slate. A retired service stays, so history can keep referring to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub id: ServiceId,
    pub name: String,
    pub description: String,
    /// The business-cycle stages it suits, which the visit form suggests it for.
    pub suggested_for: Vec<Stage>,
    pub retired: bool,
}

/// The slate form as typed: a name, what it offers, and the stages it suits (one box each).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceDraft {
    pub name: String,
    pub description: String,
    pub suits_start_up: bool,
    pub suits_growth: bool,
    pub suits_stable: bool,
    pub suits_decline: bool,
    pub suits_closing: bool,
}

impl ServiceDraft {
    /// The stages ticked, in cycle order.
    pub fn stages(&self) -> Vec<Stage> {
        [
            (Stage::StartUp, self.suits_start_up),
            (Stage::Growth, self.suits_growth),
            (Stage::Stable, self.suits_stable),
            (Stage::Decline, self.suits_decline),
            (Stage::Closing, self.suits_closing),
        ]
        .into_iter()
        .filter_map(|(stage, ticked)| ticked.then_some(stage))
        .collect()
    }
}

/// A service after validation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceFields {
    pub name: String,
    pub description: String,
    pub suggested_for: Vec<Stage>,
}
