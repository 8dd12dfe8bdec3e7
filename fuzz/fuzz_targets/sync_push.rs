//! The sync push decoder and everything pure the server runs on what it decoded: the
//! exactly-once plan, the same validation as the forms, and the field-by-field merges.
#![no_main]

use app::rules::validation::{validate_business, validate_contact, validate_visit};
use app::sync::ledger::plan_push;
use app::sync::merge::{merge_business, merge_contact};
use app::sync::protocol::{ChangeBody, PushRequest};
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(request) = serde_json::from_slice::<PushRequest>(data) else {
        return;
    };
    let (steps, after) = plan_push(3, &request.changes);
    assert!(after >= 3, "the last applied number went back");
    for (i, _) in steps {
        match &request.changes[i].body {
            ChangeBody::Business { draft, base } => {
                let _ = validate_business(draft);
                if let Some(base) = base {
                    let _ = merge_business(base, draft, base);
                }
            }
            ChangeBody::Contact { draft, base, .. } => {
                let _ = validate_contact(draft);
                if let Some(base) = base {
                    let _ = merge_contact(base, draft, base);
                }
            }
            ChangeBody::Visit { draft, .. } => {
                let _ = validate_visit(draft, &common::REFERENCE, common::REFERENCE.today);
            }
            ChangeBody::DeleteVisit => {}
        }
    }
    // What decodes, encodes, and decodes again to the same request.
    let text = serde_json::to_string(&request).expect("encodes");
    let again: PushRequest = serde_json::from_str(&text).expect("decodes again");
    assert_eq!(again, request);
});
