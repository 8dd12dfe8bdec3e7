//! The HTML document, the router and the page frame every route shares.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::api::current_user;
use crate::components::header::Header;
use crate::components::sync_status::{DeviceWatch, UpdateBanner};
use crate::components::user::CurrentUser;
use crate::pages::{
    AccountPassword, AdminCounts, AdminDuplicates, AdminOrganisation, AdminSlate, AdminUsers,
    AdminVisitKinds, AssistancePage, AssistanceRequestPage, BusinessEdit, BusinessMerge,
    BusinessNew, BusinessPage, Businesses, CommitteePage, Committees, DashboardPage, Home,
    NotFound, Notifications, PersonPage, ProgramPage, Programs, RequestStatusPage, SignIn,
    SubmissionNew, SubmissionPage, SubmissionsPage, SyncPage, VisitEdit, VisitNew, VisitPage,
    Visits,
};

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
    CurrentUser::provide(Resource::new(|| (), |_| current_user()));

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
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home ssr=ssr.clone() />
                    <Route path=path!("/sign-in") view=SignIn ssr=ssr.clone() />
                    <Route path=path!("/sync") view=SyncPage ssr=ssr.clone() />
                    <Route path=path!("/account/password") view=AccountPassword ssr=ssr.clone() />
                    <Route path=path!("/admin") view=AdminUsers ssr=ssr.clone() />
                    <Route path=path!("/admin/duplicates") view=AdminDuplicates ssr=ssr.clone() />
                    <Route path=path!("/admin/slate") view=AdminSlate ssr=ssr.clone() />
                    <Route path=path!("/admin/organisation") view=AdminOrganisation ssr=ssr.clone() />
                    <Route path=path!("/admin/visit-kinds") view=AdminVisitKinds ssr=ssr.clone() />
                    <Route path=path!("/admin/counts") view=AdminCounts ssr=ssr.clone() />
                    <Route path=path!("/dashboard") view=DashboardPage ssr=ssr.clone() />
                    <Route path=path!("/businesses") view=Businesses ssr=ssr.clone() />
                    <Route path=path!("/businesses/new") view=BusinessNew ssr=ssr.clone() />
                    <Route path=path!("/businesses/:id") view=BusinessPage ssr=ssr.clone() />
                    <Route path=path!("/businesses/:id/edit") view=BusinessEdit ssr=ssr.clone() />
                    <Route path=path!("/businesses/:id/merge/:other") view=BusinessMerge ssr=ssr.clone() />
                    <Route path=path!("/visits") view=Visits ssr=ssr.clone() />
                    <Route path=path!("/visits/new") view=VisitNew ssr=ssr.clone() />
                    <Route path=path!("/visits/:id") view=VisitPage ssr=ssr.clone() />
                    <Route path=path!("/visits/:id/edit") view=VisitEdit ssr=ssr.clone() />
                    <Route path=path!("/committees") view=Committees ssr=ssr.clone() />
                    <Route path=path!("/committees/:id") view=CommitteePage ssr=ssr.clone() />
                    <Route path=path!("/people/:id") view=PersonPage ssr=ssr.clone() />
                    <Route path=path!("/notifications") view=Notifications ssr=ssr.clone() />
                    <Route path=path!("/programs") view=Programs ssr=ssr.clone() />
                    <Route path=path!("/programs/status") view=RequestStatusPage ssr=ssr.clone() />
                    <Route path=path!("/programs/:id") view=ProgramPage ssr=ssr.clone() />
                    <Route path=path!("/submissions") view=SubmissionsPage ssr=ssr.clone() />
                    <Route path=path!("/submissions/new") view=SubmissionNew ssr=ssr.clone() />
                    <Route path=path!("/submissions/:id") view=SubmissionPage ssr=ssr.clone() />
                    <Route path=path!("/assistance") view=AssistancePage ssr=ssr.clone() />
                    <Route path=path!("/assistance/requests/:id") view=AssistanceRequestPage ssr=ssr />
                </Routes>
            </main>
        </Router>
    }
}
