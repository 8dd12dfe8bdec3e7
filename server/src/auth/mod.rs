//! Accounts and sessions: password hashing, database-backed sessions, sign-in throttling,
//! and the sign-in and sign-out routes.

pub mod password;
pub mod routes;
pub mod session;
pub mod throttle;

pub use session::{SESSION_COOKIE, resolve_session};
