//! One assistance request for the coordinator: who asked for what, its history with notes,
//! and the form that schedules, delivers, closes or notes it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{UpdateAssistanceRequest, get_assistance_request};
use crate::components::field::{Field, TextArea};
use crate::components::modes::ModeList;
use crate::components::problem::Problem;
use crate::components::saved::count_successes;
use crate::error::AppError;
use crate::model::{AssistanceDetail, AssistanceRequestId, DeliveryMode};
use crate::resource::load;
use crate::rules::assistance::next_statuses;
use crate::rules::states;

#[component]
pub fn AssistanceRequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<uuid::Uuid>().ok())
                .map(AssistanceRequestId)
        })
    });
    let update = ServerAction::<UpdateAssistanceRequest>::new();
    let changed = RwSignal::new(0usize);
    count_successes(update, changed);
    let detail = load(
        move || (id.get(), changed.get()),
        |(id, _)| async move {
            let id = id.ok_or(AppError::NotFound {
                what: "That assistance request".to_owned(),
            })?;
            get_assistance_request(id).await
        },
    );
    view! {
        <p><a href="/assistance">"← All requests"</a></p>
        <Transition fallback=|| view! { <p class="loading">"Loading the request…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <Request detail update /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Request(
    detail: AssistanceDetail,
    update: ServerAction<UpdateAssistanceRequest>,
) -> impl IntoView {
    let row = detail.row.clone();
    let fields = detail.fields.clone();
    view! {
        <Title text=format!("Request {}", row.reference) />
        <div class="page-head">
            <h1>{format!("Request {}", row.reference)}</h1>
            <span class="badge" data-status=row.status.as_str()>{row.status.label()}</span>
        </div>
        <dl class="facts facts-wide">
            <dt>"Program"</dt><dd><a href=format!("/programs/{}", detail.program)>{row.program_title.clone()}</a></dd>
            <dt>"From"</dt><dd>{format!("{}, {} ({})", fields.name, fields.agency, states::name(&fields.state))}</dd>
            <dt>"E-mail"</dt><dd><a href=format!("mailto:{}", fields.email)>{fields.email.clone()}</a></dd>
            <dt>"What they need"</dt><dd>{fields.need.clone()}</dd>
            <dt>"Preferred modes"</dt><dd><ModeList modes=fields.modes.clone() /></dd>
            <dt>"Preferred dates"</dt><dd>{if fields.dates.is_empty() { "Not given".to_owned() } else { fields.dates.clone() }}</dd>
            <dt>"Received"</dt><dd>{row.received_at.describe()}</dd>
            {row.scheduled_for.map(|date| view! {
                <dt>"Scheduled for"</dt>
                <dd>{format!("{}{}", date.format("%a %-d %b %Y"), detail.scheduled_mode.map(|m| format!(", {}", m.label().to_lowercase())).unwrap_or_default())}</dd>
            })}
        </dl>
        <section class="panel" aria-labelledby="history-title">
            <h2 id="history-title">"History"</h2>
            <ol class="history">
                {detail.updates.iter().map(|u| view! {
                    <li>
                        <strong>{u.status.label()}</strong>
                        <span class="muted">{format!(" · {}{}", u.at.describe(), u.by.clone().map(|by| format!(" · {by}")).unwrap_or_default())}</span>
                        {(!u.note.is_empty()).then(|| view! { <p>{u.note.clone()}</p> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
        <UpdateForm detail update />
    }
}

#[component]
fn UpdateForm(
    detail: AssistanceDetail,
    update: ServerAction<UpdateAssistanceRequest>,
) -> impl IntoView {
    let failure = move || update.value().get().and_then(Result::err);
    let error_for =
        move |name: &'static str| Signal::derive(move || failure().and_then(|e| e.field(name)));
    let current = detail.row.status;
    let next = next_statuses(current);
    let mode_error = error_for("scheduled_mode");
    let status_error = error_for("status");
    view! {
        <section class="panel" aria-labelledby="update-title">
            <h2 id="update-title">"Move it on"</h2>
            <ActionForm action=update attr:class="form">
                <input type="hidden" name="request" value=detail.row.id.to_string() />
                {move || failure().filter(|e| !matches!(e, AppError::InvalidFields(_))).map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
                <div class="field" class:field-invalid=move || status_error.get().is_some()>
                    <label for="draft-status">"Status"</label>
                    <select id="draft-status" name="draft[status]">
                        <option value=current.as_str() selected=true>{format!("{} (no change)", current.label())}</option>
                        {next.into_iter().filter(|s| *s != current).map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                    </select>
                    {move || status_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <Field label="Date it takes place" form="draft" name="scheduled_for" kind="date" hint="When scheduling or rescheduling." error=error_for("scheduled_for") />
                <div class="field" class:field-invalid=move || mode_error.get().is_some()>
                    <label for="draft-scheduled_mode">"Delivered by"</label>
                    <select id="draft-scheduled_mode" name="draft[scheduled_mode]">
                        <option value="">"Choose when scheduling"</option>
                        {DeliveryMode::ALL.into_iter().map(|m| view! { <option value=m.as_str()>{m.label()}</option> }).collect_view()}
                    </select>
                    {move || mode_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <TextArea label="Note" form="draft" name="note" rows=3 hint="Kept in the history for coordinators; the requester never sees notes." error=error_for("note") />
                <button type="submit" class="button button-primary">"Save"</button>
            </ActionForm>
        </section>
    }
}
