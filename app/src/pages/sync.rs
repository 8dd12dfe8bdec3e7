//! The sync page: what this device holds and where each entry stands, sending now, the
//! decisions only the rep can make, and the device's storage. It reads the device only, so it
//! works offline.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::device::{DeviceHandle, StorageUsage, use_device};
use crate::format::group_thousands;
use crate::model::VisitDraft;
use crate::sync::outbox::{Choice, Entry, EntryState};
use crate::sync::protocol::{ChangeBody, FieldConflict};

#[component]
pub fn SyncPage() -> impl IntoView {
    let device = use_device();
    view! {
        <Title text="Sync" />
        <h1>"Sync"</h1>
        <noscript><p class="notice">"This page shows what this browser keeps for working offline, which needs JavaScript."</p></noscript>
        {move || match device.get() {
            None => view! { <p class="loading">"Loading this device's entries…"</p> }.into_any(),
            Some(device) if device.0.user().is_none() => view! {
                <p class="notice">"Sign in once while online, so this device knows whose entries it keeps."</p>
            }.into_any(),
            Some(device) => view! { <DeviceSync device /> }.into_any(),
        }}
    }
}

#[component]
fn DeviceSync(device: DeviceHandle) -> impl IntoView {
    let state = device.0.state();
    let revision = state.revision.clone();
    let entries = {
        let device = device.clone();
        move || {
            revision.track();
            let mut entries = device.0.outbox().entries;
            // What needs the rep first, then what waits, then what went, newest first.
            entries.sort_by_key(|e| {
                let rank = match e.state {
                    EntryState::NeedsAttention { .. } | EntryState::Conflict { .. } => 0,
                    EntryState::Draft => 1,
                    EntryState::Ready | EntryState::Waiting { .. } => 2,
                    EntryState::Sent { .. } => 3,
                    EntryState::Discarded { .. } => 4,
                };
                (rank, std::cmp::Reverse(e.saved_at))
            });
            entries
        }
    };
    view! {
        <Status device=device.clone() />
        <section class="panel" aria-labelledby="entries-title">
            <h2 id="entries-title">"Entries on this device"</h2>
            {
                let device = device.clone();
                move || {
                    let list = entries();
                    if list.is_empty() {
                        return view! { <p class="empty">"Nothing recorded on this device yet. Visits you record appear here until the server has them."</p> }.into_any();
                    }
                    view! {
                        <ul class="entries">
                            {list.into_iter().map(|entry| view! { <EntryItem entry device=device.clone() /> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }
        </section>
        <Storage device=device.clone() />
    }
}

#[component]
fn Status(device: DeviceHandle) -> impl IntoView {
    let state = device.0.state();
    let s = state.clone();
    let progress = move || {
        s.progress.get().map(|(sent, total)| view! {
            <div class="progress" role="status">
                <label for="sync-progress">{format!("Sending {sent} of {total}")}</label>
                <progress id="sync-progress" max=total.to_string() value=sent.to_string()></progress>
            </div>
        })
    };
    let s = state.clone();
    let summary = move || {
        let pending = s.pending.get();
        let attention = s.attention.get();
        let mut text = match pending {
            0 => "Everything on this device is on the server.".to_owned(),
            1 => "1 entry is not on the server yet.".to_owned(),
            n => format!("{n} entries are not on the server yet."),
        };
        if attention > 0 {
            text.push_str(&format!(
                " {attention} need{} your attention (below).",
                if attention == 1 { "s" } else { "" }
            ));
        }
        text
    };
    let s = state.clone();
    let here = device.clone();
    let last = move || {
        s.last_success.get().map_or_else(
            || "Not synced from this device yet.".to_owned(),
            |at| format!("Last synced {}.", here.0.describe_here(at)),
        )
    };
    let s = state.clone();
    let error = move || {
        s.last_error
            .get()
            .map(|message| view! { <p class="alert" role="alert">{message}</p> })
    };
    let s = state.clone();
    let sign_in = move || {
        s.sign_in_needed.get().then(|| view! {
            <p class="notice">
                <a class="button button-primary" href="/sign-in?next=%2Fsync">"Sign in again"</a>
                " Your entries stay on this device and are sent once you are back."
            </p>
        })
    };
    let s = state.clone();
    let online = Signal::derive(move || s.online.get());
    let busy = {
        let s = state.clone();
        move || s.progress.get().is_some()
    };
    let sync = {
        let device = device.clone();
        move |_| device.0.sync_now()
    };
    view! {
        <section class="panel" aria-labelledby="status-title">
            <h2 id="status-title">"Status"</h2>
            <p class="connection">
                {move || if online.get() { "Online." } else { "Offline: entries are kept on this device and sent when the connection returns." }}
            </p>
            <p>{summary}</p>
            <p class="muted">{last}</p>
            {progress}
            {error}
            {sign_in}
            <button type="button" class="button button-primary" on:click=sync disabled=move || !online.get() || busy()>
                "Sync now"
            </button>
        </section>
    }
}

fn kind_of(body: &ChangeBody) -> &'static str {
    match body {
        ChangeBody::Business { .. } => "Business",
        ChangeBody::Contact { .. } => "Contact",
        ChangeBody::Visit { .. } => "Visit",
        ChangeBody::DeleteVisit => "Deleted visit",
    }
}

#[component]
fn EntryItem(entry: Entry, device: DeviceHandle) -> impl IntoView {
    let id = entry.id;
    let status_class = match entry.state {
        EntryState::NeedsAttention { .. } | EntryState::Conflict { .. } => "badge badge-danger",
        EntryState::Draft | EntryState::Ready | EntryState::Waiting { .. } => "badge badge-warn",
        _ => "badge",
    };
    let is_visit = matches!(entry.body, ChangeBody::Visit { .. });
    let detail = match &entry.state {
        EntryState::NeedsAttention { message, field, .. } => {
            let what = field.as_ref().map(|f| format!("{}: ", f.replace('_', " "))).unwrap_or_default();
            let fix = is_visit.then(|| view! { <a class="button" href=format!("/visits/new?entry={id}")>"Fix it"</a> });
            let aside = {
                let device = device.clone();
                move |_| {
                    let _ = device.0.decide(id, Choice::TakeTheirs);
                }
            };
            view! {
                <p class="field-error">{format!("The server refused it. {what}{message}")}</p>
                <div class="actions">
                    {fix}
                    {(!is_visit).then(|| view! {
                        <button type="button" class="button" on:click=aside>"Set it aside"</button>
                    })}
                </div>
            }
            .into_any()
        }
        EntryState::Conflict { server, .. } => {
            let mine = match &entry.body {
                ChangeBody::Visit { draft, .. } => Some(draft.clone()),
                _ => None,
            };
            view! { <Compare mine server=server.as_deref().cloned() id device=device.clone() /> }.into_any()
        }
        EntryState::Waiting { message } => view! { <p class="muted">{format!("Waiting: {message}")}</p> }.into_any(),
        EntryState::Draft => {
            let link = is_visit.then(|| view! { <a class="button" href=format!("/visits/new?entry={id}")>"Continue"</a> });
            view! { <p class="muted">"Not finished: kept on this device, not sent."</p> {link} }.into_any()
        }
        EntryState::Ready => view! { <p class="muted">"Goes with the next sync."</p> }.into_any(),
        EntryState::Sent { at, review, duplicates, .. } => {
            let view_link = is_visit.then(|| view! { <a href=format!("/visits/{id}")>"Open the visit"</a> });
            let duplicates = duplicates.iter().map(|d| view! {
                <p class="notice">
                    {format!("It looks like {} ({}, {}): ", d.business.legal_name, d.business.city, d.likeness.label())}
                    <a href=format!("/businesses/{}/merge/{id}", d.business.id)>"compare and merge"</a>
                </p>
            }).collect_view();
            view! {
                <p class="muted">{format!("Sent {}. ", device.0.describe_here(*at))} {view_link}</p>
                {(!review.is_empty()).then(|| view! { <Review review=review.clone() /> })}
                {duplicates}
            }
            .into_any()
        }
        EntryState::Discarded { at } => view! {
            <p class="muted">{format!("Set aside {}; the server's version was kept.", device.0.describe_here(*at))}</p>
        }
        .into_any(),
    };
    view! {
        <li class="entry">
            <div class="entry-head">
                <strong>{entry.label.clone()}</strong>
                <span class="muted">{format!("{} · saved {}", kind_of(&entry.body), device.0.describe_here(entry.saved_at))}</span>
                <span class=status_class>{entry.state.label()}</span>
            </div>
            {detail}
        </li>
    }
}

/// Fields the server kept because they changed on both sides.
#[component]
fn Review(review: Vec<FieldConflict>) -> impl IntoView {
    view! {
        <div class="review">
            <p>"Changed on the server too; the server's value was kept:"</p>
            <ul>
                {review.into_iter().map(|c| view! {
                    <li>{format!("{}: yours “{}”, kept “{}” (was “{}”)", c.field.replace('_', " "), c.mine, c.theirs, c.base)}</li>
                }).collect_view()}
            </ul>
            <p class="muted">"Change the business again if yours was right."</p>
        </div>
    }
}

fn visit_lines(draft: &VisitDraft) -> Vec<(&'static str, String)> {
    vec![
        ("Date", draft.date.clone()),
        ("Businesses", draft.businesses.len().to_string()),
        ("Services presented", draft.presented.len().to_string()),
        ("Job seekers hired", draft.jobseekers_hired.clone()),
        ("Follow-up", draft.follow_up.clone()),
        ("Notes", draft.notes.clone()),
    ]
}

/// A visit changed here and on the server, side by side, and the choice.
#[component]
fn Compare(
    mine: Option<VisitDraft>,
    server: Option<VisitDraft>,
    id: uuid::Uuid,
    device: DeviceHandle,
) -> impl IntoView {
    let keep_mine = {
        let device = device.clone();
        move |_| {
            if device.0.decide(id, Choice::KeepMine).is_ok() {
                device.0.sync_now();
            }
        }
    };
    let take_theirs = move |_| {
        let _ = device.0.decide(id, Choice::TakeTheirs);
    };
    let rows = match (&mine, &server) {
        (Some(mine), Some(server)) => visit_lines(mine)
            .into_iter()
            .zip(visit_lines(server))
            .map(|((label, a), (_, b))| {
                let differs = a != b;
                view! { <tr class:differs=differs><th scope="row">{label}</th><td>{a}</td><td>{b}</td></tr> }
            })
            .collect_view()
            .into_any(),
        _ => view! { <tr><td colspan="3">"The server's version could not be shown; open the visit to compare."</td></tr> }.into_any(),
    };
    view! {
        <p class="field-error">"This visit was changed on the server after this device last saw it. Choose which version to keep."</p>
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">"This device's version and the server's"</caption>
                <thead><tr><th scope="col"></th><th scope="col">"This device"</th><th scope="col">"Server"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <div class="actions">
            <button type="button" class="button button-primary" on:click=keep_mine>"Keep this device's version"</button>
            <button type="button" class="button" on:click=take_theirs>"Keep the server's version"</button>
        </div>
    }
}

#[component]
fn Storage(device: DeviceHandle) -> impl IntoView {
    let state = device.0.state();
    let revision = state.revision.clone();
    let usage = {
        let device = device.clone();
        move || {
            revision.track();
            device.0.usage()
        }
    };
    let message = RwSignal::new(None::<String>);
    let keep = RwSignal::new(device.0.keep_days().to_string());
    let save_keep = {
        let device = device.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            match keep.get_untracked().trim().parse::<i64>() {
                Ok(days) if (1..=365).contains(&days) => {
                    device.0.set_keep_days(days);
                    message.set(Some(format!(
                        "Sent entries now stay viewable for {days} days."
                    )));
                }
                _ => message.set(Some("Enter a number of days from 1 to 365.".to_owned())),
            }
        }
    };
    let persist = {
        let device = device.clone();
        move |_| device.0.request_persistence()
    };
    let download = move |_| {
        if let Err(problem) = device.0.download_pending() {
            message.set(Some(problem));
        }
    };
    view! {
        <section class="panel" aria-labelledby="storage-title">
            <h2 id="storage-title">"This device's storage"</h2>
            {move || {
                let usage: StorageUsage = usage();
                let percent = (usage.share() * 100.0).round();
                view! {
                    <p>
                        <label for="storage-meter">{format!(
                            "Uses {} KB of about {} KB ({percent}%).",
                            group_thousands(usage.used / 1024),
                            group_thousands(usage.allowance / 1024)
                        )}</label>
                        <meter id="storage-meter" min="0" max="100" low="60" high="80" optimum="0" value=percent.to_string()></meter>
                    </p>
                    {usage.nearly_full().then(|| view! {
                        <p class="alert" role="alert">
                            "Storage is nearly full. Sync as soon as you can; if that is not possible, download your pending entries so nothing is lost."
                        </p>
                    })}
                    <p class="muted">{match usage.persistent {
                        Some(true) => "The browser keeps this data even when it runs short of space.",
                        Some(false) => "The browser may clear this data if it runs short of space.",
                        None => "The browser has not said whether it keeps this data when it runs short of space.",
                    }}</p>
                }
            }}
            <div class="actions">
                <button type="button" class="button" on:click=persist>"Ask the browser to keep my data"</button>
                <button type="button" class="button" on:click=download>"Download my pending entries"</button>
            </div>
            <form class="form keep-days" on:submit=save_keep>
                <div class="field">
                    <label for="keep-days">"Keep sent entries viewable for (days)"</label>
                    <input id="keep-days" inputmode="numeric" bind:value=keep />
                </div>
                <button type="submit" class="button">"Save"</button>
            </form>
            {move || message.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
        </section>
    }
}
