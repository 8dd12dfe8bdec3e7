//! A device's outbox: every change made on the device, with a visible state, until the server
//! has confirmed it (and for some days after). Pure: the browser keeps it in storage, the
//! fault-injection test's simulated devices keep it in memory, and both run this code.
//!
//! Rules that make a change arrive exactly once:
//! - every change gets a mutation number that only grows, and a batch is always the unsent
//!   changes in number order, so the server can tell a repeat from a new change;
//! - a change is `Sent` only when the server's answer says so; a lost answer means sending
//!   the same numbers again, which the server recognises;
//! - a change sent again after a refusal, a conflict or a "retry later" gets a new number,
//!   because the server has already answered the old one.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::protocol::{
    Change, ChangeBody, FieldConflict, Outcome, PushRequest, PushResponse, RejectCode,
    SCHEMA_VERSION,
};
use crate::model::{DeviceId, Duplicate, VisitDraft};
use crate::rules::validation::FieldError;

/// How long confirmed entries stay viewable on the device, unless configured otherwise.
pub const DEFAULT_KEEP_DAYS: i64 = 14;

/// Where one entry stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum EntryState {
    /// Kept on the device, not queued (the rep has not finished it).
    Draft,
    /// Queued: goes with the next sync.
    Ready,
    /// Confirmed by the server.
    Sent {
        at: DateTime<Utc>,
        version: i64,
        /// Fields the server kept because they changed on both sides; for the rep to review.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        review: Vec<FieldConflict>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        duplicates: Vec<Duplicate>,
    },
    /// Refused: the server's reason, the field, and what to do.
    NeedsAttention {
        code: RejectCode,
        #[serde(default)]
        field: Option<String>,
        message: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        errors: Vec<FieldError>,
    },
    /// A visit changed here and on the server: the rep chooses which to keep.
    Conflict {
        server_version: i64,
        #[serde(default)]
        server: Option<Box<VisitDraft>>,
    },
    /// Depends on something not on the server yet; sent again with the next sync.
    Waiting { message: String },
    /// The rep chose the server's version over this one; kept for the record.
    Discarded { at: DateTime<Utc> },
}

impl EntryState {
    /// Not yet on the server (or set aside by the rep).
    pub fn is_pending(&self) -> bool {
        matches!(
            self,
            EntryState::Draft
                | EntryState::Ready
                | EntryState::NeedsAttention { .. }
                | EntryState::Conflict { .. }
                | EntryState::Waiting { .. }
        )
    }

    /// What the sync page calls it.
    pub fn label(&self) -> &'static str {
        match self {
            EntryState::Draft => "Draft",
            EntryState::Ready => "Ready to send",
            EntryState::Sent { .. } => "Sent",
            EntryState::NeedsAttention { .. } => "Needs attention",
            EntryState::Conflict { .. } => "Changed on both sides",
            EntryState::Waiting { .. } => "Waiting",
            EntryState::Discarded { .. } => "Set aside",
        }
    }
}

/// One change made on the device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The number it was (or will be) sent under.
    pub mutation: u64,
    pub id: Uuid,
    #[serde(default)]
    pub base_version: Option<i64>,
    #[serde(flatten)]
    pub body: ChangeBody,
    #[serde(flatten)]
    pub state: EntryState,
    pub saved_at: DateTime<Utc>,
    /// What the rep reads in the list ("Visit to Harbor Foods, 2 Nov").
    pub label: String,
    /// Numbers this entry went out under before a newer edit replaced it. If the server
    /// applied one of them, the newer edit builds on that version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaced: Vec<u64>,
}

impl Entry {
    fn change(&self) -> Change {
        Change {
            mutation: self.mutation,
            schema: SCHEMA_VERSION,
            id: self.id,
            base_version: self.base_version,
            body: self.body.clone(),
        }
    }
}

/// The rep's choice when a visit changed on both sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// Send this device's version on top of the server's.
    KeepMine,
    /// Keep the server's version; this one is set aside.
    TakeTheirs,
}

/// Why an outbox operation was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OutboxError {
    #[error("that entry is no longer on this device")]
    NoSuchEntry,
    #[error("that entry is not waiting for a decision")]
    NothingToDecide,
    #[error("that entry was already confirmed by the server and cannot change")]
    AlreadySent,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Outbox {
    /// The number the next change gets. Never goes down, not even when entries are pruned.
    pub next_mutation: u64,
    pub entries: Vec<Entry>,
}

impl Outbox {
    pub fn new() -> Self {
        Outbox {
            next_mutation: 1,
            entries: Vec::new(),
        }
    }

    fn take_number(&mut self) -> u64 {
        let n = self.next_mutation.max(1);
        self.next_mutation = n + 1;
        n
    }

    /// Records a change to `id`. A change to a record that still has an unsent entry
    /// replaces that entry (sending two versions of one unsent record would make the
    /// second look like an edit of something the server never had). Returns its number.
    pub fn record(
        &mut self,
        id: Uuid,
        base_version: Option<i64>,
        body: ChangeBody,
        label: String,
        now: DateTime<Utc>,
        ready: bool,
    ) -> u64 {
        let state = if ready {
            EntryState::Ready
        } else {
            EntryState::Draft
        };
        let number = self.take_number();
        if let Some(entry) = self
            .entries
            .iter_mut()
            .find(|e| e.id == id && e.body.kind() == body.kind() && e.state.is_pending())
        {
            if entry.state == EntryState::Ready {
                entry.replaced.push(entry.mutation);
            }
            entry.mutation = number;
            entry.body = body;
            entry.state = state;
            entry.saved_at = now;
            entry.label = label;
            return number;
        }
        self.entries.push(Entry {
            mutation: number,
            id,
            base_version,
            body,
            state,
            saved_at: now,
            label,
            replaced: Vec::new(),
        });
        number
    }

    /// The next batch: ready and waiting entries in number order, at most `max`. Waiting
    /// entries get a new number first, since the server already answered the old one.
    pub fn next_batch(&mut self, max: usize) -> Vec<Change> {
        let waiting: Vec<usize> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e.state, EntryState::Waiting { .. }))
            .map(|(i, _)| i)
            .collect();
        for i in waiting {
            let number = self.take_number();
            let entry = &mut self.entries[i];
            entry.mutation = number;
            entry.state = EntryState::Ready;
        }
        let mut ready: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.state == EntryState::Ready)
            .collect();
        ready.sort_by_key(|e| e.mutation);
        ready.into_iter().take(max).map(Entry::change).collect()
    }

    /// Applies the server's answer to a batch. Entries the answer does not mention stay
    /// ready under the same number, to be sent again. Numbers up to the server's last one
    /// for this device are spent: an outbox that counted lower (it lost its count, or another
    /// copy of it sent more) numbers its next change after them.
    pub fn apply(&mut self, response: &PushResponse, now: DateTime<Utc>) {
        self.next_mutation = self
            .next_mutation
            .max(response.last_mutation.saturating_add(1));
        for result in &response.results {
            if let Some(entry) = self
                .entries
                .iter_mut()
                .find(|e| e.id == result.id && e.replaced.contains(&result.mutation))
            {
                // An older version of a since-replaced entry: if the server took it, the
                // newer version is an edit of what the server now has.
                entry.replaced.retain(|n| *n != result.mutation);
                if let Outcome::Applied { version, .. } = result.outcome {
                    entry.base_version = Some(version);
                }
                continue;
            }
            let Some(entry) = self
                .entries
                .iter_mut()
                .find(|e| e.mutation == result.mutation && e.id == result.id)
            else {
                continue;
            };
            if entry.state != EntryState::Ready {
                continue;
            }
            entry.state = match &result.outcome {
                Outcome::Applied {
                    version,
                    review,
                    duplicates,
                } => EntryState::Sent {
                    at: now,
                    version: *version,
                    review: review.clone(),
                    duplicates: duplicates.clone(),
                },
                Outcome::Rejected {
                    code,
                    field,
                    message,
                    errors,
                } => EntryState::NeedsAttention {
                    code: *code,
                    field: field.clone(),
                    message: message.clone(),
                    errors: errors.clone(),
                },
                Outcome::Conflict {
                    server_version,
                    server,
                } => EntryState::Conflict {
                    server_version: *server_version,
                    server: server.clone(),
                },
                Outcome::RetryLater { message } => EntryState::Waiting {
                    message: message.clone(),
                },
            };
        }
    }

    /// The rep fixed a refused (or drafted) entry: it is queued again under a new number.
    pub fn fix(
        &mut self,
        id: Uuid,
        body: ChangeBody,
        now: DateTime<Utc>,
    ) -> Result<u64, OutboxError> {
        let number = self.next_mutation.max(1);
        let entry = self
            .entries
            .iter_mut()
            .find(|e| e.id == id && e.state.is_pending())
            .ok_or(OutboxError::NoSuchEntry)?;
        entry.body = body;
        entry.mutation = number;
        entry.state = EntryState::Ready;
        entry.saved_at = now;
        self.next_mutation = number + 1;
        Ok(number)
    }

    /// Settles a visit changed on both sides.
    pub fn decide(
        &mut self,
        id: Uuid,
        choice: Choice,
        now: DateTime<Utc>,
    ) -> Result<(), OutboxError> {
        let number = self.next_mutation.max(1);
        let entry = self
            .entries
            .iter_mut()
            .find(|e| e.id == id && matches!(e.state, EntryState::Conflict { .. }))
            .ok_or(OutboxError::NothingToDecide)?;
        let EntryState::Conflict { server_version, .. } = entry.state else {
            return Err(OutboxError::NothingToDecide);
        };
        match choice {
            Choice::KeepMine => {
                entry.base_version = Some(server_version);
                entry.mutation = number;
                entry.state = EntryState::Ready;
                self.next_mutation = number + 1;
            }
            Choice::TakeTheirs => entry.state = EntryState::Discarded { at: now },
        }
        Ok(())
    }

    /// Forgets confirmed and set-aside entries older than `keep_days`; pending ones are
    /// never dropped.
    pub fn prune(&mut self, now: DateTime<Utc>, keep_days: i64) -> usize {
        let cutoff = now - Duration::days(keep_days.max(0));
        let before = self.entries.len();
        self.entries.retain(|e| match e.state {
            EntryState::Sent { at, .. } | EntryState::Discarded { at } => at >= cutoff,
            _ => true,
        });
        before - self.entries.len()
    }

    /// Entries not yet on the server.
    pub fn pending(&self) -> usize {
        self.entries.iter().filter(|e| e.state.is_pending()).count()
    }

    /// Entries the next sync would send.
    pub fn queued(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| matches!(e.state, EntryState::Ready | EntryState::Waiting { .. }))
            .count()
    }

    /// Entries the rep must look at (refused or changed on both sides).
    pub fn needing_attention(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| {
                matches!(
                    e.state,
                    EntryState::NeedsAttention { .. } | EntryState::Conflict { .. }
                )
            })
            .count()
    }

    /// The latest entry for a record, if any.
    pub fn entry_for(&self, id: Uuid) -> Option<&Entry> {
        self.entries.iter().rev().find(|e| e.id == id)
    }

    /// Lands the server's answer to `sent`: by number while this outbox still counts under
    /// the device it went from (`counting_as`), by the changes sent when the store began
    /// afresh under another device while the batch was on its way.
    pub fn land(
        &mut self,
        sent: &PushRequest,
        counting_as: Option<DeviceId>,
        response: &PushResponse,
        now: DateTime<Utc>,
    ) {
        if counting_as == Some(sent.device) {
            self.apply(response, now);
        } else {
            self.apply_carried(&sent.changes, response, now);
        }
    }

    /// Applies the answer to `sent`, changes that went under a device this outbox no longer
    /// counts under (the store began afresh while they were on their way, and
    /// [`Outbox::carry_over`] renumbered them). The old numbers mean nothing here: each result
    /// goes to the entry that still holds the very change sent, wherever it is numbered now.
    /// An entry changed since is left to go again, and can never be marked sent for a change
    /// it does not hold.
    pub fn apply_carried(&mut self, sent: &[Change], response: &PushResponse, now: DateTime<Utc>) {
        let mut renumbered = response.clone();
        // The old device's count says nothing of this one's.
        renumbered.last_mutation = 0;
        renumbered.results.retain_mut(|result| {
            let Some(change) = sent
                .iter()
                .find(|c| c.mutation == result.mutation && c.id == result.id)
            else {
                return false;
            };
            let holder = self.entries.iter().find(|e| {
                e.id == change.id
                    && e.state == EntryState::Ready
                    && e.body == change.body
                    && e.base_version == change.base_version
            });
            match holder {
                Some(entry) => {
                    result.mutation = entry.mutation;
                    true
                }
                None => false,
            }
        });
        self.apply(&renumbered, now);
    }

    /// Takes in the changes not yet on the server that `other` (another copy of this person's
    /// outbox, kept by a page whose device lost its count) holds and this one lacks, each
    /// under a new number of this outbox, in their order: when the store begins afresh,
    /// nothing a page kept is dropped, and nothing goes again under a spent number. A change
    /// this outbox already has pending, or sent as saved at the same time or later, stays
    /// as it is here. Returns how many came in.
    pub fn carry_over(&mut self, other: &Outbox) -> usize {
        let mut theirs: Vec<&Entry> = other
            .entries
            .iter()
            .filter(|e| e.state.is_pending())
            .collect();
        theirs.sort_by_key(|e| e.mutation);
        let mut taken = 0;
        for entry in theirs {
            let had = self.entries.iter().any(|mine| {
                mine.id == entry.id
                    && mine.body.kind() == entry.body.kind()
                    && (mine.state.is_pending() || mine.saved_at >= entry.saved_at)
            });
            if had {
                continue;
            }
            let mutation = self.take_number();
            self.entries.push(Entry {
                mutation,
                replaced: Vec::new(),
                ..entry.clone()
            });
            taken += 1;
        }
        taken
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
            .single()
            .expect("a time")
            + Duration::minutes(minute)
    }

    fn visit(notes: &str) -> ChangeBody {
        ChangeBody::Visit {
            draft: VisitDraft {
                notes: notes.to_owned(),
                ..VisitDraft::default()
            },
            recorded_at: None,
        }
    }

    fn sent(outbox: &mut Outbox, id: Uuid) {
        for entry in outbox.entries.iter_mut().filter(|e| e.id == id) {
            entry.state = EntryState::Sent {
                at: entry.saved_at,
                version: 1,
                review: Vec::new(),
                duplicates: Vec::new(),
            };
        }
    }

    #[test]
    fn a_page_carries_over_what_the_fresh_store_lacks_under_new_numbers() {
        let (a, b, c, d, e) = (
            Uuid::from_u128(1),
            Uuid::from_u128(2),
            Uuid::from_u128(3),
            Uuid::from_u128(4),
            Uuid::from_u128(5),
        );
        // What the page holds: numbers 40 and up, counted under a device whose count is gone.
        let mut page = Outbox {
            next_mutation: 40,
            entries: Vec::new(),
        };
        page.record(a, None, visit("only here"), "A".into(), at(1), true);
        page.record(b, Some(2), visit("here and there"), "B".into(), at(2), true);
        page.record(c, None, visit("sent from here"), "C".into(), at(3), true);
        sent(&mut page, c);
        page.record(d, None, visit("newer here"), "D".into(), at(9), false);
        page.record(e, None, visit("sent there later"), "E".into(), at(4), true);
        page.entries[0].replaced = vec![38, 39];

        // The store as it is now: begun afresh in another tab, with a change of its own.
        let mut store = Outbox::new();
        store.record(b, Some(2), visit("there"), "B".into(), at(5), true);
        store.record(d, None, visit("older there"), "D".into(), at(6), true);
        sent(&mut store, d);
        store.record(e, None, visit("sent there later"), "E".into(), at(8), true);
        sent(&mut store, e);

        assert_eq!(store.carry_over(&page), 2);
        let came: Vec<(Uuid, u64, &EntryState)> = store.entries[3..]
            .iter()
            .map(|x| (x.id, x.mutation, &x.state))
            .collect();
        // `a` (only on the page) and `d` (changed on the page after the store's copy was
        // sent), in the page's order, under this outbox's next numbers; `b` is pending here
        // already, `c` is on the server, `e` was sent here at a later save.
        assert_eq!(
            came,
            [(a, 4, &EntryState::Ready), (d, 5, &EntryState::Draft),]
        );
        assert!(
            store.entries[3].replaced.is_empty(),
            "spent numbers of the old device"
        );
        assert_eq!(store.next_mutation, 6);
        assert_eq!(store.carry_over(&page), 0, "taken once");
    }

    #[test]
    fn an_answer_from_the_old_device_lands_on_the_change_it_was_for() {
        use crate::sync::protocol::{ChangeResult, Outcome, PushResponse};

        let (x, y, z) = (Uuid::from_u128(7), Uuid::from_u128(8), Uuid::from_u128(9));
        // The page sends x and y under its old device, numbers 1 and 2.
        let mut page = Outbox::new();
        page.record(x, Some(1), visit("x as sent"), "X".into(), at(1), true);
        page.record(y, None, visit("y as sent"), "Y".into(), at(2), true);
        let sent = page.next_batch(10);
        // Meanwhile the store began afresh in another tab: z took number 1 there, and y was
        // changed again there (a newer edit, pending). The page carries x over.
        let mut store = Outbox::new();
        store.record(z, None, visit("z"), "Z".into(), at(3), true);
        store.record(y, None, visit("y changed again"), "Y".into(), at(4), true);
        assert_eq!(store.carry_over(&page), 1);
        let answer = PushResponse {
            results: sent
                .iter()
                .map(|c| ChangeResult {
                    mutation: c.mutation,
                    id: c.id,
                    outcome: Outcome::applied(2),
                })
                .collect(),
            last_mutation: 2,
            server_time: at(5),
        };

        let (old, fresh) = (
            DeviceId(Uuid::from_u128(100)),
            DeviceId(Uuid::from_u128(101)),
        );
        let request = PushRequest {
            device: old,
            app_version: "test".into(),
            pending: 2,
            storage_used: None,
            changes: sent,
        };

        // Applied by the old numbers, x's answer would fall on nothing (x is numbered anew)
        // and y's newer edit, numbered alike, would be marked sent without having gone.
        let mut by_number = store.clone();
        by_number.land(&request, Some(old), &answer, at(6));
        assert!(matches!(
            by_number.entry_for(y).map(|e| &e.state),
            Some(EntryState::Sent { .. })
        ));

        // The store counts under a new device now: the answer lands by the changes sent.
        store.land(&request, Some(fresh), &answer, at(6));
        let state = |id| store.entry_for(id).map(|e| e.state.clone());
        assert!(matches!(
            state(x),
            Some(EntryState::Sent { version: 2, .. })
        ));
        assert_eq!(state(y), Some(EntryState::Ready), "the newer edit goes");
        assert_eq!(state(z), Some(EntryState::Ready), "not part of that answer");
        assert_eq!(
            store.next_mutation, 4,
            "the old device's count is not this one's"
        );
    }

    #[test]
    fn an_answer_lands_by_number_while_the_device_is_the_same() {
        use crate::sync::protocol::{ChangeResult, Outcome, PushResponse};

        let (x, y) = (Uuid::from_u128(7), Uuid::from_u128(8));
        let device = DeviceId(Uuid::from_u128(100));
        let mut outbox = Outbox::new();
        outbox.record(x, None, visit("x"), "X".into(), at(1), true);
        outbox.record(y, None, visit("y"), "Y".into(), at(2), true);
        let request = PushRequest {
            device,
            app_version: "test".into(),
            pending: 2,
            storage_used: None,
            changes: outbox.next_batch(10),
        };
        // y was edited again while the batch was on its way: a new save, a new number.
        outbox.record(y, None, visit("y again"), "Y".into(), at(3), true);
        let answer = PushResponse {
            results: request
                .changes
                .iter()
                .map(|c| ChangeResult {
                    mutation: c.mutation,
                    id: c.id,
                    outcome: Outcome::applied(1),
                })
                .collect(),
            last_mutation: 2,
            server_time: at(4),
        };
        let before = outbox.clone();
        outbox.land(&request, Some(device), &answer, at(5));
        assert!(matches!(
            outbox.entry_for(x).map(|e| &e.state),
            Some(EntryState::Sent { version: 1, .. })
        ));
        let y_now = outbox.entry_for(y).cloned();
        assert_eq!(
            y_now.as_ref().map(|e| (&e.state, e.base_version)),
            Some((&EntryState::Ready, Some(1))),
            "the newer save of y still goes, as an edit of what the server took"
        );
        assert_eq!(outbox.next_mutation, 4);

        // An outbox that no longer knows its device lands the answer by the changes sent:
        // x as sent is confirmed, y's newer save is not touched.
        let mut unknown = before;
        unknown.land(&request, None, &answer, at(5));
        assert!(matches!(
            unknown.entry_for(x).map(|e| &e.state),
            Some(EntryState::Sent { version: 1, .. })
        ));
        assert_eq!(
            unknown.entry_for(y).map(|e| (&e.state, e.base_version)),
            Some((&EntryState::Ready, None))
        );
    }
}
