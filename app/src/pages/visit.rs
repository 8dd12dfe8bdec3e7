//! One visit: what happened, the orientation verdict per business as stored on the day, the
//! review state, and the audit trail.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{DeleteVisit, ReviewVisit, get_visit};
use crate::components::problem::Problem;
use crate::device::use_device;
use crate::error::AppError;
use crate::model::{ReviewStatus, VisitDetail, VisitId};
use crate::resource::load;

#[component]
pub fn VisitPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<uuid::Uuid>().ok())
            .map(VisitId)
    };
    let review = ServerAction::<ReviewVisit>::new();
    let visit = load(
        move || (id(), review.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_visit(id).await,
                None => Err(AppError::NotFound {
                    what: "That visit".to_owned(),
                }),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the visit…"</p> }>
            {move || Suspend::new(async move {
                match visit.await {
                    Ok(visit) => view! { <Detail visit review /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join(", ")
    }
}

#[component]
fn Detail(visit: VisitDetail, review: ServerAction<ReviewVisit>) -> impl IntoView {
    let delete = ServerAction::<DeleteVisit>::new();
    let title = format!("Visit on {}", visit.date);
    let flagged = visit.recorded_as_orientation && visit.results.iter().any(|r| !r.qualifies);
    view! {
        <Title text=title.clone() />
        {(visit.review == ReviewStatus::HasIssues).then(|| view! {
            <p class="alert" role="alert">
                "A director marked this visit “has issues”: " {visit.review_comment.clone().unwrap_or_default()}
            </p>
        })}
        <div class="page-head">
            <div>
                <h1>{title}</h1>
                <p class="lede">{format!("{} · {} · {}", visit.activity, visit.mode.label(), visit.author)}</p>
            </div>
            {flagged.then(|| view! { <span class="badge badge-warn">"Recorded as an orientation; fails the rule"</span> })}
        </div>
        // First thing read: what follows is not what the rep last saved.
        {visit.can_edit.then(|| view! { <UnsentChange id=visit.id /> })}
        <section class="panel" aria-labelledby="orientation-title">
            <h2 id="orientation-title">"BizWorks Orientation"</h2>
            <p class="muted">{format!("Checked against the slate of the day: {} active services.", visit.slate_size)}</p>
            <ul>
                {visit.results.iter().map(|r| view! {
                    <li class:qualifies=r.qualifies class:fails=!r.qualifies>
                        <a href=format!("/businesses/{}", r.business.id)>{r.business.legal_name.clone()}</a>": "
                        {if r.qualifies { "qualifies".to_owned() } else { format!("does not qualify: {}", r.reasons) }}
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section class="panel" aria-labelledby="facts-title">
            <h2 id="facts-title">"What happened"</h2>
            <dl class="facts">
                <dt>"Category"</dt><dd>{visit.category.clone()}</dd>
                <dt>"Center"</dt><dd>{visit.center.clone()}</dd>
                <dt>"Contacts met"</dt><dd>{list(&visit.contacts_met)}</dd>
                <dt>"Services presented"</dt><dd>{list(&visit.presented)}</dd>
                <dt>"Services delivered"</dt><dd>{list(&visit.delivered)}</dd>
                <dt>"Services referred"</dt><dd>{list(&visit.referred)}</dd>
                <dt>"Job seekers hired"</dt><dd>{visit.jobseekers_hired.to_string()}</dd>
                <dt>"Positions open"</dt><dd>{visit.positions_open.map(|n| n.to_string()).unwrap_or_else(|| "not recorded".to_owned())}</dd>
                <dt>"Follow-up"</dt><dd>{visit.follow_up.map(|d| d.to_string()).unwrap_or_else(|| "none".to_owned())}</dd>
                <dt>"Notes"</dt><dd class="notes">{if visit.notes.is_empty() { "none".to_owned() } else { visit.notes.clone() }}</dd>
            </dl>
        </section>
        <section class="panel" aria-labelledby="audit-title">
            <h2 id="audit-title">"Audit trail"</h2>
            <ul class="timeline">{visit.audit.iter().map(|a| view! {
                <li>{format!("{} · {}", a.at.describe(), a.action)}{a.actor.clone().map(|who| format!(" · {who}"))}</li>
            }).collect_view()}</ul>
        </section>
        {visit.can_review.then(|| {
            let failure = move || review.value().get().and_then(Result::err);
            view! {
                <ActionForm action=review attr:class="form panel">
                    <h2>"Review"</h2>
                    <input type="hidden" name="id" value=visit.id.to_string() />
                    <div class="field" class:field-invalid=move || failure().is_some()>
                        <label for="review-comment">"What needs fixing?"</label>
                        <textarea id="review-comment" name="comment" rows="3" required></textarea>
                        {move || failure().map(|e| view! { <p class="field-error">{e.field("comment").unwrap_or_else(|| e.to_string())}</p> })}
                    </div>
                    <button type="submit" class="button">"Mark as has issues"</button>
                </ActionForm>
            }
        })}
        {visit.can_edit.then(|| view! {
            <div class="actions danger-zone">
                <a class="button button-primary" href=format!("/visits/{}/edit", visit.id)>"Change this visit"</a>
                // The browser holds the button until the box is ticked (no name: not sent).
                <ActionForm action=delete attr:class="inline-form">
                    <input type="hidden" name="id" value=visit.id.to_string() />
                    <label class="check" for="confirm-delete">
                        <input type="checkbox" id="confirm-delete" required />
                        "Yes, delete this visit"
                    </label>
                    <button type="submit" class="button button-danger">"Delete this visit"</button>
                </ActionForm>
            </div>
            {move || delete.value().get().and_then(Result::err).map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
        })}
    }
}

/// This page is the server's copy: a change to the visit still on this device is named, so
/// the rep does not take the page for what they last saved.
#[component]
fn UnsentChange(id: VisitId) -> impl IntoView {
    let device = use_device();
    move || {
        let device = device.get()?;
        device.0.state().revision.track();
        let unsent = device.unsent_visit(id)?;
        Some(view! {
            <p class="notice" role="status">
                {format!("Your change to this visit, {}, is not shown here: this is the server's copy. ", unsent.describe())}
                <a href=format!("/visits/{}/edit", id)>"Continue the change"</a>" or "<a href="/sync">"see what waits to be sent"</a>"."
            </p>
        })
    }
}
