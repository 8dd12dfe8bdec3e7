#![cfg(target_arch = "wasm32")]
// Written and read here as earlier versions of the app did, through gloo-storage and
// serde_json's own readers, to prove the store still reads what they left.
#![allow(clippy::disallowed_methods)]
//! The browser store, in a real browser: layouts migrated from every earlier version, data
//! that no longer reads kept aside, the quota path, and the storage budget of 2,000 visits.

use app::model::UserId;
use gloo_storage::{LocalStorage, Storage};
use uuid::Uuid;
use wasm_bindgen_test::*;

use frontend::store::{self, ALLOWANCE, SCHEMA_VERSION, StoreError};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "../../app/benches/common/pending_visits.rs"]
mod pending_visits;
use pending_visits::outbox_of;

fn clear() {
    LocalStorage::clear();
}

fn person(n: u128) -> UserId {
    UserId(Uuid::from_u128(n))
}

#[wasm_bindgen_test]
fn each_person_gets_a_device_made_once_and_kept() {
    clear();
    let first = store::device_id(person(1)).expect("storage works in the test browser");
    assert_eq!(store::device_id(person(1)).expect("kept"), first);
    assert_eq!(first.get_version_num(), 7);
    let other = store::device_id(person(2)).expect("a second person");
    assert_ne!(first, other, "two people on one tablet have two devices");
}

#[wasm_bindgen_test]
fn a_damaged_device_id_is_replaced() {
    clear();
    store::open().expect("opens");
    LocalStorage::set(format!("bizworks.u.{}.device", person(1)), "not a uuid").expect("set");
    let id = store::device_id(person(1)).expect("a fresh id replaces the damaged one");
    assert_eq!(store::device_id(person(1)).expect("kept"), id);
}

#[wasm_bindgen_test]
fn an_empty_store_is_brought_to_the_current_version() {
    clear();
    assert_eq!(store::open().expect("opens"), 0);
    assert_eq!(store::open().expect("opens again"), SCHEMA_VERSION);
}

#[wasm_bindgen_test]
fn version_1_keeps_its_device_for_the_first_person_to_sign_in() {
    clear();
    let v1 = Uuid::now_v7();
    LocalStorage::set("bizworks.schema_version", 1u32).expect("set");
    LocalStorage::set("bizworks.device_id", v1).expect("set");
    assert_eq!(store::open().expect("migrates"), 1);
    assert_eq!(
        LocalStorage::get::<u32>("bizworks.schema_version").expect("written"),
        SCHEMA_VERSION
    );
    assert!(
        LocalStorage::get::<Uuid>("bizworks.device_id").is_err(),
        "the old key is gone"
    );
    assert_eq!(store::device_id(person(1)).expect("claimed"), v1);
    assert_ne!(store::device_id(person(2)).expect("a new one"), v1);
}

#[wasm_bindgen_test]
fn a_store_from_a_newer_app_is_not_touched() {
    clear();
    LocalStorage::set("bizworks.schema_version", SCHEMA_VERSION + 1).expect("set");
    LocalStorage::set("bizworks.device_id", "kept as it is").expect("set");
    match store::open() {
        Err(StoreError::Newer { found }) => assert_eq!(found, SCHEMA_VERSION + 1),
        other => panic!("expected Newer, got {other:?}"),
    }
    let kept: String = LocalStorage::get("bizworks.device_id").expect("still there");
    assert_eq!(kept, "kept as it is");
}

#[wasm_bindgen_test]
fn two_thousand_pending_visits_fit_in_forty_percent_of_the_allowance() {
    clear();
    let outbox = outbox_of(2_000);
    store::save_outbox(person(1), &outbox).expect("2,000 visits fit");
    let used = store::used();
    let share = used as f64 / ALLOWANCE as f64;
    web_sys::console::log_1(
        &format!(
            "2,000 pending visits: {used} characters, {:.1}% of the allowance",
            share * 100.0
        )
        .into(),
    );
    assert!(
        share <= 0.40,
        "2,000 visits use {:.1}% of the allowance",
        share * 100.0
    );
    assert_eq!(
        store::outbox(person(1)).expect("reads back").entries.len(),
        2_000
    );
}

#[wasm_bindgen_test]
fn unreadable_data_is_kept_aside_never_deleted() {
    clear();
    store::open().expect("opens");
    let device = store::device_id(person(1)).expect("a device");
    let key = format!("bizworks.u.{}.outbox", person(1));
    let aside = |name: &str| {
        LocalStorage::raw()
            .get_item(&format!("{key}.{name}"))
            .expect("read")
    };
    LocalStorage::raw()
        .set_item(&key, "{ this is not an outbox")
        .expect("set");
    let outbox = store::outbox(person(1)).expect("a fresh outbox to carry on with");
    assert!(outbox.entries.is_empty());
    assert_eq!(
        aside("unreadable").as_deref(),
        Some("{ this is not an outbox")
    );
    // The fresh outbox counts from 1 again: under the old device those numbers were spent.
    let new_device = store::device_id(person(1)).expect("a device");
    assert_ne!(new_device, device, "a new outbox begins a new device");
    // Read again, it is the fresh outbox: nothing is kept aside twice.
    assert!(store::outbox(person(1)).expect("reads").entries.is_empty());
    assert_eq!(aside("unreadable.2"), None);
    assert_eq!(store::device_id(person(1)).expect("kept"), new_device);

    // A second unreadable outbox is kept beside the first, which stays.
    LocalStorage::raw()
        .set_item(&key, "{ nor is this")
        .expect("set");
    store::outbox(person(1)).expect("a fresh outbox again");
    assert_eq!(
        aside("unreadable").as_deref(),
        Some("{ this is not an outbox")
    );
    assert_eq!(aside("unreadable.2").as_deref(), Some("{ nor is this"));
}

#[wasm_bindgen_test]
fn an_outbox_gone_while_its_device_stayed_begins_a_new_device() {
    clear();
    // As a page loads: the outbox first, then the device.
    store::outbox(person(1)).expect("a first outbox");
    let device = store::device_id(person(1)).expect("a device");
    assert_eq!(
        store::outbox(person(1)).expect("reads").next_mutation,
        1,
        "nothing recorded yet"
    );
    assert_eq!(
        store::device_id(person(1)).expect("kept"),
        device,
        "an outbox that is there keeps its device"
    );

    // The outbox is gone and the device id left: its count is lost, and numbers from 1 under
    // the old device would repeat ones the server applied.
    LocalStorage::delete(format!("bizworks.u.{}.outbox", person(1)));
    let fresh = store::outbox(person(1)).expect("a fresh outbox");
    assert!(fresh.entries.is_empty());
    assert!(
        store::outbox_stored(person(1)),
        "the fresh outbox is written"
    );
    let new_device = store::device_id(person(1)).expect("a device");
    assert_ne!(new_device, device, "a lost count begins a new device");
    store::outbox(person(1)).expect("reads");
    assert_eq!(store::device_id(person(1)).expect("kept"), new_device);
}

#[wasm_bindgen_test]
fn an_outbox_another_tab_wrote_is_read_again_before_a_change() {
    clear();
    let mine = outbox_of(1);
    let theirs = outbox_of(2);
    // What another tab would write: the stored text, as this page never saw it.
    store::save_outbox(person(1), &theirs).expect("fits");
    let key = format!("bizworks.u.{}.outbox", person(1));
    let their_text = LocalStorage::raw()
        .get_item(&key)
        .expect("read")
        .expect("kept");
    store::save_outbox(person(1), &mine).expect("fits");
    assert_eq!(
        store::outbox_if_changed(person(1)).expect("reads"),
        None,
        "what this page wrote itself is not read again"
    );
    LocalStorage::raw()
        .set_item(&key, &their_text)
        .expect("set");
    assert_eq!(
        store::outbox_if_changed(person(1)).expect("reads"),
        Some(theirs),
        "another tab's outbox is taken up"
    );
    assert_eq!(store::outbox_if_changed(person(1)).expect("reads"), None);
}

#[wasm_bindgen_test]
fn a_full_store_refuses_the_write_and_keeps_what_was_there() {
    clear();
    let before = outbox_of(3);
    store::save_outbox(person(1), &before).expect("fits");
    // Fill the rest of the allowance, measuring it on the way.
    let chunk = "x".repeat(256 * 1024);
    let mut filled = 0u64;
    for n in 0.. {
        if LocalStorage::raw()
            .set_item(&format!("filler.{n}"), &chunk)
            .is_err()
        {
            break;
        }
        filled += chunk.len() as u64;
    }
    let small = "y".repeat(1024);
    for n in 0.. {
        if LocalStorage::raw()
            .set_item(&format!("filler.small.{n}"), &small)
            .is_err()
        {
            break;
        }
        filled += small.len() as u64;
    }
    web_sys::console::log_1(
        &format!(
            "the browser's allowance: about {} characters",
            store::used()
        )
        .into(),
    );
    assert!(filled > 0);
    assert!(
        store::used() >= ALLOWANCE * 9 / 10,
        "the allowance is at least what we assume"
    );
    let after = outbox_of(500);
    assert_eq!(store::save_outbox(person(1), &after), Err(StoreError::Full));
    assert_eq!(store::outbox(person(1)).expect("still readable"), before);
    clear();
}
