//! The one form for every visit: one or many businesses, contacts met, services as chips
//! pre-suggested by each business's stage, and the BizWorks Orientation verdict live as the
//! rep ticks services.
//!
//! With the device (JavaScript on), a visit is kept on the device first and sent by the sync
//! engine, so the same form works with no signal: the reference data, the businesses and
//! their contacts come from what the device keeps when the server cannot be reached, and a
//! business met for the first time can be added on the spot. What the rep types is saved as
//! a draft as they go, so nothing is lost to a closed tab or an app update.

use std::collections::BTreeSet;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use uuid::Uuid;

use crate::api::{
    RecordVisit, UpdateVisit, get_business, get_editable_visit, search_businesses,
    visit_form_reference,
};
use crate::components::problem::Problem;
use crate::device::{DeviceHandle, use_device};
use crate::error::AppError;
use crate::model::{
    BusinessDraft, BusinessId, BusinessList, BusinessQuery, BusinessSummary, Contact, ContactDraft,
    ContactId, EditableVisit, ServiceId, Stage, VisitBusinessDraft, VisitDraft, VisitId, VisitMode,
    VisitReference,
};
use crate::resource::load;
use crate::rules::naics::NAICS;
use crate::rules::orientation::assess;
use crate::rules::suggest::suggested_services;
use crate::rules::validation::{validate_business, validate_contact, validate_visit};
use crate::sync::outbox::EntryState;
use crate::sync::protocol::ChangeBody;

/// A business added to the visit, with its contacts and those met.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Chosen {
    business: BusinessSummary,
    contacts: Vec<Contact>,
    met: BTreeSet<ContactId>,
}

/// Where the form starts: a new visit, an entry kept on the device, or a stored visit.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Start {
    id: VisitId,
    base_version: Option<i64>,
    draft: VisitDraft,
    businesses: Vec<Chosen>,
    /// Businesses of the draft that could not be loaded: the form says so.
    #[serde(default)]
    missing: usize,
    /// A new visit dated today by default, which the device's calendar may move (see
    /// `VisitForm`); a date the rep saved is theirs.
    #[serde(default)]
    dated_today: bool,
}

impl Start {
    fn new(reference: &VisitReference) -> Self {
        Start {
            id: VisitId::new_v7(),
            base_version: None,
            draft: VisitDraft {
                date: reference.today.to_string(),
                category: reference
                    .categories
                    .iter()
                    .find(|c| c.retired_on.is_none())
                    .map(|c| c.id.to_string())
                    .unwrap_or_default(),
                mode: VisitMode::InPerson.as_str().to_owned(),
                ..VisitDraft::default()
            },
            businesses: Vec::new(),
            missing: 0,
            dated_today: true,
        }
    }

    fn from_editable(visit: EditableVisit) -> Self {
        let businesses = visit
            .businesses
            .into_iter()
            .map(|b| Chosen {
                met: met_at(&visit.draft, b.business.id),
                business: b.business,
                contacts: b.contacts,
            })
            .collect();
        Start {
            id: visit.id,
            base_version: Some(visit.version),
            draft: visit.draft,
            businesses,
            missing: 0,
            dated_today: false,
        }
    }
}

/// The form's start from a draft the device keeps (an outbox entry, or a visit as last
/// pulled): each business as `known` lists it, else as the server has it now, else as the
/// device keeps it. One found nowhere is counted in `missing`, never left out without a word.
async fn start_from_draft(
    device: DeviceHandle,
    id: VisitId,
    base_version: Option<i64>,
    draft: VisitDraft,
    known: Vec<Chosen>,
) -> Start {
    let mut businesses: Vec<Chosen> = Vec::new();
    let mut missing = 0;
    for business in draft.businesses.iter().filter_map(|b| b.business) {
        let found = match known.iter().find(|c| c.business.id == business) {
            Some(listed) => Some(Chosen {
                contacts: with_kept_contacts(
                    listed.contacts.clone(),
                    business,
                    Some(device.clone()),
                ),
                ..listed.clone()
            }),
            // Merged since, it is its survivor now, which knows its contacts. One the server
            // does not have yet (added on this device, still waiting) is the device's.
            None => match preselected(business, Some(device.clone())).await {
                Preselected::Chosen(chosen) => Some(chosen),
                _ => kept_chosen(&device, business),
            },
        };
        let Some(chosen) = found else {
            missing += 1;
            continue;
        };
        let met = met_at(&draft, business);
        match businesses
            .iter_mut()
            .find(|c| c.business.id == chosen.business.id)
        {
            // Two of the draft's businesses merged into one: their contacts moved with them.
            Some(already) => already.met.extend(met),
            None => businesses.push(Chosen { met, ..chosen }),
        }
    }
    Start {
        id,
        base_version,
        draft,
        businesses,
        missing,
        dated_today: false,
    }
}

fn met_at(draft: &VisitDraft, business: BusinessId) -> BTreeSet<ContactId> {
    draft
        .businesses
        .iter()
        .find(|d| d.business == Some(business))
        .map(|d| d.contacts_met.iter().copied().collect())
        .unwrap_or_default()
}

/// The visit form's reference data: the server's, or what the device kept when the server
/// cannot be reached.
async fn reference_or_kept(device: Option<DeviceHandle>) -> Result<VisitReference, AppError> {
    match visit_form_reference().await {
        Err(AppError::Transport(why)) => device
            .and_then(|d| d.0.reference())
            .ok_or(AppError::Transport(why)),
        other => other,
    }
}

#[component]
pub fn VisitNew() -> impl IntoView {
    let kept = use_context::<DeviceHandle>();
    let reference = load(|| (), move |_| reference_or_kept(kept.clone()));
    let query = use_query_map();
    let entry = move || {
        query
            .with_untracked(|q| q.get("entry"))
            .and_then(|v| v.parse::<Uuid>().ok())
    };
    // From a business's page: the visit starts with that business chosen.
    let business = move || {
        query
            .with_untracked(|q| q.get("business"))
            .and_then(|v| v.parse::<Uuid>().ok())
            .map(BusinessId)
    };
    view! {
        <Title text="Record a visit" />
        <h1>"Record a visit"</h1>
        <noscript><p class="notice">"Recording a visit needs JavaScript, which is off in this browser."</p></noscript>
        <Suspense fallback=|| view! { <p class="loading">"Loading the form…"</p> }>
            {move || Suspend::new(async move {
                match reference.await {
                    Ok(reference) => match entry() {
                        Some(id) => view! { <FromEntry reference id /> }.into_any(),
                        None => {
                            let start = Start::new(&reference);
                            view! { <VisitForm reference start preselect=business() /> }.into_any()
                        }
                    },
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Continues a visit kept on the device (a draft, or one the server refused).
#[component]
fn FromEntry(reference: VisitReference, id: Uuid) -> impl IntoView {
    let device = use_device();
    move || {
        let Some(device) = device.get() else {
            return view! { <p class="loading">"Loading the entry from this device…"</p> }
                .into_any();
        };
        let entry = device.0.outbox().entry_for(id).cloned();
        match entry.map(|e| (e.base_version, e.body)) {
            Some((base, ChangeBody::Visit { draft, .. })) => {
                view! {
                    <StartWhenReady
                        reference=reference.clone()
                        device
                        id=VisitId(id)
                        base_version=base
                        draft
                    />
                }
                .into_any()
            }
            _ => view! {
                <p class="notice">"That entry is no longer on this device. " <a href="/sync">"See what is"</a> "."</p>
            }
            .into_any(),
        }
    }
}

/// What came of choosing, for a new visit, the business whose page the rep came from.
enum Preselected {
    Chosen(Chosen),
    /// Deleted, or never there.
    Gone,
    /// No connection, and the device does not keep it (it keeps its center's businesses and
    /// those the rep visited).
    NotKept,
    Failed(AppError),
}

impl Preselected {
    /// What the form says when the business could not be chosen.
    fn notice(&self) -> Option<String> {
        match self {
            Preselected::Chosen(_) => None,
            Preselected::Gone => Some(
                "The business you came from is no longer in BizWorks. Find the business below."
                    .to_owned(),
            ),
            Preselected::NotKept => Some(
                "The business you came from is not kept on this device, and there is no \
                 connection. Find it below, or add it as a new business."
                    .to_owned(),
            ),
            Preselected::Failed(error) => Some(format!(
                "The business you came from could not be loaded: {error} Find it below."
            )),
        }
    }
}

/// The business `id` as the device keeps it (from its center, visited, or added on the spot
/// and not on the server yet), with its contacts, none met.
fn kept_chosen(device: &DeviceHandle, id: BusinessId) -> Option<Chosen> {
    Some(Chosen {
        business: device.0.business(id)?,
        contacts: device.0.contacts_of(id),
        met: BTreeSet::new(),
    })
}

/// The business `id` as the visit form lists it: from the server, or what the device keeps when
/// the server cannot be reached. A business merged into another is its survivor now.
async fn preselected(id: BusinessId, device: Option<DeviceHandle>) -> Preselected {
    let mut id = id;
    // A survivor is never merged itself; the bound only keeps a broken record from looping.
    for _ in 0..2 {
        match get_business(id).await {
            Ok(detail) => match detail.merged_into {
                Some(survivor) => id = survivor.id,
                None => {
                    return Preselected::Chosen(Chosen {
                        contacts: with_kept_contacts(detail.contacts, id, device),
                        business: detail.summary,
                        met: BTreeSet::new(),
                    });
                }
            },
            Err(AppError::NotFound { .. }) => return Preselected::Gone,
            Err(AppError::Transport(_)) => {
                return device
                    .and_then(|d| kept_chosen(&d, id))
                    .map_or(Preselected::NotKept, Preselected::Chosen);
            }
            Err(error) => return Preselected::Failed(error),
        }
    }
    Preselected::Gone
}

/// Changing one of the rep's own visits: the same form, filled in.
#[component]
pub fn VisitEdit() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<uuid::Uuid>().ok())
            .map(VisitId)
    };
    let kept = use_context::<DeviceHandle>();
    let loaded = load(id, move |id| {
        let device = kept.clone();
        async move {
            let id = id.ok_or_else(|| AppError::NotFound {
                what: "That visit".to_owned(),
            })?;
            let reference = reference_or_kept(device.clone()).await?;
            let start = match get_editable_visit(id).await {
                Ok(visit) => Start::from_editable(visit),
                Err(AppError::Transport(why)) => {
                    let kept = device.and_then(|d| d.0.visit(id).map(|visit| (d, visit)));
                    let Some((d, (version, record))) = kept else {
                        return Err(AppError::Transport(why));
                    };
                    start_from_draft(d, id, Some(version), record.draft, Vec::new()).await
                }
                Err(error) => return Err(error),
            };
            Ok::<_, AppError>((reference, start))
        }
    });
    view! {
        <Title text="Change a visit" />
        <h1>"Change a visit"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading the visit…"</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok((reference, start)) => view! { <EditForm reference start /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The stored visit, or the change to it this device has not sent yet. Starting from the
/// stored copy then would replace that change with whatever is typed on top of the older
/// copy, and the change would be lost without a word.
#[component]
fn EditForm(reference: VisitReference, start: Start) -> impl IntoView {
    let device = use_device();
    let id = start.id;
    // The server rendered its copy; the device is read once the page has hydrated, and the
    // form is built again only if it holds a change (this does not follow later saves).
    let unsent = Memo::new(move |_| device.get().and_then(|d| d.unsent_visit(id)));
    move || match unsent.get().zip(device.get_untracked()) {
        // Typing here would turn the conflict into a plain draft and lose the choice.
        Some((unsent, _)) if unsent.conflict => view! { <ChooseFirst /> }.into_any(),
        Some((unsent, device)) => view! {
            <p class="notice" role="status">{format!(
                "This form shows your change {}. Saving replaces it; until then, what you change \
                 here is kept as a draft.",
                unsent.describe()
            )}</p>
            <StartWhenReady
                reference=reference.clone()
                device
                id
                base_version=unsent.base_version
                draft=unsent.draft
                known=start.businesses.clone()
            />
        }
        .into_any(),
        None => view! { <VisitForm reference=reference.clone() start=start.clone() /> }.into_any(),
    }
}

/// A change in conflict is settled on the sync page before it is changed again.
#[component]
fn ChooseFirst() -> impl IntoView {
    view! {
        <p class="notice" role="status">
            "This visit was changed on the server and on this device. Choose which version to keep on "
            <a href="/sync">"the sync page"</a>"; then it can be changed here."
        </p>
    }
}

/// A draft the device keeps, where it goes on: the form, once each of its businesses is
/// found (which may ask the server).
#[component]
fn StartWhenReady(
    reference: VisitReference,
    device: DeviceHandle,
    id: VisitId,
    base_version: Option<i64>,
    draft: VisitDraft,
    /// Businesses as the page already has them (the server's copy of the visit).
    #[prop(default = Vec::new())]
    known: Vec<Chosen>,
) -> impl IntoView {
    let start = LocalResource::new(move || {
        start_from_draft(
            device.clone(),
            id,
            base_version,
            draft.clone(),
            known.clone(),
        )
    });
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the entry from this device…"</p> }>
            {move || {
                let reference = reference.clone();
                Suspend::new(async move {
                    let start = start.await;
                    view! { <VisitForm reference start /> }
                })
            }}
        </Suspense>
    }
}

/// "Visit to Harbor Foods and 1 more, 2026-11-02".
fn label(draft: &VisitDraft, chosen: &[Chosen]) -> String {
    let who = match chosen {
        [] => "no business yet".to_owned(),
        [one] => one.business.legal_name.clone(),
        [first, rest @ ..] => format!("{} and {} more", first.business.legal_name, rest.len()),
    };
    format!("Visit to {who}, {}", draft.date)
}

#[component]
fn VisitForm(
    reference: VisitReference,
    start: Start,
    /// From a business's page (`?business=`): that business joins the form.
    #[prop(default = None)]
    preselect: Option<BusinessId>,
) -> impl IntoView {
    let reference = StoredValue::new(reference);
    // The reference's `today` is the server's when it was read: offline it can be days old.
    // Once running on the device, the device's clock says what today is in the state, for
    // the date's latest value and for a new visit's default (the rule on save reads it too).
    let today = RwSignal::new(reference.with_value(|r| r.today));
    let dated_today = start.dated_today;
    let id = start.id;
    let base_version = start.base_version;
    let missing = start.missing;
    let editing = base_version.is_some();
    let device = use_device();
    let device_today = move || match device.get_untracked() {
        Some(device) => reference.with_value(|r| device.0.today_in(&r.time_zone)),
        None => chrono::Local::now().date_naive(),
    };
    let draft = start.draft.clone();
    let date = RwSignal::new(draft.date.clone());
    Effect::new(move |_| {
        // Again if the device becomes ready after this first runs.
        device.track();
        let on_device = device_today();
        let read = today.get_untracked();
        if on_device != read {
            if dated_today {
                date.update(|d| {
                    if *d == read.to_string() {
                        *d = on_device.to_string();
                    }
                });
            }
            today.set(on_device);
        }
    });
    let category = RwSignal::new(draft.category.clone());
    let activity = RwSignal::new(draft.activity_type.clone());
    let mode = RwSignal::new(draft.mode.clone());
    let chosen = RwSignal::new(start.businesses.clone());
    let presented = RwSignal::new(
        draft
            .presented
            .iter()
            .copied()
            .collect::<BTreeSet<ServiceId>>(),
    );
    let delivered = RwSignal::new(
        draft
            .delivered
            .iter()
            .copied()
            .collect::<BTreeSet<ServiceId>>(),
    );
    let referred = RwSignal::new(
        draft
            .referred
            .iter()
            .copied()
            .collect::<BTreeSet<ServiceId>>(),
    );
    let hired = RwSignal::new(draft.jobseekers_hired.clone());
    let positions = RwSignal::new(draft.positions_open.clone());
    let notes = RwSignal::new(draft.notes.clone());
    let follow_up = RwSignal::new(draft.follow_up.clone());

    let collect = move || VisitDraft {
        date: date.get_untracked(),
        category: category.get_untracked(),
        activity_type: activity.get_untracked(),
        mode: mode.get_untracked(),
        businesses: chosen.with_untracked(|c| {
            c.iter()
                .map(|b| VisitBusinessDraft {
                    business: Some(b.business.id),
                    contacts_met: b.met.iter().copied().collect(),
                })
                .collect()
        }),
        presented: presented.get_untracked().into_iter().collect(),
        delivered: delivered.get_untracked().into_iter().collect(),
        referred: referred.get_untracked().into_iter().collect(),
        jobseekers_hired: hired.get_untracked(),
        positions_open: positions.get_untracked(),
        notes: notes.get_untracked(),
        follow_up: follow_up.get_untracked(),
    };
    // Set by the first change that differs from `pristine`, what the form held before anything
    // was typed: from then on every change is kept as the draft, a change back included.
    let dirty = RwSignal::new(false);
    let pristine = StoredValue::new(collect());
    // The business joins once the page is live, in the browser only: the markup the server sent,
    // or the copy of the plain form the service worker keeps for offline use, is then the same
    // whatever the address asks for, so hydration always matches it. It is not typing: alone,
    // it leaves no draft on the device.
    let preselect_notice = RwSignal::new(None::<String>);
    if let Some(business) = preselect {
        let kept = use_context::<DeviceHandle>();
        Effect::new(move |_| {
            let kept = kept.clone();
            spawn_local(async move {
                match preselected(business, kept).await {
                    Preselected::Chosen(found) => {
                        chosen.update(|list| {
                            if !list.iter().any(|c| c.business.id == found.business.id) {
                                list.push(found);
                            }
                        });
                        if !dirty.get_untracked() {
                            pristine.set_value(collect());
                        }
                    }
                    other => preselect_notice.set(other.notice()),
                }
            });
        });
    }

    // Without the device (storage refused), the form posts to the server as before.
    let record = ServerAction::<RecordVisit>::new();
    let update = ServerAction::<UpdateVisit>::new();
    let server_outcome = move || match editing {
        true => update.value().get(),
        false => record.value().get(),
    };
    // Refusals found on the device (the same rules) or sent back by the server.
    let refused = RwSignal::new(None::<AppError>);
    let device_problem = RwSignal::new(None::<String>);
    // Kept on the device and queued: waiting for the server's answer.
    let queued = RwSignal::new(false);
    let pending = move || record.pending().get() || update.pending().get();
    let failure = move || {
        refused
            .get()
            .or_else(|| server_outcome().and_then(Result::err))
    };
    let error_for = move |field: &'static str| move || failure().and_then(|e| e.field(field));

    let navigate = use_navigate();
    let go = navigate.clone();
    Effect::new(move |_| {
        if let Some(Ok(id)) = server_outcome() {
            go(&format!("/visits/{id}"), Default::default());
        }
    });
    // The server's answer to a queued visit: open it, or bring its refusal back to the form.
    Effect::new(move |_| {
        let Some(device) = device.get() else { return };
        device.0.state().revision.track();
        if !queued.get_untracked() {
            return;
        }
        let Some(entry) = device.0.outbox().entry_for(id.0).cloned() else {
            return;
        };
        match entry.state {
            EntryState::Sent { .. } => navigate(&format!("/visits/{}", id.0), Default::default()),
            EntryState::NeedsAttention {
                errors, message, ..
            } => {
                queued.set(false);
                refused.set(Some(if errors.is_empty() {
                    AppError::Conflict { message }
                } else {
                    AppError::InvalidFields(errors)
                }));
            }
            EntryState::Conflict { .. } => {
                queued.set(false);
                refused.set(Some(AppError::Conflict {
                    message: "This visit was changed on the server meanwhile. Choose which version to keep on the sync page.".to_owned(),
                }));
            }
            _ => {}
        }
    });

    // What is typed is kept on the device as a draft, a moment after each change.
    let typed = RwSignal::new(0u64);
    Effect::new(move |first: Option<()>| {
        date.track();
        category.track();
        activity.track();
        mode.track();
        chosen.track();
        presented.track();
        delivered.track();
        referred.track();
        hired.track();
        positions.track();
        notes.track();
        follow_up.track();
        if first.is_none() || (!dirty.get_untracked() && pristine.with_value(|p| *p == collect())) {
            return;
        }
        dirty.set(true);
        let generation = typed.get_untracked() + 1;
        typed.set(generation);
        set_timeout(
            move || {
                if typed.get_untracked() != generation || queued.get_untracked() {
                    return;
                }
                let Some(device) = device.get_untracked() else {
                    return;
                };
                if device.0.user().is_none() {
                    return;
                }
                let draft = collect();
                let name = chosen.with_untracked(|c| label(&draft, c));
                let body = ChangeBody::Visit {
                    draft,
                    recorded_at: None,
                };
                if let Err(error) = device.0.record(id.0, base_version, body, name, false) {
                    device_problem.set(Some(error.to_string()));
                }
            },
            Duration::from_millis(700),
        );
    });

    // Retired ones are offered only where the visit as opened names them (an older visit
    // keeps its labels), marked with the day; new visits never see them.
    let (opened_category, opened_activity) = (draft.category.clone(), draft.activity_type.clone());
    let categories = reference.with_value(|r| {
        r.categories
            .iter()
            .filter(|c| c.retired_on.is_none() || c.id.to_string() == opened_category)
            .map(|c| (c.id.to_string(), retired_label(&c.name, c.retired_on)))
            .collect::<Vec<_>>()
    });
    let activities = move || {
        let category = category.get();
        reference.with_value(|r| {
            r.activity_types
                .iter()
                .filter(|a| a.category.to_string() == category)
                .filter(|a| a.retired_on.is_none() || a.id.to_string() == opened_activity)
                .map(|a| (a.id.to_string(), retired_label(&a.name, a.retired_on)))
                .collect::<Vec<_>>()
        })
    };
    let is_orientation = move || {
        let activity = activity.get();
        reference.with_value(|r| {
            r.activity_types
                .iter()
                .any(|a| a.id.to_string() == activity && a.is_orientation)
        })
    };
    let suggested = move || {
        let stages: Vec<_> = chosen.with(|c| c.iter().map(|c| c.business.stage).collect());
        reference.with_value(|r| suggested_services(&r.slate, &stages))
    };
    let verdicts = move || {
        let slate: BTreeSet<ServiceId> = reference.with_value(|r| {
            r.slate
                .iter()
                .filter(|s| !s.retired)
                .map(|s| s.id)
                .collect()
        });
        let mode = VisitMode::parse(&mode.get()).unwrap_or(VisitMode::InPerson);
        let presented = presented.get();
        chosen.with(|c| {
            c.iter()
                .map(|b| {
                    let key_met = b
                        .contacts
                        .iter()
                        .any(|c| c.key_representative && b.met.contains(&c.id));
                    (
                        b.business.legal_name.clone(),
                        assess(&presented, &slate, mode, key_met),
                    )
                })
                .collect::<Vec<_>>()
        })
    };

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let draft = collect();
        device_problem.set(None);
        let device = device.get_untracked().filter(|d| d.0.user().is_some());
        let Some(device) = device else {
            match editing {
                true => {
                    update.dispatch(UpdateVisit { id, draft });
                }
                false => {
                    record.dispatch(RecordVisit { draft });
                }
            }
            return;
        };
        // The server's rules, here first: most mistakes are named before anything is queued.
        let today = device_today();
        if let Err(errors) = reference.with_value(|r| validate_visit(&draft, r, today)) {
            refused.set(Some(AppError::InvalidFields(errors)));
            return;
        }
        refused.set(None);
        let name = chosen.with_untracked(|c| label(&draft, c));
        let body = ChangeBody::Visit {
            draft,
            recorded_at: Some(chrono::Utc::now()),
        };
        match device.0.record(id.0, base_version, body, name, true) {
            Ok(_) => {
                queued.set(true);
                device.0.sync_now();
            }
            Err(error) => device_problem.set(Some(error.to_string())),
        }
    };

    // "Save visit" is at the foot of a long form and the panel at its head: bring it into view.
    let saved_ref = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        if let Some(panel) = saved_ref.get() {
            panel.scroll_into_view();
        }
    });
    let saved_panel = move || {
        let device = device.get()?;
        queued.get().then(|| {
            // Only the words follow the connection: the panel itself (and its scroll into
            // view) is made once per save.
            let online = device.0.state().online;
            view! {
                <section class="notice saved" role="status" aria-labelledby="saved-title" node_ref=saved_ref>
                    <h2 id="saved-title">"Saved on this device"</h2>
                    <p>{move || if online.get() {
                        "Sending it to the server…"
                    } else {
                        "There is no connection: it is kept here as saved and sent when the connection returns."
                    }}</p>
                    <p class="actions">
                        <a class="button button-primary" href="/visits/new" rel="external">"Record another visit"</a>
                        <a class="button" href="/sync">"See what is waiting"</a>
                    </p>
                </section>
            }
        })
    };

    // The form in parts, each erased to one type: as one view its type is too deep to compile.
    let head = view! {
        {(missing > 0).then(|| {
            let (count, them) = if missing == 1 { ("One".to_owned(), "it") } else { (missing.to_string(), "them") };
            view! {
                <p class="alert" role="alert">{format!(
                    "{count} of the businesses in this visit could not be found (deleted, or not \
                     kept on this device while there is no connection), so the form leaves {them} \
                     out. Saving sends the visit without {them}; leave this page without changing \
                     anything to keep it as it was saved."
                )}</p>
            }
        })}
        {move || failure().map(|error| {
            let text = if matches!(error, AppError::InvalidFields(_)) {
                "Some fields need attention; they are marked below. Nothing you entered is lost.".to_owned()
            } else {
                error.to_string()
            };
            view! { <p class="alert" role="alert">{text}</p> }
        })}
        {move || device_problem.get().map(|text| view! { <p class="alert" role="alert">{text}</p> })}
        <div class="grid-2">
            <div class="field">
                <label for="visit-date">"Date"</label>
                <input id="visit-date" type="date" max=move || today.get().to_string() bind:value=date required />
                {move || error_for("date")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <div class="field">
                <label for="visit-mode">"How was it held?"</label>
                <select id="visit-mode" on:change=move |ev| mode.set(event_target_value(&ev)) prop:value=move || mode.get()>
                    {VisitMode::ALL.into_iter().map(|m| view! { <option value=m.as_str()>{m.label()}</option> }).collect_view()}
                </select>
                {move || error_for("mode")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <div class="field">
                <label for="visit-category">"Category"</label>
                <select id="visit-category" on:change=move |ev| { category.set(event_target_value(&ev)); activity.set(String::new()); } prop:value=move || category.get()>
                    {categories.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
                {move || error_for("category")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <div class="field">
                <label for="visit-activity">"Activity type"</label>
                <select id="visit-activity" on:change=move |ev| activity.set(event_target_value(&ev)) prop:value=move || activity.get()>
                    <option value="">"Choose an activity"</option>
                    {move || activities().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
                {move || error_for("activity_type")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
        </div>
    }
    .into_any();
    let businesses = view! {
        <fieldset class="panel">
            <legend>"Businesses met"</legend>
            {move || preselect_notice.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
            <BusinessPicker chosen />
            {move || error_for("businesses")().map(|m| view! { <p class="field-error">{m}</p> })}
            {move || error_for("contacts")().map(|m| view! { <p class="field-error">{m}</p> })}
        </fieldset>
    }
    .into_any();
    let services = view! {
        <ServiceChips legend="Services presented" id="presented" reference selected=presented suggested=Signal::derive(suggested) error=Signal::derive(error_for("presented")) />
        {move || (!suggested().is_empty()).then(|| view! {
            <button type="button" class="button" on:click=move |_| presented.update(|p| p.extend(suggested()))>
                "Tick the services suggested for these businesses"
            </button>
        })}
    }
    .into_any();
    let orientation = view! {
        <section class="orientation" aria-live="polite" aria-labelledby="orientation-title">
            <h2 id="orientation-title">
                {move || if is_orientation() { "BizWorks Orientation: recorded as one" } else { "BizWorks Orientation check" }}
            </h2>
            {move || {
                let verdicts = verdicts();
                if verdicts.is_empty() {
                    return view! { <p class="muted">"Add a business to see whether this visit counts as an orientation."</p> }.into_any();
                }
                view! { <ul>{verdicts.into_iter().map(|(name, verdict)| {
                    let ok = verdict.qualifies();
                    view! {
                        <li class:qualifies=ok class:fails=!ok>
                            <strong>{name}</strong>": "
                            {if ok { "qualifies".to_owned() } else { format!("does not qualify: {}", verdict.reasons()) }}
                        </li>
                    }
                }).collect_view()}</ul> }.into_any()
            }}
            {move || (is_orientation() && verdicts().iter().any(|(_, v)| !v.qualifies())).then(|| view! {
                <p class="notice">"It will be saved as you entered it and flagged for review."</p>
            })}
        </section>
        <ServiceChips legend="Services delivered" id="delivered" reference selected=delivered suggested=Signal::derive(BTreeSet::new) error=Signal::derive(error_for("delivered")) />
        <ServiceChips legend="Services referred" id="referred" reference selected=referred suggested=Signal::derive(BTreeSet::new) error=Signal::derive(error_for("referred")) />
    }
    .into_any();
    let outcomes = view! {
        <div class="grid-2">
            <div class="field">
                <label for="visit-hired">"Job seekers hired"</label>
                <input id="visit-hired" inputmode="numeric" bind:value=hired />
                {move || error_for("jobseekers_hired")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <div class="field">
                <label for="visit-positions">"Positions open"</label>
                <input id="visit-positions" inputmode="numeric" bind:value=positions />
                {move || error_for("positions_open")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <div class="field">
                <label for="visit-follow-up">"Follow-up date"</label>
                <input id="visit-follow-up" type="date" bind:value=follow_up />
                {move || error_for("follow_up")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
        </div>
        <div class="field">
            <label for="visit-notes">"Notes"</label>
            <textarea id="visit-notes" rows="4" bind:value=notes></textarea>
        </div>
        <div class="actions">
            <button type="submit" class="button button-primary" disabled=move || pending() || queued.get()>
                {move || if pending() { "Saving…" } else { "Save visit" }}
            </button>
            <a href="/visits">"Cancel"</a>
            {move || (dirty.get() && !queued.get()).then(|| view! { <span class="muted">"Draft kept on this device as you type."</span> })}
        </div>
    }
    .into_any();
    view! {
        {saved_panel}
        <form class="form form-wide" on:submit=on_submit novalidate>
            // Locked once queued: it goes as saved, and nothing typed afterwards is dropped
            // unsaved. A refusal from the server opens it again.
            <fieldset class="form-body" disabled=move || queued.get()>
                {head}
                {businesses}
                {services}
                {orientation}
                {outcomes}
            </fieldset>
        </form>
    }
}

/// A reference entry's name, with the day it was retired if it was.
fn retired_label(name: &str, retired_on: Option<chrono::NaiveDate>) -> String {
    match retired_on {
        Some(day) => format!("{name} (retired {day})"),
        None => name.to_owned(),
    }
}

#[component]
fn ServiceChips(
    legend: &'static str,
    id: &'static str,
    reference: StoredValue<VisitReference>,
    selected: RwSignal<BTreeSet<ServiceId>>,
    suggested: Signal<BTreeSet<ServiceId>>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    // A visit from before a service was retired keeps naming it: its chip stays on this form
    // (marked), so the rep can keep it or untick it, and tick it again.
    let named = selected.get_untracked();
    let offered = reference.with_value(|r| {
        let slate = r.slate.iter().map(|s| (s.id, s.name.clone()));
        let retired = r
            .retired
            .iter()
            .filter(|s| named.contains(&s.id))
            .map(|s| (s.id, retired_label(&s.name, Some(s.retired_on))));
        slate.chain(retired).collect::<Vec<_>>()
    });
    let chips = offered.into_iter().map(|(sid, name)| {
        let input_id = format!("{id}-{sid}");
        let for_id = input_id.clone();
        view! {
            <label class="chip" for=for_id class:suggested=move || suggested.with(|s| s.contains(&sid))>
                <input
                    type="checkbox"
                    id=input_id
                    prop:checked=move || selected.with(|s| s.contains(&sid))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected.update(|s| { if on { s.insert(sid); } else { s.remove(&sid); } });
                    }
                />
                <span>{name}</span>
                {move || suggested.with(|s| s.contains(&sid)).then(|| view! { <span class="chip-note">" suggested"</span> })}
            </label>
        }
    }).collect_view();
    view! {
        <fieldset class="chips">
            <legend>{legend} {move || format!(" ({} chosen)", selected.with(|s| s.len()))}</legend>
            {chips}
            {move || error.get().map(|m| view! { <p class="field-error">{m}</p> })}
        </fieldset>
    }
    .into_any()
}

/// Businesses found for `text`: the server's search and, with the device, what it keeps
/// (including businesses created on it and not yet sent), each once, by name.
async fn find(text: String, device: Option<DeviceHandle>) -> Vec<BusinessSummary> {
    if text.trim().len() < 2 {
        return Vec::new();
    }
    let mut found = device
        .as_ref()
        .map(|d| d.0.businesses(&text))
        .unwrap_or_default();
    let online = search_businesses(BusinessQuery {
        text,
        list: BusinessList::All,
        page: 0,
    })
    .await;
    if let Ok(page) = online {
        for business in page.items {
            if !found.iter().any(|b| b.id == business.id) {
                found.push(business);
            }
        }
    }
    found.sort_by(|a, b| a.legal_name.cmp(&b.legal_name).then(a.id.cmp(&b.id)));
    found.truncate(20);
    found
}

/// A business's contacts: the server's and those the device keeps (added offline), each once.
async fn contacts(business: BusinessId, device: Option<DeviceHandle>) -> Vec<Contact> {
    let found = get_business(business)
        .await
        .map(|d| d.contacts)
        .unwrap_or_default();
    with_kept_contacts(found, business, device)
}

/// `found` and the contacts the device keeps for `business` (added offline), each once.
fn with_kept_contacts(
    mut found: Vec<Contact>,
    business: BusinessId,
    device: Option<DeviceHandle>,
) -> Vec<Contact> {
    if let Some(device) = device {
        for contact in device.0.contacts_of(business) {
            if !found.iter().any(|c| c.id == contact.id) {
                found.push(contact);
            }
        }
    }
    found
}

#[component]
fn BusinessPicker(chosen: RwSignal<Vec<Chosen>>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let kept = use_context::<DeviceHandle>();
    let device = use_device();
    let results = load(move || text.get(), move |text| find(text, kept.clone()));
    let adding = RwSignal::new(false);
    let add = move |business: BusinessSummary| {
        let device = device.get_untracked();
        spawn_local(async move {
            let contacts = contacts(business.id, device).await;
            chosen.update(|c| {
                if !c.iter().any(|b| b.business.id == business.id) {
                    c.push(Chosen {
                        business,
                        contacts,
                        met: BTreeSet::new(),
                    });
                }
            });
            text.set(String::new());
        });
    };
    view! {
        <ul class="chosen">
            {move || chosen.get().into_iter().map(|b| {
                let id = b.business.id;
                view! {
                    <li>
                        <div class="chosen-head">
                            <strong>{b.business.legal_name.clone()}</strong>
                            <span class=format!("stage stage-{}", b.business.stage.as_str())>{b.business.stage.label()}</span>
                            <button type="button" class="button button-quiet-dark" on:click=move |_| chosen.update(|c| c.retain(|x| x.business.id != id))>
                                {format!("Remove {}", b.business.legal_name)}
                            </button>
                        </div>
                        {if b.contacts.is_empty() {
                            view! { <p class="muted">"No contacts recorded for this business; add them on its page."</p> }.into_any()
                        } else {
                            view! { <div class="contacts-met">{b.contacts.iter().map(|c| {
                                let cid = c.id;
                                let input_id = format!("met-{cid}");
                                let for_id = input_id.clone();
                                let label = if c.key_representative { format!("Met {} (key representative)", c.name) } else { format!("Met {}", c.name) };
                                view! {
                                    <label class="check" for=for_id>
                                        <input type="checkbox" id=input_id checked=b.met.contains(&cid) on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            chosen.update(|list| if let Some(entry) = list.iter_mut().find(|x| x.business.id == id) {
                                                if on { entry.met.insert(cid); } else { entry.met.remove(&cid); }
                                            });
                                        } />
                                        {label}
                                    </label>
                                }
                            }).collect_view()}</div> }.into_any()
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
        <div class="field">
            <label for="visit-business-search">"Find a business to add"</label>
            <input id="visit-business-search" type="search" autocomplete="off" placeholder="Name, FEIN, city or ZIP" bind:value=text />
        </div>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let found = results.await;
                view! { <ul class="picker-results">{found.into_iter().map(|b| {
                    let label = format!("Add {}", b.legal_name);
                    let city = format!("{} {}", b.city, b.zip);
                    let business = b.clone();
                    view! {
                        <li>
                            <button type="button" class="button" on:click=move |_| add(business.clone())>{label}</button>
                            <span class="muted">{city}</span>
                        </li>
                    }
                }).collect_view()}</ul> }
            })}
        </Transition>
        {move || device.get().filter(|d| d.0.user().is_some()).map(|device| view! {
            <button type="button" class="button button-quiet-dark" aria-expanded=move || adding.get().to_string() on:click=move |_| adding.update(|a| *a = !*a)>
                "Not found? Add a new business"
            </button>
            {move || adding.get().then(|| view! { <NewBusiness device=device.clone() chosen adding /> })}
        })}
    }
    .into_any()
}

/// A business met for the first time, with the person met there: kept on the device and sent
/// with the visit, so it works without a connection.
#[component]
fn NewBusiness(
    device: DeviceHandle,
    chosen: RwSignal<Vec<Chosen>>,
    adding: RwSignal<bool>,
) -> impl IntoView {
    let draft = RwSignal::new(BusinessDraft {
        stage: Stage::Stable.as_str().to_owned(),
        ..BusinessDraft::default()
    });
    // Unticked until the rep says so: the orientation rule needs a key representative met,
    // and a receptionist's name must not count as one by default.
    let contact = RwSignal::new(ContactDraft::default());
    let problem = RwSignal::new(None::<AppError>);
    let field = move |name: &'static str| move || problem.get().and_then(|p| p.field(name));
    let text = move |label: &'static str,
                     name: &'static str,
                     get: fn(&BusinessDraft) -> String,
                     set: fn(&mut BusinessDraft, String)| {
        let input_id = format!("new-business-{name}");
        view! {
            <div class="field field-required">
                <label for=input_id.clone()>{label}</label>
                <input id=input_id prop:value=move || draft.with(get) on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev))) />
                {move || field(name)().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
        }
    };
    let save = move |_| {
        let business = draft.get_untracked();
        let person = contact.get_untracked();
        let mut errors = match validate_business(&business) {
            Ok(_) => Vec::new(),
            Err(errors) => errors,
        };
        let with_contact = !person.name.trim().is_empty();
        if with_contact && let Err(more) = validate_contact(&person) {
            errors.extend(more.into_iter().map(|mut e| {
                e.field = format!("contact_{}", e.field);
                e
            }));
        }
        if !errors.is_empty() {
            problem.set(Some(AppError::InvalidFields(errors)));
            return;
        }
        let id = BusinessId::new_v7();
        let name = business.legal_name.trim().to_owned();
        let kept = device.0.record(
            id.0,
            None,
            ChangeBody::Business {
                draft: business.clone(),
                base: None,
            },
            format!("New business {name}"),
            true,
        );
        if let Err(error) = kept {
            problem.set(Some(AppError::Conflict {
                message: error.to_string(),
            }));
            return;
        }
        let mut met = BTreeSet::new();
        if with_contact {
            let contact_id = ContactId::new_v7();
            let kept = device.0.record(
                contact_id.0,
                None,
                ChangeBody::Contact {
                    business: id,
                    draft: person.clone(),
                    base: None,
                },
                format!("New contact {} at {name}", person.name.trim()),
                true,
            );
            if let Err(error) = kept {
                problem.set(Some(AppError::Conflict {
                    message: error.to_string(),
                }));
                return;
            }
            met.insert(contact_id);
        }
        let summary = device.0.business(id);
        let contacts = device.0.contacts_of(id);
        if let Some(business) = summary {
            chosen.update(|c| {
                c.push(Chosen {
                    business,
                    contacts,
                    met,
                })
            });
        }
        adding.set(false);
    };
    view! {
        <div class="panel new-business" role="group" aria-labelledby="new-business-title">
            <h3 id="new-business-title">"New business"</h3>
            {move || problem.get().filter(|p| !matches!(p, AppError::InvalidFields(_))).map(|p| view! { <p class="alert" role="alert">{p.to_string()}</p> })}
            <div class="grid-2">
                {text("Legal name", "legal_name", |d| d.legal_name.clone(), |d, v| d.legal_name = v)}
                {text("Street address", "address", |d| d.address.clone(), |d, v| d.address = v)}
                {text("City", "city", |d| d.city.clone(), |d, v| d.city = v)}
                {text("ZIP", "zip", |d| d.zip.clone(), |d, v| d.zip = v)}
                <div class="field field-required">
                    <label for="new-business-naics">"Industry (NAICS)"</label>
                    <select id="new-business-naics" on:change=move |ev| draft.update(|d| d.naics = event_target_value(&ev))>
                        <option value="">"Choose an industry"</option>
                        {NAICS.iter().map(|(code, title)| view! { <option value=*code>{format!("{code} {title}")}</option> }).collect_view()}
                    </select>
                    {move || field("naics")().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <div class="field field-required">
                    <label for="new-business-stage">"Business-cycle stage"</label>
                    <select id="new-business-stage" on:change=move |ev| draft.update(|d| d.stage = event_target_value(&ev)) prop:value=move || draft.with(|d| d.stage.clone())>
                        {Stage::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="new-business-contact">"Person met (optional)"</label>
                    <input id="new-business-contact" prop:value=move || contact.with(|c| c.name.clone()) on:input=move |ev| contact.update(|c| c.name = event_target_value(&ev)) />
                    {move || field("contact_name")().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <label class="check" for="new-business-key">
                    <input type="checkbox" id="new-business-key" prop:checked=move || contact.with(|c| c.key_representative) on:change=move |ev| contact.update(|c| c.key_representative = event_target_checked(&ev)) />
                    "They are a key representative (owner, executive or HR lead)"
                </label>
            </div>
            <div class="actions">
                <button type="button" class="button button-primary" on:click=save>"Add this business"</button>
                <button type="button" class="button" on:click=move |_| adding.set(false)>"Cancel"</button>
            </div>
        </div>
    }
    .into_any()
}
