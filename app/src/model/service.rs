//! The slate of services the state offers employers.

use serde::{Deserialize, Serialize};

use super::{ServiceId, Stage};

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
