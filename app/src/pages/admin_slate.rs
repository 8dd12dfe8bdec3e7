//! The slate of services: add, rename, retire. Retired services stay in history.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{RetireService, SaveService, admin_slate};
use crate::components::admin_nav::AdminNav;
use crate::components::problem::Problem;
use crate::error::AppError;
use crate::model::{Service, ServiceDraft, Stage};
use crate::resource::load;

#[component]
pub fn AdminSlate() -> impl IntoView {
    let save = ServerAction::<SaveService>::new();
    let retire = ServerAction::<RetireService>::new();
    let slate = load(
        move || (save.version().get(), retire.version().get()),
        |_| admin_slate(),
    );
    view! {
        <Title text="Slate of services" />
        <AdminNav />
        <h1>"Slate of services"</h1>
        <p class="lede">
            "A visit counts as a BizWorks Orientation when it presents more than half of the active services. "
            "Retiring a service changes that for new visits only; older visits keep the slate of their day."
        </p>
        {move || retire.value().get().and_then(Result::err).map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
        <Transition fallback=|| view! { <p class="loading">"Loading the slate…"</p> }>
            {move || Suspend::new(async move {
                match slate.await {
                    Ok(services) => view! { <SlateTable services save retire /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
        <section class="panel" aria-labelledby="add-title">
            <h2 id="add-title">"Add a service"</h2>
            <ServiceForm save service=None />
        </section>
    }
}

#[component]
fn SlateTable(
    services: Vec<Service>,
    save: ServerAction<SaveService>,
    retire: ServerAction<RetireService>,
) -> impl IntoView {
    let active = services.iter().filter(|s| !s.retired).count();
    let rows = services
        .into_iter()
        .map(|service| {
            let suits = service.suggested_for.iter().map(|s| s.label()).collect::<Vec<_>>().join(", ");
            let name = service.name.clone();
            let id = service.id;
            let retired = service.retired;
            view! {
                <tr class:retired=retired>
                    <td>
                        <strong>{service.name.clone()}</strong>
                        <br />
                        <span class="muted">{service.description.clone()}</span>
                    </td>
                    <td>{suits}</td>
                    <td>{if retired { "Retired" } else { "Active" }}</td>
                    <td>
                        {(!retired).then(|| view! {
                            <details>
                                <summary>{format!("Change {name}")}</summary>
                                <ServiceForm save service=Some(service.clone()) />
                            </details>
                            <ActionForm action=retire>
                                <input type="hidden" name="id" value=id.to_string() />
                                <button type="submit" class="button button-danger">{format!("Retire {name}")}</button>
                            </ActionForm>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p>{format!("{active} active services: an orientation needs {}.", active / 2 + 1)}</p>
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">"Services"</caption>
                <thead><tr><th scope="col">"Service"</th><th scope="col">"Suggested for"</th><th scope="col">"Status"</th><th scope="col"></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Adds a service, or changes `service`.
#[component]
fn ServiceForm(save: ServerAction<SaveService>, service: Option<Service>) -> impl IntoView {
    let key = service
        .as_ref()
        .map_or_else(|| "new".to_owned(), |s| s.id.to_string());
    let draft = service
        .as_ref()
        .map(|s| ServiceDraft {
            name: s.name.clone(),
            description: s.description.clone(),
            suits_start_up: s.suggested_for.contains(&Stage::StartUp),
            suits_growth: s.suggested_for.contains(&Stage::Growth),
            suits_stable: s.suggested_for.contains(&Stage::Stable),
            suits_decline: s.suggested_for.contains(&Stage::Decline),
            suits_closing: s.suggested_for.contains(&Stage::Closing),
        })
        .unwrap_or_default();
    let id = service.as_ref().map(|s| s.id.to_string());
    let failure = move || save.value().get().and_then(Result::err);
    let boxes = [
        (Stage::StartUp, draft.suits_start_up, "suits_start_up"),
        (Stage::Growth, draft.suits_growth, "suits_growth"),
        (Stage::Stable, draft.suits_stable, "suits_stable"),
        (Stage::Decline, draft.suits_decline, "suits_decline"),
        (Stage::Closing, draft.suits_closing, "suits_closing"),
    ];
    let name_id = format!("service-{key}-name");
    let description_id = format!("service-{key}-description");
    view! {
        <ActionForm action=save attr:class="form">
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            {move || failure().map(|e: AppError| view! { <p class="field-error">{e.field("name").unwrap_or_else(|| e.to_string())}</p> })}
            <div class="field field-required">
                <label for=name_id.clone()>"Name"</label>
                <input id=name_id name="draft[name]" required value=draft.name.clone() />
            </div>
            <div class="field">
                <label for=description_id.clone()>"What it offers"</label>
                <textarea id=description_id name="draft[description]" rows="2">{draft.description.clone()}</textarea>
            </div>
            <fieldset class="chips">
                <legend>"Suggested for businesses in"</legend>
                {boxes.into_iter().map(|(stage, on, field)| {
                    let box_id = format!("service-{key}-{field}");
                    let for_id = box_id.clone();
                    view! {
                        <label class="chip" for=for_id>
                            <input type="checkbox" id=box_id name=format!("draft[{field}]") value="true" checked=on />
                            <span>{stage.label()}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button button-primary">"Save service"</button>
        </ActionForm>
    }
}
