//! A staff member's program submissions, and whether the window is open to send one.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::list_my_submissions;
use crate::components::problem::Problem;
use crate::model::{MySubmissions, SubmissionStatus};
use crate::resource::load;

#[component]
pub fn SubmissionsPage() -> impl IntoView {
    let mine = load(|| (), |_| list_my_submissions());
    view! {
        <Title text="Program submissions" />
        <div class="page-head">
            <h1>"Program submissions"</h1>
            <a class="button button-primary" href="/submissions/new">"Start a submission"</a>
        </div>
        <p class="lede">"Share a program that works with workforce colleagues across the country. Fill in the template; the Peer to Peer coordinator reviews it and, once accepted, it joins the public catalogue."</p>
        <Transition fallback=|| view! { <p class="loading">"Loading your submissions…"</p> }>
            {move || Suspend::new(async move {
                match mine.await {
                    Ok(mine) => view! { <List mine /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn List(mine: MySubmissions) -> impl IntoView {
    view! {
        <WindowNotice open=mine.window.open message=mine.window.message.clone() />
        {if mine.submissions.is_empty() {
            view! { <div class="empty" role="status"><p>"You have no submissions yet. Start one: drafts are kept until you send them."</p></div> }.into_any()
        } else {
            view! {
                <div class="table-wrap"><table>
                    <caption>"Your submissions"</caption>
                    <thead><tr><th scope="col">"Program"</th><th scope="col">"Status"</th><th scope="col">"Last changed"</th></tr></thead>
                    <tbody>
                        {mine.submissions.into_iter().map(|row| view! {
                            <tr>
                                <td><a href=format!("/submissions/{}", row.id)>{row.title.clone()}</a></td>
                                <td><span class="badge" class:badge-warn=row.status == SubmissionStatus::Returned>{row.status.label()}</span></td>
                                <td>{row.updated_at.describe()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            }.into_any()
        }}
    }
}

/// Whether submissions are taken now: green while the window is open.
#[component]
pub fn WindowNotice(open: bool, message: String) -> impl IntoView {
    view! {
        <p class=if open { "notice notice-success" } else { "notice" } role="status">{message}</p>
    }
}
