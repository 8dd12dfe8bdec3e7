//! The TA coordinator's desk: the submission window, submissions waiting for a decision, and
//! other states' assistance requests by status.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{CloseSubmissionWindow, OpenSubmissionWindow, get_assistance_overview};
use crate::components::field::Field;
use crate::components::problem::Problem;
use crate::components::saved::count_successes;
use crate::error::AppError;
use crate::model::{AssistanceOverview, StateTime, WindowStatus};
use crate::resource::load;
use crate::rules::states;

#[component]
pub fn AssistancePage() -> impl IntoView {
    let query = use_query_map();
    let status = Memo::new(move |_| query.with(|q| q.get("status").unwrap_or_default()));
    let open = ServerAction::<OpenSubmissionWindow>::new();
    let close = ServerAction::<CloseSubmissionWindow>::new();
    let changed = RwSignal::new(0usize);
    count_successes(open, changed);
    count_successes(close, changed);
    let overview = load(
        move || (status.get(), changed.get()),
        |(status, _)| get_assistance_overview(status),
    );
    view! {
        <Title text="Technical assistance" />
        <h1>"Technical assistance"</h1>
        <Transition fallback=|| view! { <p class="loading">"Loading requests…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <Desk overview status=status.get_untracked() open close /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Desk(
    overview: AssistanceOverview,
    status: String,
    open: ServerAction<OpenSubmissionWindow>,
    close: ServerAction<CloseSubmissionWindow>,
) -> impl IntoView {
    let total: u64 = overview.counts.iter().map(|(_, n)| n).sum();
    view! {
        <section class="panel" aria-labelledby="requests-title">
            <h2 id="requests-title">"Assistance requests"</h2>
            <nav class="chips" aria-label="Requests by status">
                <a class="chip" href="/assistance" aria-current=status.is_empty().then_some("page")>{format!("All ({total})")}</a>
                {overview.counts.iter().map(|(s, n)| view! {
                    <a class="chip" href=format!("/assistance?status={}", s.as_str()) aria-current=(status == s.as_str()).then_some("page")>{format!("{} ({n})", s.label())}</a>
                }).collect_view()}
            </nav>
            {if overview.requests.is_empty() {
                view! { <div class="empty" role="status"><p>"No request here. Requests other states send from the public catalogue appear in this list."</p></div> }.into_any()
            } else {
                view! {
                    <div class="table-wrap"><table>
                        <thead><tr>
                            <th scope="col">"Reference"</th><th scope="col">"Received"</th><th scope="col">"Program"</th>
                            <th scope="col">"Agency"</th><th scope="col">"State"</th><th scope="col">"Status"</th><th scope="col">"Scheduled"</th>
                        </tr></thead>
                        <tbody>
                            {overview.requests.into_iter().map(|row| view! {
                                <tr>
                                    <td class="nowrap"><a href=format!("/assistance/requests/{}", row.id)>{row.reference.clone()}</a></td>
                                    <td>{row.received_at.describe_day()}</td>
                                    <td>{row.program_title.clone()}</td>
                                    <td>{row.agency.clone()}</td>
                                    <td>{states::name(&row.state).to_owned()}</td>
                                    <td><span class="badge" data-status=row.status.as_str()>{row.status.label()}</span></td>
                                    <td>{row.scheduled_for.map(|d| d.format("%-d %b %Y").to_string()).unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="waiting-title">
            <h2 id="waiting-title">"Submissions waiting for a decision"</h2>
            {if overview.waiting.is_empty() {
                view! { <p class="muted">"None waiting."</p> }.into_any()
            } else {
                view! {
                    <ul class="request-list">
                        {overview.waiting.into_iter().map(|row| view! {
                            <li>
                                <a href=format!("/submissions/{}", row.id)>{row.title.clone()}</a>
                                <span class="muted">{format!(" · {} · {}", row.author_name, row.submitted_at.as_ref().map(StateTime::describe).unwrap_or_default())}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <WindowPanel window=overview.window open close />
    }
}

#[component]
fn WindowPanel(
    window: WindowStatus,
    open: ServerAction<OpenSubmissionWindow>,
    close: ServerAction<CloseSubmissionWindow>,
) -> impl IntoView {
    let failure = move || open.value().get().and_then(Result::err);
    let error_for =
        move |name: &'static str| Signal::derive(move || failure().and_then(|e| e.field(name)));
    let close_failure = move || close.value().get().and_then(Result::err);
    view! {
        <section class="panel" aria-labelledby="window-title">
            <h2 id="window-title">"Submission window"</h2>
            <p role="status">{window.message.clone()}</p>
            {window.open.then(|| view! {
                <ActionForm action=close>
                    {move || close_failure().map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
                    <button type="submit" class="button button-danger">"Close submissions now"</button>
                </ActionForm>
            })}
            <ActionForm action=open attr:class="form form-inline">
                {move || failure().filter(|e| !matches!(e, AppError::InvalidFields(_))).map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
                <Field label="Closing date" form="draft" name="closes_on" kind="date" required=true error=error_for("closes_on") />
                <Field label="Closing time" form="draft" name="closes_at" kind="time" hint="Local time; empty means 17:00." error=error_for("closes_at") />
                <button type="submit" class="button button-primary">{if window.open { "Change the deadline" } else { "Open submissions" }}</button>
            </ActionForm>
        </section>
    }
}
