//! One file per page.

mod admin_users;
mod home;
mod not_found;
mod placeholder;
mod sign_in;

pub use admin_users::AdminUsers;
pub use home::Home;
pub use not_found::NotFound;
pub use placeholder::Placeholder;
pub use sign_in::{SignIn, SignInProblem};
