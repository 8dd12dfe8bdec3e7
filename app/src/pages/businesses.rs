//! Finding a business: one search box over name, doing-business-as, FEIN, city and ZIP,
//! results as you type, three lists, pages of twenty.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::search_businesses;
use crate::components::problem::Problem;
use crate::model::{BusinessList, BusinessQuery, BusinessSummary, Page};
use crate::resource::load;
use crate::url::encode_component;

fn list_from(value: &str) -> BusinessList {
    match value {
        "center" => BusinessList::MyCenter,
        "recent" => BusinessList::RecentlyVisited,
        _ => BusinessList::All,
    }
}

fn list_key(list: BusinessList) -> &'static str {
    match list {
        BusinessList::All => "all",
        BusinessList::MyCenter => "center",
        BusinessList::RecentlyVisited => "recent",
    }
}

/// The address of a search, so every state of the page can be linked and reloaded.
fn href(text: &str, list: BusinessList, page: u32) -> String {
    let mut href = format!("/businesses?list={}", list_key(list));
    if !text.is_empty() {
        href.push_str(&format!("&q={}", encode_component(text)));
    }
    if page > 0 {
        href.push_str(&format!("&page={page}"));
    }
    href
}

#[component]
pub fn Businesses() -> impl IntoView {
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        query_map.with(|q| BusinessQuery {
            text: q.get("q").unwrap_or_default(),
            list: list_from(&q.get("list").unwrap_or_default()),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(0),
        })
    });
    let results = load(move || query.get(), search_businesses);
    let navigate = use_navigate();
    let on_input = move |event: leptos::ev::Event| {
        let text = event_target_value(&event);
        let list = query.get_untracked().list;
        navigate(
            &href(&text, list, 0),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
    let tab = move |list: BusinessList, label: &'static str| {
        view! {
            <li>
                <a
                    href=move || href(&query.get().text, list, 0)
                    aria-current=move || (query.get().list == list).then_some("page")
                >
                    {label}
                </a>
            </li>
        }
    };
    view! {
        <Title text="Businesses" />
        <div class="page-head">
            <h1>"Businesses"</h1>
            <a class="button button-primary" href="/businesses/new">"Add a business"</a>
        </div>
        <form method="get" action="/businesses" role="search" class="search">
            <label for="business-search">"Find a business"</label>
            <input type="hidden" name="list" value=move || list_key(query.get().list) />
            <div class="search-row">
                <input
                    id="business-search"
                    name="q"
                    type="search"
                    autocomplete="off"
                    placeholder="Name, doing-business-as, FEIN, city or ZIP"
                    prop:value=move || query.get().text
                    on:input=on_input
                />
                <button type="submit" class="button">"Search"</button>
            </div>
        </form>
        <nav aria-label="Lists" class="tabs">
            <ul>
                {tab(BusinessList::All, "All businesses")}
                {tab(BusinessList::MyCenter, "My center's")}
                {tab(BusinessList::RecentlyVisited, "Recently visited")}
            </ul>
        </nav>
        <Transition fallback=|| view! { <p class="loading">"Searching…"</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(page) => view! { <ResultList page query=query.get_untracked() /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ResultList(page: Page<BusinessSummary>, query: BusinessQuery) -> impl IntoView {
    if page.items.is_empty() {
        let message = if query.text.is_empty() {
            "No businesses in this list yet.".to_owned()
        } else {
            format!(
                "No business matches “{}”. Check the spelling, try fewer words, or add it.",
                query.text
            )
        };
        return view! {
            <div class="empty" role="status">
                <p>{message}</p>
                <a class="button" href="/businesses/new">"Add a business"</a>
            </div>
        }
        .into_any();
    }
    let rows = page
        .items
        .into_iter()
        .map(|business| {
            view! {
                <tr>
                    <td>
                        <a href=format!("/businesses/{}", business.id)>{business.legal_name}</a>
                        {business.dba.map(|dba| view! { <span class="muted">" (" {dba} ")"</span> })}
                    </td>
                    <td>{business.city}</td>
                    <td>{business.zip}</td>
                    <td>{business.fein.unwrap_or_default()}</td>
                    <td><span class=format!("stage stage-{}", business.stage.as_str())>{business.stage.label()}</span></td>
                </tr>
            }
        })
        .collect_view();
    let previous = (page.page > 0).then(|| href(&query.text, query.list, page.page - 1));
    let next = page
        .has_more
        .then(|| href(&query.text, query.list, page.page + 1));
    view! {
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">"Businesses found"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Business"</th>
                        <th scope="col">"City"</th>
                        <th scope="col">"ZIP"</th>
                        <th scope="col">"FEIN"</th>
                        <th scope="col">"Stage"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <nav aria-label="Pages" class="pager">
            {previous.map(|href| view! { <a class="button" href=href rel="prev">"Previous page"</a> })}
            <span>{format!("Page {}", page.page + 1)}</span>
            {next.map(|href| view! { <a class="button" href=href rel="next">"Next page"</a> })}
        </nav>
    }
    .into_any()
}
