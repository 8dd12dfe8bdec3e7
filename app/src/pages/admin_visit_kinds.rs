//! Visit categories and activity types: add, rename, retire. Retired ones stay on the visits
//! filed under them; new visits cannot choose them.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{
    RetireActivityType, RetireCategory, SaveActivityType, SaveCategory, admin_visit_kinds,
};
use crate::components::admin_nav::AdminNav;
use crate::components::field::Field;
use crate::components::problem::Problem;
use crate::components::saved::{count_successes, remember_sender};
use crate::error::AppError;
use crate::model::{ActivityType, Category, VisitKinds};
use crate::resource::load;

fn key(id: Option<uuid::Uuid>) -> String {
    id.map_or_else(|| "new".to_owned(), |id| id.to_string())
}

/// The page's four actions, which form sent each save, and a count of successful changes
/// (only those reload the lists, so a refused form keeps what was typed).
#[derive(Clone, Copy)]
struct KindActions {
    save_category: ServerAction<SaveCategory>,
    retire_category: ServerAction<RetireCategory>,
    save_type: ServerAction<SaveActivityType>,
    retire_type: ServerAction<RetireActivityType>,
    category_sender: RwSignal<Option<String>>,
    type_sender: RwSignal<Option<String>>,
    changed: RwSignal<usize>,
}

impl KindActions {
    fn new() -> Self {
        let save_category = ServerAction::<SaveCategory>::new();
        let retire_category = ServerAction::<RetireCategory>::new();
        let save_type = ServerAction::<SaveActivityType>::new();
        let retire_type = ServerAction::<RetireActivityType>::new();
        let changed = RwSignal::new(0);
        count_successes(save_category, changed);
        count_successes(retire_category, changed);
        count_successes(save_type, changed);
        count_successes(retire_type, changed);
        KindActions {
            save_category,
            retire_category,
            save_type,
            retire_type,
            category_sender: remember_sender(save_category, |sent: &SaveCategory| key(sent.id)),
            type_sender: remember_sender(save_type, |sent: &SaveActivityType| key(sent.id)),
            changed,
        }
    }

    fn category_failure(self, form: &str) -> Option<AppError> {
        (self.category_sender.get().as_deref() == Some(form))
            .then(|| self.save_category.value().get())
            .flatten()
            .and_then(Result::err)
    }

    fn type_failure(self, form: &str) -> Option<AppError> {
        (self.type_sender.get().as_deref() == Some(form))
            .then(|| self.save_type.value().get())
            .flatten()
            .and_then(Result::err)
    }

    /// A refused retirement (say, a category that still files active types).
    fn retire_failure(self) -> Option<AppError> {
        self.retire_category
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| self.retire_type.value().get().and_then(Result::err))
    }
}

#[component]
pub fn AdminVisitKinds() -> impl IntoView {
    let actions = KindActions::new();
    let kinds = load(move || actions.changed.get(), |_| admin_visit_kinds());
    view! {
        <Title text="Visit categories and activity types" />
        <AdminNav />
        <h1>"Visit categories and activity types"</h1>
        <p class="lede">
            "What a rep chooses when recording a visit. An activity type marked as an orientation "
            "makes the form check the BizWorks Orientation rule."
        </p>
        {move || actions.retire_failure().map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match kinds.await {
                    Ok(kinds) => view! { <Kinds kinds actions /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Kinds(kinds: VisitKinds, actions: KindActions) -> impl IntoView {
    let active: Vec<Category> = kinds
        .categories
        .iter()
        .filter(|c| !c.retired)
        .cloned()
        .collect();
    let active = StoredValue::new(active);
    let category_name = {
        let categories = kinds.categories.clone();
        move |id: uuid::Uuid| {
            categories
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.name.clone())
                .unwrap_or_default()
        }
    };
    let category_rows = kinds
        .categories
        .clone()
        .into_iter()
        .map(|category| {
            let types = kinds
                .activity_types
                .iter()
                .filter(|t| t.category == category.id && !t.retired)
                .count();
            let name = category.name.clone();
            let retired = category.retired;
            view! {
                <tr class:retired=retired>
                    <th scope="row">{category.name.clone()}</th>
                    <td>{types}</td>
                    <td>{state(category.retired, category.retired_on)}</td>
                    <td>
                        {(!retired).then(|| view! {
                            <details>
                                <summary>{format!("Rename {name}")}</summary>
                                <CategoryForm category=Some(category.clone()) actions />
                            </details>
                            <ActionForm action=actions.retire_category>
                                <input type="hidden" name="id" value=category.id.to_string() />
                                <button type="submit" class="button button-danger">{format!("Retire {name}")}</button>
                            </ActionForm>
                        })}
                    </td>
                </tr>
            }
            .into_any()
        })
        .collect_view();
    let type_rows = kinds
        .activity_types
        .clone()
        .into_iter()
        .map(|activity| {
            let name = activity.name.clone();
            let retired = activity.retired;
            view! {
                <tr class:retired=retired>
                    <th scope="row">{activity.name.clone()}</th>
                    <td>{category_name(activity.category)}</td>
                    <td>{if activity.is_orientation { "Yes" } else { "No" }}</td>
                    <td>{state(activity.retired, activity.retired_on)}</td>
                    <td>
                        {(!retired).then(|| view! {
                            <details>
                                <summary>{format!("Change {name}")}</summary>
                                <TypeForm activity=Some(activity.clone()) categories=active.get_value() actions />
                            </details>
                            <ActionForm action=actions.retire_type>
                                <input type="hidden" name="id" value=activity.id.to_string() />
                                <button type="submit" class="button button-danger">{format!("Retire {name}")}</button>
                            </ActionForm>
                        })}
                    </td>
                </tr>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="categories-title">
            <h2 id="categories-title">"Categories"</h2>
            <div class="table-wrap">
                <table>
                    <caption class="visually-hidden">"Categories"</caption>
                    <thead><tr>
                        <th scope="col">"Category"</th>
                        <th scope="col">"Active activity types"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col"></th>
                    </tr></thead>
                    <tbody>{category_rows}</tbody>
                </table>
            </div>
            <h3 id="add-category-title">"Add a category"</h3>
            <div role="group" aria-labelledby="add-category-title">
                <CategoryForm category=None actions />
            </div>
        </section>
        <section class="panel" aria-labelledby="types-title">
            <h2 id="types-title">"Activity types"</h2>
            <div class="table-wrap">
                <table>
                    <caption class="visually-hidden">"Activity types"</caption>
                    <thead><tr>
                        <th scope="col">"Activity type"</th>
                        <th scope="col">"Category"</th>
                        <th scope="col">"Orientation"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col"></th>
                    </tr></thead>
                    <tbody>{type_rows}</tbody>
                </table>
            </div>
            <h3 id="add-type-title">"Add an activity type"</h3>
            <div role="group" aria-labelledby="add-type-title">
                <TypeForm activity=None categories=active.get_value() actions />
            </div>
        </section>
    }
}

#[component]
fn CategoryForm(category: Option<Category>, actions: KindActions) -> impl IntoView {
    let form = key(category.as_ref().map(|c| c.id));
    let mine = form.clone();
    let failure = Memo::new(move |_| actions.category_failure(&mine));
    let name_error = Signal::derive(move || failure.get().and_then(|e| e.field("name")));
    view! {
        <ActionForm action=actions.save_category attr:class="form">
            {category.as_ref().map(|c| view! { <input type="hidden" name="id" value=c.id.to_string() /> })}
            <Field
                label="Category name"
                form="draft"
                name="name"
                prefix=format!("category-{form}")
                required=true
                error=name_error
                value=RwSignal::new(category.as_ref().map(|c| c.name.clone()).unwrap_or_default())
            />
            {move || failure.get().filter(|e| !matches!(e, AppError::InvalidFields(_))).map(|e| view! {
                <p class="field-error" role="alert">{e.to_string()}</p>
            })}
            <button type="submit" class="button button-primary">
                {if category.is_some() { "Save category" } else { "Add category" }}
            </button>
        </ActionForm>
    }
}

#[component]
fn TypeForm(
    activity: Option<ActivityType>,
    categories: Vec<Category>,
    actions: KindActions,
) -> impl IntoView {
    let form = key(activity.as_ref().map(|a| a.id));
    let mine = form.clone();
    let failure = Memo::new(move |_| actions.type_failure(&mine));
    let error_for = move |field: &'static str| {
        Signal::derive(move || failure.get().and_then(|e| e.field(field)))
    };
    let category_id = format!("type-{form}-category");
    let orientation_id = format!("type-{form}-orientation");
    let chosen = activity.as_ref().map(|a| a.category);
    view! {
        <ActionForm action=actions.save_type attr:class="form">
            {activity.as_ref().map(|a| view! { <input type="hidden" name="id" value=a.id.to_string() /> })}
            <Field
                label="Activity type name"
                form="draft"
                name="name"
                prefix=format!("type-{form}")
                required=true
                error=error_for("name")
                value=RwSignal::new(activity.as_ref().map(|a| a.name.clone()).unwrap_or_default())
            />
            <div class="field field-required" class:field-invalid=move || error_for("category").get().is_some()>
                <label for=category_id.clone()>"Category"</label>
                <select id=category_id name="draft[category]" required>
                    <option value="">"Choose a category"</option>
                    {categories.into_iter().map(|c| view! {
                        <option value=c.id.to_string() selected=chosen == Some(c.id)>{c.name}</option>
                    }).collect_view()}
                </select>
                {move || error_for("category").get().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <div class="field field-check">
                <input
                    type="checkbox"
                    id=orientation_id.clone()
                    name="draft[is_orientation]"
                    value="true"
                    checked=activity.as_ref().is_some_and(|a| a.is_orientation)
                />
                <label for=orientation_id>"Recording it claims a BizWorks Orientation"</label>
            </div>
            {move || failure.get().filter(|e| !matches!(e, AppError::InvalidFields(_))).map(|e| view! {
                <p class="field-error" role="alert">{e.to_string()}</p>
            })}
            <button type="submit" class="button button-primary">
                {if activity.is_some() { "Save activity type" } else { "Add activity type" }}
            </button>
        </ActionForm>
    }
}

/// "Active", or "Retired on" the state's date where it is known.
fn state(retired: bool, retired_on: Option<chrono::NaiveDate>) -> String {
    match (retired, retired_on) {
        (false, _) => "Active".to_owned(),
        (true, Some(day)) => format!("Retired on {day}"),
        (true, None) => "Retired".to_owned(),
    }
}
