//! One file per page.

mod account_password;
mod admin_counts;
mod admin_duplicates;
mod admin_organisation;
mod admin_slate;
mod admin_users;
mod admin_visit_kinds;
mod business;
mod business_merge;
mod business_new;
mod businesses;
mod home;
mod not_found;
mod placeholder;
mod sign_in;
mod visit;
mod visit_new;
mod visits;

pub use account_password::AccountPassword;
pub use admin_counts::AdminCounts;
pub use admin_duplicates::AdminDuplicates;
pub use admin_organisation::AdminOrganisation;
pub use admin_slate::AdminSlate;
pub use admin_users::AdminUsers;
pub use admin_visit_kinds::AdminVisitKinds;
pub use business::BusinessPage;
pub use business_merge::BusinessMerge;
pub use business_new::{BusinessEdit, BusinessNew};
pub use businesses::Businesses;
pub use home::Home;
pub use not_found::NotFound;
pub use placeholder::Placeholder;
pub use sign_in::{SignIn, SignInProblem};
pub use visit::VisitPage;
pub use visit_new::{VisitEdit, VisitNew};
pub use visits::Visits;
