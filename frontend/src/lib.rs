//! The browser side of BizWorks: hydrates the server-rendered page, keeps what the browser
//! stores, and syncs it.

pub mod browser;
pub mod device;
pub mod json;
pub mod store;

use std::sync::{Arc, OnceLock};

use app::device::{Device, DeviceHandle};
use leptos::prelude::Set;

use crate::device::BrowserDevice;

/// The page's one device; it lives as long as the page.
pub static DEVICE: OnceLock<Arc<BrowserDevice>> = OnceLock::new();

/// Called by the generated JavaScript once the wasm has loaded.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let device = DEVICE
        .get_or_init(|| Arc::new(BrowserDevice::open()))
        .clone();
    let state = device.state();
    browser::listen_connection(move |online| {
        state.online.set(online);
        if online && let Some(device) = DEVICE.get() {
            device.sync_now();
        }
    });
    browser::listen_storage(|| {
        if let Some(device) = DEVICE.get() {
            device.stored_elsewhere();
        }
    });
    let state = device.state();
    browser::register_service_worker(move || state.update_ready.set(true));
    browser::persisted(|granted| {
        if granted && let Some(device) = DEVICE.get() {
            device.request_persistence();
        }
    });
    let handle = DeviceHandle(device);
    // Pages are lazily loaded routes (app::shell), so hydration waits for the opened page's wasm
    // file before it walks the server's markup.
    wasm_bindgen_futures::spawn_local(async move {
        let mounted = leptos::mount::hydrate_from_async(leptos::tachys::dom::body(), move || {
            leptos::prelude::provide_context(handle);
            app::App()
        })
        .await;
        // The page lives as long as the tab.
        mounted.forget();
        // Lets tests and scripts wait for a page that reacts to clicks.
        if let Some(body) = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.body())
        {
            // Nothing to do if the attribute cannot be set; it is only a signal.
            let _ = body.set_attribute(app::shell::HYDRATED_ATTRIBUTE, "true");
        }
    });
}
