//! The admins' list of possible duplicates across the state.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::possible_duplicates;
use crate::components::admin_nav::AdminNav;
use crate::components::problem::Problem;
use crate::resource::load;

#[component]
pub fn AdminDuplicates() -> impl IntoView {
    let pairs = load(|| (), |_| possible_duplicates());
    view! {
        <Title text="Possible duplicates" />
        <AdminNav />
        <h1>"Possible duplicates"</h1>
        <p class="lede">"Businesses with the same name (ignoring case, punctuation and Inc/LLC/Corp) and ZIP. Compare each pair and merge it, or leave it if they are different establishments."</p>
        <Suspense fallback=|| view! { <p class="loading">"Looking for duplicates…"</p> }>
            {move || Suspend::new(async move {
                match pairs.await {
                    Ok(pairs) if pairs.is_empty() => view! { <div class="empty" role="status"><p>"No possible duplicates. Well kept!"</p></div> }.into_any(),
                    Ok(pairs) => view! {
                        <div class="table-wrap"><table>
                            <caption class="visually-hidden">"Possible duplicates"</caption>
                            <thead><tr><th scope="col">"Business"</th><th scope="col">"Looks like"</th><th scope="col">"Why"</th><th scope="col"></th></tr></thead>
                            <tbody>{pairs.into_iter().map(|p| view! {
                                <tr>
                                    <td><a href=format!("/businesses/{}", p.first.id)>{p.first.legal_name.clone()}</a>{format!(" · {}", p.first.city)}</td>
                                    <td><a href=format!("/businesses/{}", p.second.id)>{p.second.legal_name.clone()}</a>{format!(" · {}", p.second.city)}</td>
                                    <td>{p.likeness.label()}</td>
                                    <td><a href=format!("/businesses/{}/merge/{}", p.first.id, p.second.id)>"Compare and merge"</a></td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table></div>
                    }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
