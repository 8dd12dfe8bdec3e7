//! A business page: details, stage history, contacts (key representatives first), parent and
//! branches, every visit, follow-ups owed, and the audit trail.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{AddContact, RemoveContact, UndoMerge, UpdateContact, get_business};
use crate::components::field::Field;
use crate::components::problem::Problem;
use crate::components::user::CurrentUser;
use crate::error::AppError;
use crate::model::{BusinessDetail, BusinessId, Contact, ContactId, Role};
use crate::resource::load;
use crate::rules::naics;

#[component]
pub fn BusinessPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<uuid::Uuid>().ok())
            .map(BusinessId)
    };
    let add_contact = ServerAction::<AddContact>::new();
    let update_contact = ServerAction::<UpdateContact>::new();
    let remove_contact = ServerAction::<RemoveContact>::new();
    let contacts = ContactActions::new(add_contact, update_contact, remove_contact);
    let undo = ServerAction::<UndoMerge>::new();
    let user = CurrentUser::get();
    let is_rep = load(|| (), move |_| CurrentUser::is(user, Role::Rep));
    let detail = load(
        move || (id(), contacts.saved.get() + undo.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_business(id).await,
                None => Err(AppError::NotFound {
                    what: "That business".to_owned(),
                }),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the business…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => {
                        let is_rep = is_rep.await;
                        view! { <Detail detail contacts undo is_rep /> }.into_any()
                    }
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Detail(
    detail: BusinessDetail,
    contacts: ContactActions,
    undo: ServerAction<UndoMerge>,
    /// Reps record visits; a merged business takes none (its survivor does).
    is_rep: bool,
) -> impl IntoView {
    let b = detail.summary.clone();
    let record_visit = (is_rep && detail.merged_into.is_none()).then(|| {
        view! {
            <a class="button button-primary" href=format!("/visits/new?business={}", b.id)>"Record a visit"</a>
        }
    });
    let today = detail.today;
    let dated: Vec<_> = detail
        .visits
        .iter()
        .map(|v| (v.date, v.follow_up))
        .collect();
    let follow_ups: Vec<_> = crate::rules::follow_ups::owed(&dated)
        .into_iter()
        .filter_map(|i| {
            let v = &detail.visits[i];
            v.follow_up.map(|due| (due, v.clone()))
        })
        .collect();
    view! {
        <Title text=b.legal_name.clone() />
        {detail.merged_into.clone().map(|survivor| view! {
            <p class="notice">"This business was merged into "
                <a href=format!("/businesses/{}", survivor.id)>{survivor.legal_name}</a>
                ". Its visits and contacts are there now."
            </p>
        })}
        <div class="page-head">
            <div>
                <h1>{b.legal_name.clone()}</h1>
                {b.dba.clone().map(|dba| view! { <p class="lede">"Doing business as " {dba}</p> })}
            </div>
            <div class="actions">
                <span class=format!("stage stage-{}", b.stage.as_str())>{b.stage.label()}</span>
                <a class="button" href=format!("/businesses/{}/edit", b.id)>"Change details"</a>
                {record_visit}
            </div>
        </div>
        <div class="columns">
            <section aria-labelledby="details-title" class="panel">
                <h2 id="details-title">"Details"</h2>
                <dl class="facts">
                    <dt>"Address"</dt><dd>{format!("{}, {} {}", detail.address, b.city, b.zip)}</dd>
                    <dt>"FEIN"</dt><dd>{b.fein.clone().unwrap_or_else(|| "not recorded".to_owned())}</dd>
                    <dt>"Industry"</dt><dd>{format!("{} · {}", detail.naics, naics::title(&detail.naics).unwrap_or("unlisted"))}</dd>
                    <dt>"Employees"</dt><dd>{detail.employee_count.map(|n| n.to_string()).unwrap_or_else(|| "unknown".to_owned())}</dd>
                    <dt>"Center"</dt><dd>{detail.center_name.clone().unwrap_or_else(|| "none".to_owned())}</dd>
                    {detail.parent.clone().map(|parent| view! {
                        <dt>"Parent"</dt><dd><a href=format!("/businesses/{}", parent.id)>{parent.legal_name}</a></dd>
                    })}
                </dl>
                {(!detail.branches.is_empty()).then(|| view! {
                    <h3>"Branches"</h3>
                    <ul>{detail.branches.iter().map(|br| view! {
                        <li><a href=format!("/businesses/{}", br.id)>{br.legal_name.clone()}</a>{format!(" · {}", br.city)}</li>
                    }).collect_view()}</ul>
                })}
                <h3>"Stage history"</h3>
                <ol class="timeline">
                    {detail.stages.iter().map(|s| view! {
                        <li>{format!("{} · {}", s.on, s.stage.label())}{s.by.clone().map(|by| format!(" · {by}"))}</li>
                    }).collect_view()}
                </ol>
            </section>
            <section aria-labelledby="contacts-title" class="panel">
                <h2 id="contacts-title">"Contacts"</h2>
                <ContactList contacts=detail.contacts.clone() actions=contacts />
                <AddContactForm business=b.id action=contacts.add />
            </section>
        </div>
        <MergeSections detail=detail.clone() undo />
        <section aria-labelledby="followups-title" class="panel">
            <h2 id="followups-title">"Follow-ups owed"</h2>
            {if follow_ups.is_empty() {
                view! { <p class="muted">"None."</p> }.into_any()
            } else {
                view! { <ul>{follow_ups.into_iter().map(|(due, v)| view! {
                    <li class:overdue=due < today>
                        {format!("{due} · {} by {}", v.activity, v.author)}
                        {(due < today).then_some(" · overdue")}
                    </li>
                }).collect_view()}</ul> }.into_any()
            }}
        </section>
        <section aria-labelledby="visits-title" class="panel">
            <h2 id="visits-title">"Visits"</h2>
            {if detail.visits.is_empty() {
                view! { <p class="muted">"No visits yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap"><table>
                        <caption class="visually-hidden">"Visits to this business"</caption>
                        <thead><tr><th scope="col">"Date"</th><th scope="col">"Activity"</th><th scope="col">"Mode"</th><th scope="col">"By"</th><th scope="col">"Center"</th></tr></thead>
                        <tbody>{detail.visits.iter().map(|v| view! {
                            <tr><td>{v.date.to_string()}</td><td>{v.activity.clone()}</td><td>{v.mode.label()}</td><td>{v.author.clone()}</td><td>{v.center.clone()}</td></tr>
                        }).collect_view()}</tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="audit-title" class="panel">
            <h2 id="audit-title">"Audit trail"</h2>
            <ul class="timeline">{detail.audit.iter().map(|a| view! {
                <li>{format!("{} · {}", a.at.describe(), a.action)}{a.actor.clone().map(|who| format!(" · {who}"))}</li>
            }).collect_view()}</ul>
        </section>
    }
}

/// The three contact actions of the page. Only a successful one reloads the business: a
/// refused one leaves the form, and what was typed in it, on screen.
#[derive(Clone, Copy)]
struct ContactActions {
    add: ServerAction<AddContact>,
    update: ServerAction<UpdateContact>,
    remove: ServerAction<RemoveContact>,
    saved: RwSignal<usize>,
    /// Which contact's form was sent last, so only that form shows the refusal.
    last_changed: RwSignal<Option<ContactId>>,
}

impl ContactActions {
    fn new(
        add: ServerAction<AddContact>,
        update: ServerAction<UpdateContact>,
        remove: ServerAction<RemoveContact>,
    ) -> Self {
        let saved = RwSignal::new(0);
        let last_changed = RwSignal::new(None);
        let count = move |ok: bool| {
            if ok {
                saved.update(|n| *n += 1);
            }
        };
        Effect::new(move |_| count(add.value().get().is_some_and(|v| v.is_ok())));
        Effect::new(move |_| count(update.value().get().is_some_and(|v| v.is_ok())));
        Effect::new(move |_| count(remove.value().get().is_some_and(|v| v.is_ok())));
        Effect::new(move |_| {
            if let Some(sent) = update.input().get() {
                last_changed.set(Some(sent.id));
            }
        });
        ContactActions {
            add,
            update,
            remove,
            saved,
            last_changed,
        }
    }
}

#[component]
fn ContactList(contacts: Vec<Contact>, actions: ContactActions) -> impl IntoView {
    if contacts.is_empty() {
        return view! { <p class="muted">"No contacts yet. Add the owner, an executive or the HR lead below."</p> }
            .into_any();
    }
    let removal_failed = move || actions.remove.value().get().and_then(Result::err);
    view! {
        {move || removal_failed().map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
        <ul class="contacts">
            {contacts.into_iter().map(|c| {
                let id = c.id;
                let name = c.name.clone();
                view! {
                    <li>
                        <strong>{c.name.clone()}</strong>
                        {c.key_representative.then(|| view! { <span class="badge">"Key representative"</span> })}
                        <br />
                        <span class="muted">{[c.title.clone(), c.email.clone(), c.phone.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ")}</span>
                        <details class="contact-edit">
                            <summary>{format!("Change or remove {name}")}</summary>
                            <EditContactForm contact=c.clone() actions />
                            <ActionForm action=actions.remove attr:class="inline">
                                <input type="hidden" name="id" value=id.to_string() />
                                <button type="submit" class="button button-danger">{format!("Remove {name}")}</button>
                            </ActionForm>
                        </details>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Changes one contact; what was typed stays when the server refuses it.
#[component]
fn EditContactForm(contact: Contact, actions: ContactActions) -> impl IntoView {
    let id = contact.id;
    let action = actions.update;
    let prefix = format!("contact-{id}");
    let failure = move || {
        (actions.last_changed.get() == Some(id))
            .then(|| action.value().get())
            .flatten()
            .and_then(Result::err)
    };
    let error_for =
        move |field: &'static str| Signal::derive(move || failure().and_then(|e| e.field(field)));
    let key_id = format!("{prefix}-key");
    let key_for = key_id.clone();
    view! {
        <ActionForm action attr:class="form">
            <input type="hidden" name="id" value=id.to_string() />
            <Field label="Name" form="draft" prefix=prefix.clone() name="name" required=true error=error_for("name") value=RwSignal::new(contact.name.clone()) />
            <Field label="Title" form="draft" prefix=prefix.clone() name="title" error=error_for("title") value=RwSignal::new(contact.title.clone().unwrap_or_default()) />
            <Field label="E-mail" form="draft" prefix=prefix.clone() name="email" kind="email" error=error_for("email") value=RwSignal::new(contact.email.clone().unwrap_or_default()) />
            <Field label="Phone" form="draft" prefix=prefix.clone() name="phone" kind="tel" error=error_for("phone") value=RwSignal::new(contact.phone.clone().unwrap_or_default()) />
            <div class="field field-check">
                <input type="checkbox" id=key_id name="draft[key_representative]" value="true" checked=contact.key_representative />
                <label for=key_for>"Key representative"</label>
            </div>
            <button type="submit" class="button button-primary">"Save contact"</button>
        </ActionForm>
    }
}

#[component]
fn AddContactForm(business: BusinessId, action: ServerAction<AddContact>) -> impl IntoView {
    let failure = move || action.value().get().and_then(Result::err);
    let error_for =
        move |field: &'static str| Signal::derive(move || failure().and_then(|e| e.field(field)));
    view! {
        <details class="add-contact" open=move || failure().is_some()>
            <summary>"Add a contact"</summary>
            <ActionForm action attr:class="form">
                <input type="hidden" name="business" value=business.to_string() />
                <Field label="Name" form="draft" name="name" required=true error=error_for("name") />
                <Field label="Title" form="draft" name="title" error=error_for("title") />
                <Field label="E-mail" form="draft" name="email" kind="email" error=error_for("email") />
                <Field label="Phone" form="draft" name="phone" kind="tel" error=error_for("phone") />
                <div class="field field-check">
                    <input type="checkbox" id="draft-key" name="draft[key_representative]" value="true" />
                    <label for="draft-key">"Key representative (owner, executive or HR lead who can act for the firm)"</label>
                </div>
                <button type="submit" class="button button-primary">"Add contact"</button>
            </ActionForm>
        </details>
    }
}

/// Likely duplicates to compare and merge, and merges into this business to undo.
#[component]
fn MergeSections(detail: BusinessDetail, undo: ServerAction<UndoMerge>) -> impl IntoView {
    let here = detail.summary.id;
    let duplicates = detail.duplicates;
    let merges = detail.merges;
    view! {
        {(!duplicates.is_empty()).then(|| view! {
            <section class="panel duplicates" aria-labelledby="dups-title">
                <h2 id="dups-title">"Possible duplicates"</h2>
                <ul>
                    {duplicates.into_iter().map(|d| view! {
                        <li>
                            <a href=format!("/businesses/{}", d.business.id)>{d.business.legal_name.clone()}</a>
                            {format!(" · {} {} · {} · ", d.business.city, d.business.zip, d.likeness.label())}
                            <a href=format!("/businesses/{here}/merge/{}", d.business.id)>"Compare and merge"</a>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(!merges.is_empty()).then(|| view! {
            <section class="panel" aria-labelledby="merges-title">
                <h2 id="merges-title">"Merged into this business"</h2>
                {move || undo.value().get().and_then(Result::err).map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
                <ul class="merges">
                    {merges.into_iter().map(|m| view! {
                        <li>
                            {format!("{} · {}{}", m.merged.legal_name, m.at.describe_day(), m.by.as_ref().map(|by| format!(" · {by}")).unwrap_or_default())}
                            <ActionForm action=undo attr:class="inline">
                                <input type="hidden" name="merge" value=m.id.to_string() />
                                <button type="submit" class="button">{format!("Undo merge of {}", m.merged.legal_name)}</button>
                            </ActionForm>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}
