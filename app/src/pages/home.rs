//! The home page: a welcome for visitors, and each signed-in person's starting points.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::access::{Area, areas_for};
use crate::components::user::CurrentUser;
use crate::model::SessionUser;

#[component]
pub fn Home() -> impl IntoView {
    let user = CurrentUser::get();
    view! {
        <Title text="" />
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let me = match user {
                    Some(user) => user.0.await.ok().flatten(),
                    None => None,
                };
                match me {
                    Some(me) => view! { <Dashboard me /> }.into_any(),
                    None => view! { <Welcome /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Welcome() -> impl IntoView {
    view! {
        <section class="hero">
            <h1>"BizWorks"</h1>
            <p class="lede">
                "Employer engagement for the workforce system: field reps record visits even with no signal, "
                "committees organise online, and directors see what reaches employers."
            </p>
            <p>
                "Staff of career centers and workforce boards sign in at the top of the page. "
                "Other states can browse the programs we showcase and ask for technical assistance."
            </p>
            <p><a class="button" href="/programs">"Browse showcased programs"</a></p>
        </section>
    }
}

#[component]
fn Dashboard(me: SessionUser) -> impl IntoView {
    let first_name = me
        .display_name
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_owned();
    let cards = areas_for(Some(me.role))
        .into_iter()
        .filter(|area| *area != Area::Home)
        .map(|area| {
            view! {
                <li class="card">
                    <a href=area.path()>
                        <span class="card-title">{area.label()}</span>
                        <span class="card-text">{purpose(area)}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let changed = use_query_map()
        .with_untracked(|q| q.get("password"))
        .as_deref()
        == Some("changed");
    view! {
        <section>
            {changed.then(|| view! { <p class="notice" role="status">"Your password was changed. Other devices signed in to your account were signed out."</p> })}
            <h1>{format!("Welcome, {first_name}")}</h1>
            <p class="lede">{format!("{} · {}", me.role.label(), me.unit_name)}</p>
            <ul class="cards">{cards}</ul>
        </section>
    }
}

/// One line on what each area is for.
fn purpose(area: Area) -> &'static str {
    match area {
        Area::Home => "",
        Area::Dashboard => "Engagement metrics for your scope, with drill-down and export.",
        Area::Businesses => "Find an employer, its contacts and every visit to it.",
        Area::Visits => "Record visits, orientations and follow-ups, online or not.",
        Area::Committees => "Join committees and regional teams; meetings and attendance.",
        Area::Programs => "Showcased programs other states can learn from.",
        Area::Assistance => "Program submissions and other states' assistance requests.",
        Area::Admin => "Users, roles, the organisation and the slate of services.",
    }
}
