//! Server functions: each one a few lines that validate, take the guard and call the backend.

mod account;
mod admin;
mod businesses;
mod committees;
mod dashboard;
mod notifications;
mod reference;
mod visits;

pub use account::*;
pub use admin::*;
pub use businesses::*;
pub use committees::*;
pub use dashboard::*;
pub use notifications::*;
pub use reference::*;
pub use visits::*;
