#![cfg(target_arch = "wasm32")]
// Written and read here as earlier versions of the app did, through gloo-storage and
// serde_json's own readers, to prove the store still reads what they left.
#![allow(clippy::disallowed_methods)]
//! The browser device over its store, in a real browser: an outbox that no longer reads is
//! kept aside, begins a new device, and leaves in the download of pending entries; a page
//! whose device is gone from the store carries its changes into the store's new one.
//! And the state's date on the device's clock, in the state's zone whatever the device's.

use app::device::Device;
use app::model::{Role, SessionUser, UserId};
use app::sync::outbox::Outbox;
use app::sync::protocol::ChangeBody;
use chrono::Utc;
use gloo_storage::{LocalStorage, Storage};
use uuid::Uuid;
use wasm_bindgen_test::*;

use frontend::device::BrowserDevice;
use frontend::store;

wasm_bindgen_test_configure!(run_in_browser);

fn rep() -> SessionUser {
    SessionUser {
        id: UserId(Uuid::from_u128(7)),
        email: "rep@bizworks.test".to_owned(),
        display_name: "Riley Santos".to_owned(),
        role: Role::Rep,
        center: None,
        unit_name: "Springfield Career Center".to_owned(),
        scope: None,
        must_change_password: false,
    }
}

/// An outbox with one change queued.
fn one_queued() -> Outbox {
    let mut outbox = Outbox::new();
    outbox.record(
        Uuid::now_v7(),
        Some(1),
        ChangeBody::DeleteVisit,
        "Delete a visit".to_owned(),
        Utc::now(),
        true,
    );
    outbox
}

/// A page open for the rep, whose outbox holds one queued change; its device id.
fn open_with_one_queued() -> (SessionUser, BrowserDevice, Uuid) {
    LocalStorage::clear();
    let user = rep();
    store::remember_user(&user).expect("storage works in the test browser");
    store::save_outbox(user.id, &one_queued()).expect("fits");
    let device = BrowserDevice::open();
    let before = store::device_id(user.id).expect("a device");
    (user, device, before)
}

/// The download of pending entries, as the person would open it.
fn download(device: &BrowserDevice) -> serde_json::Value {
    serde_json::from_str(&device.export()).expect("the download is JSON")
}

#[wasm_bindgen_test]
fn an_unreadable_outbox_begins_a_new_device_and_is_in_the_download() {
    LocalStorage::clear();
    let user = rep();
    store::remember_user(&user).expect("storage works in the test browser");
    let before = store::device_id(user.id).expect("a device");
    let key = format!("bizworks.u.{}.outbox", user.id);
    LocalStorage::raw()
        .set_item(&key, "{ written by a damaged build")
        .expect("set");

    let device = BrowserDevice::open();
    assert_eq!(
        device.outbox().pending(),
        0,
        "a fresh outbox to carry on with"
    );
    let export = download(&device);
    let now = export["device"].as_str().expect("a device id");
    assert_ne!(
        now,
        before.to_string(),
        "numbers from 1 again, under a new device"
    );
    assert_eq!(
        export["set_aside"][format!("{key}.unreadable")],
        "{ written by a damaged build",
        "what could not be read leaves with the download: {export}"
    );
}

#[wasm_bindgen_test]
fn an_outbox_begun_afresh_in_another_tab_takes_its_new_device_here_too() {
    let (user, device, before) = open_with_one_queued();
    // What another tab leaves when the outbox it read no longer read: a fresh outbox, and no
    // device id until one is made (written raw: this page must not have seen it).
    let fresh = app::sync::compact::compact_text(
        &serde_json::to_string(&app::sync::outbox::Outbox::new()).expect("serialises"),
    )
    .into_owned();
    LocalStorage::raw()
        .set_item(&format!("bizworks.u.{}.outbox", user.id), &fresh)
        .expect("set");
    LocalStorage::delete(format!("bizworks.u.{}.device", user.id));

    device.stored_elsewhere();
    let export = download(&device);
    let now = export["device"].as_str().expect("a device id");
    assert_ne!(
        now,
        before.to_string(),
        "its numbers from 1 go under a new device"
    );
    assert_eq!(now, store::device_id(user.id).expect("kept").to_string());
    // The change this page had queued is not dropped with the old outbox: it goes on in the
    // new one, under its numbers.
    assert_eq!(device.outbox().pending(), 1);
    let stored = store::outbox(user.id).expect("reads");
    assert_eq!(stored.pending(), 1, "and is stored");
    assert_eq!(stored.entries[0].mutation, 1);
}

#[wasm_bindgen_test]
fn a_page_notices_another_tab_began_a_new_device_even_when_the_outboxes_read_alike() {
    LocalStorage::clear();
    let user = rep();
    store::remember_user(&user).expect("storage works in the test browser");
    let device = BrowserDevice::open();
    let mine = store::device_id(user.id).expect("a device");
    // Another tab began afresh: the same empty outbox text, another device id.
    let theirs = Uuid::now_v7();
    LocalStorage::set(format!("bizworks.u.{}.device", user.id), theirs).expect("set");

    device.stored_elsewhere();
    let export = download(&device);
    assert_ne!(export["device"], mine.to_string());
    assert_eq!(
        export["device"],
        theirs.to_string(),
        "one outbox, one device"
    );
}

#[wasm_bindgen_test]
fn an_outbox_another_tab_left_unreadable_keeps_this_pages_changes() {
    let (user, device, before) = open_with_one_queued();
    let key = format!("bizworks.u.{}.outbox", user.id);
    LocalStorage::raw()
        .set_item(&key, "{ half written by another tab")
        .expect("set");

    device.stored_elsewhere();
    assert_eq!(device.outbox().pending(), 1, "the queued change stays");
    assert_eq!(store::outbox(user.id).expect("reads").pending(), 1);
    assert_ne!(store::device_id(user.id).expect("a device"), before);
    assert_eq!(
        download(&device)["set_aside"][format!("{key}.unreadable")],
        "{ half written by another tab"
    );
}

#[wasm_bindgen_test]
fn an_outbox_cleared_under_an_open_page_keeps_its_changes_under_a_new_device() {
    let (user, device, before) = open_with_one_queued();
    // Cleared under the page (by hand, by a tool): the page holds the last copy.
    LocalStorage::delete(format!("bizworks.u.{}.outbox", user.id));
    LocalStorage::delete(format!("bizworks.u.{}.device", user.id));

    device.stored_elsewhere();
    assert_eq!(device.outbox().pending(), 1, "the queued change stays");
    let stored = store::outbox(user.id).expect("written back");
    assert_eq!(stored.pending(), 1, "and is stored again");
    // This page's count may be behind another tab's (one asleep on a tablet): its numbers
    // go under a new device, never again under the old one.
    let now = store::device_id(user.id).expect("a device");
    assert_ne!(now, before);
    assert_eq!(download(&device)["device"], now.to_string());
}

#[wasm_bindgen_test]
fn a_visit_change_waiting_here_is_named_with_its_state() {
    use app::device::DeviceHandle;
    use app::model::{VisitDraft, VisitId};
    use app::sync::outbox::EntryState;

    LocalStorage::clear();
    let user = rep();
    store::remember_user(&user).expect("storage works in the test browser");
    let (ready, in_conflict, sent) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let mut outbox = Outbox::new();
    for id in [ready, in_conflict, sent] {
        let draft = VisitDraft {
            notes: format!("change to {id}"),
            ..VisitDraft::default()
        };
        let body = ChangeBody::Visit {
            draft,
            recorded_at: None,
        };
        outbox.record(id, Some(3), body, "A visit".to_owned(), Utc::now(), true);
    }
    outbox.entries[1].state = EntryState::Conflict {
        server_version: 4,
        server: None,
    };
    outbox.entries[2].state = EntryState::Sent {
        at: Utc::now(),
        version: 4,
        review: Vec::new(),
        duplicates: Vec::new(),
    };
    store::save_outbox(user.id, &outbox).expect("fits");
    let device = DeviceHandle(std::sync::Arc::new(BrowserDevice::open()));

    let waiting = device.unsent_visit(VisitId(ready)).expect("waits");
    assert_eq!(waiting.draft.notes, format!("change to {ready}"));
    assert_eq!(waiting.base_version, Some(3));
    assert!(!waiting.conflict);
    assert!(
        waiting
            .describe()
            .ends_with("not on the server yet (ready to send)"),
        "{}",
        waiting.describe()
    );
    // Changed on both sides: the form must not take it up as a plain draft.
    assert!(
        device
            .unsent_visit(VisitId(in_conflict))
            .expect("waits")
            .conflict
    );
    assert_eq!(device.unsent_visit(VisitId(sent)), None, "on the server");
    assert_eq!(device.unsent_visit(VisitId(Uuid::now_v7())), None);
}

#[wasm_bindgen_test]
fn the_states_date_is_told_in_its_zone_and_an_unknown_zone_falls_back() {
    let device = BrowserDevice::open();
    let utc = chrono::Utc::now().date_naive();
    // Fourteen hours ahead of UTC and eleven behind are never on the same day, and UTC's
    // date lies between them.
    let ahead = device.today_in("Pacific/Kiritimati");
    let behind = device.today_in("Pacific/Pago_Pago");
    assert!(
        (1..=2).contains(&(ahead - behind).num_days()),
        "{ahead} and {behind}"
    );
    assert!(behind <= utc && utc <= ahead, "{behind} {utc} {ahead}");
    assert_eq!(frontend::browser::date_in("Etc/UTC"), Some(utc));
    // A zone the browser does not know is an answer, not a thrown RangeError.
    assert_eq!(frontend::browser::date_in("Mars/Olympus_Mons"), None);
    assert_eq!(frontend::browser::date_in(""), None);
    let local = chrono::Local::now().date_naive();
    assert_eq!(device.today_in("Mars/Olympus_Mons"), local);
    assert_eq!(device.today_in(""), local);
}

#[wasm_bindgen_test]
fn the_outboxs_times_are_told_on_the_devices_own_clock() {
    let device = BrowserDevice::open();
    let Some(at) = chrono::DateTime::from_timestamp(1_800_050_400, 0) else {
        panic!("a valid instant");
    };
    // What the browser's own clock says of that instant, read with Date's local getters,
    // whatever zone this machine is set to.
    let date = js_sys::Date::new(&(at.timestamp_millis() as f64).into());
    let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let local = format!(
        "{} {} {} {}, {:02}:{:02} ",
        weekdays[date.get_day() as usize],
        date.get_date(),
        months[date.get_month() as usize],
        date.get_full_year(),
        date.get_hours(),
        date.get_minutes()
    );
    // Told by Intl, not by the fallback (which writes the same words on a machine set to UTC).
    assert!(frontend::browser::describe_here(at).is_some());
    let described = device.describe_here(at);
    assert!(described.starts_with(&local), "{described} against {local}");
    let zone = &described[local.len()..];
    assert!(!zone.is_empty() && !zone.contains(' '), "{described}");
}

/// Pages ask "who is signed in?" inside reactive closures (the sync badge, the sync page, the
/// visit form's "add a new business"); on a device that did not know the person yet, the
/// answer comes once the page has told it, and they must run again then.
#[wasm_bindgen_test]
fn whoever_asked_who_is_signed_in_hears_when_the_device_learns_it() {
    use leptos::prelude::{ArcMemo, Get};
    LocalStorage::clear();
    let device = std::sync::Arc::new(BrowserDevice::open());
    let asking = device.clone();
    let seen = ArcMemo::new(move |_| asking.user().map(|u| u.id));
    assert_eq!(seen.get(), None, "nobody has signed in on this device");
    device.signed_in(&rep());
    assert_eq!(seen.get(), Some(rep().id));
}

/// The next person on a tablet whose store is full: their store cannot begin, and the device
/// must not go on showing, or filing their visits in, the last person's outbox.
#[wasm_bindgen_test]
fn a_person_whose_store_cannot_be_read_is_not_shown_the_last_persons_entries() {
    let (_, device, _) = open_with_one_queued();
    assert_eq!(device.outbox().pending(), 1, "the rep's change");
    let chunk = "x".repeat(256 * 1024);
    let small = "y".repeat(256);
    for filler in [&chunk, &small] {
        for n in 0.. {
            if LocalStorage::raw()
                .set_item(&format!("filler.{}.{n}", filler.len()), filler)
                .is_err()
            {
                break;
            }
        }
    }
    let next = SessionUser {
        id: UserId(Uuid::from_u128(8)),
        email: "second@bizworks.test".to_owned(),
        ..rep()
    };
    device.signed_in(&next);
    assert_eq!(device.user().map(|u| u.id), Some(next.id));
    assert_eq!(device.outbox().pending(), 0, "nothing of the last person's");
    use leptos::prelude::GetUntracked;
    assert!(
        device.state().last_error.get_untracked().is_some(),
        "and the person is told"
    );
    LocalStorage::clear();
}

/// The same person again with a new role: pages read the new one.
#[wasm_bindgen_test]
fn the_same_person_with_new_details_is_shown_them() {
    use leptos::prelude::{ArcMemo, Get};
    LocalStorage::clear();
    let device = std::sync::Arc::new(BrowserDevice::open());
    device.signed_in(&rep());
    let asking = device.clone();
    let role = ArcMemo::new(move |_| asking.user().map(|u| u.role));
    assert_eq!(role.get(), Some(Role::Rep));
    device.signed_in(&SessionUser {
        role: Role::Director,
        ..rep()
    });
    assert_eq!(role.get(), Some(Role::Director));
}
