//! How an assistance request moves from received to delivered, and the reference number the
//! requester follows it by.

use chrono::NaiveDate;

use crate::model::{AssistanceStatus, AssistanceUpdate, DeliveryMode, UpdateDraft};
use crate::rules::validation::{FieldError, FieldErrors};

/// Whether a request at `from` may go to `to`. Work only moves forward, a scheduled request
/// may be rescheduled, and a closed one stays closed.
pub fn can_move(from: AssistanceStatus, to: AssistanceStatus) -> bool {
    use AssistanceStatus::*;
    matches!(
        (from, to),
        (Received, Scheduled | Closed)
            | (Scheduled, Scheduled | Delivered | Closed)
            | (Delivered, Closed)
    )
}

/// The statuses a request at `from` can be given next, for the coordinator's form.
pub fn next_statuses(from: AssistanceStatus) -> Vec<AssistanceStatus> {
    AssistanceStatus::ALL
        .into_iter()
        .filter(|to| can_move(from, *to))
        .collect()
}

/// Checks a coordinator's update of a request now at `current`. Scheduling needs a date not
/// in the past and a mode; closing without delivering needs a note saying why; an update
/// that changes nothing needs a note.
pub fn validate_update(
    current: AssistanceStatus,
    draft: &UpdateDraft,
    today: NaiveDate,
) -> Result<AssistanceUpdate, FieldErrors> {
    let mut errors = Vec::new();
    let note = draft.note.trim().to_owned();
    if note.chars().count() > 4_000 {
        errors.push(FieldError::new(
            "note",
            "keep the note under 4,000 characters",
        ));
    }
    let status = match draft.status.trim() {
        "" => current,
        typed => match AssistanceStatus::parse(typed) {
            Some(status) => status,
            None => {
                return Err(vec![FieldError::new(
                    "status",
                    "choose a status from the list",
                )]);
            }
        },
    };
    if status != current && !can_move(current, status) {
        errors.push(FieldError::new(
            "status",
            format!(
                "a request that is {} cannot become {}",
                current.label().to_lowercase(),
                status.label().to_lowercase()
            ),
        ));
    }
    let scheduling = status == AssistanceStatus::Scheduled
        && (current != AssistanceStatus::Scheduled || !draft.scheduled_for.trim().is_empty());
    let (mut scheduled_for, mut scheduled_mode) = (None, None);
    if scheduling {
        match NaiveDate::parse_from_str(draft.scheduled_for.trim(), "%Y-%m-%d") {
            Ok(date) if date < today => errors.push(FieldError::new(
                "scheduled_for",
                "the date has passed; choose today or later",
            )),
            Ok(date) => scheduled_for = Some(date),
            Err(_) => errors.push(FieldError::new(
                "scheduled_for",
                "choose the date it will take place",
            )),
        }
        match DeliveryMode::parse(&draft.scheduled_mode) {
            Some(mode) => scheduled_mode = Some(mode),
            None => errors.push(FieldError::new(
                "scheduled_mode",
                "choose how it will be delivered",
            )),
        }
    }
    let closing_undelivered = status == AssistanceStatus::Closed
        && matches!(
            current,
            AssistanceStatus::Received | AssistanceStatus::Scheduled
        );
    if closing_undelivered && note.is_empty() {
        errors.push(FieldError::new(
            "note",
            "say why it is closed without being delivered",
        ));
    }
    if status == current && !scheduling && note.is_empty() && errors.is_empty() {
        errors.push(FieldError::new(
            "note",
            "write a note, or choose a new status",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(AssistanceUpdate {
        status,
        scheduled_for,
        scheduled_mode,
        note,
    })
}

/// Crockford's base 32: no I, L, O or U, so a number read aloud is not misheard.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters after `TA-`: 50 random bits, too many to guess.
const LENGTH: usize = 10;

/// A reference number made of 50 of `random`'s bits: `TA-7K3QD-9XM2B`.
pub fn reference_from(random: u64) -> String {
    let chars: String = (0..LENGTH)
        .map(|i| ALPHABET[((random >> (5 * i)) & 31) as usize] as char)
        .collect();
    format!("TA-{}-{}", &chars[..5], &chars[5..])
}

/// A reference as typed (any case, spaces, dashes, O for 0, I or L for 1) in its stored
/// form, or `None` when it cannot be one.
pub fn normalize_reference(typed: &str) -> Option<String> {
    let mut chars: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if chars.len() == LENGTH + 2 && chars.starts_with("TA") {
        chars.drain(..2);
    }
    let chars: String = chars
        .chars()
        .map(|c| match c {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    let valid = chars.len() == LENGTH && chars.bytes().all(|b| ALPHABET.contains(&b));
    valid.then(|| format!("TA-{}-{}", &chars[..5], &chars[5..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use AssistanceStatus::*;
    use proptest::prelude::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or_default()
    }

    fn update(status: &str, date: &str, mode: &str, note: &str) -> UpdateDraft {
        UpdateDraft {
            status: status.to_owned(),
            scheduled_for: date.to_owned(),
            scheduled_mode: mode.to_owned(),
            note: note.to_owned(),
        }
    }

    fn fields(result: Result<AssistanceUpdate, FieldErrors>) -> Vec<String> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn scheduling_needs_a_date_not_past_and_a_mode() {
        let today = day(10);
        let done = validate_update(
            Received,
            &update("scheduled", "2026-12-14", "video_conference", ""),
            today,
        )
        .expect("scheduled");
        assert_eq!(done.scheduled_for, Some(day(14)));
        assert_eq!(done.scheduled_mode, Some(DeliveryMode::VideoConference));
        assert_eq!(
            fields(validate_update(
                Received,
                &update("scheduled", "2026-12-09", "", ""),
                today
            )),
            ["scheduled_for", "scheduled_mode"]
        );
        // Rescheduling: a new date; a note alone keeps the schedule.
        assert!(
            validate_update(
                Scheduled,
                &update("scheduled", "2026-12-20", "videos", ""),
                today
            )
            .is_ok()
        );
        let note = validate_update(
            Scheduled,
            &update("scheduled", "", "", "Called them"),
            today,
        )
        .expect("note");
        assert_eq!(note.scheduled_for, None);
    }

    #[test]
    fn work_moves_forward_and_closing_early_says_why() {
        let today = day(10);
        assert_eq!(
            fields(validate_update(
                Received,
                &update("delivered", "", "", ""),
                today
            )),
            ["status"]
        );
        assert_eq!(
            fields(validate_update(
                Scheduled,
                &update("closed", "", "", ""),
                today
            )),
            ["note"]
        );
        assert!(
            validate_update(Scheduled, &update("closed", "", "", "They withdrew"), today).is_ok()
        );
        assert!(validate_update(Delivered, &update("closed", "", "", ""), today).is_ok());
        assert_eq!(
            fields(validate_update(
                Closed,
                &update("received", "", "", "x"),
                today
            )),
            ["status"]
        );
        assert_eq!(
            fields(validate_update(
                Delivered,
                &update("delivered", "", "", ""),
                today
            )),
            ["note"]
        );
        assert_eq!(
            fields(validate_update(
                Delivered,
                &update("lost", "", "", ""),
                today
            )),
            ["status"]
        );
        assert_eq!(next_statuses(Received), [Scheduled, Closed]);
        assert!(next_statuses(Closed).is_empty());
    }

    #[test]
    fn references_survive_being_read_aloud_and_retyped() {
        let reference = reference_from(0x0123_4567_89ab_cdef);
        assert_eq!(reference.len(), 14);
        assert!(reference.starts_with("TA-"));
        assert_eq!(normalize_reference(&reference), Some(reference.clone()));
        let sloppy = reference.to_lowercase().replace('-', " ");
        assert_eq!(normalize_reference(&sloppy), Some(reference.clone()));
        assert_eq!(
            normalize_reference("TA-0O1IL-ABCDE"),
            Some("TA-00111-ABCDE".to_owned())
        );
        assert_eq!(normalize_reference("TA-123"), None);
        assert_eq!(normalize_reference("TA-UUUUU-UUUUU"), None);
    }

    proptest! {
        /// Whatever a coordinator tries, in any order, a request never moves back and a
        /// closed request never reopens.
        #[test]
        fn status_never_goes_back(tries in proptest::collection::vec((0usize..4, 0u32..3), 0..24)) {
            let mut current = Received;
            for (to, shape) in tries {
                let to = AssistanceStatus::ALL[to];
                let draft = match shape {
                    0 => update(to.as_str(), "", "", ""),
                    1 => update(to.as_str(), "2026-12-20", "handbooks", ""),
                    _ => update(to.as_str(), "2026-12-20", "handbooks", "note"),
                };
                if let Ok(done) = validate_update(current, &draft, day(10)) {
                    prop_assert!(done.status >= current);
                    prop_assert!(current != Closed || done.status == Closed);
                    current = done.status;
                }
            }
        }

        #[test]
        fn every_reference_made_is_read_back(random in any::<u64>()) {
            let reference = reference_from(random);
            prop_assert_eq!(normalize_reference(&reference), Some(reference.clone()));
        }
    }
}
