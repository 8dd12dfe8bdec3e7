//! The top bar: brand, the main navigation for this person's role, and their account.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::access::areas_for;
use crate::components::sync_status::SyncBadge;
use crate::components::user::CurrentUser;
use crate::device::use_device;

#[component]
pub fn Header() -> impl IntoView {
    let user = CurrentUser::get();
    let device = use_device();
    // Signing out with entries not yet sent would strand them: refused, with the way out.
    let unsent = RwSignal::new(None::<usize>);
    let on_sign_out = move |event: leptos::ev::SubmitEvent| {
        let pending = device
            .get_untracked()
            .map(|d| d.0.state().pending.get_untracked())
            .unwrap_or(0);
        if pending > 0 {
            event.prevent_default();
            unsent.set(Some(pending));
        } else if let Some(device) = device.get_untracked() {
            device.0.signing_out();
        }
    };
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
                                <SyncBadge />
                                <span class="account-name">"Signed in as " <strong>{me.display_name}</strong></span>
                                <a class="button button-quiet" href="/notifications">"Notifications"</a>
                                <a class="button button-quiet" href="/account/password">"Password"</a>
                                <form method="post" action="/auth/sign-out" on:submit=on_sign_out>
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
        {move || unsent.get().map(|n| view! {
            <div class="alert sign-out-refused" role="alert">
                <p>
                    {if n == 1 { "1 entry on this device is not sent yet.".to_owned() } else { format!("{n} entries on this device are not sent yet.") }}
                    " Signing out now would leave them where nobody can send them. "
                    <a href="/sync">"Send them first"</a>
                    " (or download them from the sync page), then sign out."
                </p>
            </div>
        })}
    }
}
