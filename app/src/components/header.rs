//! The top bar: brand, the main navigation for this person's role, and their account.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::access::areas_for;
use crate::components::user::CurrentUser;

#[component]
pub fn Header() -> impl IntoView {
    let user = CurrentUser::get();
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"BW"</span>
                <span class="brand-name">"BizWorks"</span>
            </a>
            <Suspense fallback=|| view! { <span class="topbar-loading">"Loading…"</span> }>
                {move || Suspend::new(async move {
                    let me = match user {
                        Some(user) => user.0.await.ok().flatten(),
                        None => None,
                    };
                    let links = areas_for(me.as_ref().map(|me| me.role))
                        .into_iter()
                        .map(|area| view! { <li><A href=area.path() exact=true>{area.label()}</A></li> })
                        .collect_view();
                    let account = match me {
                        Some(me) => view! {
                            <div class="account">
                                <span class="account-name">"Signed in as " <strong>{me.display_name}</strong></span>
                                <a class="button button-quiet" href="/account/password">"Password"</a>
                                <form method="post" action="/auth/sign-out">
                                    <button type="submit" class="button button-quiet">"Sign out"</button>
                                </form>
                            </div>
                        }.into_any(),
                        None => view! {
                            <div class="account">
                                <a class="button" href="/sign-in">"Sign in"</a>
                            </div>
                        }.into_any(),
                    };
                    view! {
                        <nav aria-label="Main" class="mainnav">
                            <ul>{links}</ul>
                        </nav>
                        {account}
                    }
                })}
            </Suspense>
        </header>
    }
}
