//! Delivery modes: shown as chips, chosen with one checkbox each.

use leptos::prelude::*;

use crate::model::{DeliveryMode, ModeChoice};

/// The modes a program offers, as a labelled list.
#[component]
pub fn ModeList(modes: Vec<DeliveryMode>) -> impl IntoView {
    view! {
        <ul class="tags" aria-label="Delivery modes">
            {modes.into_iter().map(|mode| view! { <li class="chip chip-mode">{mode.label()}</li> }).collect_view()}
        </ul>
    }
}

/// A fieldset of checkboxes named `{form}[modes][<mode>]`, as [`ModeChoice`] reads them.
#[component]
pub fn ModeChecks(
    form: &'static str,
    legend: &'static str,
    offered: Vec<DeliveryMode>,
    chosen: ModeChoice,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{form}-modes-error");
    let error_shown = error_id.clone();
    view! {
        <fieldset class="field field-modes" aria-describedby=move || error.get().map(|_| error_id.clone())>
            <legend>{legend}</legend>
            <div class="chips">
                {offered.into_iter().map(|mode| {
                    let id = format!("{form}-mode-{}", mode.as_str());
                    let for_id = id.clone();
                    view! {
                        <label class="chip" for=for_id>
                            <input type="checkbox" id=id name=format!("{form}[modes][{}]", mode.as_str()) value="true" checked=chosen.has(mode) />
                            <span>{mode.label()}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
            {move || error.get().map(|message| view! { <p class="field-error" id=error_shown.clone()>{message}</p> })}
        </fieldset>
    }
}
