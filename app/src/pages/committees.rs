//! The directory of committees and regional teams: purpose, chair, members, next meeting and
//! how to join, filtered by region and interest (in the address, so a view can be linked);
//! and the person's own requests with where each stands.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{list_committees, my_join_requests};
use crate::components::problem::Problem;
use crate::components::user::CurrentUser;
use crate::model::{CommitteeFilter, CommitteeSummary, JoinRequestRow, RegionId, StateTime};
use crate::resource::load;

#[component]
pub fn Committees() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| CommitteeFilter {
            region: q
                .get("region")
                .and_then(|r| r.parse::<uuid::Uuid>().ok())
                .map(RegionId),
            interest: q.get("interest").unwrap_or_default(),
        })
    });
    let groups = load(move || filter.get(), list_committees);
    // Every region and interest, from the whole directory, for the filter's choices.
    let everything = load(|| (), |_| list_committees(CommitteeFilter::default()));
    let requests = load(|| (), |_| my_join_requests());
    view! {
        <Title text="Committees and regional teams" />
        <h1>"Committees and regional teams"</h1>
        <p class="lede">"Regular participation on a committee is what makes its work succeed. Find one that fits your interests and ask to join."</p>
        <YourCommittees />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let all = everything.await.unwrap_or_default();
                view! { <Filters all filter=filter.get_untracked() /> }.into_any()
            })}
        </Transition>
        <Transition fallback=|| view! { <p class="loading">"Loading committees…"</p> }>
            {move || Suspend::new(async move {
                match groups.await {
                    Ok(list) if list.is_empty() => view! {
                        <div class="empty" role="status"><p>"No committee or team matches. Clear the filters to see them all."</p><p><a href="/committees">"Show all"</a></p></div>
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="committee-list">
                            {list.into_iter().map(|group| view! { <CommitteeCard group /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
        <section class="panel" aria-labelledby="requests-title">
            <h2 id="requests-title">"Your requests to join"</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match requests.await {
                        Ok(rows) => view! { <RequestList rows /> }.into_any(),
                        Err(error) => view! { <Problem error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// A link to the person's own page of committees, once it is known who they are.
#[component]
fn YourCommittees() -> impl IntoView {
    let user = CurrentUser::get();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let me = match user {
                    Some(user) => user.0.await.ok().flatten(),
                    None => None,
                };
                me.map(|me| view! {
                    <p><a href=format!("/people/{}", me.id)>"Your committees and roles"</a></p>
                })
            })}
        </Transition>
    }
}

#[component]
fn Filters(all: Vec<CommitteeSummary>, filter: CommitteeFilter) -> impl IntoView {
    let mut regions: Vec<(RegionId, String)> =
        all.iter().filter_map(|g| g.region.clone()).collect();
    regions.sort_by(|a, b| a.1.cmp(&b.1));
    regions.dedup();
    let mut interests: Vec<String> = all.iter().flat_map(|g| g.interests.clone()).collect();
    interests.sort();
    interests.dedup();
    let chosen_region = filter.region;
    let chosen_interest = filter.interest.clone();
    view! {
        <form method="get" action="/committees" class="filters">
            <div class="field">
                <label for="filter-region">"Region"</label>
                <select id="filter-region" name="region">
                    <option value="">"Every region"</option>
                    {regions.into_iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=chosen_region == Some(id)>{name}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-interest">"Interest"</label>
                <select id="filter-interest" name="interest">
                    <option value="">"Any interest"</option>
                    {interests.into_iter().map(|tag| {
                        let selected = tag == chosen_interest;
                        view! { <option value=tag.clone() selected=selected>{tag.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">"Filter"</button>
        </form>
    }
}

#[component]
fn CommitteeCard(group: CommitteeSummary) -> impl IntoView {
    let seats = match group.capacity {
        Some(capacity) => format!("{} of {capacity} seats taken", group.members),
        None => format!(
            "{} member{}",
            group.members,
            if group.members == 1 { "" } else { "s" }
        ),
    };
    let title_id = format!("committee-{}", group.id);
    let labelled = title_id.clone();
    view! {
        <li class="committee-card" aria-labelledby=labelled>
            <div class="committee-head">
                <h2 id=title_id><a href=format!("/committees/{}", group.id)>{group.name.clone()}</a></h2>
                <span class="badge">{group.kind.label()}</span>
            </div>
            <p>{group.purpose.clone()}</p>
            <dl class="facts">
                {group.region.clone().map(|(_, name)| view! { <dt>"Region"</dt><dd>{name}</dd> })}
                <dt>"Chair"</dt>
                <dd>{group.chair.clone().unwrap_or_else(|| "No chair yet".to_owned())}</dd>
                <dt>"Members"</dt>
                <dd>{seats}</dd>
                <dt>"Next meeting"</dt>
                <dd>{group.next_meeting.as_ref().map_or_else(|| "None scheduled".to_owned(), StateTime::describe)}</dd>
                <dt>"How to join"</dt>
                <dd>{group.join_mode.how_to_join()}</dd>
            </dl>
            <ul class="tags" aria-label="Interests">
                {group.interests.iter().map(|tag| view! { <li class="chip">{tag.clone()}</li> }).collect_view()}
            </ul>
        </li>
    }
}

#[component]
fn RequestList(rows: Vec<JoinRequestRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">"You have not asked to join anything yet."</p> }
            .into_any();
    }
    view! {
        <ul class="request-list">
            {rows.into_iter().map(|row| view! {
                <li>
                    <a href=format!("/committees/{}", row.committee)>{row.committee_name.clone()}</a>
                    " · "
                    <span class="badge">{row.status.label()}</span>
                    {row.reason.clone().map(|reason| view! { <span class="muted">{format!(" · {reason}")}</span> })}
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
