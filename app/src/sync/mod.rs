//! Offline field entry and sync: the protocol's JSON, the device's outbox, the server's
//! exactly-once rule and the field-by-field merge. Pure code, run by the browser, the server
//! and the tests alike; storage and HTTP live in `frontend` and `server`.

pub mod cache;
pub mod clock;
pub mod compact;
pub mod ledger;
pub mod merge;
pub mod outbox;
pub mod protocol;
