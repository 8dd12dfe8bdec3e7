//! A visit's pull entry: the JSON a device's pull sends for it. It is written whole into
//! `visits.pulled` with the visit, so a pull of thousands of visits copies stored text instead
//! of decoding every column, rebuilding every form and writing it out again.
//!
//! Like the parts' column, the entry is a copy, never the only record. It is sent only while
//! `visits.pulled_seq` equals the row's `change_seq`: an edit, a review, a deletion or a merge
//! that moves a visit's links gives it a new change sequence, so its entry is no longer sent,
//! and the pull builds the entry from the row as it did before. Two changes alter what a
//! device would receive of a visit without a new sequence: a contact's removal (the forms
//! leave the contact out) and a merge's undo moving contacts back (a visit recorded while
//! merged no longer lists them at the survivor). Both call [`forget_meeting`], which clears
//! the entries of the visits that met them. A visit is judged under the sync clock's lock,
//! which both take too, so neither slips between a visit's judgement and its write
//! (`visit_write::VisitFacts::load`).
//!
//! An entry carries no format version: a change to what a pull sends for a visit (`Pulled`,
//! `VisitRecord`, the form) must come with a migration that clears `visits.pulled`, or the
//! visits written before it would still be sent in the old shape.

use app::model::ReviewStatus;
use app::sync::protocol::{Pulled, RecordKind, VisitRecord};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::visit_parts::Parts;
use super::visits::{FormColumns, StoredForm, form_of};
use crate::entities::{visit, visit_contact};

/// What a visit row says beside its form.
pub struct Standing<'a> {
    pub id: Uuid,
    pub change_seq: i64,
    pub version: i64,
    pub date: NaiveDate,
    pub review_status: &'a str,
    pub review_comment: Option<&'a str>,
    pub recorded_as_orientation: bool,
}

/// The entry of a visit that is not deleted.
pub fn live(standing: &Standing<'_>, form: StoredForm) -> Pulled {
    Pulled {
        seq: standing.change_seq,
        kind: RecordKind::Visit,
        id: standing.id,
        version: standing.version,
        deleted: false,
        merged_into: None,
        business: None,
        contact: None,
        visit: Some(VisitRecord {
            draft: form.draft,
            date: standing.date,
            review: ReviewStatus::parse(standing.review_status),
            review_comment: standing.review_comment.map(str::to_owned),
            flagged: standing.recorded_as_orientation && form.fails_orientation,
        }),
    }
}

/// Writes into `row` its parts and the entry a device's pull will send for it at the row's
/// change sequence, built as the pull builds it (`visits::form_of`): each contact met under
/// the business `works_at` says they work at. The form's write, a device's push and the
/// generated data all keep their visits' entries here.
pub fn keep(row: &mut visit::Model, parts: &Parts, works_at: impl Fn(&Uuid) -> Option<Uuid>) {
    let standing = Standing {
        id: row.id,
        change_seq: row.change_seq,
        version: row.version,
        date: row.visit_date,
        review_status: &row.review_status,
        review_comment: row.review_comment.as_deref(),
        recorded_as_orientation: row.recorded_as_orientation,
    };
    let form = form_of(&FormColumns::from(&*row), parts, works_at);
    let pulled = encode(&live(&standing, form));
    row.pulled_seq = pulled.is_some().then_some(row.change_seq);
    row.pulled = pulled;
    row.parts = Some(parts.encode());
}

/// The entry of a deleted visit: a tombstone, without its form.
pub fn tombstone(id: Uuid, change_seq: i64, version: i64) -> Pulled {
    Pulled {
        seq: change_seq,
        kind: RecordKind::Visit,
        id,
        version,
        deleted: true,
        merged_into: None,
        business: None,
        contact: None,
        visit: None,
    }
}

/// The column's text: exactly what the pull would write for the entry.
pub fn encode(entry: &Pulled) -> Option<String> {
    serde_json::to_string(entry).ok()
}

/// The kept entry, if it may be sent for a row now at `change_seq`: written at that sequence,
/// and an object (a damaged column must not break the whole page's JSON).
pub fn kept(pulled: Option<String>, pulled_seq: Option<i64>, change_seq: i64) -> Option<String> {
    pulled.filter(|text| {
        pulled_seq == Some(change_seq) && text.starts_with('{') && text.ends_with('}')
    })
}

/// Contacts were removed, or moved back by a merge's undo: the visits that met them may list
/// them differently now, without a new sequence, so their kept entries no longer hold. Part of
/// the caller's transaction.
pub async fn forget_meeting(db: &impl ConnectionTrait, contacts: &[Uuid]) -> Result<(), DbErr> {
    for chunk in contacts.chunks(super::visit_parts::CHUNK) {
        visit::Entity::update_many()
            .col_expr(visit::Column::Pulled, Expr::value(Option::<String>::None))
            .col_expr(visit::Column::PulledSeq, Expr::value(Option::<i64>::None))
            .filter(
                visit::Column::Id.in_subquery(
                    Query::select()
                        .column(visit_contact::Column::VisitId)
                        .from(visit_contact::Entity)
                        .and_where(visit_contact::Column::ContactId.is_in(chunk.to_vec()))
                        .to_owned(),
                ),
            )
            .exec(db)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_sent_only_for_the_sequence_it_was_written_at() {
        let text = || Some(r#"{"seq":7}"#.to_owned());
        assert_eq!(kept(text(), Some(7), 7), text());
        assert_eq!(kept(text(), Some(7), 8), None, "the visit changed since");
        assert_eq!(kept(text(), None, 7), None);
        assert_eq!(
            kept(None, Some(7), 7),
            None,
            "cleared by a contact's removal"
        );
        assert_eq!(kept(Some(String::new()), Some(7), 7), None, "damaged");
        assert_eq!(
            kept(Some("{\"seq\":7".to_owned()), Some(7), 7),
            None,
            "cut off"
        );
    }
}
