//! The public catalogue of showcased programs: search by words, delivery mode and topic (in
//! the address, so a search can be linked). No sign-in.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::program_catalogue;
use crate::components::modes::ModeList;
use crate::components::problem::Problem;
use crate::model::{Catalogue, DeliveryMode, Program, ProgramQuery};
use crate::resource::load;

#[component]
pub fn Programs() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| ProgramQuery {
            q: q.get("q").unwrap_or_default(),
            mode: q.get("mode").unwrap_or_default(),
            topic: q.get("topic").unwrap_or_default(),
        })
    });
    let found = load(move || filter.get(), program_catalogue);
    view! {
        <Title text="Peer to Peer programs" />
        <div class="page-head">
            <h1>"Peer to Peer technical assistance"</h1>
            <div class="actions">
                <a class="button" href="/programs/status">"Follow a request"</a>
                <a class="button" href="/submissions">"Staff: submit a program"</a>
            </div>
        </div>
        <p class="lede">"Programs our workforce system is proud of. Find one that fits, and ask us to train your staff or help you set it up: in a classroom, by video or phone, or with our videos and handbooks."</p>
        <Transition fallback=|| view! { <p class="loading">"Loading programs…"</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(catalogue) => view! { <Results catalogue filter=filter.get_untracked() /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Results(catalogue: Catalogue, filter: ProgramQuery) -> impl IntoView {
    let shown = catalogue.programs.len();
    let count = if shown == catalogue.total {
        format!("{shown} programs")
    } else {
        format!("{shown} of {} programs match", catalogue.total)
    };
    view! {
        <form method="get" action="/programs" class="filters" role="search">
            <div class="field">
                <label for="programs-q">"Words"</label>
                <input id="programs-q" name="q" type="search" value=filter.q.clone() placeholder="re-entry, casino, RESEA" />
            </div>
            <div class="field">
                <label for="programs-mode">"Delivery mode"</label>
                <select id="programs-mode" name="mode">
                    <option value="">"Any mode"</option>
                    {DeliveryMode::ALL.into_iter().map(|mode| view! {
                        <option value=mode.as_str() selected=filter.mode == mode.as_str()>{mode.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="programs-topic">"Topic"</label>
                <select id="programs-topic" name="topic">
                    <option value="">"Any topic"</option>
                    {catalogue.topics.iter().map(|topic| view! {
                        <option value=topic.clone() selected=*topic == filter.topic>{topic.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">"Search"</button>
        </form>
        <p role="status" class="muted">{count}</p>
        {if catalogue.programs.is_empty() {
            view! {
                <div class="empty" role="status">
                    <p>"No program matches. Try fewer words, another mode or any topic."</p>
                    <p><a href="/programs">"Show every program"</a></p>
                </div>
            }.into_any()
        } else {
            view! {
                <ul class="program-list">
                    {catalogue.programs.into_iter().map(|program| view! { <ProgramCard program /> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
fn ProgramCard(program: Program) -> impl IntoView {
    let title_id = format!("program-{}", program.id);
    let labelled = title_id.clone();
    view! {
        <li class="committee-card program-card" aria-labelledby=labelled>
            <h2 id=title_id><a href=format!("/programs/{}", program.id)>{program.title.clone()}</a></h2>
            <p>{program.summary.clone()}</p>
            <ModeList modes=program.modes.clone() />
            <ul class="tags" aria-label="Topics">
                {program.tags.iter().map(|tag| view! {
                    <li><a class="chip" href=format!("/programs?topic={}", crate::url::encode_component(tag))>{tag.clone()}</a></li>
                }).collect_view()}
            </ul>
        </li>
    }
}
