//! The typed models of the domain, one type per concept, shared by browser and server.

mod ids;
mod org;
mod role;
mod user;
mod visit;

pub use ids::{BoardId, BusinessId, CenterId, RegionId, ServiceId, UserId, VisitId};
pub use org::CenterPlace;
pub use role::{Role, Scope, UnknownRole};
pub use user::{SessionUser, UserRow};
pub use visit::{Stage, VisitMode};
