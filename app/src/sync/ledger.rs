//! The server's half of "exactly once": which changes of a push to apply and which are
//! repeats of numbers it has already processed for that device. Pure, so the rule is tested
//! here against every kind of network mischief and the server only carries it out.

use uuid::Uuid;

use super::protocol::{Change, Outcome};

/// What to do with one change of a push.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// A number the server has not processed: apply it.
    Apply,
    /// Processed before (an earlier push, or earlier in this one): answer as before.
    Repeat,
}

/// For a device whose highest processed number is `last_mutation`, the changes of a push in
/// the order to process them (by number, whatever order they arrived in), each with its step,
/// and the device's highest processed number afterwards.
pub fn plan_push(last_mutation: u64, changes: &[Change]) -> (Vec<(usize, Step)>, u64) {
    let mut order: Vec<usize> = (0..changes.len()).collect();
    order.sort_by_key(|&i| changes[i].mutation);
    let mut last = last_mutation;
    let steps = order
        .into_iter()
        .map(|i| {
            let n = changes[i].mutation;
            if n > last {
                last = n;
                (i, Step::Apply)
            } else {
                (i, Step::Repeat)
            }
        })
        .collect();
    (steps, last)
}

/// What a repeat is told. `first` is the answer the number got the first time, with the record
/// it was for, when the server kept it (it keeps every answer but "applied"); otherwise the
/// number was applied, and `version_now` is the record's version if the server has it and
/// the asker may see it. A number that carried another record the first time, or a record the
/// server does not have, was reused by the device (a store that lost its count, two copies of
/// one outbox): the change was never applied, so it goes again under a new number rather than
/// being marked sent, and no other record's answer or version is given away.
pub fn repeat_outcome(
    first: Option<(Uuid, Outcome)>,
    id: Uuid,
    version_now: Option<i64>,
) -> Outcome {
    match (first, version_now) {
        (Some((first_id, outcome)), _) if first_id == id => outcome,
        (None, Some(version)) => Outcome::applied(version),
        _ => Outcome::RetryLater {
            message: "this device had sent another change under the same number; it is sent \
                      again under a new one"
                .to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use chrono::{TimeZone, Utc};
    use proptest::prelude::*;
    use uuid::Uuid;

    use super::*;
    use crate::model::VisitDraft;
    use crate::sync::outbox::{EntryState, Outbox};
    use crate::sync::protocol::{ChangeBody, ChangeResult, Outcome, PushResponse};

    fn change(mutation: u64) -> Change {
        Change {
            mutation,
            schema: 2,
            id: Uuid::from_u128(u128::from(mutation)),
            base_version: None,
            body: ChangeBody::DeleteVisit,
        }
    }

    #[test]
    fn the_push_table() {
        // (case, last processed, numbers as they arrive, expected steps by number, last after)
        type Case = (
            &'static str,
            u64,
            &'static [u64],
            &'static [(u64, Step)],
            u64,
        );
        let cases: [Case; 5] = [
            (
                "a fresh batch",
                0,
                &[1, 2, 3],
                &[(1, Step::Apply), (2, Step::Apply), (3, Step::Apply)],
                3,
            ),
            (
                "the same batch again",
                3,
                &[1, 2, 3],
                &[(1, Step::Repeat), (2, Step::Repeat), (3, Step::Repeat)],
                3,
            ),
            (
                "cut off half way, then sent again",
                2,
                &[1, 2, 3, 4],
                &[
                    (1, Step::Repeat),
                    (2, Step::Repeat),
                    (3, Step::Apply),
                    (4, Step::Apply),
                ],
                4,
            ),
            (
                "reordered in transit",
                0,
                &[3, 1, 2],
                &[(1, Step::Apply), (2, Step::Apply), (3, Step::Apply)],
                3,
            ),
            (
                "a number twice in one batch",
                0,
                &[1, 1, 2],
                &[(1, Step::Apply), (1, Step::Repeat), (2, Step::Apply)],
                2,
            ),
        ];
        for (case, last, arriving, expected, after) in cases {
            let changes: Vec<Change> = arriving.iter().map(|&n| change(n)).collect();
            let (steps, last_after) = plan_push(last, &changes);
            let by_number: Vec<(u64, Step)> = steps
                .iter()
                .map(|&(i, step)| (changes[i].mutation, step))
                .collect();
            assert_eq!(by_number, expected, "{case}");
            assert_eq!(last_after, after, "{case}");
        }
    }

    #[test]
    fn what_a_repeat_is_told() {
        let (mine, other) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let kept = Outcome::RetryLater {
            message: "the business goes first".to_owned(),
        };
        let reused = |outcome: &Outcome| matches!(outcome, Outcome::RetryLater { message } if message.contains("same number"));
        assert_eq!(
            repeat_outcome(Some((mine, kept.clone())), mine, Some(3)),
            kept,
            "a kept answer for this record is given again"
        );
        assert_eq!(
            repeat_outcome(None, mine, Some(3)),
            Outcome::applied(3),
            "an applied number is told the record's version now"
        );
        assert!(
            reused(&repeat_outcome(Some((other, kept.clone())), mine, Some(3))),
            "the number's kept answer was for another record"
        );
        assert!(
            reused(&repeat_outcome(None, mine, None)),
            "applied, yet the record is not on the server (or not the asker's)"
        );
    }

    #[test]
    fn an_outbox_that_lost_its_count_still_lands_every_change_once() {
        // A store that could not be read starts numbering again at 1 under the same device
        // (as could a second copy of one outbox): its numbers were spent on other changes.
        let now = Utc
            .timestamp_opt(1_700_000_000, 0)
            .single()
            .unwrap_or_default();
        let mut server = ModelServer::default();
        // New visits, numbered from the outbox's count; their ids.
        let record = |outbox: &mut Outbox, from: u128, count: u128, notes: &str| {
            (from..from + count)
                .map(|n| {
                    let id = Uuid::from_u128(n);
                    let text = format!("{notes} {n}");
                    outbox.record(id, None, visit(text), "a visit".into(), now, true);
                    id
                })
                .collect::<Vec<_>>()
        };
        let mut first = Outbox::new();
        record(&mut first, 100, 3, "first");
        let answer = server.push(0, &first.next_batch(10));
        first.apply(&answer, now);
        assert_eq!(first.pending(), 0);

        let mut again = Outbox::new();
        let fresh = record(&mut again, 200, 2, "again");
        let answer = server.push(0, &again.next_batch(10));
        assert!(
            answer
                .results
                .iter()
                .all(|r| matches!(r.outcome, Outcome::RetryLater { .. })),
            "numbers spent on other records are not told \"applied\": {answer:?}"
        );
        again.apply(&answer, now);
        assert!(
            again.next_mutation > 3,
            "the server's count moves the outbox's on"
        );
        let answer = server.push(0, &again.next_batch(10));
        again.apply(&answer, now);
        assert_eq!(again.pending(), 0, "every change sent under a new number");
        for id in &fresh {
            assert_eq!(
                server.records.get(id),
                Some(&format!("again {}", id.as_u128()))
            );
        }
        assert!(server.applied.values().all(|&times| times == 1));
    }

    /// A server reduced to what matters here: per device, the highest processed number and
    /// the answers it gave; the records; and how often each (device, number) was applied.
    #[derive(Default)]
    struct ModelServer {
        last: HashMap<u32, u64>,
        /// Answers other than "applied", with the record each was for, as the server keeps them.
        answers: HashMap<(u32, u64), (Uuid, Outcome)>,
        versions: HashMap<Uuid, i64>,
        records: HashMap<Uuid, String>,
        applied: HashMap<(u32, u64), u32>,
    }

    impl ModelServer {
        fn push(&mut self, device: u32, changes: &[Change]) -> PushResponse {
            let last = self.last.get(&device).copied().unwrap_or(0);
            let (steps, after) = plan_push(last, changes);
            let mut results: Vec<Option<ChangeResult>> = vec![None; changes.len()];
            for (i, step) in steps {
                let c = &changes[i];
                let outcome = match step {
                    Step::Repeat => repeat_outcome(
                        self.answers.get(&(device, c.mutation)).cloned(),
                        c.id,
                        self.versions.get(&c.id).copied(),
                    ),
                    Step::Apply => {
                        *self.applied.entry((device, c.mutation)).or_default() += 1;
                        let version = self.versions.entry(c.id).or_default();
                        *version += 1;
                        let ChangeBody::Visit { draft, .. } = &c.body else {
                            unreachable!("the model sends visits");
                        };
                        self.records.insert(c.id, draft.notes.clone());
                        Outcome::applied(*version)
                    }
                };
                results[i] = Some(ChangeResult {
                    mutation: c.mutation,
                    id: c.id,
                    outcome,
                });
            }
            self.last.insert(device, after);
            PushResponse {
                results: results.into_iter().flatten().collect(),
                last_mutation: after,
                server_time: Utc.timestamp_opt(0, 0).single().unwrap_or_default(),
            }
        }
    }

    /// What a device does in one step of the story.
    #[derive(Clone, Debug)]
    enum Act {
        /// Record (or change) a visit to record `n % 4`.
        Record(u8),
        /// Sync, with the network doing `Net` to the request and the answer.
        Sync(Net),
        /// Deliver a request the network held back earlier (a late duplicate).
        Late,
    }

    #[derive(Clone, Copy, Debug)]
    enum Net {
        Fine,
        DropRequest,
        DropAnswer,
        Duplicate,
        HoldBack,
    }

    fn act() -> impl Strategy<Value = Act> {
        prop_oneof![
            3 => (0u8..8).prop_map(Act::Record),
            4 => prop_oneof![
                Just(Net::Fine),
                Just(Net::DropRequest),
                Just(Net::DropAnswer),
                Just(Net::Duplicate),
                Just(Net::HoldBack),
            ]
            .prop_map(Act::Sync),
            1 => Just(Act::Late),
        ]
    }

    fn visit(notes: String) -> ChangeBody {
        ChangeBody::Visit {
            draft: VisitDraft {
                notes,
                ..VisitDraft::default()
            },
            recorded_at: None,
        }
    }

    proptest! {
        /// Two devices record and change visits while the network drops, duplicates,
        /// delays and reorders pushes. After a last clean sync: every number was applied at
        /// most once, every device's latest intent for each record is what the server holds,
        /// and nothing is left pending.
        #[test]
        fn each_intended_change_lands_exactly_once(
            stories in proptest::collection::vec(proptest::collection::vec(act(), 1..40), 2..=2)
        ) {
            let now = Utc.timestamp_opt(1_700_000_000, 0).single().unwrap_or_default();
            let mut server = ModelServer::default();
            let mut devices: Vec<Outbox> = vec![Outbox::new(), Outbox::new()];
            // Each device owns its records: ids never collide across devices.
            let record = |device: usize, n: u8| Uuid::from_u128((device as u128) << 64 | u128::from(n % 4));
            let mut intent: BTreeMap<Uuid, String> = BTreeMap::new();
            let mut held: Vec<(usize, Vec<Change>)> = Vec::new();
            let mut counter = 0u32;
            let longest = stories.iter().map(Vec::len).max().unwrap_or(0);
            for step in 0..longest {
                for (d, story) in stories.iter().enumerate() {
                    let Some(act) = story.get(step) else { continue };
                    let device = d as u32;
                    match act {
                        Act::Record(n) => {
                            counter += 1;
                            let id = record(d, *n);
                            let notes = format!("device {d} edit {counter}");
                            intent.insert(id, notes.clone());
                            let base = devices[d].entry_for(id).and_then(|e| match e.state {
                                EntryState::Sent { version, .. } => Some(version),
                                _ => e.base_version,
                            });
                            devices[d].record(id, base, visit(notes), "a visit".into(), now, true);
                        }
                        Act::Sync(net) => {
                            let batch = devices[d].next_batch(3);
                            if batch.is_empty() { continue; }
                            match net {
                                Net::DropRequest => {}
                                Net::HoldBack => held.push((d, batch)),
                                Net::DropAnswer => { server.push(device, &batch); }
                                Net::Fine => {
                                    let answer = server.push(device, &batch);
                                    devices[d].apply(&answer, now);
                                }
                                Net::Duplicate => {
                                    let answer = server.push(device, &batch);
                                    let again = server.push(device, &batch);
                                    prop_assert_eq!(&answer.results, &again.results);
                                    devices[d].apply(&again, now);
                                    devices[d].apply(&answer, now);
                                }
                            }
                        }
                        Act::Late => {
                            if let Some((from, batch)) = held.pop() {
                                let answer = server.push(from as u32, &batch);
                                devices[from].apply(&answer, now);
                            }
                        }
                    }
                }
            }
            // The network heals: held requests arrive, then each device syncs until empty.
            for (from, batch) in held.drain(..) {
                server.push(from as u32, &batch);
            }
            for (d, device) in devices.iter_mut().enumerate() {
                for _ in 0..100 {
                    let batch = device.next_batch(3);
                    if batch.is_empty() { break; }
                    let answer = server.push(d as u32, &batch);
                    device.apply(&answer, now);
                }
                prop_assert_eq!(device.pending(), 0, "device {} still has pending entries", d);
            }
            for (key, times) in &server.applied {
                prop_assert_eq!(*times, 1, "mutation {:?} applied {} times", key, times);
            }
            for (id, notes) in &intent {
                prop_assert_eq!(server.records.get(id), Some(notes), "record {}", id);
            }
        }
    }
}
