//! "My visits" (a director: the visits in their scope), those with issues first, a page at a
//! time, with filters by date and kind that live in the address so every view can be linked.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::list_visits;
use crate::components::problem::Problem;
use crate::components::user::CurrentUser;
use crate::model::{Page, ReviewStatus, Role, VisitFilter, VisitOnly, VisitRow};
use crate::resource::load;
use crate::url::encode_component;

#[component]
pub fn Visits() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| VisitFilter {
            from: q.get("from").unwrap_or_default(),
            to: q.get("to").unwrap_or_default(),
            only: VisitOnly::from_key(&q.get("only").unwrap_or_default()),
            area: q.get("area").unwrap_or_default(),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(0),
        })
    });
    let visits = load(move || filter.get(), list_visits);
    let user = CurrentUser::get();
    let is_rep = load(|| (), move |_| CurrentUser::is(user, Role::Rep));
    let only = move || filter.get().only;
    view! {
        <Title text="Visits" />
        <div class="page-head">
            <h1>"Visits"</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    is_rep.await.then(|| view! { <a class="button button-primary" href="/visits/new">"Record a visit"</a> })
                })}
            </Suspense>
        </div>
        <form method="get" action="/visits" class="filters">
            // A drill-down from the dashboard keeps its area while the dates change.
            {move || {
                let area = filter.get().area;
                (!area.is_empty()).then(|| view! { <input type="hidden" name="area" value=area /> })
            }}
            <div class="field">
                <label for="filter-from">"From"</label>
                <input id="filter-from" name="from" type="date" prop:value=move || filter.get().from />
            </div>
            <div class="field">
                <label for="filter-to">"To"</label>
                <input id="filter-to" name="to" type="date" prop:value=move || filter.get().to />
            </div>
            <div class="field">
                <label for="filter-only">"Show"</label>
                <select id="filter-only" name="only">
                    <option value="all" selected=move || only() == VisitOnly::All>"All visits"</option>
                    <option value="has_issues" selected=move || only() == VisitOnly::HasIssues>"Marked “has issues”"</option>
                    <option value="orientations" selected=move || only() == VisitOnly::Orientations>"Recorded as orientations"</option>
                    <option value="qualifying" selected=move || only() == VisitOnly::Qualifying>"Orientations that meet the rule"</option>
                    <option value="flagged" selected=move || only() == VisitOnly::Flagged>"Orientations failing the rule"</option>
                </select>
            </div>
            <button type="submit" class="button">"Filter"</button>
        </form>
        <Transition fallback=|| view! { <p class="loading">"Loading visits…"</p> }>
            {move || Suspend::new(async move {
                match visits.await {
                    Ok(page) => view! { <VisitTable page filter=filter.get_untracked() /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The address of one page of the list with the same filters.
fn href(filter: &VisitFilter, page: u32) -> String {
    let mut href = format!("/visits?only={}", filter.only.key());
    for (name, value) in [
        ("from", &filter.from),
        ("to", &filter.to),
        ("area", &filter.area),
    ] {
        if !value.is_empty() {
            href.push_str(&format!("&{name}={}", encode_component(value)));
        }
    }
    if page > 0 {
        href.push_str(&format!("&page={page}"));
    }
    href
}

#[component]
fn VisitTable(page: Page<VisitRow>, filter: VisitFilter) -> impl IntoView {
    let rows = page.items;
    if rows.is_empty() && page.page == 0 {
        return view! {
            <div class="empty" role="status"><p>"No visits match. Change the filters, or record a visit."</p></div>
        }
        .into_any();
    }
    let body = rows
        .into_iter()
        .map(|row| {
            let issues = row.review == ReviewStatus::HasIssues;
            view! {
                <tr class:has-issues=issues>
                    <td><a href=format!("/visits/{}", row.id)>{row.date.to_string()}</a></td>
                    <td>{row.activity}</td>
                    <td>{row.businesses.join(", ")}</td>
                    <td>{row.mode.label()}</td>
                    <td>
                        {issues.then(|| view! { <span class="badge badge-danger">"Has issues"</span> })}
                        {row.flagged.then(|| view! { <span class="badge badge-warn">"Fails the orientation rule"</span> })}
                        {(row.recorded_as_orientation && !row.flagged).then(|| view! { <span class="badge">"Orientation"</span> })}
                    </td>
                    <td>{row.follow_up.map(|d| d.to_string()).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    let newer = (page.page > 0).then(|| href(&filter, page.page - 1));
    let older = page.has_more.then(|| href(&filter, page.page + 1));
    view! {
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">"Visits"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Date"</th>
                        <th scope="col">"Activity"</th>
                        <th scope="col">"Businesses"</th>
                        <th scope="col">"Mode"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Follow-up"</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        // Only when there is another page to go to.
        {(newer.is_some() || older.is_some()).then(|| view! {
            <nav aria-label="Pages" class="pager">
                {newer.map(|href| view! { <a class="button" href=href rel="prev">"Newer visits"</a> })}
                <span>{format!("Page {}", page.page + 1)}</span>
                {older.map(|href| view! { <a class="button" href=href rel="next">"Older visits"</a> })}
            </nav>
        })}
    }
    .into_any()
}
