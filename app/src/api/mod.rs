//! Server functions: each one a few lines that validate, take the guard and call the backend.

mod account;
mod businesses;
mod visits;

pub use account::*;
pub use businesses::*;
pub use visits::*;
