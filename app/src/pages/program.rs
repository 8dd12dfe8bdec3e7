//! One showcased program, and the public form another state uses to ask for help with it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{RequestAssistance, get_program};
use crate::components::field::{Field, TextArea};
use crate::components::modes::{ModeChecks, ModeList};
use crate::components::problem::Problem;
use crate::error::AppError;
use crate::model::{ModeChoice, Program, ProgramId};
use crate::resource::load;
use crate::rules::states::STATES;

#[component]
pub fn ProgramPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<uuid::Uuid>().ok())
                .map(ProgramId)
        })
    });
    let program = load(
        move || id.get(),
        |id| async move {
            let id = id.ok_or(AppError::NotFound {
                what: "That program".to_owned(),
            })?;
            get_program(id).await
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the program…"</p> }>
            {move || Suspend::new(async move {
                match program.await {
                    Ok(program) => view! { <Details program=program.clone() /> <RequestForm program /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Details(program: Program) -> impl IntoView {
    view! {
        <Title text=program.title.clone() />
        <p><a href="/programs">"← All programs"</a></p>
        <h1>{program.title.clone()}</h1>
        <p class="lede">{program.summary.clone()}</p>
        <ModeList modes=program.modes.clone() />
        <dl class="facts facts-wide">
            <dt>"The problem it solves"</dt>
            <dd>{program.problem.clone()}</dd>
            <dt>"Results"</dt>
            <dd>{program.results.clone()}</dd>
            <dt>"What we can offer"</dt>
            <dd>{program.offer.clone()}</dd>
            <dt>"Contact"</dt>
            <dd>
                {program.contact_name.clone()} ", "
                <a href=format!("mailto:{}", program.contact_email)>{program.contact_email.clone()}</a>
                {program.contact_phone.clone().map(|phone| format!(", {phone}"))}
            </dd>
            <dt>"Topics"</dt>
            <dd>{program.tags.join(", ")}</dd>
        </dl>
    }
}

#[component]
fn RequestForm(program: Program) -> impl IntoView {
    let send = ServerAction::<RequestAssistance>::new();
    let failure = move || send.value().get().and_then(Result::err);
    let error_for =
        move |name: &'static str| Signal::derive(move || failure().and_then(|e| e.field(name)));
    let pending = send.pending();
    view! {
        <section class="panel" aria-labelledby="request-title">
            <h2 id="request-title">"Request training or technical assistance"</h2>
            <p class="muted">"For workforce staff in other states. You get a reference number to follow your request; the coordinator writes to you to agree the details. There is no cost to your state for travel or materials."</p>
            <ActionForm action=send attr:class="form">
                <input type="hidden" name="program" value=program.id.to_string() />
                {move || failure().filter(|e| !matches!(e, AppError::InvalidFields(_))).map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
                {move || failure().filter(|e| matches!(e, AppError::InvalidFields(_))).map(|_| view! { <p class="alert" role="alert">"Some fields need attention; each says what to change."</p> })}
                <Field label="Your name" form="draft" name="name" required=true autocomplete="name" error=error_for("name") />
                <Field label="Agency or organisation" form="draft" name="agency" required=true autocomplete="organization" error=error_for("agency") />
                <div class="field field-required" class:field-invalid=move || error_for("state").get().is_some()>
                    <label for="draft-state">"State"</label>
                    <select id="draft-state" name="draft[state]" required=true aria-invalid=move || error_for("state").get().map(|_| "true")>
                        <option value="">"Choose your state"</option>
                        {STATES.iter().map(|(code, name)| view! { <option value=*code>{*name}</option> }).collect_view()}
                    </select>
                    {move || error_for("state").get().map(|message| view! { <p class="field-error">{message}</p> })}
                </div>
                <Field label="E-mail" form="draft" name="email" kind="email" required=true autocomplete="email" error=error_for("email") />
                <TextArea label="What you need" form="draft" name="need" required=true hint="Who would take part, and what you want them to be able to do afterwards." error=error_for("need") />
                <ModeChecks form="draft" legend="Preferred delivery modes" offered=program.modes.clone() chosen=ModeChoice::default() error=error_for("modes") />
                <Field label="Preferred dates" form="draft" name="dates" hint="Such as \"any Tuesday in March\"." error=error_for("dates") />
                // People never see this field; robots that fill every field do.
                <div class="trap" aria-hidden="true">
                    <label for="draft-website">"Leave this empty"</label>
                    <input id="draft-website" name="draft[website]" type="text" tabindex="-1" autocomplete="off" />
                </div>
                <button type="submit" class="button button-primary" disabled=move || pending.get()>
                    {move || if pending.get() { "Sending…" } else { "Send the request" }}
                </button>
            </ActionForm>
        </section>
    }
}
