//! Server functions: each one a few lines that validate, take the guard and call the backend.

mod account;
mod admin;
mod assistance;
mod businesses;
mod committees;
mod dashboard;
mod notifications;
mod programs;
mod reference;
mod submissions;
mod visits;

pub use account::*;
pub use admin::*;
pub use assistance::*;
pub use businesses::*;
pub use committees::*;
pub use dashboard::*;
pub use notifications::*;
pub use programs::*;
pub use reference::*;
pub use submissions::*;
pub use visits::*;
