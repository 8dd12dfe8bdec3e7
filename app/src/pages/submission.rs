//! The submission template: a new one, or one of the person's own while it is a draft or
//! returned; read-only once sent. A coordinator reading a sent one decides on it here.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{DecideSubmission, SaveSubmission, get_submission, list_my_submissions};
use crate::components::field::{Field, TextArea};
use crate::components::modes::{ModeChecks, ModeList};
use crate::components::problem::Problem;
use crate::error::AppError;
use crate::model::{
    DeliveryMode, SubmissionDetail, SubmissionDraft, SubmissionId, SubmissionStatus,
};
use crate::pages::submissions::WindowNotice;
use crate::resource::load;

/// A new submission. Its id is made here, so saving twice updates one draft.
#[component]
pub fn SubmissionNew() -> impl IntoView {
    let id = StoredValue::new(SubmissionId::new_v7());
    let window = load(|| (), |_| list_my_submissions());
    view! {
        <Title text="New submission" />
        <p><a href="/submissions">"← Your submissions"</a></p>
        <h1>"Submit a program"</h1>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match window.await {
                    Ok(mine) => view! {
                        <WindowNotice open=mine.window.open message=mine.window.message />
                        <Template id=id.get_value() draft=SubmissionDraft::default() />
                    }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn SubmissionPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<uuid::Uuid>().ok())
                .map(SubmissionId)
        })
    });
    let saved = Memo::new(move |_| query.with(|q| q.get("saved")));
    let detail = load(
        move || (id.get(), saved.get()),
        |(id, _)| async move {
            let id = id.ok_or(AppError::NotFound {
                what: "That submission".to_owned(),
            })?;
            get_submission(id).await
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the submission…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <Submission detail saved=saved.get_untracked() /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Submission(detail: SubmissionDetail, saved: Option<String>) -> impl IntoView {
    let banner = match saved.as_deref() {
        Some("submitted") => {
            Some("Submitted. The coordinator will review it; you will be notified of the decision.")
        }
        Some("draft") => Some("Draft saved. Only you can see it until you submit it."),
        _ => None,
    };
    view! {
        <Title text=detail.fields.title.clone() />
        <p><a href="/submissions">"← Your submissions"</a></p>
        <div class="page-head">
            <h1>{detail.fields.title.clone()}</h1>
            <span class="badge" class:badge-warn=detail.status == SubmissionStatus::Returned>{detail.status.label()}</span>
        </div>
        {banner.map(|text| view! { <p class="notice notice-success" role="status">{text}</p> })}
        {detail.comment.clone().map(|comment| view! {
            <div class="notice" role="note"><p><strong>"The coordinator's comments: "</strong>{comment}</p></div>
        })}
        {detail.program.map(|program| view! {
            <p><a href=format!("/programs/{program}")>"See it in the catalogue"</a></p>
        })}
        {detail.may_edit.then(|| {
            // A returned submission may go back after the deadline; a draft waits for a window.
            let may_send = detail.window.open || !detail.status.needs_open_window();
            let message = if detail.window.open {
                detail.window.message.clone()
            } else if may_send {
                "The coordinator returned it to you, so you can send it back even though the window is closed.".to_owned()
            } else {
                detail.window.message.clone()
            };
            view! { <WindowNotice open=may_send message /> }
        })}
        {if detail.may_edit {
            view! { <Template id=detail.id draft=SubmissionDraft::from(&detail.fields) /> }.into_any()
        } else {
            view! { <ReadOnly detail=detail.clone() /> }.into_any()
        }}
        {detail.may_decide.then(|| view! { <DecisionForm id=detail.id /> })}
    }
}

#[component]
fn ReadOnly(detail: SubmissionDetail) -> impl IntoView {
    let f = detail.fields;
    view! {
        <p class="muted">{format!("By {}", detail.author_name)}{detail.submitted_at.as_ref().map(|at| format!(", submitted {}", at.describe()))}</p>
        <dl class="facts facts-wide">
            <dt>"Summary"</dt><dd>{f.summary}</dd>
            <dt>"The problem it solves"</dt><dd>{f.problem}</dd>
            <dt>"Outcomes"</dt><dd>{f.results}</dd>
            <dt>"What we can offer"</dt><dd>{f.offer}</dd>
            <dt>"Delivery modes"</dt><dd><ModeList modes=f.modes /></dd>
            <dt>"Topics"</dt><dd>{f.tags.join(", ")}</dd>
            <dt>"Travel costs foreseen"</dt><dd>{f.travel_costs}</dd>
            <dt>"Material costs foreseen"</dt><dd>{f.material_costs}</dd>
            <dt>"Contact"</dt><dd>{format!("{}, {}{}", f.contact_name, f.contact_email, f.contact_phone.map(|p| format!(", {p}")).unwrap_or_default())}</dd>
        </dl>
    }
}

#[component]
fn Template(id: SubmissionId, draft: SubmissionDraft) -> impl IntoView {
    let save = ServerAction::<SaveSubmission>::new();
    let failure = move || save.value().get().and_then(Result::err);
    let error_for =
        move |name: &'static str| Signal::derive(move || failure().and_then(|e| e.field(name)));
    let text = |value: &String| RwSignal::new(value.clone());
    view! {
        <ActionForm action=save attr:class="form form-wide">
            <input type="hidden" name="submission" value=id.to_string() />
            {move || failure().map(|error| {
                let text = if matches!(error, AppError::InvalidFields(_)) {
                    "Some fields need attention; each says what to change. Nothing you typed is lost.".to_owned()
                } else {
                    error.to_string()
                };
                view! { <p class="alert" role="alert">{text}</p> }
            })}
            <Field label="Program name" form="draft" name="title" required=true error=error_for("title") value=text(&draft.title) />
            <TextArea label="Summary" form="draft" name="summary" required=true hint="Two or three sentences another state reads first." error=error_for("summary") value=draft.summary.clone() />
            <TextArea label="The problem it solves" form="draft" name="problem" required=true error=error_for("problem") value=draft.problem.clone() />
            <TextArea label="Outcomes" form="draft" name="results" required=true hint="What changed, with figures where you have them." error=error_for("results") value=draft.results.clone() />
            <TextArea label="What you can offer" form="draft" name="offer" required=true hint="Training, materials, site visits, coaching calls…" error=error_for("offer") value=draft.offer.clone() />
            <ModeChecks form="draft" legend="How you can deliver it" offered=DeliveryMode::ALL.to_vec() chosen=draft.modes.clone() error=error_for("modes") />
            <Field label="Topics" form="draft" name="tags" hint="Comma-separated, such as re-entry, employer engagement." error=error_for("tags") value=text(&draft.tags) />
            <TextArea label="Travel costs you foresee" form="draft" name="travel_costs" rows=2 maxlength=1000 error=error_for("travel_costs") value=draft.travel_costs.clone() />
            <TextArea label="Material costs you foresee" form="draft" name="material_costs" rows=2 maxlength=1000 error=error_for("material_costs") value=draft.material_costs.clone() />
            <Field label="Contact name" form="draft" name="contact_name" required=true autocomplete="name" error=error_for("contact_name") value=text(&draft.contact_name) />
            <Field label="Contact e-mail" form="draft" name="contact_email" kind="email" required=true autocomplete="email" error=error_for("contact_email") value=text(&draft.contact_email) />
            <Field label="Contact phone" form="draft" name="contact_phone" kind="tel" error=error_for("contact_phone") value=text(&draft.contact_phone) />
            <div class="actions">
                <button type="submit" name="intent" value="draft" class="button">"Save draft"</button>
                <button type="submit" name="intent" value="submit" class="button button-primary">"Submit to the coordinator"</button>
            </div>
        </ActionForm>
    }
}

#[component]
fn DecisionForm(id: SubmissionId) -> impl IntoView {
    let decide = ServerAction::<DecideSubmission>::new();
    let failure = move || decide.value().get().and_then(Result::err);
    let error_for =
        move |name: &'static str| Signal::derive(move || failure().and_then(|e| e.field(name)));
    view! {
        <section class="panel" aria-labelledby="decide-title">
            <h2 id="decide-title">"Your decision"</h2>
            <ActionForm action=decide attr:class="form">
                <input type="hidden" name="submission" value=id.to_string() />
                {move || failure().filter(|e| !matches!(e, AppError::InvalidFields(_))).map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
                <TextArea label="Comments for the author" form="draft" name="comment" hint="Needed when returning it: say what to change." error=error_for("comment") />
                <div class="actions">
                    <button type="submit" name="draft[decision]" value="accept" class="button button-primary">"Accept into the catalogue"</button>
                    <button type="submit" name="draft[decision]" value="return" class="button">"Return for changes"</button>
                    <button type="submit" name="draft[decision]" value="decline" class="button button-danger">"Decline"</button>
                </div>
            </ActionForm>
        </section>
    }
}
