//! The admin's list of accounts.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::list_users;
use crate::components::problem::Problem;
use crate::model::UserRow;

#[component]
pub fn AdminUsers() -> impl IntoView {
    let users = Resource::new(|| (), |_| list_users());
    view! {
        <Title text="Users" />
        <Suspense fallback=|| view! { <p class="loading">"Loading users…"</p> }>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(users) => view! { <UserTable users /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UserTable(users: Vec<UserRow>) -> impl IntoView {
    let count = users.len();
    let rows = users
        .into_iter()
        .map(|user| {
            view! {
                <tr>
                    <td>{user.display_name}</td>
                    <td>{user.email}</td>
                    <td>{user.role.label()}</td>
                    <td>{user.unit_name}</td>
                    <td>{if user.active { "Active" } else { "Deactivated" }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section>
            <h1>"Users"</h1>
            <p><a href="/admin/duplicates">"Possible duplicate businesses"</a></p>
            <p class="lede">{count} " accounts"</p>
            <div class="table-wrap">
                <table>
                    <caption class="visually-hidden">"Users"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"E-mail"</th>
                            <th scope="col">"Role"</th>
                            <th scope="col">"Works for"</th>
                            <th scope="col">"Status"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
