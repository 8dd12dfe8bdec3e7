//! The signed-in person, loaded once per page load and shared through context.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{Role, SessionUser};
use crate::resource::Loaded;

/// The resource holding who is signed in.
#[derive(Clone, Copy)]
pub struct CurrentUser(pub Loaded<Result<Option<SessionUser>, AppError>>);

impl CurrentUser {
    pub fn provide(resource: Loaded<Result<Option<SessionUser>, AppError>>) {
        provide_context(CurrentUser(resource));
    }

    pub fn get() -> Option<Self> {
        use_context::<CurrentUser>()
    }

    /// Whether the person signed in has `role`: false when signed out or not known.
    pub async fn is(user: Option<Self>, role: Role) -> bool {
        match user {
            Some(user) => user
                .0
                .await
                .ok()
                .flatten()
                .is_some_and(|me| me.role == role),
            None => false,
        }
    }
}
