//! Shows its children only when the server agrees the person may use the area.

use leptos::prelude::*;

use crate::access::Area;
use crate::api::open_area;
use crate::components::problem::Problem;
use crate::resource::load;

#[component]
pub fn Gate(area: Area, children: ChildrenFn) -> impl IntoView {
    let access = load(move || area, open_area);
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match access.await {
                    Ok(()) => children.with_value(|children| children()).into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
