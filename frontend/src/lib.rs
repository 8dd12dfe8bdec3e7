//! The browser side of BizWorks: hydrates the server-rendered page and owns what the
//! browser stores.

pub mod store;

/// Called by the generated JavaScript once the wasm has loaded.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Lets tests and scripts wait for a page that reacts to clicks.
    if let Some(body) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.body())
    {
        // Nothing to do if the attribute cannot be set; it is only a signal.
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
