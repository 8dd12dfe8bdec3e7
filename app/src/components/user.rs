//! The signed-in person, loaded once per page load and shared through context.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::SessionUser;

/// The resource holding who is signed in.
#[derive(Clone, Copy)]
pub struct CurrentUser(pub Resource<Result<Option<SessionUser>, AppError>>);

impl CurrentUser {
    pub fn provide(resource: Resource<Result<Option<SessionUser>, AppError>>) {
        provide_context(CurrentUser(resource));
    }

    pub fn get() -> Option<Self> {
        use_context::<CurrentUser>()
    }
}
