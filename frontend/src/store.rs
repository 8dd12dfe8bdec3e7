//! What the browser keeps between visits, in `localStorage` through gloo-storage.
//!
//! Every key lives under the `bizworks.` prefix, and the store carries a schema version so a
//! newer app can migrate what an older one wrote instead of dropping it. For now it holds the
//! device's identity, which the sync protocol uses to tell devices apart.

use gloo_storage::{LocalStorage, Storage};
use uuid::Uuid;

/// The layout version of everything this module writes.
pub const SCHEMA_VERSION: u32 = 1;

const VERSION_KEY: &str = "bizworks.schema_version";
const DEVICE_KEY: &str = "bizworks.device_id";

/// Why the browser store could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("this browser does not allow the app to store data ({0})")]
    Unavailable(String),
    #[error(
        "the stored data was written by a newer version of BizWorks ({found}); reload the page"
    )]
    Newer { found: u32 },
}

impl From<gloo_storage::errors::StorageError> for StoreError {
    fn from(error: gloo_storage::errors::StorageError) -> Self {
        StoreError::Unavailable(error.to_string())
    }
}

/// Brings the stored layout up to [`SCHEMA_VERSION`], returning the version found.
pub fn open() -> Result<u32, StoreError> {
    let found = LocalStorage::get::<u32>(VERSION_KEY).unwrap_or(0);
    if found > SCHEMA_VERSION {
        return Err(StoreError::Newer { found });
    }
    // Version 0 is an empty store: nothing to carry over yet.
    if found < SCHEMA_VERSION {
        LocalStorage::set(VERSION_KEY, SCHEMA_VERSION)?;
    }
    Ok(found)
}

/// This browser's device id, made once (a UUIDv7) and kept from then on. A damaged value is
/// replaced rather than trusted.
pub fn device_id() -> Result<Uuid, StoreError> {
    open()?;
    if let Ok(id) = LocalStorage::get::<Uuid>(DEVICE_KEY) {
        return Ok(id);
    }
    let id = Uuid::now_v7();
    LocalStorage::set(DEVICE_KEY, id)?;
    Ok(id)
}
