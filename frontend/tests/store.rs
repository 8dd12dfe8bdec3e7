#![cfg(target_arch = "wasm32")]
//! The browser store, in a real browser.

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen_test::*;

use frontend::store::{self, SCHEMA_VERSION, StoreError};

wasm_bindgen_test_configure!(run_in_browser);

fn clear() {
    LocalStorage::clear();
}

#[wasm_bindgen_test]
fn device_id_is_made_once_and_kept() {
    clear();
    let first = store::device_id().expect("storage works in the test browser");
    let second = store::device_id().expect("storage works in the test browser");
    assert_eq!(first, second);
    assert_eq!(first.get_version_num(), 7);
}

#[wasm_bindgen_test]
fn damaged_device_id_is_replaced() {
    clear();
    LocalStorage::set("bizworks.device_id", "not a uuid").expect("set");
    let id = store::device_id().expect("a fresh id replaces the damaged one");
    assert_eq!(store::device_id().expect("kept"), id);
}

#[wasm_bindgen_test]
fn empty_store_is_brought_to_the_current_version() {
    clear();
    assert_eq!(store::open().expect("opens"), 0);
    assert_eq!(store::open().expect("opens again"), SCHEMA_VERSION);
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
