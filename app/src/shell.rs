//! The HTML document, the router and the page frame every route shares.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{Lazy, LazyRoute, SsrMode, path};

use crate::api::current_user;
use crate::components::header::Header;
use crate::components::sync_status::{ClockWarning, DeviceWatch, UpdateBanner};
use crate::components::user::CurrentUser;
use crate::pages::{
    AccountPassword, AdminCounts, AdminDuplicates, AdminOrganisation, AdminSlate, AdminUsers,
    AdminVisitKinds, AssistancePage, AssistanceRequestPage, BusinessEdit, BusinessMerge,
    BusinessNew, BusinessPage, Businesses, CommitteePage, Committees, DashboardPage, Home,
    NotFound, Notifications, PersonPage, ProgramPage, Programs, RequestStatusPage, SignIn,
    SubmissionNew, SubmissionPage, SubmissionsPage, SyncPage, VisitEdit, VisitNew, VisitPage,
    Visits,
};
use crate::resource::load;
#[cfg(all(feature = "split", target_family = "wasm"))]
use crate::retry::{PAGE_CODE_PAUSES, retrying};

/// Set on `<body>` once the browser has hydrated the page: it reacts to clicks from then on.
pub const HYDRATED_ATTRIBUTE: &str = "data-hydrated";

/// A page group's wasm could not be fetched: the network dropped on the first visit, before
/// the service worker kept the files. Only a split build in the browser makes one.
#[derive(Debug)]
#[cfg_attr(not(all(feature = "split", target_family = "wasm")), allow(dead_code))]
struct PageCodeMissing;

#[cfg(all(feature = "split", target_family = "wasm"))]
impl From<leptos::wasm_split::SplitLoaderError> for PageCodeMissing {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Self
    }
}

/// Waits on the browser's timer.
#[cfg(all(feature = "split", target_family = "wasm"))]
async fn pause(wait: std::time::Duration) {
    let millis = i32::try_from(wait.as_millis()).unwrap_or(i32::MAX);
    let timer = js_sys::Promise::new(&mut |resolve, _reject| {
        let set = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
        // Without a timer, go on at once rather than wait forever.
        if set.is_err() {
            let _ = resolve.call0(&leptos::wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    // It only ever resolves.
    let _ = wasm_bindgen_futures::JsFuture::from(timer).await;
}

/// Fetches a group's code while the first page hydrates. Once the page is live this does
/// nothing: the router's view fetches (and tries again) itself, and shows
/// [`PageCodeMissingNotice`] when it cannot. While hydrating, a failed fetch is tried again
/// after a pause or two; then, as nothing may be drawn in place of the server's markup
/// (hydration would stop on the mismatch), the page stays as the server sent it, whose links
/// and forms work without wasm, with a notice on top, and hydration waits for a reload.
#[cfg(all(feature = "split", target_family = "wasm"))]
async fn preload_group<F>(preload: impl FnMut() -> F)
where
    F: Future<Output = Result<(), leptos::wasm_split::SplitLoaderError>>,
{
    use leptos::wasm_bindgen::{JsCast, closure::Closure};

    let Some(body) = document().body() else {
        return;
    };
    if body.has_attribute(HYDRATED_ATTRIBUTE) {
        return;
    }
    // The router already listens for clicks on links to open pages itself, which it cannot do
    // before the page has its code: stopped on the way down, each link is a plain link (a full
    // load) until the page hydrates.
    let plain_links =
        Closure::<dyn Fn(leptos::web_sys::Event)>::new(|event: leptos::web_sys::Event| {
            event.stop_propagation();
        });
    let listen = |on: bool| {
        let listener = plain_links.as_ref().unchecked_ref();
        let _ = if on {
            document().add_event_listener_with_callback_and_bool("click", listener, true)
        } else {
            document().remove_event_listener_with_callback_and_bool("click", listener, true)
        };
    };
    listen(true);
    if retrying(&PAGE_CODE_PAUSES, preload, pause).await.is_ok() {
        listen(false);
        return;
    }
    // Nothing more can be done for a page whose notice cannot be drawn.
    if let Ok(notice) = document().create_element("div") {
        notice.set_class_name("alert");
        let _ = notice.set_attribute("role", "alert");
        notice.set_inner_html(
            "<strong>Part of this page did not load.</strong> Its code did not arrive; the \
             connection may have dropped. The page works in its plain form, and what is stored \
             on this device is safe. <a href=\"\">Reload the page</a> to try again.",
        );
        let _ = body.prepend_with_node_1(&notice);
    }
    // The frame's `<Title>` has hydrated and cleared the server's title, and the page's own
    // will not run.
    document().set_title("Page not fully loaded · BizWorks");
    // Links stay plain as long as the page lives.
    plain_links.forget();
    std::future::pending::<()>().await;
}

/// In place of a page whose code could not be fetched, after the app is live. When the
/// browser says this device is back online, the page opens again by itself.
#[component]
fn PageCodeMissingNotice() -> impl IntoView {
    let location = use_location();
    let here = move || {
        let search = location.search.get();
        let mark = if search.is_empty() { "" } else { "?" };
        format!("{}{mark}{search}", location.pathname.get())
    };
    // A full load, as "Try again" is: nothing on this page was typed that it could lose.
    let online = window_event_listener(leptos::ev::online, move |_| {
        let _ = window().location().set_href(&untrack(here));
    });
    on_cleanup(move || online.remove());
    view! {
        <Title text="Page not loaded" />
        <section class="problem" role="alert" aria-labelledby="problem-title">
            <h1 id="problem-title">"This page could not be opened"</h1>
            <p>
                "Part of the app that this page needs did not arrive: the connection may have \
                 dropped. What is stored on this device is safe. It opens by itself when this \
                 device comes back online."
            </p>
            // A full load: the router would not fetch the same page again.
            <p><a class="button" href=here rel="external">"Try again"</a></p>
        </section>
    }
}

/// Pages are lazily loaded routes, in groups by who opens them. Every build the Makefile makes
/// (`cargo leptos build --split`, with the `split` feature) puts each group's code in its own
/// wasm files, fetched when one of its pages is first opened, so a page's first load carries
/// the frame (header, sync badge, device) and its own group rather than all 32 pages. Groups rather than one file per page:
/// per-page splitting cut the code into some 580 files, 235 of them for "new visit" alone.
/// The service worker keeps every file, so the pages still open offline.
macro_rules! page_group {
    ($load:ident, $preload:ident, $group:ident { $($route:ident => $page:ident),* $(,)? }) => {
        /// Which page of the group to open (the group's code is loaded as one).
        #[derive(Clone, Copy)]
        #[allow(clippy::enum_variant_names)] // Named after the routes they open.
        enum $group {
            $($route),*
        }

        // Split builds in the browser: the group's code is its own wasm files, fetched on the
        // first call. `fallible`, which leptos's `#[lazy]` does not ask for, turns a failed fetch
        // into an `Err` the page can show, where a panic would abort the whole app.
        #[cfg(all(feature = "split", target_family = "wasm"))]
        #[leptos::wasm_split::wasm_split(
            $load,
            wasm_split_path = ::leptos::wasm_split,
            preload(#[doc(hidden)] $preload),
            fallible,
            return_wrapper(let view = _; { Ok(*view) } -> Result<AnyView, PageCodeMissing>),
        )]
        // A thin pointer across the split's `extern "C"` call, rather than the view itself.
        fn $load(page: $group) -> Box<AnyView> {
            Box::new(match page {
                $($group::$route => $page().into_any()),*
            })
        }

        // Everywhere else the whole app is one binary and there is nothing to fetch.
        #[cfg(not(all(feature = "split", target_family = "wasm")))]
        async fn $load(page: $group) -> Result<AnyView, PageCodeMissing> {
            Ok(match page {
                $($group::$route => $page().into_any()),*
            })
        }

        $(
            struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    Self
                }

                // Hydration walks the server's markup only after the route's loaders are done;
                // this is what makes the group's wasm part of them.
                async fn preload() {
                    #[cfg(all(feature = "split", target_family = "wasm"))]
                    preload_group($preload).await;
                }

                async fn view(_this: Self) -> AnyView {
                    // A connection that dropped for a moment costs a short wait, not a notice.
                    #[cfg(all(feature = "split", target_family = "wasm"))]
                    let loaded = retrying(&PAGE_CODE_PAUSES, || $load($group::$route), pause).await;
                    #[cfg(not(all(feature = "split", target_family = "wasm")))]
                    let loaded = $load($group::$route).await;
                    match loaded {
                        Ok(view) => view,
                        Err(PageCodeMissing) => view! { <PageCodeMissingNotice /> }.into_any(),
                    }
                }
            }
        )*
    };
}

// The pages everyone opens first: small, so signing in does not wait for the field rep's forms.
page_group!(start_pages, __preload_start_pages, StartGroup {
    HomeRoute => Home,
    SignInRoute => SignIn,
    AccountPasswordRoute => AccountPassword,
});

// A field rep's day: visits, businesses and the outbox.
page_group!(field_pages, __preload_field_pages, FieldGroup {
    SyncRoute => SyncPage,
    BusinessesRoute => Businesses,
    BusinessNewRoute => BusinessNew,
    BusinessRoute => BusinessPage,
    BusinessEditRoute => BusinessEdit,
    BusinessMergeRoute => BusinessMerge,
    VisitsRoute => Visits,
    VisitNewRoute => VisitNew,
    VisitRoute => VisitPage,
    VisitEditRoute => VisitEdit,
});

// Committee members and regional teams.
page_group!(committee_pages, __preload_committee_pages, CommitteeGroup {
    CommitteesRoute => Committees,
    CommitteeRoute => CommitteePage,
    PersonRoute => PersonPage,
    NotificationsRoute => Notifications,
});

// Showcased programs, submissions and technical assistance.
page_group!(program_pages, __preload_program_pages, ProgramGroup {
    ProgramsRoute => Programs,
    RequestStatusRoute => RequestStatusPage,
    ProgramRoute => ProgramPage,
    SubmissionsRoute => SubmissionsPage,
    SubmissionNewRoute => SubmissionNew,
    SubmissionRoute => SubmissionPage,
    AssistanceRoute => AssistancePage,
    AssistanceRequestRoute => AssistanceRequestPage,
});

// Directors.
page_group!(director_pages, __preload_director_pages, DirectorGroup {
    DashboardRoute => DashboardPage,
});

// Administrators.
page_group!(admin_pages, __preload_admin_pages, AdminGroup {
    AdminUsersRoute => AdminUsers,
    AdminDuplicatesRoute => AdminDuplicates,
    AdminSlateRoute => AdminSlate,
    AdminOrganisationRoute => AdminOrganisation,
    AdminVisitKindsRoute => AdminVisitKinds,
    AdminCountsRoute => AdminCounts,
});

/// The document the server renders around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0b4f6c" />
                <meta name="description" content="BizWorks: employer engagement for the workforce system" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: a header with the navigation, and the routed page.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    CurrentUser::provide(load(|| (), |_| current_user()));

    // Pages render whole on the server (`SsrMode::Async`): they work without JavaScript, and a
    // refused page can still answer 403 before any byte is sent.
    let ssr = SsrMode::Async;
    view! {
        <Stylesheet id="leptos" href="/pkg/bizworks.css" />
        <Title formatter=|title: String| {
            if title.is_empty() { "BizWorks".to_owned() } else { format!("{title} · BizWorks") }
        } />
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <DeviceWatch />
            <Header />
            <UpdateBanner />
            <ClockWarning />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view={Lazy::<HomeRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/sign-in") view={Lazy::<SignInRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/sync") view={Lazy::<SyncRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/account/password") view={Lazy::<AccountPasswordRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/admin") view={Lazy::<AdminUsersRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/admin/duplicates") view={Lazy::<AdminDuplicatesRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/admin/slate") view={Lazy::<AdminSlateRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/admin/organisation") view={Lazy::<AdminOrganisationRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/admin/visit-kinds") view={Lazy::<AdminVisitKindsRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/admin/counts") view={Lazy::<AdminCountsRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/dashboard") view={Lazy::<DashboardRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/businesses") view={Lazy::<BusinessesRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/businesses/new") view={Lazy::<BusinessNewRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/businesses/:id") view={Lazy::<BusinessRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/businesses/:id/edit") view={Lazy::<BusinessEditRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/businesses/:id/merge/:other") view={Lazy::<BusinessMergeRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/visits") view={Lazy::<VisitsRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/visits/new") view={Lazy::<VisitNewRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/visits/:id") view={Lazy::<VisitRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/visits/:id/edit") view={Lazy::<VisitEditRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/committees") view={Lazy::<CommitteesRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/committees/:id") view={Lazy::<CommitteeRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/people/:id") view={Lazy::<PersonRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/notifications") view={Lazy::<NotificationsRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/programs") view={Lazy::<ProgramsRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/programs/status") view={Lazy::<RequestStatusRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/programs/:id") view={Lazy::<ProgramRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/submissions") view={Lazy::<SubmissionsRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/submissions/new") view={Lazy::<SubmissionNewRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/submissions/:id") view={Lazy::<SubmissionRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/assistance") view={Lazy::<AssistanceRoute>::new()} ssr=ssr.clone() />
                    <Route path=path!("/assistance/requests/:id") view={Lazy::<AssistanceRequestRoute>::new()} ssr=ssr />
                </Routes>
            </main>
        </Router>
    }
}
