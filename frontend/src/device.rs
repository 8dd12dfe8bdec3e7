//! The browser device: the outbox and kept data in [`crate::store`], and the sync engine that
//! sends the outbox and pulls what changed. The rules (what goes in a batch, what an answer
//! does to an entry, how pulled records are kept) are `app::sync`'s; this is the shell that
//! stores and talks over the network.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use app::device::{Device, DeviceError, DeviceState, StorageUsage};
use app::model::{
    BusinessId, BusinessSummary, Contact, DeviceId, Role, SessionUser, UserId, VisitId,
    VisitReference,
};
use app::sync::cache::DeviceCache;
use app::sync::outbox::{Choice, Outbox};
use app::sync::protocol::{
    ChangeBody, DeviceReference, MAX_BATCH, PullResponse, PushRequest, PushResponse, SyncError,
    VisitRecord,
};
use chrono::Utc;
use gloo_net::http::Request;
use leptos::prelude::*;
use uuid::Uuid;

use crate::json;
use crate::store::{self, StoreError, SyncRecord};

/// The build that made the changes, reported with each push.
const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
/// Changes per push: small enough to show progress, large enough to be quick.
const BATCH: usize = 100;

#[derive(Default)]
struct Inner {
    user: Option<SessionUser>,
    device: Option<Uuid>,
    outbox: Outbox,
    cache: DeviceCache,
    persistent: Option<bool>,
}

pub struct BrowserDevice {
    state: DeviceState,
    inner: Mutex<Inner>,
    syncing: AtomicBool,
    /// Asked to sync while a sync ran: run once more when it ends.
    again: AtomicBool,
    /// Fires when the person whose entries this is changes: [`Device::user`] is read in
    /// reactive closures, which on a device new to that person ran before it learned who it is.
    user_changed: ArcTrigger,
}

fn store_error(error: StoreError) -> DeviceError {
    match error {
        StoreError::Full => DeviceError::Full,
        other => DeviceError::Unavailable(other.to_string()),
    }
}

fn navigator_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

impl BrowserDevice {
    /// The device for this page. Opens the store (migrating it) and takes up the last person
    /// who signed in, so pages work offline before anyone asks the server.
    pub fn open() -> Self {
        let device = BrowserDevice {
            state: DeviceState::default(),
            inner: Mutex::new(Inner::default()),
            syncing: AtomicBool::new(false),
            again: AtomicBool::new(false),
            user_changed: ArcTrigger::new(),
        };
        device.state.online.set(navigator_online());
        if let Err(error) = store::open() {
            device.state.last_error.set(Some(error.to_string()));
        }
        if let Some(user) = store::remembered_user() {
            device.load(&user);
        }
        device
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // One thread in a page: a poisoned lock only means an earlier panic; carry on.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn load(&self, user: &SessionUser) {
        let loaded = (|| {
            // The outbox first: one that no longer reads begins a new device.
            let outbox = store::outbox(user.id)?;
            Ok::<_, StoreError>((
                store::device_id(user.id)?,
                outbox,
                store::cache(user.id)?,
                store::sync_record(user.id)?,
            ))
        })();
        match loaded {
            Ok((device, outbox, cache, record)) => {
                {
                    let mut inner = self.lock();
                    inner.user = Some(user.clone());
                    inner.device = Some(device);
                    inner.outbox = outbox;
                    inner.cache = cache;
                }
                self.user_changed.notify();
                self.state.last_success.set(record.last_success);
                self.state.last_error.set(record.last_error);
            }
            Err(error) => {
                // This person's store could not be read (refused, full): nothing of whoever
                // was here before stays in view or takes their entries. Their stored entries
                // stay where they are, and the next change reads them again.
                {
                    let mut inner = self.lock();
                    if inner.user.as_ref().is_none_or(|u| u.id != user.id) {
                        let persistent = inner.persistent;
                        *inner = Inner {
                            user: Some(user.clone()),
                            persistent,
                            ..Inner::default()
                        };
                    }
                }
                self.user_changed.notify();
                self.state.last_error.set(Some(error.to_string()));
            }
        }
        self.refresh();
    }

    /// Brings the signals in line with the outbox.
    fn refresh(&self) {
        let (pending, attention) = {
            let inner = self.lock();
            (inner.outbox.pending(), inner.outbox.needing_attention())
        };
        self.state.pending.set(pending);
        self.state.attention.set(attention);
        self.state.revision.update(|n| *n += 1);
    }

    /// Takes up what another tab wrote to the outbox since this page last read or wrote it;
    /// whether there was anything. Every change starts from here, so tabs open side by side
    /// share one outbox.
    fn catch_up(inner: &mut Inner, user: UserId) -> Result<bool, StoreError> {
        let same_device = |inner: &Inner| {
            store::outbox_stored(user)
                && store::stored_device_id(user).is_some_and(|id| inner.device == Some(id))
        };
        if same_device(inner) {
            let Some(stored) = store::outbox_if_changed(user)? else {
                return Ok(false);
            };
            // Unless what another tab wrote no longer read, and reading it began afresh.
            if same_device(inner) {
                inner.outbox = stored;
                return Ok(true);
            }
        }
        // The device this page counts under is gone from the store: its outbox or its id was
        // cleared, or another tab began afresh (an outbox that no longer read). Its count is
        // not to be trusted again, so this page's changes not yet on the server go on under
        // the device the store has now (a new one if none), numbered by its outbox; under the
        // old device, a number the server applied to the same record would be told "applied".
        let mut stored = store::outbox(user)?;
        let device = store::device_id(user)?;
        if stored.carry_over(&inner.outbox) > 0 {
            store::save_outbox(user, &stored)?;
        }
        inner.outbox = stored;
        inner.device = Some(device);
        Ok(true)
    }

    /// Another tab changed the store: show its entries here too.
    pub fn stored_elsewhere(&self) {
        let caught_up = {
            let mut inner = self.lock();
            match inner.user.as_ref().map(|u| u.id) {
                Some(user) => Self::catch_up(&mut inner, user),
                None => Ok(false),
            }
        };
        match caught_up {
            Ok(true) => self.refresh(),
            // Another tab wrote something else (its kept data, its settings).
            Ok(false) => {}
            Err(error) => self.state.last_error.set(Some(error.to_string())),
        }
    }

    /// Changes the outbox as stored now and writes it; if the browser refuses the write,
    /// nothing changes.
    fn change_outbox<T>(
        &self,
        change: impl FnOnce(&mut Outbox) -> Result<T, DeviceError>,
    ) -> Result<T, DeviceError> {
        let result = {
            let mut inner = self.lock();
            let user = inner
                .user
                .as_ref()
                .map(|u| u.id)
                .ok_or(DeviceError::NoUser)?;
            Self::catch_up(&mut inner, user).map_err(store_error)?;
            let mut next = inner.outbox.clone();
            let value = change(&mut next)?;
            store::save_outbox(user, &next).map_err(store_error)?;
            inner.outbox = next;
            value
        };
        self.refresh();
        Ok(result)
    }

    fn record_sync(&self, error: Option<String>) {
        let success = error.is_none().then(Utc::now);
        if let Some(at) = success {
            self.state.last_success.set(Some(at));
        }
        self.state.last_error.set(error.clone());
        let user = self.lock().user.as_ref().map(|u| u.id);
        if let Some(user) = user {
            let record = SyncRecord {
                last_success: success.or(self.state.last_success.get_untracked()),
                last_error: error,
            };
            // Only a note for the sync page; the outbox is what matters.
            let _ = store::save_sync_record(user, &record);
        }
    }

    /// Sends, then pulls. Stops at the first failure with a reason the rep can act on; the
    /// outbox keeps every entry that was not confirmed.
    async fn run_sync(&self) -> Result<(), String> {
        let unknown = || "Sign in once while online so this device knows who you are.".to_owned();
        let user = self
            .lock()
            .user
            .as_ref()
            .map(|u| u.id)
            .ok_or_else(unknown)?;
        let total = self.lock().outbox.queued();
        let mut sent = 0usize;
        if total > 0 {
            self.state.progress.set(Some((0, total)));
        }
        // A few rounds at most: "retry later" entries go again once their dependency landed.
        for _ in 0..(total / BATCH + 4) {
            let (device, batch, pending) = {
                let mut inner = self.lock();
                Self::catch_up(&mut inner, user).map_err(|e| e.to_string())?;
                let device = inner.device.ok_or_else(unknown)?;
                let batch = inner.outbox.next_batch(BATCH.min(MAX_BATCH));
                // New numbers for waiting entries are written before anything is sent.
                store::save_outbox(user, &inner.outbox).map_err(|e| e.to_string())?;
                (device, batch, inner.outbox.pending())
            };
            if batch.is_empty() {
                break;
            }
            let request = PushRequest {
                device: DeviceId(device),
                app_version: APP_VERSION.to_owned(),
                pending: u32::try_from(pending).unwrap_or(u32::MAX),
                storage_used: Some(store::used()),
                changes: batch,
            };
            let answer: PushResponse = send(&self.state, push_request(&request)).await?;
            // Only "retry later" answers come back again under new numbers: a batch of nothing
            // else made progress, one of only those would loop. Unless the answer moved the
            // count on (numbers this device had spent): under new numbers they go through.
            let mut progressed = answer
                .results
                .iter()
                .any(|r| !matches!(r.outcome, app::sync::protocol::Outcome::RetryLater { .. }));
            {
                let mut inner = self.lock();
                // Entries another tab recorded meanwhile stay; the answer names its own.
                Self::catch_up(&mut inner, user).map_err(|e| e.to_string())?;
                let counted = inner.outbox.next_mutation;
                // If the store began afresh while the batch was on its way, the answer is
                // for the old device's numbers, and lands by the changes sent.
                let counting_as = inner.device.map(DeviceId);
                inner
                    .outbox
                    .land(&request, counting_as, &answer, Utc::now());
                progressed |= inner.outbox.next_mutation > counted;
                let keep = store::settings().keep_days;
                inner.outbox.prune(Utc::now(), keep);
                if let Err(error) = store::save_outbox(user, &inner.outbox) {
                    // The answers stay in memory; if they are lost, the server answers the same
                    // numbers again.
                    self.state.last_error.set(Some(error.to_string()));
                }
            }
            sent += answer.results.len();
            self.state
                .progress
                .set(Some((sent.min(total.max(sent)), total.max(sent))));
            self.refresh();
            if !progressed {
                break;
            }
        }
        self.state.progress.set(None);
        self.pull(user).await
    }

    async fn pull(&self, user: UserId) -> Result<(), String> {
        let role = self.lock().user.as_ref().map(|u| u.role);
        // Coordinators keep nothing offline; the visit form's reference is for reps and
        // directors.
        if !matches!(role, Some(Role::Rep | Role::Director | Role::Admin)) {
            return Ok(());
        }
        let reference: Option<DeviceReference> = match role {
            Some(Role::Rep | Role::Director) => {
                Some(send(&self.state, Request::get("/api/sync/reference").build()).await?)
            }
            _ => None,
        };
        loop {
            let cursor = self.lock().cache.cursor;
            let page: PullResponse = send(
                &self.state,
                Request::get(&format!("/api/sync/pull?cursor={cursor}&limit=2000")).build(),
            )
            .await?;
            let mut inner = self.lock();
            inner.cache.apply(&page, Utc::now());
            if let Some(reference) = &reference {
                inner.cache.reference = Some(reference.reference.clone());
                inner.cache.center = reference.center;
            }
            if let Err(error) = store::save_cache(user, &inner.cache) {
                return Err(format!(
                    "The latest businesses could not be kept on this device ({error}). Your \
                     entries are safe; free some space from the sync page."
                ));
            }
            if !page.has_more {
                break;
            }
        }
        self.refresh();
        Ok(())
    }
}

/// A push, written through the device's one JSON path.
fn push_request(request: &PushRequest) -> Result<Request, gloo_net::Error> {
    let body = json::write(request)?;
    Request::post("/api/sync/push")
        .header("Content-Type", "application/json")
        .body(body)
}

/// Sends a request and reads the JSON answer, turning every failure into words for the rep.
/// Every answer also checks this device's clock against the server's.
async fn send<T: serde::de::DeserializeOwned>(
    state: &DeviceState,
    request: Result<Request, gloo_net::Error>,
) -> Result<T, String> {
    let offline = "Could not reach BizWorks. Your entries are safe on this device and are sent \
                   when the connection returns.";
    let request = request.map_err(|e| e.to_string())?;
    let sent = Utc::now();
    let response = request.send().await.map_err(|_| offline.to_owned())?;
    let received = Utc::now();
    // Only an answer of BizWorks' own (its JSON, not a proxy's or a captive portal's page)
    // says what the server's clock reads.
    let check_clock = || {
        let server = response
            .headers()
            .get("date")
            .and_then(|date| chrono::DateTime::parse_from_rfc2822(&date).ok())?;
        let skew = app::sync::clock::sample(sent, received, server.with_timezone(&Utc))?;
        state.clock_skew.set(Some(skew));
        Some(())
    };
    match response.status() {
        200 => {
            let unreadable = |e: &dyn std::fmt::Display| {
                format!("The server's answer could not be read ({e}); try again.")
            };
            let body = response.binary().await.map_err(|e| unreadable(&e))?;
            let answer = json::read::<T>(&body).map_err(|e| unreadable(&e))?;
            check_clock();
            Ok(answer)
        }
        status => {
            let error = match response.binary().await {
                Ok(body) => json::read::<SyncError>(&body).ok(),
                Err(_) => None,
            };
            if error.is_some() {
                check_clock();
            }
            Err(match (status, error) {
                (401, _) => SIGN_IN_AGAIN.to_owned(),
                (_, Some(error)) => error.message,
                (status, None) => format!("The server answered {status}; try again in a moment."),
            })
        }
    }
}

const SIGN_IN_AGAIN: &str =
    "Your session ended. Sign in again to send your entries; they are safe on this device.";

impl Device for BrowserDevice {
    fn state(&self) -> DeviceState {
        self.state.clone()
    }

    fn today_in(&self, zone: &str) -> chrono::NaiveDate {
        crate::browser::date_in(zone).unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    fn describe_here(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        crate::browser::describe_here(at)
            .unwrap_or_else(|| at.format("%a %-d %b %Y, %H:%M UTC").to_string())
    }

    fn user(&self) -> Option<SessionUser> {
        // Only closures that re-run subscribe; a click handler's question needs no answer later.
        if leptos::reactive::graph::Observer::get().is_some() {
            self.user_changed.track();
        }
        self.lock().user.clone()
    }

    fn signed_in(&self, user: &SessionUser) {
        let known = self.lock().user.clone();
        if let Err(error) = store::remember_user(user) {
            self.state.last_error.set(Some(error.to_string()));
        }
        match known {
            // The same person with new details (a role or unit changed since this device
            // last heard): pages that read them show the new ones.
            Some(known) if known.id == user.id => {
                if known != *user {
                    self.lock().user = Some(user.clone());
                    self.user_changed.notify();
                }
            }
            _ => {
                self.load(user);
                crate::browser::warm_pages();
            }
        }
        self.state.sign_in_needed.set(false);
    }

    fn outbox(&self) -> Outbox {
        self.lock().outbox.clone()
    }

    fn record(
        &self,
        id: Uuid,
        base_version: Option<i64>,
        body: ChangeBody,
        label: String,
        ready: bool,
    ) -> Result<u64, DeviceError> {
        self.change_outbox(|outbox| {
            Ok(outbox.record(id, base_version, body, label, Utc::now(), ready))
        })
    }

    fn fix(&self, id: Uuid, body: ChangeBody) -> Result<(), DeviceError> {
        self.change_outbox(|outbox| Ok(outbox.fix(id, body, Utc::now()).map(|_| ())?))
    }

    fn decide(&self, id: Uuid, choice: Choice) -> Result<(), DeviceError> {
        self.change_outbox(|outbox| Ok(outbox.decide(id, choice, Utc::now())?))
    }

    fn reference(&self) -> Option<VisitReference> {
        self.lock().cache.reference.clone()
    }

    fn businesses(&self, text: &str) -> Vec<BusinessSummary> {
        let inner = self.lock();
        inner.cache.search(text, &inner.outbox)
    }

    fn business(&self, id: BusinessId) -> Option<BusinessSummary> {
        let inner = self.lock();
        inner.cache.business(id, &inner.outbox)
    }

    fn contacts_of(&self, business: BusinessId) -> Vec<Contact> {
        let inner = self.lock();
        inner.cache.contacts_of(business, &inner.outbox)
    }

    fn visit(&self, id: VisitId) -> Option<(i64, VisitRecord)> {
        self.lock()
            .cache
            .visits
            .get(&id.0)
            .map(|kept| (kept.version, kept.record.clone()))
    }

    fn sync_now(&self) {
        // The page has one device, which lives as long as the page.
        let Some(device) = crate::DEVICE.get().cloned() else {
            return;
        };
        if !device.state.online.get_untracked() {
            return;
        }
        if device.syncing.swap(true, Ordering::SeqCst) {
            device.again.store(true, Ordering::SeqCst);
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                device.again.store(false, Ordering::SeqCst);
                let outcome = device.run_sync().await;
                device.state.progress.set(None);
                let failed = outcome.is_err();
                match outcome {
                    Ok(()) => device.record_sync(None),
                    Err(message) => {
                        if message == SIGN_IN_AGAIN {
                            device.state.sign_in_needed.set(true);
                        }
                        device.record_sync(Some(message));
                    }
                }
                if failed || !device.again.load(Ordering::SeqCst) {
                    break;
                }
            }
            device.syncing.store(false, Ordering::SeqCst);
        });
    }

    fn usage(&self) -> StorageUsage {
        StorageUsage {
            used: store::used(),
            allowance: store::ALLOWANCE,
            persistent: self.lock().persistent,
        }
    }

    fn request_persistence(&self) {
        crate::browser::ask_to_persist(|granted| {
            if let Some(device) = crate::DEVICE.get() {
                device.lock().persistent = Some(granted);
                device.state.revision.update(|n| *n += 1);
            }
        });
    }

    fn export(&self) -> String {
        #[derive(serde::Serialize)]
        struct Export<'a> {
            exported_at: chrono::DateTime<Utc>,
            user: Option<&'a str>,
            device: Option<Uuid>,
            entries: Vec<&'a app::sync::outbox::Entry>,
            /// What an earlier version stored and this one could not read, as it was.
            set_aside: std::collections::BTreeMap<String, String>,
        }
        let inner = self.lock();
        let export = Export {
            exported_at: Utc::now(),
            user: inner.user.as_ref().map(|u| u.email.as_str()),
            device: inner.device,
            entries: inner
                .outbox
                .entries
                .iter()
                .filter(|e| e.state.is_pending())
                .collect(),
            set_aside: inner
                .user
                .as_ref()
                .map(|u| store::set_aside(u.id))
                .unwrap_or_default()
                .into_iter()
                .collect(),
        };
        // Plain data with text keys, which serde_json always writes; empty if it ever did not.
        json::write(&export).unwrap_or_default()
    }

    fn download_pending(&self) -> Result<(), String> {
        let name = format!(
            "bizworks-pending-{}.json",
            Utc::now().format("%Y-%m-%d-%H%M")
        );
        let export = self.export();
        if export.is_empty() {
            return Err("The entries could not be written out as a file; try again.".to_owned());
        }
        crate::browser::download(&name, &export)
            .map_err(|_| "This browser did not let the file be saved.".to_owned())
    }

    fn keep_days(&self) -> i64 {
        store::settings().keep_days
    }

    fn set_keep_days(&self, days: i64) {
        let days = days.clamp(1, 365);
        if store::save_settings(&store::Settings { keep_days: days }).is_ok() {
            self.state.revision.update(|n| *n += 1);
        }
    }

    fn apply_update(&self) {
        crate::browser::activate_waiting_worker();
    }

    fn signing_out(&self) {
        crate::browser::forget_pages();
    }
}
