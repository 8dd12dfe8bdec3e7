//! The form parsers: a form body decoded as the server functions decode it (serde_qs), then
//! the validation each form runs. The first byte picks the form.
#![no_main]

use app::model::{
    AssistanceDraft, AssistanceStatus, BusinessDraft, ContactDraft, DecisionDraft, MeetingDraft,
    SubmissionDraft, UpdateDraft, VisitDraft, WindowDraft,
};
use app::rules::assistance::{normalize_reference, validate_update};
use app::rules::states;
use app::rules::validation::{validate_business, validate_contact, validate_visit};
use libfuzzer_sys::fuzz_target;

mod common;

fn decode<T: serde::de::DeserializeOwned>(body: &str) -> Option<T> {
    serde_qs::from_str(body).ok()
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let body = String::from_utf8_lossy(rest);
    let today = common::REFERENCE.today;
    match which % 10 {
        0 => {
            if let Some(draft) = decode::<BusinessDraft>(&body) {
                let _ = validate_business(&draft);
            }
        }
        1 => {
            if let Some(draft) = decode::<ContactDraft>(&body) {
                let _ = validate_contact(&draft);
            }
        }
        2 => {
            if let Some(draft) = decode::<VisitDraft>(&body) {
                let _ = validate_visit(&draft, &common::REFERENCE, today);
            }
        }
        3 => {
            if let Some(draft) = decode::<AssistanceDraft>(&body) {
                let _ = draft.validate();
            }
        }
        4 => {
            if let Some(draft) = decode::<SubmissionDraft>(&body) {
                let draft_ok = draft.validate(false);
                // Whatever passes as a submission passes as a draft.
                if draft.validate(true).is_ok() {
                    assert!(draft_ok.is_ok());
                }
            }
        }
        5 => {
            if let Some(draft) = decode::<UpdateDraft>(&body) {
                for status in AssistanceStatus::ALL {
                    if let Ok(update) = validate_update(status, &draft, today) {
                        assert!(update.status >= status, "a request moved back");
                    }
                }
            }
        }
        6 => {
            if let Some(draft) = decode::<WindowDraft>(&body) {
                let now = today.and_hms_opt(12, 0, 0).unwrap_or_default();
                if let Ok(deadline) = draft.validate(now) {
                    assert!(deadline > now);
                }
            }
        }
        7 => {
            if let Some(draft) = decode::<MeetingDraft>(&body) {
                let _ = draft.validate();
            }
            if let Some(draft) = decode::<DecisionDraft>(&body) {
                let _ = draft.validate();
            }
        }
        8 => {
            if let Some(reference) = normalize_reference(&body) {
                assert_eq!(normalize_reference(&reference), Some(reference.clone()));
            }
        }
        _ => {
            let _ = states::code(&body);
        }
    }
});
