//! The administrators' pages, one link each; shown to administrators only.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::user::CurrentUser;
use crate::model::Role;

#[component]
pub fn AdminNav() -> impl IntoView {
    let user = CurrentUser::get();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let admin = match user {
                    Some(user) => user.0.await.ok().flatten().is_some_and(|me| me.role == Role::Admin),
                    None => false,
                };
                admin.then(|| view! {
                    <nav aria-label="Administration" class="tabs">
                        <ul>
                            <li><A href="/admin" exact=true>"Users"</A></li>
                            <li><A href="/admin/organisation">"Organisation"</A></li>
                            <li><A href="/admin/slate">"Slate of services"</A></li>
                            <li><A href="/admin/visit-kinds">"Activity types"</A></li>
                            <li><A href="/admin/counts">"Establishment counts"</A></li>
                            <li><A href="/admin/duplicates">"Possible duplicates"</A></li>
                        </ul>
                    </nav>
                })
            })}
        </Suspense>
    }
}
