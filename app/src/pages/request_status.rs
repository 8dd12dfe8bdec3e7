//! Following an assistance request by its reference number: where it stands and when each
//! stage was reached. No names, e-mails or notes are shown here.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::track_assistance_request;
use crate::components::problem::Problem;
use crate::error::AppError;
use crate::model::{AssistanceStatus, PublicStatus};
use crate::resource::load;
use crate::rules::states;

#[component]
pub fn RequestStatusPage() -> impl IntoView {
    let query = use_query_map();
    let reference = Memo::new(move |_| query.with(|q| q.get("reference").unwrap_or_default()));
    let sent = Memo::new(move |_| query.with(|q| q.get("sent").is_some()));
    let status = load(
        move || reference.get(),
        |reference| async move {
            if reference.trim().is_empty() {
                return None;
            }
            Some(track_assistance_request(reference).await)
        },
    );
    view! {
        <Title text="Follow a request" />
        <p><a href="/programs">"← All programs"</a></p>
        <h1>"Follow an assistance request"</h1>
        <form method="get" action="/programs/status" class="filters">
            <div class="field">
                <label for="status-reference">"Reference number"</label>
                <input id="status-reference" name="reference" value=move || reference.get() placeholder="TA-7K3QD-9XM2B" autocomplete="off" required=true />
            </div>
            <button type="submit" class="button">"Look it up"</button>
        </form>
        <Transition fallback=|| view! { <p class="loading">"Looking it up…"</p> }>
            {move || Suspend::new(async move {
                match status.await {
                    None => view! { <p class="muted">"Type the reference number you were given when you sent your request."</p> }.into_any(),
                    Some(Ok(status)) => view! { <Status status sent=sent.get_untracked() /> }.into_any(),
                    Some(Err(AppError::NotFound { .. })) => view! {
                        <p class="alert" role="alert">"No request has that reference. Check it against the one you were given; letters and digits are easy to mix up."</p>
                    }.into_any(),
                    Some(Err(error @ AppError::Invalid { .. })) => view! { <p class="alert" role="alert">{error.to_string()}</p> }.into_any(),
                    Some(Err(error)) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Status(status: PublicStatus, sent: bool) -> impl IntoView {
    let reached = |stage: AssistanceStatus| {
        status
            .history
            .iter()
            .find(|(s, _)| *s == stage)
            .map(|(_, at)| at.describe_day())
    };
    let stages: Vec<_> = AssistanceStatus::ALL
        .into_iter()
        .map(|stage| (stage, reached(stage)))
        .collect();
    view! {
        {sent.then(|| view! {
            <div class="notice notice-success" role="status">
                <p><strong>"Your request was sent."</strong>" Keep this reference number to follow it: "<strong class="reference">{status.reference.clone()}</strong></p>
            </div>
        })}
        <section class="panel" aria-labelledby="status-title">
            <h2 id="status-title">{format!("Request {}", status.reference)}</h2>
            <dl class="facts">
                <dt>"Program"</dt>
                <dd>{status.program_title.clone()}</dd>
                <dt>"From"</dt>
                <dd>{states::name(&status.state).to_owned()}</dd>
                <dt>"Status"</dt>
                <dd><span class="badge" data-status=status.status.as_str()>{status.status.label()}</span></dd>
                {status.scheduled_for.map(|date| view! {
                    <dt>"Scheduled for"</dt>
                    <dd>{format!("{}{}", date.format("%a %-d %b %Y"), status.scheduled_mode.map(|m| format!(", {}", m.label().to_lowercase())).unwrap_or_default())}</dd>
                })}
            </dl>
            <p>{status.status.explain()}</p>
            <ol class="stages" aria-label="Progress">
                {stages.into_iter().map(|(stage, at)| view! {
                    <li class:done=at.is_some()>
                        <span>{stage.label()}</span>
                        " "
                        <span class="muted">{at.clone().unwrap_or_else(|| "not yet".to_owned())}</span>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}
