//! A member's page: the committees and regional teams they sit on, with their role and term.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::person_seats;
use crate::components::problem::Problem;
use crate::error::AppError;
use crate::model::{PersonCommittees, UserId};
use crate::resource::load;

#[component]
pub fn PersonPage() -> impl IntoView {
    let params = use_params_map();
    let person = Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<uuid::Uuid>().ok())
                .map(UserId)
        })
    });
    let page = load(
        move || person.get(),
        |person| async move {
            let person = person.ok_or(AppError::NotFound {
                what: "That person".to_owned(),
            })?;
            person_seats(person).await
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <Seats page /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Seats(page: PersonCommittees) -> impl IntoView {
    let heading = format!("{}'s committees", page.name);
    let rows = page
        .seats
        .into_iter()
        .map(|seat| {
            let status = match seat.status.as_str() {
                "inactive" => "Inactive",
                "waiting" => "On the waiting list",
                _ => "Active",
            };
            view! {
                <tr>
                    <th scope="row"><a href=format!("/committees/{}", seat.committee)>{seat.committee_name}</a></th>
                    <td>{seat.kind.label()}</td>
                    <td>{seat.role.label()}</td>
                    <td>{status}</td>
                    <td>{seat.joined_on.format("%-d %b %Y").to_string()}</td>
                    <td>{seat.term_ends_on.map_or_else(|| "No set end".to_owned(), |d| d.format("%-d %b %Y").to_string())}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <Title text=heading.clone() />
        <h1>{heading}</h1>
        {if rows.is_empty() {
            view! {
                <div class="empty" role="status">
                    <p>"Not on any committee or regional team yet."</p>
                    <p><a href="/committees">"Browse committees and teams"</a></p>
                </div>
            }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table>
                        <caption class="visually-hidden">"Committees and teams, with role and term"</caption>
                        <thead><tr>
                            <th scope="col">"Committee or team"</th>
                            <th scope="col">"Kind"</th>
                            <th scope="col">"Role"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Joined"</th>
                            <th scope="col">"Term ends"</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}
