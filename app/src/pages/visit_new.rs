//! The one form for every visit: one or many businesses, contacts met, services as chips
//! pre-suggested by each business's stage, and the BizWorks Orientation verdict live as the
//! rep ticks services.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use crate::api::{
    RecordVisit, UpdateVisit, get_business, get_editable_visit, search_businesses,
    visit_form_reference,
};
use crate::components::problem::Problem;
use crate::error::AppError;
use crate::model::{
    BusinessList, BusinessQuery, BusinessSummary, Contact, ContactId, EditableVisit, ServiceId,
    VisitBusinessDraft, VisitDraft, VisitId, VisitMode, VisitReference,
};
use crate::rules::orientation::assess;
use crate::rules::suggest::suggested_services;

/// A business added to the visit, with its contacts and those met.
#[derive(Clone, Debug, PartialEq)]
struct Chosen {
    business: BusinessSummary,
    contacts: Vec<Contact>,
    met: BTreeSet<ContactId>,
}

#[component]
pub fn VisitNew() -> impl IntoView {
    let reference = Resource::new(|| (), |_| visit_form_reference());
    view! {
        <Title text="Record a visit" />
        <h1>"Record a visit"</h1>
        <noscript><p class="notice">"Recording a visit needs JavaScript, which is off in this browser."</p></noscript>
        <Suspense fallback=|| view! { <p class="loading">"Loading the form…"</p> }>
            {move || Suspend::new(async move {
                match reference.await {
                    Ok(reference) => view! { <VisitForm reference initial=None /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
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
    let loaded = Resource::new(id, |id| async move {
        let id = id.ok_or_else(|| AppError::NotFound {
            what: "That visit".to_owned(),
        })?;
        let visit = get_editable_visit(id).await?;
        let reference = visit_form_reference().await?;
        Ok::<_, AppError>((reference, visit))
    });
    view! {
        <Title text="Change a visit" />
        <h1>"Change a visit"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading the visit…"</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok((reference, visit)) => {
                        view! { <VisitForm reference initial=Some(visit) /> }.into_any()
                    }
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn VisitForm(reference: VisitReference, initial: Option<EditableVisit>) -> impl IntoView {
    let reference = StoredValue::new(reference);
    let today = reference.with_value(|r| r.today.to_string());
    let editing = initial.as_ref().map(|visit| visit.id);
    let start = initial
        .as_ref()
        .map(|visit| visit.draft.clone())
        .unwrap_or_else(|| VisitDraft {
            date: today.clone(),
            category: reference.with_value(|r| {
                r.categories
                    .first()
                    .map(|c| c.id.to_string())
                    .unwrap_or_default()
            }),
            mode: VisitMode::InPerson.as_str().to_owned(),
            ..VisitDraft::default()
        });
    let chosen_at_start: Vec<Chosen> = initial
        .map(|visit| {
            visit
                .businesses
                .into_iter()
                .map(|b| {
                    let met = start
                        .businesses
                        .iter()
                        .find(|d| d.business == Some(b.business.id))
                        .map(|d| d.contacts_met.iter().copied().collect())
                        .unwrap_or_default();
                    Chosen {
                        business: b.business,
                        contacts: b.contacts,
                        met,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let date = RwSignal::new(start.date.clone());
    let category = RwSignal::new(start.category.clone());
    let activity = RwSignal::new(start.activity_type.clone());
    let mode = RwSignal::new(start.mode.clone());
    let chosen = RwSignal::new(chosen_at_start);
    let presented = RwSignal::new(
        start
            .presented
            .iter()
            .copied()
            .collect::<BTreeSet<ServiceId>>(),
    );
    let delivered = RwSignal::new(
        start
            .delivered
            .iter()
            .copied()
            .collect::<BTreeSet<ServiceId>>(),
    );
    let referred = RwSignal::new(
        start
            .referred
            .iter()
            .copied()
            .collect::<BTreeSet<ServiceId>>(),
    );
    let hired = RwSignal::new(start.jobseekers_hired.clone());
    let positions = RwSignal::new(start.positions_open.clone());
    let notes = RwSignal::new(start.notes.clone());
    let follow_up = RwSignal::new(start.follow_up.clone());
    let record = ServerAction::<RecordVisit>::new();
    let update = ServerAction::<UpdateVisit>::new();
    let outcome = move || match editing {
        Some(_) => update.value().get(),
        None => record.value().get(),
    };
    let pending = move || record.pending().get() || update.pending().get();
    let failure = move || outcome().and_then(Result::err);
    let error_for = move |field: &'static str| move || failure().and_then(|e| e.field(field));

    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = outcome() {
            navigate(&format!("/visits/{id}"), Default::default());
        }
    });

    let activities = move || {
        let category = category.get();
        reference.with_value(|r| {
            r.activity_types
                .iter()
                .filter(|a| a.category.to_string() == category)
                .cloned()
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
        let draft = VisitDraft {
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
        match editing {
            Some(id) => {
                update.dispatch(UpdateVisit { id, draft });
            }
            None => {
                record.dispatch(RecordVisit { draft });
            }
        }
    };

    view! {
        <form class="form form-wide" on:submit=on_submit novalidate>
            {move || failure().map(|error| {
                let text = if matches!(error, AppError::InvalidFields(_)) {
                    "Some fields need attention; they are marked below. Nothing you entered is lost.".to_owned()
                } else {
                    error.to_string()
                };
                view! { <p class="alert" role="alert">{text}</p> }
            })}
            <div class="grid-2">
                <div class="field">
                    <label for="visit-date">"Date"</label>
                    <input id="visit-date" type="date" max=today bind:value=date required />
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
                        {reference.with_value(|r| r.categories.iter().map(|c| view! { <option value=c.id.to_string()>{c.name.clone()}</option> }).collect_view())}
                    </select>
                    {move || error_for("category")().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <div class="field">
                    <label for="visit-activity">"Activity type"</label>
                    <select id="visit-activity" on:change=move |ev| activity.set(event_target_value(&ev)) prop:value=move || activity.get()>
                        <option value="">"Choose an activity"</option>
                        {move || activities().into_iter().map(|a| view! { <option value=a.id.to_string()>{a.name}</option> }).collect_view()}
                    </select>
                    {move || error_for("activity_type")().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
            </div>

            <fieldset class="panel">
                <legend>"Businesses met"</legend>
                <BusinessPicker chosen />
                {move || error_for("businesses")().map(|m| view! { <p class="field-error">{m}</p> })}
                {move || error_for("contacts")().map(|m| view! { <p class="field-error">{m}</p> })}
            </fieldset>

            <ServiceChips legend="Services presented" id="presented" reference selected=presented suggested=Signal::derive(suggested) />
            {move || (!suggested().is_empty()).then(|| view! {
                <button type="button" class="button" on:click=move |_| presented.update(|p| p.extend(suggested()))>
                    "Tick the services suggested for these businesses"
                </button>
            })}
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
            <ServiceChips legend="Services delivered" id="delivered" reference selected=delivered suggested=Signal::derive(BTreeSet::new) />
            <ServiceChips legend="Services referred" id="referred" reference selected=referred suggested=Signal::derive(BTreeSet::new) />

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
                <button type="submit" class="button button-primary" disabled=pending>
                    {move || if pending() { "Saving…" } else { "Save visit" }}
                </button>
                <a href="/visits">"Cancel"</a>
            </div>
        </form>
    }
}

#[component]
fn ServiceChips(
    legend: &'static str,
    id: &'static str,
    reference: StoredValue<VisitReference>,
    selected: RwSignal<BTreeSet<ServiceId>>,
    suggested: Signal<BTreeSet<ServiceId>>,
) -> impl IntoView {
    let chips = reference.with_value(|r| r.slate.clone()).into_iter().map(|service| {
        let sid = service.id;
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
                <span>{service.name}</span>
                {move || suggested.with(|s| s.contains(&sid)).then(|| view! { <span class="chip-note">" suggested"</span> })}
            </label>
        }
    }).collect_view();
    view! {
        <fieldset class="chips">
            <legend>{legend} {move || format!(" ({} chosen)", selected.with(|s| s.len()))}</legend>
            {chips}
        </fieldset>
    }
}

#[component]
fn BusinessPicker(chosen: RwSignal<Vec<Chosen>>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let results = Resource::new(
        move || text.get(),
        |text| async move {
            if text.trim().len() < 2 {
                return Ok(Vec::new());
            }
            search_businesses(BusinessQuery {
                text,
                list: BusinessList::All,
                page: 0,
            })
            .await
            .map(|page| page.items)
        },
    );
    let add = move |business: BusinessSummary| {
        spawn_local(async move {
            let contacts = get_business(business.id)
                .await
                .map(|d| d.contacts)
                .unwrap_or_default();
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
                let found = results.await.unwrap_or_default();
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
    }
}
