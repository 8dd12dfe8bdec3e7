//! The organisation: regions, workforce boards and career centers. Add, rename, move; remove
//! only what nothing depends on (the server says what still does).

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{RemoveUnit, SaveUnit, get_org_units};
use crate::components::admin_nav::AdminNav;
use crate::components::field::Field;
use crate::components::problem::Problem;
use crate::components::saved::{count_successes, remember_sender};
use crate::error::AppError;
use crate::model::{OrgUnits, Unit, UnitKind};
use crate::resource::load;

/// Which form a save came from: the unit's id, or `new-<kind>` for an add form.
fn form_key(id: Option<uuid::Uuid>, kind: &str) -> String {
    id.map_or_else(|| format!("new-{kind}"), |id| id.to_string())
}

/// The page's actions, and which form sent the last save (only that form shows a refusal;
/// `Action::input` is cleared once the call returns, so it is remembered here).
#[derive(Clone, Copy)]
struct UnitActions {
    save: ServerAction<SaveUnit>,
    remove: ServerAction<RemoveUnit>,
    last_sent: RwSignal<Option<String>>,
    /// Counts successful changes: only those reload the lists, so a refused form keeps what
    /// was typed in it.
    changed: RwSignal<usize>,
}

impl UnitActions {
    fn new() -> Self {
        let save = ServerAction::<SaveUnit>::new();
        let remove = ServerAction::<RemoveUnit>::new();
        let changed = RwSignal::new(0);
        count_successes(save, changed);
        count_successes(remove, changed);
        UnitActions {
            save,
            remove,
            last_sent: remember_sender(save, |sent: &SaveUnit| form_key(sent.id, &sent.draft.kind)),
            changed,
        }
    }

    /// The refusal of the last save, if `key`'s form sent it.
    fn failure(self, key: &str) -> Option<AppError> {
        (self.last_sent.get().as_deref() == Some(key))
            .then(|| self.save.value().get())
            .flatten()
            .and_then(Result::err)
    }
}

#[component]
pub fn AdminOrganisation() -> impl IntoView {
    let actions = UnitActions::new();
    let remove = actions.remove;
    let units = load(move || actions.changed.get(), |_| get_org_units());
    view! {
        <Title text="Organisation" />
        <AdminNav />
        <h1>"Organisation"</h1>
        <p class="lede">
            "Regions hold workforce boards; boards hold career centers. Staff work for a center, "
            "directors oversee a center, board, region or the state."
        </p>
        {move || remove.value().get().and_then(Result::err).map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
        <Transition fallback=|| view! { <p class="loading">"Loading the organisation…"</p> }>
            {move || Suspend::new(async move {
                match units.await {
                    Ok(units) => view! { <Levels units actions /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Levels(units: OrgUnits, actions: UnitActions) -> impl IntoView {
    let names: HashMap<uuid::Uuid, String> = units
        .regions
        .iter()
        .chain(&units.boards)
        .map(|u| (u.id, u.name.clone()))
        .collect();
    let names = StoredValue::new(names);
    let summary = format!(
        "{} regions, {} boards, {} centers.",
        units.regions.len(),
        units.boards.len(),
        units.centers.len()
    );
    let units = StoredValue::new(units);
    let level = move |kind: UnitKind| {
        let list = units.with_value(|u| match kind {
            UnitKind::Region => u.regions.clone(),
            UnitKind::Board => u.boards.clone(),
            UnitKind::Center => u.centers.clone(),
        });
        let parents = units.with_value(|u| match kind.parent() {
            Some(UnitKind::Region) => u.regions.clone(),
            Some(UnitKind::Board) => u.boards.clone(),
            _ => Vec::new(),
        });
        view! { <Level kind list parents names actions /> }.into_any()
    };
    view! {
        <p>{summary}</p>
        {level(UnitKind::Region)}
        {level(UnitKind::Board)}
        {level(UnitKind::Center)}
    }
}

fn plural(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Region => "Regions",
        UnitKind::Board => "Workforce boards",
        UnitKind::Center => "Career centers",
    }
}

#[component]
fn Level(
    kind: UnitKind,
    list: Vec<Unit>,
    parents: Vec<Unit>,
    names: StoredValue<HashMap<uuid::Uuid, String>>,
    actions: UnitActions,
) -> impl IntoView {
    let title_id = format!("{}-title", kind.as_str());
    let add_id = format!("add-{}-title", kind.as_str());
    let parent_header = kind
        .parent()
        .map(|p| view! { <th scope="col">{p.label()}</th> });
    let town_header = (kind == UnitKind::Center).then(|| view! { <th scope="col">"Town"</th> });
    let parents = StoredValue::new(parents);
    let rows = list
        .into_iter()
        .map(|unit| {
            let parent_name = unit
                .parent
                .and_then(|p| names.with_value(|n| n.get(&p).cloned()))
                .unwrap_or_default();
            let name = unit.name.clone();
            let in_use = unit.attached > 0;
            view! {
                <tr>
                    <th scope="row">{unit.name.clone()}</th>
                    {kind.parent().map(|_| view! { <td>{parent_name}</td> })}
                    {(kind == UnitKind::Center).then(|| view! { <td>{unit.city.clone().unwrap_or_default()}</td> })}
                    <td>{if in_use { format!("{} attached", unit.attached) } else { "Nothing attached".to_owned() }}</td>
                    <td>
                        <details>
                            <summary>{format!("Change {name}")}</summary>
                            <UnitForm kind unit=Some(unit.clone()) parents=parents.get_value() actions />
                        </details>
                        {(!in_use).then(|| view! {
                            <ActionForm action=actions.remove>
                                <input type="hidden" name="kind" value=kind.as_str() />
                                <input type="hidden" name="id" value=unit.id.to_string() />
                                <button type="submit" class="button button-danger">{format!("Remove {name}")}</button>
                            </ActionForm>
                        })}
                    </td>
                </tr>
            }
            // Erased: each level's nested forms otherwise make a type too deep to compile.
            .into_any()
        })
        .collect_view();
    let labelled_by = title_id.clone();
    view! {
        <section class="panel" aria-labelledby=labelled_by>
            <h2 id=title_id>{plural(kind)}</h2>
            <div class="table-wrap">
                <table>
                    <caption class="visually-hidden">{plural(kind)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            {parent_header}
                            {town_header}
                            <th scope="col">"In use"</th>
                            <th scope="col"></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <h3 id=add_id.clone()>{format!("Add a {}", kind.label().to_lowercase())}</h3>
            <div role="group" aria-labelledby=add_id>
                <UnitForm kind unit=None parents=parents.get_value() actions />
            </div>
        </section>
    }
}

/// Adds a unit of `kind`, or changes `unit`. A refusal shows on the form that was sent only.
#[component]
fn UnitForm(
    kind: UnitKind,
    unit: Option<Unit>,
    parents: Vec<Unit>,
    actions: UnitActions,
) -> impl IntoView {
    let key = form_key(unit.as_ref().map(|u| u.id), kind.as_str());
    let mine = key.clone();
    let failure = Memo::new(move |_| actions.failure(&mine));
    let error_for = move |field: &'static str| {
        Signal::derive(move || failure.get().and_then(|e: AppError| e.field(field)))
    };
    let id = unit.as_ref().map(|u| u.id.to_string());
    let chosen_parent = unit.as_ref().and_then(|u| u.parent);
    let parent_id = format!("unit-{key}-parent");
    view! {
        <ActionForm action=actions.save attr:class="form">
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            <input type="hidden" name="draft[kind]" value=kind.as_str() />
            <Field
                label="Name"
                form="draft"
                name="name"
                prefix=format!("unit-{key}")
                required=true
                error=error_for("name")
                value=RwSignal::new(unit.as_ref().map(|u| u.name.clone()).unwrap_or_default())
            />
            {kind.parent().map(|parent| view! {
                <div class="field field-required" class:field-invalid=move || error_for("parent").get().is_some()>
                    <label for=parent_id.clone()>{format!("Belongs to ({})", parent.label().to_lowercase())}</label>
                    <select id=parent_id.clone() name="draft[parent]" required>
                        <option value="">{format!("Choose a {}", parent.label().to_lowercase())}</option>
                        {parents.iter().map(|p| view! {
                            <option value=p.id.to_string() selected=chosen_parent == Some(p.id)>{p.name.clone()}</option>
                        }).collect_view()}
                    </select>
                    {move || error_for("parent").get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
            })}
            {(kind == UnitKind::Center).then(|| view! {
                <Field
                    label="Town"
                    form="draft"
                    name="city"
                    prefix=format!("unit-{key}")
                    required=true
                    error=error_for("city")
                    value=RwSignal::new(unit.as_ref().and_then(|u| u.city.clone()).unwrap_or_default())
                />
            })}
            {move || failure.get().filter(|e| !matches!(e, AppError::InvalidFields(_))).map(|e| view! {
                <p class="field-error" role="alert">{e.to_string()}</p>
            })}
            <button type="submit" class="button button-primary">
                {if unit.is_some() { "Save changes".to_owned() } else { format!("Add {}", kind.label().to_lowercase()) }}
            </button>
        </ActionForm>
    }
    .into_any()
}
