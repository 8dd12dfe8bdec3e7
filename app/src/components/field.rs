//! A labelled form field that shows its own error, keeps what was typed, and tells assistive
//! technology which message belongs to it.

use leptos::prelude::*;

/// A text-like input named `{form}[{name}]`, as server functions with a struct argument
/// expect.
#[component]
pub fn Field(
    label: &'static str,
    form: &'static str,
    name: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] value: Option<RwSignal<String>>,
    /// Makes the ids unique when one page holds several forms of the same kind.
    #[prop(optional, into)]
    prefix: Option<String>,
) -> impl IntoView {
    let id = match prefix {
        Some(prefix) => format!("{prefix}-{form}-{name}"),
        None => format!("{form}-{name}"),
    };
    let (hint_id_shown, error_id_shown, described) = described_by(&id, hint.is_some(), error);
    let input_name = format!("{form}[{name}]");
    // What was typed stays in a signal, so a refused save never clears it.
    let value = value.unwrap_or_else(|| RwSignal::new(String::new()));
    let input = view! {
        <input
            id=id.clone()
            name=input_name
            type=kind
            required=required
            autocomplete=autocomplete
            inputmode=inputmode
            aria-invalid=move || error.get().map(|_| "true")
            aria-describedby=described
            // An attribute, so the server-rendered page (and a browser without JavaScript)
            // shows the stored value too; typing updates the signal.
            value=value.get_untracked()
            on:input=move |event| value.set(event_target_value(&event))
        />
    };
    view! {
        <div class="field" class:field-required=required class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id_shown>{hint}</p> })}
            {input}
            {move || error.get().map(|message| view! {
                <p class="field-error" id=error_id_shown.clone()>{message}</p>
            })}
        </div>
    }
}

/// The ids of a field's hint and error, and its `aria-describedby`: the hint when there is
/// one, the error while there is one.
fn described_by(
    id: &str,
    has_hint: bool,
    error: Signal<Option<String>>,
) -> (
    String,
    String,
    impl Fn() -> Option<String> + Send + Sync + use<>,
) {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let (hint, shown_error) = (hint_id.clone(), error_id.clone());
    let described = move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(hint.clone());
        }
        if error.get().is_some() {
            ids.push(error_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    (hint_id, shown_error, described)
}

/// A labelled multi-line field named `{form}[{name}]`, with its error and what was typed.
#[component]
pub fn TextArea(
    label: &'static str,
    form: &'static str,
    name: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = 4)] rows: u32,
    #[prop(default = 4000)] maxlength: u32,
    #[prop(optional, into)] value: String,
) -> impl IntoView {
    let id = format!("{form}-{name}");
    let (hint_id_shown, error_id_shown, described) = described_by(&id, hint.is_some(), error);
    view! {
        <div class="field" class:field-required=required class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id_shown>{hint}</p> })}
            <textarea
                id=id.clone()
                name=format!("{form}[{name}]")
                rows=rows
                maxlength=maxlength
                required=required
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=described
            >{value}</textarea>
            {move || error.get().map(|message| view! {
                <p class="field-error" id=error_id_shown.clone()>{message}</p>
            })}
        </div>
    }
}
