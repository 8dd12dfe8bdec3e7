//! An outbox of pending visits as reps record them, shared by the store's bench
//! (`benches/store_text.rs`) and the storage budget test in the browser
//! (`frontend/tests/store.rs`), so both weigh the same data.

use app::model::{BusinessId, ContactId, ServiceId, VisitBusinessDraft, VisitDraft};
use app::sync::outbox::Outbox;
use app::sync::protocol::ChangeBody;
use chrono::Utc;
use uuid::Uuid;

/// A visit as a rep records it: one business, two contacts met, five services, a note (every
/// tenth on two lines, so some stored text has escapes).
pub fn realistic_visit(n: u32) -> ChangeBody {
    let id = Uuid::now_v7;
    let break_ = if n.is_multiple_of(10) { "\n" } else { " " };
    ChangeBody::Visit {
        draft: VisitDraft {
            date: "2026-11-02".to_owned(),
            category: id().to_string(),
            activity_type: id().to_string(),
            mode: "in_person".to_owned(),
            businesses: vec![VisitBusinessDraft {
                business: Some(BusinessId(id())),
                contacts_met: vec![ContactId(id()), ContactId(id())],
            }],
            presented: (0..5).map(|_| ServiceId(id())).collect(),
            delivered: vec![ServiceId(id())],
            referred: Vec::new(),
            jobseekers_hired: "2".to_owned(),
            positions_open: "4".to_owned(),
            notes: format!(
                "Visit {n}: met the owner and the HR lead; walked through OJT and Work Share,\
                 {break_}left the reference card; they are hiring two machinists this spring."
            ),
            follow_up: "2026-12-01".to_owned(),
        },
        recorded_at: Some(Utc::now()),
    }
}

/// An outbox of `visits` such visits, each queued.
pub fn outbox_of(visits: u32) -> Outbox {
    let mut outbox = Outbox::new();
    for n in 0..visits {
        outbox.record(
            Uuid::now_v7(),
            None,
            realistic_visit(n),
            format!("Visit to Harbor Foods and Machine {n}, 2026-11-02"),
            Utc::now(),
            true,
        );
    }
    outbox
}
