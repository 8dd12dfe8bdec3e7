//! The page for an address that matches no route.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found" />
        <section class="problem">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. Check the link, or start again from the home page."</p>
            <p><a href="/">"Go to the home page"</a></p>
        </section>
    }
}
