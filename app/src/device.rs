//! The browser's side of offline work as pages see it: the outbox, the data kept for working
//! offline, and the sync engine. `frontend` provides it when the page hydrates; on the server,
//! and with JavaScript off, there is none and pages work online only.
//!
//! Pages read it after hydration only (see [`use_device`]): the server rendered the page
//! without it, and the first render in the browser must match.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use uuid::Uuid;

use crate::model::{
    BusinessId, BusinessSummary, Contact, SessionUser, VisitDraft, VisitId, VisitReference,
};
use crate::sync::outbox::{Choice, EntryState, Outbox, OutboxError};
use crate::sync::protocol::{ChangeBody, VisitRecord};

/// Why the device could not keep a change.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DeviceError {
    #[error(
        "This device's storage is full, so the entry was not saved. What you typed is still on \
         screen: sync to free space, or download your pending entries from the sync page."
    )]
    Full,
    #[error("This browser does not let BizWorks keep data ({0}). Nothing was saved.")]
    Unavailable(String),
    #[error("Sign in once while online, so this device knows whose entries it keeps.")]
    NoUser,
    #[error("{0}")]
    Outbox(#[from] OutboxError),
}

/// How much of the browser's allowance the device's data uses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StorageUsage {
    pub used: u64,
    pub allowance: u64,
    /// Whether the browser agreed to keep the data under storage pressure.
    pub persistent: Option<bool>,
}

impl StorageUsage {
    /// Warn from here on.
    pub const WARN_AT: f64 = 0.8;

    pub fn share(&self) -> f64 {
        if self.allowance == 0 {
            0.0
        } else {
            self.used as f64 / self.allowance as f64
        }
    }

    pub fn nearly_full(&self) -> bool {
        self.share() >= Self::WARN_AT
    }
}

/// What the device is doing, as signals every page can show.
#[derive(Clone, Debug)]
pub struct DeviceState {
    /// Entries not yet on the server.
    pub pending: ArcRwSignal<usize>,
    /// Entries the rep must look at.
    pub attention: ArcRwSignal<usize>,
    /// While sending: (sent so far, to send).
    pub progress: ArcRwSignal<Option<(usize, usize)>>,
    pub last_success: ArcRwSignal<Option<DateTime<Utc>>>,
    /// Why the last sync stopped, in words for the rep.
    pub last_error: ArcRwSignal<Option<String>>,
    /// The session ended (perhaps while offline): sign in again, then everything is sent.
    pub sign_in_needed: ArcRwSignal<bool>,
    pub online: ArcRwSignal<bool>,
    /// Changes whenever the outbox or the kept data changes.
    pub revision: ArcRwSignal<u64>,
    /// A new version of the app is ready; it takes over when the rep agrees.
    pub update_ready: ArcRwSignal<bool>,
    /// How far the server's clock was ahead of this device's at the last answer
    /// (`sync::clock::skew`); unknown until the device has heard from the server.
    pub clock_skew: ArcRwSignal<Option<chrono::TimeDelta>>,
}

impl Default for DeviceState {
    fn default() -> Self {
        DeviceState {
            pending: ArcRwSignal::new(0),
            attention: ArcRwSignal::new(0),
            progress: ArcRwSignal::new(None),
            last_success: ArcRwSignal::new(None),
            last_error: ArcRwSignal::new(None),
            sign_in_needed: ArcRwSignal::new(false),
            online: ArcRwSignal::new(true),
            revision: ArcRwSignal::new(0),
            update_ready: ArcRwSignal::new(false),
            clock_skew: ArcRwSignal::new(None),
        }
    }
}

/// The browser's store and sync engine.
pub trait Device: Send + Sync + 'static {
    fn state(&self) -> DeviceState;
    /// The person whose entries this device keeps now. Tracked: a reactive closure that read
    /// it runs again once the device learns who signed in (on a device new to them, after the
    /// page's first render).
    fn user(&self) -> Option<SessionUser>;
    /// Called with the signed-in person whenever the page learns it; switches to their data.
    fn signed_in(&self, user: &SessionUser);
    fn outbox(&self) -> Outbox;
    /// Keeps a change and queues it (or keeps it as a draft).
    fn record(
        &self,
        id: Uuid,
        base_version: Option<i64>,
        body: ChangeBody,
        label: String,
        ready: bool,
    ) -> Result<u64, DeviceError>;
    /// Queues a refused entry again after the rep fixed it.
    fn fix(&self, id: Uuid, body: ChangeBody) -> Result<(), DeviceError>;
    fn decide(&self, id: Uuid, choice: Choice) -> Result<(), DeviceError>;
    /// The visit form's reference data as last fetched.
    fn reference(&self) -> Option<VisitReference>;
    /// Kept businesses matching every word of `text` (all of them for an empty text).
    fn businesses(&self, text: &str) -> Vec<BusinessSummary>;
    fn business(&self, id: BusinessId) -> Option<BusinessSummary>;
    fn contacts_of(&self, business: BusinessId) -> Vec<Contact>;
    /// One of the rep's visits as kept: its version and record.
    fn visit(&self, id: VisitId) -> Option<(i64, VisitRecord)>;
    /// Sends what is queued and fetches what changed, unless a sync is running.
    fn sync_now(&self);
    fn usage(&self) -> StorageUsage;
    fn request_persistence(&self);
    /// Every entry not yet on the server, as a JSON file's text.
    fn export(&self) -> String;
    /// Offers [`Device::export`] as a file to save: the last resort when syncing is not
    /// possible.
    fn download_pending(&self) -> Result<(), String>;
    fn keep_days(&self) -> i64;
    fn set_keep_days(&self, days: i64);
    /// Lets a waiting new app version take over (the outbox is already written).
    fn apply_update(&self);
    /// The person is signing out (with nothing left to send): pages kept for offline use,
    /// which show their data, are forgotten.
    fn signing_out(&self);
    /// The date in the state's time zone `zone` on this device's clock: a tablet left on
    /// another zone (UTC, where it was bought) must still date a visit by the state's
    /// calendar. The device's own calendar when the zone is empty or unknown to it.
    fn today_in(&self, zone: &str) -> chrono::NaiveDate;
    /// An instant on this device's own clock, "Wed 2 Dec 2026, 00:50 EST": the outbox's times
    /// (saved, sent, last synced) are the device's, read by the person holding it.
    fn describe_here(&self, at: chrono::DateTime<chrono::Utc>) -> String;
}

/// How the device travels in Leptos' context.
#[derive(Clone)]
pub struct DeviceHandle(pub Arc<dyn Device>);

/// A change to a stored visit that this device keeps and the server has not taken yet.
#[derive(Clone, Debug, PartialEq)]
pub struct UnsentVisit {
    pub base_version: Option<i64>,
    pub draft: VisitDraft,
    /// When it was saved, on this device's clock, as the sync page says it
    /// (`Device::describe_here`).
    pub saved: String,
    /// Where it stands, as the sync page says it ("Ready to send").
    pub state: &'static str,
    /// Changed on both sides: the rep chooses on the sync page before changing it again.
    pub conflict: bool,
}

impl UnsentVisit {
    /// "saved on this device on Tue 1 Dec 2026, 13:37 EST, which is not on the server yet
    /// (ready to send)".
    pub fn describe(&self) -> String {
        format!(
            "saved on this device on {}, which is not on the server yet ({})",
            self.saved,
            self.state.to_lowercase()
        )
    }
}

impl DeviceHandle {
    /// The change to visit `id` waiting on this device, if any: pages that show the server's
    /// copy must not let it be overlooked or overwritten.
    pub fn unsent_visit(&self, id: VisitId) -> Option<UnsentVisit> {
        let entry = self.0.outbox().entry_for(id.0).cloned()?;
        match entry.body {
            ChangeBody::Visit { draft, .. } if entry.state.is_pending() => Some(UnsentVisit {
                base_version: entry.base_version,
                draft,
                saved: self.0.describe_here(entry.saved_at),
                state: entry.state.label(),
                conflict: matches!(entry.state, EntryState::Conflict { .. }),
            }),
            _ => None,
        }
    }
}

/// The device, once the page has hydrated; `None` on the server, before hydration, and
/// without JavaScript. Read it inside reactive closures.
pub fn use_device() -> Signal<Option<DeviceHandle>> {
    let device = use_context::<DeviceHandle>();
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    Signal::derive(move || hydrated.get().then(|| device.clone()).flatten())
}
