//! Areas whose pages arrive with later work: guarded like the real thing, and honest about it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::access::Area;
use crate::components::gate::Gate;

#[component]
pub fn Placeholder(area: Area, issue: &'static str) -> impl IntoView {
    view! {
        <Title text=area.label() />
        <Gate area>
            <section>
                <h1>{area.label()}</h1>
                <p class="notice">"Not yet: this page arrives with the work on " {issue} "."</p>
            </section>
        </Gate>
    }
}
