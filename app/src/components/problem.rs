//! How an error is shown on a page: what happened and what the person can do about it.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use crate::error::AppError;
use crate::url::encode_component;

#[component]
pub fn Problem(error: AppError) -> impl IntoView {
    let location = use_location();
    match error {
        AppError::NotSignedIn | AppError::SessionExpired => {
            let here = location.pathname.get_untracked();
            let reason = if error == AppError::SessionExpired {
                "error=expired&"
            } else {
                ""
            };
            let next = format!("/sign-in?{reason}next={}", encode_component(&here));
            view! { <Redirect path=next /> }.into_any()
        }
        AppError::Forbidden { .. } => view! {
            <section class="problem" aria-labelledby="problem-title">
                <h1 id="problem-title">"Not allowed"</h1>
                <p>{error.to_string()}</p>
                <p><a href="/">"Back to your home page"</a></p>
            </section>
        }
        .into_any(),
        AppError::NotFound { .. } => view! {
            <section class="problem" aria-labelledby="problem-title">
                <h1 id="problem-title">"Not found"</h1>
                <p>{error.to_string()}</p>
            </section>
        }
        .into_any(),
        other => view! {
            <section class="problem" role="alert" aria-labelledby="problem-title">
                <h1 id="problem-title">"Something went wrong"</h1>
                <p>{other.to_string()}</p>
            </section>
        }
        .into_any(),
    }
}
