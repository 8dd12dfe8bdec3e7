//! Accounts and sessions: password hashing, database-backed sessions, sign-in throttling,
//! and the sign-in and sign-out routes.

pub mod change_password;
pub mod password;
pub mod routes;
pub mod session;
pub mod throttle;

pub use change_password::must_change_first;
pub use session::{SESSION_COOKIE, resolve_session};
