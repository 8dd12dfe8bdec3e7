//! Pieces of page shared by several routes.

pub mod admin_nav;
pub mod chart;
pub mod field;
pub mod gate;
pub mod header;
pub mod modes;
pub mod problem;
pub mod saved;
pub mod sync_status;
pub mod user;
