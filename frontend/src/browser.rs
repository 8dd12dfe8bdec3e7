//! The few browser APIs the device needs beyond storage: connection and storage events,
//! persistent storage, the service worker's update handshake, and saving a file.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::JsFuture;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Calls `on_change(online)` whenever the browser goes online or offline.
pub fn listen_connection(on_change: impl Fn(bool) + 'static) {
    let Some(window) = window() else { return };
    let on_change = std::rc::Rc::new(on_change);
    for (event, online) in [("online", true), ("offline", false)] {
        let on_change = on_change.clone();
        let listener = Closure::<dyn Fn()>::new(move || on_change(online));
        // The listeners live as long as the page.
        let _ = window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        listener.forget();
    }
}

/// Calls `on_change` whenever another tab of this site changes `localStorage` (the browser
/// tells every other tab, never the one that wrote).
pub fn listen_storage(on_change: impl Fn() + 'static) {
    let Some(window) = window() else { return };
    let listener = Closure::<dyn Fn()>::new(on_change);
    // The listener lives as long as the page.
    let _ = window.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref());
    listener.forget();
}

/// Asks the browser to keep this site's data under storage pressure; reports its answer.
pub fn ask_to_persist(done: impl FnOnce(bool) + 'static) {
    storage_promise(|storage| storage.persist(), done);
}

/// Whether the browser already keeps this site's data under storage pressure.
pub fn persisted(done: impl FnOnce(bool) + 'static) {
    storage_promise(|storage| storage.persisted(), done);
}

fn storage_promise(
    call: impl FnOnce(&web_sys::StorageManager) -> Result<js_sys::Promise, wasm_bindgen::JsValue>,
    done: impl FnOnce(bool) + 'static,
) {
    let Some(window) = window() else { return };
    let storage = window.navigator().storage();
    let Ok(promise) = call(&storage) else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let granted = JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        done(granted);
    });
}

/// Registers `/sw.js`. `on_waiting` is called when a new version is installed and waits for
/// the rep's go-ahead; once it takes over, the page reloads into it.
pub fn register_service_worker(on_waiting: impl Fn() + 'static) {
    let Some(window) = window() else { return };
    let container = window.navigator().service_worker();
    let on_waiting = std::rc::Rc::new(on_waiting);
    // Reload once the new version controls the page (after "Update now").
    let reload = Closure::<dyn Fn()>::new(move || {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    let had_controller = container.controller().is_some();
    if had_controller {
        container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
    }
    reload.forget();
    let promise = container.register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = JsFuture::from(promise).await else {
            return;
        };
        // Not a registration where service workers are refused (a test harness, some
        // private modes): the app works without one, as on its first visit.
        let Ok(registration) = registration.dyn_into::<web_sys::ServiceWorkerRegistration>() else {
            return;
        };
        if registration.waiting().is_some() && had_controller {
            on_waiting();
        }
        let watched = registration.clone();
        let on_found = Closure::<dyn Fn()>::new(move || {
            let Some(installing) = watched.installing() else {
                return;
            };
            let on_waiting = on_waiting.clone();
            let worker = installing.clone();
            let on_state = Closure::<dyn Fn()>::new(move || {
                let installed = worker.state() == web_sys::ServiceWorkerState::Installed;
                let controlled = web_sys::window()
                    .and_then(|w| w.navigator().service_worker().controller())
                    .is_some();
                if installed && controlled {
                    on_waiting();
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        on_found.forget();
    });
}

/// Tells a waiting new version to take over; the page reloads when it has.
pub fn activate_waiting_worker() {
    let Some(window) = window() else { return };
    let promise = window.navigator().service_worker().get_registration();
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = JsFuture::from(promise).await else {
            return;
        };
        let Some(registration) = registration.dyn_ref::<web_sys::ServiceWorkerRegistration>()
        else {
            return;
        };
        if let Some(waiting) = registration.waiting() {
            let _ = waiting.post_message(&wasm_bindgen::JsValue::from_str("skip-waiting"));
        }
    });
}

/// Offers `text` as a file named `name` to save.
pub fn download(name: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    let window = window().ok_or_else(|| wasm_bindgen::JsValue::from_str("no window"))?;
    let document = window
        .document()
        .ok_or_else(|| wasm_bindgen::JsValue::from_str("no document"))?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// Tells the service worker something, when one controls the page.
fn tell_worker(message: &'static str) {
    let Some(window) = window() else { return };
    let container = window.navigator().service_worker();
    if let Some(worker) = container.controller() {
        let _ = worker.post_message(&wasm_bindgen::JsValue::from_str(message));
        return;
    }
    // A page the worker does not control: the first one on a new device (it registers the
    // worker), or one opened while the worker was activating. The worker hears it once it is
    // active; without one (refused, unsupported) nobody does, as before.
    let Ok(ready) = container.ready() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = JsFuture::from(ready).await else {
            return;
        };
        let active = registration
            .dyn_into::<web_sys::ServiceWorkerRegistration>()
            .ok()
            .and_then(|registration| registration.active());
        if let Some(worker) = active {
            let _ = worker.post_message(&wasm_bindgen::JsValue::from_str(message));
        }
    });
}

/// Asks the service worker to keep the rep's main pages, so work can start offline.
pub fn warm_pages() {
    tell_worker("warm");
}

/// Asks the service worker to forget kept pages (they show the person's data).
pub fn forget_pages() {
    tell_worker("forget-pages");
}

/// The parts `Intl.DateTimeFormat("en-US", options)` cuts the instant `at` into, by type
/// ("year", "hour", "timeZoneName"...), in the zone `zone` or the device's own. Read from the
/// parts because a locale's layout changes between ICU versions; through `Reflect`, so that
/// an unknown zone (a `RangeError`) comes back as `None` instead of unwinding through the
/// wasm.
fn intl_parts(
    zone: Option<&str>,
    options: &[(&str, &str)],
    at: &js_sys::Date,
) -> Option<Vec<(String, String)>> {
    use js_sys::{Array, Function, Object, Reflect};
    let settings = Object::new();
    for (key, value) in zone.map(|z| ("timeZone", z)).iter().chain(options) {
        Reflect::set(&settings, &(*key).into(), &(*value).into()).ok()?;
    }
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor: Function = Reflect::get(&intl, &"DateTimeFormat".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let format = Reflect::construct(&constructor, &Array::of2(&"en-US".into(), &settings)).ok()?;
    let to_parts: Function = Reflect::get(&format, &"formatToParts".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let parts: Array = Reflect::apply(&to_parts, &format, &Array::of1(at))
        .ok()?
        .dyn_into()
        .ok()?;
    Some(
        parts
            .iter()
            .filter_map(|p| {
                let kind = Reflect::get(&p, &"type".into()).ok()?.as_string()?;
                let value = Reflect::get(&p, &"value".into()).ok()?.as_string()?;
                Some((kind, value))
            })
            .collect(),
    )
}

fn part<'a>(parts: &'a [(String, String)], kind: &str) -> Option<&'a str> {
    parts
        .iter()
        .find(|(k, _)| k == kind)
        .map(|(_, value)| value.as_str())
}

/// Today's date in the tz database zone `zone` on this device's clock, or `None` when the
/// browser does not know the zone.
pub fn date_in(zone: &str) -> Option<chrono::NaiveDate> {
    if zone.is_empty() {
        return None;
    }
    let parts = intl_parts(
        Some(zone),
        &[
            ("year", "numeric"),
            ("month", "numeric"),
            ("day", "numeric"),
        ],
        &js_sys::Date::new_0(),
    )?;
    let number = |kind: &str| part(&parts, kind)?.parse::<u32>().ok();
    let year = i32::try_from(number("year")?).ok()?;
    chrono::NaiveDate::from_ymd_opt(year, number("month")?, number("day")?)
}

/// An instant on this device's clock and in its zone, as pages write times: "Wed 2 Dec 2026,
/// 00:50 EST" (the zone as the browser names it, "GMT+14" where it knows no abbreviation).
pub fn describe_here(at: chrono::DateTime<chrono::Utc>) -> Option<String> {
    // Milliseconds since 1970 are exact in an f64 for any date a device records.
    let instant = js_sys::Date::new(&(at.timestamp_millis() as f64).into());
    let parts = intl_parts(
        None,
        &[
            ("weekday", "short"),
            ("day", "numeric"),
            ("month", "short"),
            ("year", "numeric"),
            ("hour", "2-digit"),
            ("minute", "2-digit"),
            ("hourCycle", "h23"),
            ("timeZoneName", "short"),
        ],
        &instant,
    )?;
    let p = |kind: &str| part(&parts, kind);
    Some(
        format!(
            "{} {} {} {}, {}:{} {}",
            p("weekday")?,
            p("day")?,
            p("month")?,
            p("year")?,
            p("hour")?,
            p("minute")?,
            p("timeZoneName").unwrap_or_default()
        )
        .trim_end()
        .to_owned(),
    )
}
