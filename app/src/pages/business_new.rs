//! Adding or changing a business, with field-level checks and likely duplicates shown before
//! anything is saved. Plain forms posted to server functions, so they work without JavaScript
//! too.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{CreateBusiness, UpdateBusiness, get_business, likely_duplicates};
use crate::components::field::Field;
use crate::components::problem::Problem;
use crate::error::AppError;
use crate::model::{BusinessDetail, BusinessDraft, BusinessId, Stage};
use crate::resource::load;
use crate::rules::naics::NAICS;

#[component]
pub fn BusinessNew() -> impl IntoView {
    let create = ServerAction::<CreateBusiness>::new();
    let failure = Signal::derive(move || create.value().get().and_then(Result::err));
    view! {
        <Title text="Add a business" />
        <h1>"Add a business"</h1>
        <ActionForm action=create attr:class="form form-wide">
            <BusinessFieldset initial=BusinessDraft::default() failure editing=None />
            <Actions pending=create.pending() cancel="/businesses".to_owned() />
        </ActionForm>
    }
}

/// The form of a stored business, filled in.
#[component]
pub fn BusinessEdit() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<uuid::Uuid>().ok())
            .map(BusinessId)
    };
    let business = load(id, |id| async move {
        match id {
            Some(id) => get_business(id).await,
            None => Err(AppError::NotFound {
                what: "That business".to_owned(),
            }),
        }
    });
    let update = ServerAction::<UpdateBusiness>::new();
    let failure = Signal::derive(move || update.value().get().and_then(Result::err));
    view! {
        <Title text="Change a business" />
        <h1>"Change a business"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading the business…"</p> }>
            {move || Suspend::new(async move {
                match business.await {
                    Ok(detail) => {
                        let id = detail.summary.id;
                        view! {
                            <ActionForm action=update attr:class="form form-wide">
                                <input type="hidden" name="id" value=id.to_string() />
                                <BusinessFieldset initial=draft_of(&detail) failure editing=Some(id) />
                                <Actions pending=update.pending() cancel=format!("/businesses/{id}") />
                            </ActionForm>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The stored business as the form's draft.
fn draft_of(detail: &BusinessDetail) -> BusinessDraft {
    let b = &detail.summary;
    BusinessDraft {
        legal_name: b.legal_name.clone(),
        dba: b.dba.clone().unwrap_or_default(),
        fein: b.fein.clone().unwrap_or_default(),
        naics: detail.naics.clone(),
        address: detail.address.clone(),
        city: b.city.clone(),
        zip: b.zip.clone(),
        employee_count: detail
            .employee_count
            .map(|n| n.to_string())
            .unwrap_or_default(),
        stage: b.stage.as_str().to_owned(),
    }
}

#[component]
fn Actions(pending: Memo<bool>, cancel: String) -> impl IntoView {
    view! {
        <div class="actions">
            <button type="submit" class="button button-primary" disabled=move || pending.get()>
                {move || if pending.get() { "Saving…" } else { "Save business" }}
            </button>
            <a href=cancel>"Cancel"</a>
        </div>
    }
}

/// Every field of a business, its errors, and the likely duplicates of what is typed
/// (other than `editing`, the business being changed).
#[component]
fn BusinessFieldset(
    initial: BusinessDraft,
    failure: Signal<Option<AppError>>,
    editing: Option<BusinessId>,
) -> impl IntoView {
    let legal_name = RwSignal::new(initial.legal_name.clone());
    let dba = RwSignal::new(initial.dba.clone());
    let fein = RwSignal::new(initial.fein.clone());
    let address = RwSignal::new(initial.address.clone());
    let city = RwSignal::new(initial.city.clone());
    let zip = RwSignal::new(initial.zip.clone());
    let employees = RwSignal::new(initial.employee_count.clone());
    let error_for = move |field: &'static str| {
        Signal::derive(move || failure.get().and_then(|error| error.field(field)))
    };
    let identity = move || BusinessDraft {
        legal_name: legal_name.get(),
        fein: fein.get(),
        zip: zip.get(),
        ..BusinessDraft::default()
    };
    let duplicates = load(identity, move |draft| async move {
        if draft.legal_name.trim().len() < 3 && draft.fein.trim().is_empty() {
            return Ok(Vec::new());
        }
        let found = likely_duplicates(draft).await?;
        Ok::<_, AppError>(
            found
                .into_iter()
                .filter(|d| Some(d.business.id) != editing)
                .collect::<Vec<_>>(),
        )
    });
    let naics = initial.naics.clone();
    let stage = initial.stage.clone();
    view! {
        {move || failure.get().map(|error| {
            let text = if matches!(error, AppError::InvalidFields(_)) {
                "Some fields need attention; they are marked below. Nothing you typed is lost.".to_owned()
            } else {
                error.to_string()
            };
            view! { <p class="alert" role="alert">{text}</p> }
        })}
        <div class="grid-2">
            <Field label="Legal name" form="draft" name="legal_name" required=true error=error_for("legal_name") value=legal_name />
            <Field label="Doing business as" form="draft" name="dba" error=error_for("dba") value=dba />
            <Field label="FEIN" form="draft" name="fein" hint="9 digits, if known" inputmode="numeric" error=error_for("fein") value=fein />
            <div class="field field-required" class:field-invalid=move || error_for("naics").get().is_some()>
                <label for="draft-naics">"Industry (NAICS)"</label>
                <select id="draft-naics" name="draft[naics]" required>
                    <option value="">"Choose an industry"</option>
                    {NAICS.iter().map(|(code, title)| {
                        view! { <option value=*code selected=naics == *code>{format!("{code} · {title}")}</option> }
                    }).collect_view()}
                </select>
                {move || error_for("naics").get().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <Field label="Street address" form="draft" name="address" required=true autocomplete="street-address" error=error_for("address") value=address />
            <Field label="City" form="draft" name="city" required=true autocomplete="address-level2" error=error_for("city") value=city />
            <Field label="ZIP" form="draft" name="zip" required=true inputmode="numeric" autocomplete="postal-code" error=error_for("zip") value=zip />
            <Field label="Employees (about)" form="draft" name="employee_count" inputmode="numeric" error=error_for("employee_count") value=employees />
            <div class="field field-required" class:field-invalid=move || error_for("stage").get().is_some()>
                <label for="draft-stage">"Business-cycle stage"</label>
                <select id="draft-stage" name="draft[stage]" required>
                    <option value="">"Choose a stage"</option>
                    {Stage::ALL.into_iter().map(|s| {
                        view! { <option value=s.as_str() selected=stage == s.as_str()>{s.label()}</option> }
                    }).collect_view()}
                </select>
                {move || error_for("stage").get().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
        </div>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let found = duplicates.await.unwrap_or_default();
                (!found.is_empty()).then(|| view! {
                    <section class="duplicates" aria-live="polite" aria-labelledby="duplicates-title">
                        <h2 id="duplicates-title">"Possible duplicates"</h2>
                        <p>"These businesses look like this one. Open one instead if it is the same establishment, or merge them from its page."</p>
                        <ul>
                            {found.into_iter().map(|d| view! {
                                <li>
                                    <a href=format!("/businesses/{}", d.business.id)>{d.business.legal_name}</a>
                                    {format!(" · {} {} · {}", d.business.city, d.business.zip, d.likeness.label())}
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Transition>
    }
}
