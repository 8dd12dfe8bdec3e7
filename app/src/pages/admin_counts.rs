//! Establishment counts per area and period: the denominator (E2) of the employer
//! penetration rate, entered from the state's QCEW figures.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{
    RemoveEstablishmentCount, SaveEstablishmentCount, establishment_counts, get_org_units,
};
use crate::components::admin_nav::AdminNav;
use crate::components::field::Field;
use crate::components::problem::Problem;
use crate::components::saved::count_successes;
use crate::error::AppError;
use crate::format::group_thousands;
use crate::model::{EstablishmentCount, OrgUnits};
use crate::resource::load;

#[component]
pub fn AdminCounts() -> impl IntoView {
    let save = ServerAction::<SaveEstablishmentCount>::new();
    let remove = ServerAction::<RemoveEstablishmentCount>::new();
    let changed = RwSignal::new(0);
    count_successes(save, changed);
    count_successes(remove, changed);
    let counts = load(move || changed.get(), |_| establishment_counts());
    view! {
        <Title text="Establishment counts" />
        <AdminNav />
        <h1>"Establishment counts"</h1>
        <p class="lede">
            "How many business establishments an area has over a period, from the state's QCEW "
            "figures. The dashboard divides the establishments served by this count to give the "
            "employer penetration rate; where no count covers a period it says so."
        </p>
        {move || remove.value().get().and_then(Result::err).map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
        <Transition fallback=|| view! { <p class="loading">"Loading the counts…"</p> }>
            {move || Suspend::new(async move {
                match counts.await {
                    Ok(counts) => view! { <CountTable counts remove /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
        <section class="panel" aria-labelledby="add-count-title">
            <h2 id="add-count-title">"Enter a count"</h2>
            <CountForm save />
        </section>
    }
}

#[component]
fn CountTable(
    counts: Vec<EstablishmentCount>,
    remove: ServerAction<RemoveEstablishmentCount>,
) -> impl IntoView {
    if counts.is_empty() {
        return view! {
            <p class="empty">"No counts entered yet. Until there is one, the penetration rate shows “no count entered”."</p>
        }
        .into_any();
    }
    let rows = counts
        .into_iter()
        .map(|count| {
            let label = format!(
                "Remove the count for {} from {}",
                count.area_name, count.period_start
            );
            view! {
                <tr>
                    <th scope="row">{count.area_name.clone()}</th>
                    <td>{format!("{} to {}", count.period_start, count.period_end)}</td>
                    <td class="number">{group_thousands(u64::from(count.establishments))}</td>
                    <td>
                        {count.entered_by.clone().unwrap_or_else(|| "—".to_owned())}
                        <br />
                        <span class="muted">{count.entered_at.describe_day()}</span>
                    </td>
                    <td>
                        <ActionForm action=remove>
                            <input type="hidden" name="id" value=count.id.to_string() />
                            <button type="submit" class="button button-danger" aria-label=label>"Remove"</button>
                        </ActionForm>
                    </td>
                </tr>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">"Establishment counts"</caption>
                <thead><tr>
                    <th scope="col">"Area"</th>
                    <th scope="col">"Period"</th>
                    <th scope="col">"Establishments"</th>
                    <th scope="col">"Entered by"</th>
                    <th scope="col"></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn CountForm(save: ServerAction<SaveEstablishmentCount>) -> impl IntoView {
    let units = load(|| (), |_| get_org_units());
    let failure = move || save.value().get().and_then(Result::err);
    let error_for = move |field: &'static str| {
        Signal::derive(move || failure().and_then(|e: AppError| e.field(field)))
    };
    view! {
        {move || save.value().get().and_then(Result::ok).map(|_| view! {
            <p class="notice" role="status">"The count was saved."</p>
        })}
        <ActionForm action=save attr:class="form">
            <div class="grid-2">
                <div class="field field-required" class:field-invalid=move || error_for("area").get().is_some()>
                    <label for="count-area">"Area"</label>
                    <Suspense fallback=|| view! { <p class="loading">"Loading the organisation…"</p> }>
                        {move || Suspend::new(async move {
                            let units = units.await.unwrap_or_default();
                            view! { <AreaSelect units /> }
                        })}
                    </Suspense>
                    {move || error_for("area").get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <Field label="Establishments" form="draft" name="establishments" required=true inputmode="numeric" hint="For example 24,500" error=error_for("establishments") />
                <Field label="First day of the period" form="draft" name="period_start" kind="date" required=true error=error_for("period_start") />
                <Field label="Last day of the period" form="draft" name="period_end" kind="date" required=true error=error_for("period_end") />
            </div>
            {move || failure().filter(|e| !matches!(e, AppError::InvalidFields(_))).map(|e| view! {
                <p class="field-error" role="alert">{e.to_string()}</p>
            })}
            <button type="submit" class="button button-primary">"Save count"</button>
        </ActionForm>
    }
}

#[component]
fn AreaSelect(units: OrgUnits) -> impl IntoView {
    let group = |label: &'static str, kind: &'static str, list: Vec<crate::model::Unit>| {
        view! {
            <optgroup label=label>
                {list.into_iter().map(|u| view! { <option value=format!("{kind}:{}", u.id)>{u.name}</option> }).collect_view()}
            </optgroup>
        }
    };
    view! {
        <select id="count-area" name="draft[area]" required>
            <option value="">"Choose an area"</option>
            <option value="state">"The whole state"</option>
            {group("Regions", "region", units.regions)}
            {group("Workforce boards", "board", units.boards)}
            {group("Career centers", "center", units.centers)}
        </select>
    }
}
