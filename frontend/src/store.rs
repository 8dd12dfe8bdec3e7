//! What the browser keeps between visits, in `localStorage` through gloo-storage.
//!
//! Every key lives under `bizworks.`; each person's data under `bizworks.u.<user id>.`, so
//! two people sharing a tablet never see or send each other's entries. The layout carries a
//! schema version, and a newer app migrates what an older one wrote instead of dropping it.
//!
//! | key | holds |
//! |---|---|
//! | `bizworks.schema_version` | the layout version |
//! | `bizworks.user` | the last person signed in (pages need it offline) |
//! | `bizworks.settings` | how long sent entries stay viewable |
//! | `bizworks.u.<id>.device` | that person's device id (UUIDv7) |
//! | `bizworks.u.<id>.outbox` | their outbox ([`app::sync::outbox::Outbox`]) |
//! | `bizworks.u.<id>.cache` | what they need offline ([`app::sync::cache::DeviceCache`]) |
//! | `bizworks.u.<id>.sync` | the last sync's time and error |

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use app::model::{SessionUser, UserId};
use app::sync::cache::DeviceCache;
use app::sync::compact;
use app::sync::outbox::{DEFAULT_KEEP_DAYS, Outbox};
use chrono::{DateTime, Utc};
use gloo_storage::{LocalStorage, Storage};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::json;

/// The layout version of everything this module writes.
pub const SCHEMA_VERSION: u32 = 2;

/// The browser's allowance for this site's `localStorage`, in characters (Chromium keeps
/// 10 MiB of UTF-16: five million characters; measured in `tests/store.rs`).
pub const ALLOWANCE: u64 = 5 * 1024 * 1024;

const VERSION_KEY: &str = "bizworks.schema_version";
/// Version 1 kept one device id for the whole browser.
const V1_DEVICE_KEY: &str = "bizworks.device_id";
/// A version-1 device id waiting for the first person to sign in after the upgrade.
const UNCLAIMED_DEVICE_KEY: &str = "bizworks.unclaimed_device";
const USER_KEY: &str = "bizworks.user";
const SETTINGS_KEY: &str = "bizworks.settings";

fn key(user: UserId, what: &str) -> String {
    format!("bizworks.u.{user}.{what}")
}

/// Why the browser store could not be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StoreError {
    #[error("this browser does not allow the app to store data ({0})")]
    Unavailable(String),
    #[error(
        "the stored data was written by a newer version of BizWorks ({found}); reload the page"
    )]
    Newer { found: u32 },
    #[error("this device's storage is full")]
    Full,
}

/// Brings the stored layout up to [`SCHEMA_VERSION`], returning the version found.
pub fn open() -> Result<u32, StoreError> {
    let found = get::<u32>(VERSION_KEY).unwrap_or_else(|| {
        // Version 1 always wrote its version; a device id alone means an interrupted write.
        if LocalStorage::raw()
            .get_item(V1_DEVICE_KEY)
            .ok()
            .flatten()
            .is_some()
        {
            1
        } else {
            0
        }
    });
    if found > SCHEMA_VERSION {
        return Err(StoreError::Newer { found });
    }
    if found < 2 {
        migrate_1_to_2()?;
    }
    if found < SCHEMA_VERSION {
        set(VERSION_KEY, &SCHEMA_VERSION)?;
    }
    Ok(found)
}

/// Version 2 keeps a device per person. The browser-wide id of version 1 goes to the first
/// person who signs in, so the server keeps recognising the device.
fn migrate_1_to_2() -> Result<(), StoreError> {
    if let Some(id) = get::<Uuid>(V1_DEVICE_KEY) {
        set(UNCLAIMED_DEVICE_KEY, &id)?;
    }
    LocalStorage::delete(V1_DEVICE_KEY);
    Ok(())
}

/// `user`'s device id on this browser, made once (a UUIDv7) and kept from then on. A damaged
/// value is replaced rather than trusted.
pub fn device_id(user: UserId) -> Result<Uuid, StoreError> {
    open()?;
    let mine = key(user, "device");
    if let Some(id) = get::<Uuid>(&mine) {
        return Ok(id);
    }
    let id = match get::<Uuid>(UNCLAIMED_DEVICE_KEY) {
        Some(id) => {
            LocalStorage::delete(UNCLAIMED_DEVICE_KEY);
            id
        }
        None => Uuid::now_v7(),
    };
    set(&mine, &id)?;
    Ok(id)
}

/// `user`'s device id as stored now, without making one: a page compares it with the device
/// it counts under, since two fresh outboxes read alike.
pub fn stored_device_id(user: UserId) -> Option<Uuid> {
    get::<Uuid>(&key(user, "device"))
}

/// A small value (a version, a device id), as gloo-storage would read it, through the
/// device's one JSON reader. Missing or unreadable is `None`.
fn get<T: DeserializeOwned>(key: &str) -> Option<T> {
    let raw = LocalStorage::raw().get_item(key).ok().flatten()?;
    json::read(raw.as_bytes()).ok()
}

/// A small value, as gloo-storage would write it, through the device's one JSON writer.
fn set<T: Serialize>(key: &str, value: &T) -> Result<(), StoreError> {
    let text = json::write(value).map_err(|e| StoreError::Unavailable(e.to_string()))?;
    LocalStorage::raw().set_item(key, &text).map_err(js_error)
}

/// A value read from the store, or the default in its place.
enum Read<T> {
    Found(T),
    /// Nothing was stored under the key.
    Missing,
    /// What was stored no longer reads; it is kept aside.
    SetAside,
}

impl<T: Default> Read<T> {
    fn value(self) -> T {
        match self {
            Read::Found(value) => value,
            Read::Missing | Read::SetAside => T::default(),
        }
    }
}

thread_local! {
    /// A fingerprint of the text this page last read or wrote under each key. Another tab of
    /// the same site shares the store: a different text means it wrote since.
    static SEEN: RefCell<HashMap<String, u64>> = RefCell::new(HashMap::new());
}

fn fingerprint(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

fn seen(key: &str, text: &str) {
    SEEN.with(|seen| seen.borrow_mut().insert(key.to_owned(), fingerprint(text)));
}

/// Reads a value. A value that no longer reads is kept aside under `<key>.unreadable` (a
/// later one under `.unreadable.2` and so on: never deleted, never overwritten). Values are
/// stored in the UUID shorthand of [`app::sync::compact`].
fn read_checked<T: DeserializeOwned>(key: &str) -> Result<Read<T>, StoreError> {
    let Some(raw) = LocalStorage::raw().get_item(key).ok().flatten() else {
        seen(key, "");
        return Ok(Read::Missing);
    };
    seen(key, &raw);
    match json::read(compact::expand_text(&raw).as_bytes()) {
        Ok(value) => Ok(Read::Found(value)),
        Err(_) => {
            let storage = LocalStorage::raw();
            let mut aside = format!("{key}.unreadable");
            let mut n = 1;
            while storage.get_item(&aside).ok().flatten().is_some() {
                n += 1;
                aside = format!("{key}.unreadable.{n}");
            }
            storage.set_item(&aside, &raw).map_err(js_error)?;
            Ok(Read::SetAside)
        }
    }
}

/// Reads a value; missing or unreadable (and kept aside) means the default.
fn read<T: DeserializeOwned + Default>(key: &str) -> Result<T, StoreError> {
    read_checked(key).map(Read::value)
}

fn write<T: Serialize>(key: &str, value: &T) -> Result<(), StoreError> {
    let text = json::write(value).map_err(|e| StoreError::Unavailable(e.to_string()))?;
    let text = compact::compact_text(&text);
    LocalStorage::raw().set_item(key, &text).map_err(js_error)?;
    seen(key, &text);
    Ok(())
}

/// What the browser's refusal means: a `QuotaExceededError` is a full store.
fn js_error(error: wasm_bindgen::JsValue) -> StoreError {
    let text = format!("{error:?}");
    if text.contains("QuotaExceeded") || text.contains("quota") {
        StoreError::Full
    } else {
        StoreError::Unavailable(text)
    }
}

/// `user`'s outbox. One that no longer reads is kept aside and a new one begins, under a new
/// device: the new outbox counts from 1, and numbers the server already had from the old
/// device would be repeats of other changes. The same goes for an outbox that is gone while
/// its device id stayed (the outbox is written before a device id is made, so that is one
/// lost, not one never written): a repeat of a number the server applied to the same record
/// would be told "applied" and the change marked sent without being stored.
pub fn outbox(user: UserId) -> Result<Outbox, StoreError> {
    open()?;
    let device = key(user, "device");
    let outbox = match read_checked::<Outbox>(&key(user, "outbox"))? {
        Read::Found(outbox) if outbox.next_mutation > 0 => outbox,
        Read::Found(_) => Outbox::new(),
        Read::Missing | Read::SetAside => {
            LocalStorage::delete(&device);
            let fresh = Outbox::new();
            // In place of any unreadable text, so it is kept aside once, not on every load.
            write(&key(user, "outbox"), &fresh)?;
            fresh
        }
    };
    Ok(outbox)
}

fn has(key: &str) -> bool {
    LocalStorage::raw().get_item(key).ok().flatten().is_some()
}

/// Whether `user`'s outbox is stored at all.
pub fn outbox_stored(user: UserId) -> bool {
    has(&key(user, "outbox"))
}

/// The texts kept aside for `user` because they no longer read (`<key>.unreadable…`), by key:
/// the download of pending entries carries them, so nothing kept aside is out of reach.
pub fn set_aside(user: UserId) -> Vec<(String, String)> {
    let storage = LocalStorage::raw();
    let prefix = key(user, "");
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(&prefix) && k.contains(".unreadable"))
        .filter_map(|k| {
            let text = storage.get_item(&k).ok().flatten()?;
            Some((k, text))
        })
        .collect()
}

/// `user`'s outbox if another tab wrote it since this page last read or wrote it. A page
/// changes the outbox only from what is stored now, so two tabs never number two changes
/// alike nor write over each other's entries.
pub fn outbox_if_changed(user: UserId) -> Result<Option<Outbox>, StoreError> {
    let key = key(user, "outbox");
    let now = LocalStorage::raw()
        .get_item(&key)
        .ok()
        .flatten()
        .unwrap_or_default();
    let unchanged = SEEN.with(|seen| seen.borrow().get(&key) == Some(&fingerprint(&now)));
    if unchanged {
        Ok(None)
    } else {
        outbox(user).map(Some)
    }
}

pub fn save_outbox(user: UserId, outbox: &Outbox) -> Result<(), StoreError> {
    write(&key(user, "outbox"), outbox)
}

pub fn cache(user: UserId) -> Result<DeviceCache, StoreError> {
    open()?;
    read(&key(user, "cache"))
}

pub fn save_cache(user: UserId, cache: &DeviceCache) -> Result<(), StoreError> {
    write(&key(user, "cache"), cache)
}

/// The last sync's outcome, as the sync page shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SyncRecord {
    pub last_success: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

pub fn sync_record(user: UserId) -> Result<SyncRecord, StoreError> {
    read(&key(user, "sync"))
}

pub fn save_sync_record(user: UserId, record: &SyncRecord) -> Result<(), StoreError> {
    write(&key(user, "sync"), record)
}

pub fn remembered_user() -> Option<SessionUser> {
    read::<Option<SessionUser>>(USER_KEY).ok().flatten()
}

pub fn remember_user(user: &SessionUser) -> Result<(), StoreError> {
    write(USER_KEY, user)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// How long sent entries stay viewable on the device.
    pub keep_days: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            keep_days: DEFAULT_KEEP_DAYS,
        }
    }
}

pub fn settings() -> Settings {
    read(SETTINGS_KEY).unwrap_or_default()
}

pub fn save_settings(settings: &Settings) -> Result<(), StoreError> {
    write(SETTINGS_KEY, settings)
}

/// Characters this site keeps in `localStorage` (keys and values), against [`ALLOWANCE`].
pub fn used() -> u64 {
    let storage = LocalStorage::raw();
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .map(|k| {
            let value = storage.get_item(&k).ok().flatten().unwrap_or_default();
            (k.encode_utf16().count() + value.encode_utf16().count()) as u64
        })
        .sum()
}
