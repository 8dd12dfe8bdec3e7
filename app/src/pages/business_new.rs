//! Adding a business, with field-level checks as the person types and likely duplicates
//! shown before anything is saved.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{CreateBusiness, likely_duplicates};
use crate::components::field::Field;
use crate::error::AppError;
use crate::model::{BusinessDraft, Stage};
use crate::rules::naics::NAICS;

#[component]
pub fn BusinessNew() -> impl IntoView {
    let create = ServerAction::<CreateBusiness>::new();
    let legal_name = RwSignal::new(String::new());
    let fein = RwSignal::new(String::new());
    let zip = RwSignal::new(String::new());
    let failure = move || create.value().get().and_then(Result::err);
    let error_for = move |field: &'static str| {
        Signal::derive(move || failure().and_then(|error| error.field(field)))
    };
    let identity = move || BusinessDraft {
        legal_name: legal_name.get(),
        fein: fein.get(),
        zip: zip.get(),
        ..BusinessDraft::default()
    };
    let duplicates = Resource::new(identity, |draft| async move {
        if draft.legal_name.trim().len() < 3 && draft.fein.trim().is_empty() {
            return Ok(Vec::new());
        }
        likely_duplicates(draft).await
    });
    view! {
        <Title text="Add a business" />
        <h1>"Add a business"</h1>
        <ActionForm action=create attr:class="form form-wide">
            {move || failure().filter(|e| !matches!(e, AppError::InvalidFields(_))).map(|error| {
                view! { <p class="alert" role="alert">{error.to_string()}</p> }
            })}
            {move || failure().filter(|e| matches!(e, AppError::InvalidFields(_))).map(|_| {
                view! { <p class="alert" role="alert">"Some fields need attention; they are marked below. Nothing you typed is lost."</p> }
            })}
            <div class="grid-2">
                <Field label="Legal name" form="draft" name="legal_name" required=true error=error_for("legal_name") value=legal_name />
                <Field label="Doing business as" form="draft" name="dba" error=error_for("dba") />
                <Field label="FEIN" form="draft" name="fein" hint="9 digits, if known" inputmode="numeric" error=error_for("fein") value=fein />
                <div class="field field-required" class:field-invalid=move || error_for("naics").get().is_some()>
                    <label for="draft-naics">"Industry (NAICS)"</label>
                    <select id="draft-naics" name="draft[naics]" required>
                        <option value="">"Choose an industry"</option>
                        {NAICS.iter().map(|(code, title)| view! { <option value=*code>{format!("{code} · {title}")}</option> }).collect_view()}
                    </select>
                    {move || error_for("naics").get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <Field label="Street address" form="draft" name="address" required=true autocomplete="street-address" error=error_for("address") />
                <Field label="City" form="draft" name="city" required=true autocomplete="address-level2" error=error_for("city") />
                <Field label="ZIP" form="draft" name="zip" required=true inputmode="numeric" autocomplete="postal-code" error=error_for("zip") value=zip />
                <Field label="Employees (about)" form="draft" name="employee_count" inputmode="numeric" error=error_for("employee_count") />
                <div class="field field-required" class:field-invalid=move || error_for("stage").get().is_some()>
                    <label for="draft-stage">"Business-cycle stage"</label>
                    <select id="draft-stage" name="draft[stage]" required>
                        <option value="">"Choose a stage"</option>
                        {Stage::ALL.into_iter().map(|stage| view! { <option value=stage.as_str()>{stage.label()}</option> }).collect_view()}
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
                            <p>"These businesses look like the one you are adding. Open one instead if it is the same establishment."</p>
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
            <div class="actions">
                <button type="submit" class="button button-primary" disabled=move || create.pending().get()>
                    {move || if create.pending().get() { "Saving…" } else { "Save business" }}
                </button>
                <a href="/businesses">"Cancel"</a>
            </div>
        </ActionForm>
    }
}
