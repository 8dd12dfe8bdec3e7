//! A device's pull: the records the person works with that changed after a cursor, oldest
//! first, tombstones included. For a rep that is their center's businesses, the businesses
//! they created or visited, those businesses' contacts, and their own visits: what the
//! visit form needs offline, and nothing they may not read.

use std::collections::HashMap;

use app::backend::Viewer;
use app::error::AppError;
use app::model::{BusinessId, CenterId, ContactDraft, Stage};
use app::sync::protocol::{BusinessRecord, ContactRecord, MAX_PULL, Pulled, RecordKind};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Query, SelectStatement, UnionType};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, DerivePartialModel, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::entities::{business, contact, kept_business, visit};
use crate::storage::businesses::draft_of;
use crate::storage::visit_parts;
use crate::storage::visit_pulled::{self, Standing};
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

/// A changed visit as a page first reads it: where it stands, and its kept entry
/// (`storage::visit_pulled`), which is most often all there is to send.
#[derive(Debug, DerivePartialModel)]
#[sea_orm(entity = "visit::Entity", from_query_result)]
struct PulledVisit {
    id: Uuid,
    change_seq: i64,
    version: i64,
    deleted_at: Option<DateTime<Utc>>,
    pulled: Option<String>,
    pulled_seq: Option<i64>,
}

/// What building a visit's entry reads, for the few without a kept one.
#[derive(Debug, DerivePartialModel)]
#[sea_orm(entity = "visit::Entity", from_query_result)]
struct VisitToBuild {
    change_seq: i64,
    version: i64,
    review_status: String,
    review_comment: Option<String>,
    recorded_as_orientation: bool,
    #[sea_orm(nested)]
    form: FormColumns,
}

/// One change of a page: built here, or a visit's kept entry sent as stored.
enum Entry {
    Built(Box<Pulled>),
    Kept(String),
}

/// A page of changes, written out as `PullResponse`'s JSON by [`PullPage::to_json`].
pub struct PullPage {
    /// Oldest first, each with its sequence.
    changes: Vec<(i64, Entry)>,
    pub cursor: i64,
    pub has_more: bool,
}

impl PullPage {
    /// The page as `PullResponse` serialises, kept entries copied in as they are.
    pub fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        let kept: usize = (self.changes.iter())
            .map(|(_, entry)| match entry {
                Entry::Kept(text) => text.len() + 1,
                Entry::Built(_) => 256,
            })
            .sum();
        let mut out = Vec::with_capacity(kept + 64);
        out.extend_from_slice(b"{\"changes\":[");
        for (n, (_, entry)) in self.changes.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            match entry {
                Entry::Built(change) => serde_json::to_writer(&mut out, change)?,
                Entry::Kept(text) => out.extend_from_slice(text.as_bytes()),
            }
        }
        out.extend_from_slice(b"],\"cursor\":");
        serde_json::to_writer(&mut out, &self.cursor)?;
        out.extend_from_slice(b",\"has_more\":");
        serde_json::to_writer(&mut out, &self.has_more)?;
        out.push(b'}');
        Ok(out)
    }
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
) -> Result<PullPage, PullError> {
    let who = who.clone().businesses()?;
    let me = who.viewer().user();
    let limit = limit.clamp(1, MAX_PULL);
    let first = read(db, me, cursor, None, Some(limit + 1)).await?;
    let seqs = first.seqs();
    let (Some(end), Some(&oldest), Some(&newest)) =
        (first.page_end(limit), seqs.first(), seqs.last())
    else {
        return Ok(PullPage {
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

    let mut changes: Vec<(i64, Entry)> = Vec::with_capacity(seqs.len().min(limit as usize));
    for b in businesses {
        let gone = b.deleted_at.is_some() || b.merged_into_id.is_some();
        changes.push(built(Pulled {
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
        }));
    }
    for c in contacts {
        let gone = c.deleted_at.is_some();
        changes.push(built(Pulled {
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
        }));
    }
    changes.extend(visit_entries(db, visits).await?);
    // Stable: a business comes before its contacts and visits at the same sequence.
    changes.sort_by_key(|(seq, _)| *seq);
    Ok(PullPage {
        changes,
        cursor: last,
        has_more,
    })
}

fn built(change: Pulled) -> (i64, Entry) {
    (change.seq, Entry::Built(Box::new(change)))
}

/// The page's visits in the order read: a deleted one as a tombstone, the others as their kept
/// entry, or built from the row where none is kept for its current sequence. A visit that
/// changed between the two reads is left to the next page, which its new sequence puts it in.
async fn visit_entries(
    db: &DatabaseConnection,
    visits: Vec<PulledVisit>,
) -> Result<Vec<(i64, Entry)>, DbErr> {
    let mut slots: Vec<Option<(i64, Entry)>> = Vec::with_capacity(visits.len());
    // Where each visit to build goes, and the sequence it was read at.
    let mut to_build: HashMap<Uuid, (usize, i64)> = HashMap::new();
    for v in visits {
        if v.deleted_at.is_some() {
            slots.push(Some(built(visit_pulled::tombstone(
                v.id,
                v.change_seq,
                v.version,
            ))));
        } else if let Some(text) = visit_pulled::kept(v.pulled, v.pulled_seq, v.change_seq) {
            slots.push(Some((v.change_seq, Entry::Kept(text))));
        } else {
            to_build.insert(v.id, (slots.len(), v.change_seq));
            slots.push(None);
        }
    }
    let ids: Vec<Uuid> = to_build.keys().copied().collect();
    for chunk in ids.chunks(visit_parts::CHUNK) {
        let rows: Vec<VisitToBuild> = visit::Entity::find()
            .filter(visit::Column::Id.is_in(chunk.to_vec()))
            .filter(visit::Column::DeletedAt.is_null())
            .into_partial_model()
            .all(db)
            .await?;
        let rows: Vec<(usize, VisitToBuild)> = (rows.into_iter())
            .filter_map(|v| match to_build.get(&v.form.id) {
                Some(&(slot, seq)) if seq == v.change_seq => Some((slot, v)),
                _ => None,
            })
            .collect();
        let columns: Vec<&FormColumns> = rows.iter().map(|(_, v)| &v.form).collect();
        let forms = forms(db, &columns).await?;
        for ((slot, v), form) in rows.iter().zip(forms) {
            let standing = Standing {
                id: v.form.id,
                change_seq: v.change_seq,
                version: v.version,
                date: v.form.visit_date,
                review_status: &v.review_status,
                review_comment: v.review_comment.as_deref(),
                recorded_as_orientation: v.recorded_as_orientation,
            };
            if let Some(place) = slots.get_mut(*slot) {
                *place = Some(built(visit_pulled::live(&standing, form)));
            }
        }
    }
    Ok(slots.into_iter().flatten().collect())
}

#[derive(Debug, thiserror::Error)]
pub enum PullError {
    #[error(transparent)]
    Refused(#[from] AppError),
    #[error(transparent)]
    Db(#[from] DbErr),
}
