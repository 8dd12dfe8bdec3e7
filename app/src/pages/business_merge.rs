//! Two businesses side by side, and merging one into the other: every visit, contact and
//! branch moves to the one that remains. Undoable from the survivor's page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{MergeBusinesses, get_business};
use crate::components::problem::Problem;
use crate::error::AppError;
use crate::model::{BusinessDetail, BusinessId};
use crate::resource::load;

#[component]
pub fn BusinessMerge() -> impl IntoView {
    let params = use_params_map();
    let ids = move || {
        params.with(|p| {
            let parse = |key: &str| {
                p.get(key)
                    .and_then(|id| id.parse::<uuid::Uuid>().ok())
                    .map(BusinessId)
            };
            (parse("id"), parse("other"))
        })
    };
    let pair = load(ids, |(keep, other)| async move {
        let missing = || AppError::NotFound {
            what: "That business".to_owned(),
        };
        let keep = get_business(keep.ok_or_else(missing)?).await?;
        let other = get_business(other.ok_or_else(missing)?).await?;
        Ok::<_, AppError>((keep, other))
    });
    let merge = ServerAction::<MergeBusinesses>::new();
    view! {
        <Title text="Merge businesses" />
        <h1>"Merge businesses"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading both businesses…"</p> }>
            {move || Suspend::new(async move {
                match pair.await {
                    Ok((keep, other)) => view! { <Compare keep other merge /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Compare(
    keep: BusinessDetail,
    other: BusinessDetail,
    merge: ServerAction<MergeBusinesses>,
) -> impl IntoView {
    let row = |label: &'static str, value: fn(&BusinessDetail) -> String| {
        view! { <tr><th scope="row">{label}</th><td>{value(&keep)}</td><td>{value(&other)}</td></tr> }
    };
    let rows = view! {
        {row("Legal name", |d| d.summary.legal_name.clone())}
        {row("Doing business as", |d| d.summary.dba.clone().unwrap_or_default())}
        {row("FEIN", |d| d.summary.fein.clone().unwrap_or_default())}
        {row("Address", |d| format!("{}, {} {}", d.address, d.summary.city, d.summary.zip))}
        {row("Stage", |d| d.summary.stage.label().to_owned())}
        {row("Contacts", |d| d.contacts.len().to_string())}
        {row("Visits", |d| d.visits.len().to_string())}
        {row("Branches", |d| d.branches.len().to_string())}
    };
    let survivor = keep.summary.id;
    let merged = other.summary.id;
    let swap = format!("/businesses/{merged}/merge/{survivor}");
    let label = format!(
        "Merge {} into {}",
        other.summary.legal_name, keep.summary.legal_name
    );
    view! {
        <p class="lede">"The business on the left remains. Everything of the one on the right moves to it; the merge is recorded and can be undone."</p>
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">"The two businesses side by side"</caption>
                <thead>
                    <tr>
                        <th scope="col"></th>
                        <th scope="col">{format!("Remains: {}", keep.summary.legal_name)}</th>
                        <th scope="col">{format!("Merged in: {}", other.summary.legal_name)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <ActionForm action=merge attr:class="actions">
            <input type="hidden" name="survivor" value=survivor.to_string() />
            <input type="hidden" name="merged" value=merged.to_string() />
            <button type="submit" class="button button-primary" disabled=move || merge.pending().get()>{label}</button>
            <a href=swap>"Keep the other one instead"</a>
            <a href=format!("/businesses/{survivor}")>"Cancel"</a>
        </ActionForm>
        {move || merge.value().get().and_then(Result::err).map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
    }
}
