//! A device's pull: the records the person works with that changed after a cursor, oldest
//! first, tombstones included. For a rep that is their center's businesses, the businesses
//! they created or visited, those businesses' contacts, and their own visits: what the
//! visit form needs offline, and nothing they may not read.

use app::backend::Viewer;
use app::error::AppError;
use app::model::{BusinessId, CenterId, ContactDraft, ReviewStatus, Stage};
use app::sync::protocol::{
    BusinessRecord, ContactRecord, MAX_PULL, PullResponse, Pulled, RecordKind, VisitRecord,
};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Query, SelectStatement, UnionType};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, DerivePartialModel, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::entities::{business, contact, kept_business, visit};
use crate::storage::businesses::draft_of;
use crate::storage::visits::{FormColumns, forms};

/// The ids of the businesses a person's device keeps: their center's, and those they created
/// or visited elsewhere.
fn device_businesses(me: &app::model::SessionUser) -> SelectStatement {
    let mut kept = Query::select()
        .column(kept_business::Column::BusinessId)
        .from(kept_business::Entity)
        .and_where(kept_business::Column::UserId.eq(me.id.0))
        .to_owned();
    if let Some(center) = me.center {
        kept.union(
            UnionType::All,
            Query::select()
                .column(business::Column::Id)
                .from(business::Entity)
                .and_where(business::Column::CenterId.eq(center.0))
                .to_owned(),
        );
    }
    kept
}

/// What a pull sends of a visit: its form, and where it stands.
#[derive(Debug, DerivePartialModel)]
#[sea_orm(entity = "visit::Entity", from_query_result)]
struct PulledVisit {
    change_seq: i64,
    version: i64,
    deleted_at: Option<DateTime<Utc>>,
    review_status: String,
    review_comment: Option<String>,
    recorded_as_orientation: bool,
    #[sea_orm(nested)]
    form: FormColumns,
}

/// One read of the three tables: rows with a sequence in `(after, upto]`, oldest first, at
/// most `limit` of each.
struct Read {
    businesses: Vec<business::Model>,
    contacts: Vec<contact::Model>,
    visits: Vec<PulledVisit>,
}

async fn read(
    db: &DatabaseConnection,
    me: &app::model::SessionUser,
    after: i64,
    upto: Option<i64>,
    limit: Option<u64>,
) -> Result<Read, DbErr> {
    let upto = upto.unwrap_or(i64::MAX);
    Ok(Read {
        businesses: business::Entity::find()
            .filter(business::Column::ChangeSeq.gt(after))
            .filter(business::Column::ChangeSeq.lte(upto))
            .filter(business::Column::Id.in_subquery(device_businesses(me)))
            .order_by_asc(business::Column::ChangeSeq)
            .limit(limit)
            .all(db)
            .await?,
        contacts: contact::Entity::find()
            .filter(contact::Column::ChangeSeq.gt(after))
            .filter(contact::Column::ChangeSeq.lte(upto))
            .filter(contact::Column::BusinessId.in_subquery(device_businesses(me)))
            .order_by_asc(contact::Column::ChangeSeq)
            .limit(limit)
            .all(db)
            .await?,
        visits: visit::Entity::find()
            .filter(visit::Column::ChangeSeq.gt(after))
            .filter(visit::Column::ChangeSeq.lte(upto))
            .filter(visit::Column::AuthorId.eq(me.id.0))
            .order_by_asc(visit::Column::ChangeSeq)
            .limit(limit)
            .into_partial_model()
            .all(db)
            .await?,
    })
}

impl Read {
    fn seqs(&self) -> Vec<i64> {
        let mut seqs: Vec<i64> = (self.businesses.iter().map(|b| b.change_seq))
            .chain(self.contacts.iter().map(|c| c.change_seq))
            .chain(self.visits.iter().map(|v| v.change_seq))
            .collect();
        seqs.sort_unstable();
        seqs
    }

    /// The sequence a page may end at: the `limit`-th change overall, but below the last row
    /// of any table that filled its `limit + 1` rows, whose rows at that sequence may not all
    /// have been read (one sequence can mark many rows, as when a merge moves visits).
    fn page_end(&self, limit: u64) -> Option<i64> {
        let seqs = self.seqs();
        let nth = usize::try_from(limit)
            .unwrap_or(usize::MAX)
            .saturating_sub(1);
        let mut end = *seqs.get(nth).or(seqs.last())?;
        let full = usize::try_from(limit)
            .unwrap_or(usize::MAX)
            .saturating_add(1);
        for last in [
            (self.businesses.len() >= full).then(|| self.businesses.last().map(|b| b.change_seq)),
            (self.contacts.len() >= full).then(|| self.contacts.last().map(|c| c.change_seq)),
            (self.visits.len() >= full).then(|| self.visits.last().map(|v| v.change_seq)),
        ]
        .into_iter()
        .flatten()
        .flatten()
        {
            end = end.min(last - 1);
        }
        Some(end)
    }

    fn upto(self, end: i64) -> Read {
        Read {
            businesses: self
                .businesses
                .into_iter()
                .filter(|b| b.change_seq <= end)
                .collect(),
            contacts: self
                .contacts
                .into_iter()
                .filter(|c| c.change_seq <= end)
                .collect(),
            visits: self
                .visits
                .into_iter()
                .filter(|v| v.change_seq <= end)
                .collect(),
        }
    }
}

pub async fn pull(
    db: &DatabaseConnection,
    who: &Viewer,
    cursor: i64,
    limit: u64,
) -> Result<PullResponse, PullError> {
    let who = who.clone().businesses()?;
    let me = who.viewer().user();
    let limit = limit.clamp(1, MAX_PULL);
    let first = read(db, me, cursor, None, Some(limit + 1)).await?;
    let seqs = first.seqs();
    let (Some(end), Some(&oldest), Some(&newest)) =
        (first.page_end(limit), seqs.first(), seqs.last())
    else {
        return Ok(PullResponse {
            changes: Vec::new(),
            cursor,
            has_more: false,
        });
    };
    let (page, last, has_more) = if end >= oldest {
        // A table that filled its rows always read one past `end`, so this also says whether
        // any table has more.
        (first.upto(end), end, newest > end)
    } else {
        // More than `limit` rows share the oldest sequence: send them all in one page, larger
        // than asked, rather than never get past them.
        let tie = read(db, me, oldest - 1, Some(oldest), None).await?;
        (tie, oldest, true)
    };
    let Read {
        businesses,
        contacts,
        visits,
    } = page;
    // A deleted visit goes as a tombstone, without its form.
    let columns: Vec<&FormColumns> = (visits.iter())
        .filter(|v| v.deleted_at.is_none())
        .map(|v| &v.form)
        .collect();
    // In the order of `columns`: the loop below meets the same visits in the same order.
    let mut forms = forms(db, &columns).await?.into_iter();

    let mut changes: Vec<Pulled> = Vec::with_capacity(seqs.len().min(limit as usize));
    for b in businesses {
        let gone = b.deleted_at.is_some() || b.merged_into_id.is_some();
        changes.push(Pulled {
            seq: b.change_seq,
            kind: RecordKind::Business,
            id: b.id,
            version: b.version,
            deleted: gone,
            merged_into: b.merged_into_id.map(BusinessId),
            business: (!gone).then(|| BusinessRecord {
                draft: draft_of(&b),
                stage: Stage::parse(&b.stage).unwrap_or(Stage::Stable),
                center: b.center_id.map(CenterId),
            }),
            contact: None,
            visit: None,
        });
    }
    for c in contacts {
        let gone = c.deleted_at.is_some();
        changes.push(Pulled {
            seq: c.change_seq,
            kind: RecordKind::Contact,
            id: c.id,
            version: c.version,
            deleted: gone,
            merged_into: None,
            business: None,
            contact: (!gone).then(|| ContactRecord {
                business: BusinessId(c.business_id),
                draft: ContactDraft {
                    name: c.name.clone(),
                    title: c.title.clone().unwrap_or_default(),
                    email: c.email.clone().unwrap_or_default(),
                    phone: c.phone.clone().unwrap_or_default(),
                    key_representative: c.key_representative,
                },
            }),
            visit: None,
        });
    }
    for v in visits {
        let gone = v.deleted_at.is_some();
        // Only a visit that is not deleted has a form to take.
        let (draft, fails) = if gone {
            Default::default()
        } else {
            forms
                .next()
                .map(|form| (form.draft, form.fails_orientation))
                .unwrap_or_default()
        };
        changes.push(Pulled {
            seq: v.change_seq,
            kind: RecordKind::Visit,
            id: v.form.id,
            version: v.version,
            deleted: gone,
            merged_into: None,
            business: None,
            contact: None,
            visit: (!gone).then(|| VisitRecord {
                draft,
                date: v.form.visit_date,
                review: ReviewStatus::parse(&v.review_status),
                review_comment: v.review_comment.clone(),
                flagged: v.recorded_as_orientation && fails,
            }),
        });
    }
    changes.sort_by_key(|c| c.seq);
    Ok(PullResponse {
        changes,
        cursor: last,
        has_more,
    })
}

#[derive(Debug, thiserror::Error)]
pub enum PullError {
    #[error(transparent)]
    Refused(#[from] AppError),
    #[error(transparent)]
    Db(#[from] DbErr),
}
