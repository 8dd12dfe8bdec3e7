//! What a device keeps to work offline: the visit form's reference data, the businesses and
//! contacts it may need, and the rep's own visits, as the last pull left them. Businesses and
//! contacts created on the device and not yet pulled back are found from the outbox, so a
//! business created offline can be chosen for a visit straight away.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::outbox::{EntryState, Outbox};
use super::protocol::{
    BusinessRecord, ChangeBody, ContactRecord, PullResponse, RecordKind, VisitRecord,
};
use crate::model::{
    BusinessDraft, BusinessId, BusinessSummary, CenterId, Contact, ContactId, Stage, VisitReference,
};
use crate::rules::search::{index_words, query_words};

/// A record with the server version it came with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept<T> {
    #[serde(rename = "v")]
    pub version: i64,
    #[serde(rename = "r")]
    pub record: T,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceCache {
    /// Pass to the next pull.
    pub cursor: i64,
    pub reference: Option<VisitReference>,
    pub center: Option<CenterId>,
    pub businesses: BTreeMap<Uuid, Kept<BusinessRecord>>,
    pub contacts: BTreeMap<Uuid, Kept<ContactRecord>>,
    pub visits: BTreeMap<Uuid, Kept<VisitRecord>>,
    pub pulled_at: Option<DateTime<Utc>>,
}

/// Most businesses a local search returns.
pub const SEARCH_LIMIT: usize = 20;

fn summary(
    id: Uuid,
    draft: &BusinessDraft,
    stage: Stage,
    center: Option<CenterId>,
) -> BusinessSummary {
    let optional = |s: &str| {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_owned())
    };
    BusinessSummary {
        id: BusinessId(id),
        legal_name: draft.legal_name.trim().to_owned(),
        dba: optional(&draft.dba),
        fein: optional(&draft.fein).map(|f| f.chars().filter(char::is_ascii_digit).collect()),
        city: draft.city.trim().to_owned(),
        zip: draft.zip.trim().to_owned(),
        stage,
        center,
    }
}

fn matches(business: &BusinessSummary, words: &[String]) -> bool {
    let index = index_words(
        &business.legal_name,
        business.dba.as_deref(),
        &business.city,
        &business.zip,
        business.fein.as_deref(),
    );
    words
        .iter()
        .all(|word| index.iter().any(|w| w.starts_with(word.as_str())))
}

impl DeviceCache {
    /// Takes in one page of a pull.
    pub fn apply(&mut self, page: &PullResponse, now: DateTime<Utc>) {
        for change in &page.changes {
            match change.kind {
                RecordKind::Business => match (&change.business, change.deleted) {
                    (Some(record), false) => {
                        self.businesses.insert(
                            change.id,
                            Kept {
                                version: change.version,
                                record: record.clone(),
                            },
                        );
                    }
                    _ => {
                        self.businesses.remove(&change.id);
                    }
                },
                RecordKind::Contact => match (&change.contact, change.deleted) {
                    (Some(record), false) => {
                        self.contacts.insert(
                            change.id,
                            Kept {
                                version: change.version,
                                record: record.clone(),
                            },
                        );
                    }
                    _ => {
                        self.contacts.remove(&change.id);
                    }
                },
                RecordKind::Visit => match (&change.visit, change.deleted) {
                    (Some(record), false) => {
                        self.visits.insert(
                            change.id,
                            Kept {
                                version: change.version,
                                record: record.clone(),
                            },
                        );
                    }
                    _ => {
                        self.visits.remove(&change.id);
                    }
                },
            }
        }
        self.cursor = self.cursor.max(page.cursor);
        self.pulled_at = Some(now);
    }

    /// Businesses created on the device that the cache does not hold yet.
    fn unpulled<'a>(&'a self, outbox: &'a Outbox) -> impl Iterator<Item = BusinessSummary> + 'a {
        outbox
            .entries
            .iter()
            .filter_map(move |entry| match &entry.body {
                ChangeBody::Business { draft, .. }
                    if !self.businesses.contains_key(&entry.id)
                        && !matches!(entry.state, EntryState::Discarded { .. }) =>
                {
                    let stage = Stage::parse(draft.stage.trim()).unwrap_or(Stage::Stable);
                    Some(summary(entry.id, draft, stage, self.center))
                }
                _ => None,
            })
    }

    /// Kept businesses matching every word of `text` as a prefix, by name; all of them (up
    /// to the limit) for an empty text.
    pub fn search(&self, text: &str, outbox: &Outbox) -> Vec<BusinessSummary> {
        let words = query_words(text);
        let mut found: Vec<BusinessSummary> = self
            .businesses
            .iter()
            .map(|(id, kept)| {
                summary(
                    *id,
                    &kept.record.draft,
                    kept.record.stage,
                    kept.record.center,
                )
            })
            .chain(self.unpulled(outbox))
            .filter(|b| matches(b, &words))
            .collect();
        found.sort_by(|a, b| a.legal_name.cmp(&b.legal_name).then(a.id.cmp(&b.id)));
        found.truncate(SEARCH_LIMIT);
        found
    }

    /// One business, kept or created on the device.
    pub fn business(&self, id: BusinessId, outbox: &Outbox) -> Option<BusinessSummary> {
        match self.businesses.get(&id.0) {
            Some(kept) => Some(summary(
                id.0,
                &kept.record.draft,
                kept.record.stage,
                kept.record.center,
            )),
            None => self.unpulled(outbox).find(|b| b.id == id),
        }
    }

    /// The contacts of a business: kept ones and those created on the device, key
    /// representatives first.
    pub fn contacts_of(&self, business: BusinessId, outbox: &Outbox) -> Vec<Contact> {
        let contact = |id: Uuid, draft: &crate::model::ContactDraft| {
            let optional = |s: &str| {
                let s = s.trim();
                (!s.is_empty()).then(|| s.to_owned())
            };
            Contact {
                id: ContactId(id),
                name: draft.name.trim().to_owned(),
                title: optional(&draft.title),
                email: optional(&draft.email),
                phone: optional(&draft.phone),
                key_representative: draft.key_representative,
            }
        };
        let mut found: Vec<Contact> = self
            .contacts
            .iter()
            .filter(|(_, kept)| kept.record.business == business)
            .map(|(id, kept)| contact(*id, &kept.record.draft))
            .collect();
        for entry in &outbox.entries {
            if let ChangeBody::Contact {
                business: of,
                draft,
                ..
            } = &entry.body
                && *of == business
                && !matches!(entry.state, EntryState::Discarded { .. })
            {
                match found.iter_mut().find(|c| c.id.0 == entry.id) {
                    Some(existing) => *existing = contact(entry.id, draft),
                    None => found.push(contact(entry.id, draft)),
                }
            }
        }
        found.sort_by(|a, b| {
            b.key_representative
                .cmp(&a.key_representative)
                .then(a.name.cmp(&b.name))
        });
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ContactDraft;
    use crate::sync::protocol::Pulled;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_763_900_000, 0).unwrap_or_default()
    }

    fn business(name: &str, city: &str, zip: &str) -> BusinessRecord {
        BusinessRecord {
            draft: BusinessDraft {
                legal_name: name.to_owned(),
                city: city.to_owned(),
                zip: zip.to_owned(),
                stage: "growth".to_owned(),
                ..BusinessDraft::default()
            },
            stage: Stage::Growth,
            center: None,
        }
    }

    fn pulled(seq: i64, id: u128, business: Option<BusinessRecord>, deleted: bool) -> Pulled {
        Pulled {
            seq,
            kind: RecordKind::Business,
            id: Uuid::from_u128(id),
            version: seq,
            deleted,
            merged_into: None,
            business,
            contact: None,
            visit: None,
        }
    }

    #[test]
    fn pulls_add_change_and_remove_records() {
        let mut cache = DeviceCache::default();
        cache.apply(
            &PullResponse {
                changes: vec![
                    pulled(
                        1,
                        1,
                        Some(business("Harbor Foods", "Lowell", "01852")),
                        false,
                    ),
                    pulled(
                        2,
                        2,
                        Some(business("Granite Works", "Quincy", "02169")),
                        false,
                    ),
                ],
                cursor: 2,
                has_more: false,
            },
            now(),
        );
        assert_eq!(cache.businesses.len(), 2);
        cache.apply(
            &PullResponse {
                changes: vec![
                    pulled(
                        3,
                        1,
                        Some(business("Harbor Foods Inc", "Lowell", "01852")),
                        false,
                    ),
                    pulled(4, 2, None, true),
                ],
                cursor: 4,
                has_more: false,
            },
            now(),
        );
        assert_eq!(cache.cursor, 4);
        assert_eq!(cache.businesses.len(), 1);
        let kept = &cache.businesses[&Uuid::from_u128(1)];
        assert_eq!(kept.version, 3);
        assert_eq!(kept.record.draft.legal_name, "Harbor Foods Inc");
    }

    #[test]
    fn search_finds_kept_and_offline_businesses_by_prefix() {
        let mut cache = DeviceCache::default();
        cache.apply(
            &PullResponse {
                changes: vec![
                    pulled(
                        1,
                        1,
                        Some(business("Harbor Foods", "Lowell", "01852")),
                        false,
                    ),
                    pulled(
                        2,
                        2,
                        Some(business("Granite Works", "Quincy", "02169")),
                        false,
                    ),
                ],
                cursor: 2,
                has_more: false,
            },
            now(),
        );
        let mut outbox = Outbox::new();
        outbox.record(
            Uuid::from_u128(9),
            None,
            ChangeBody::Business {
                draft: business("Harborside Diner", "Salem", "01970").draft,
                base: None,
            },
            "New business".into(),
            now(),
            true,
        );
        let names = |text: &str| -> Vec<String> {
            cache
                .search(text, &outbox)
                .into_iter()
                .map(|b| b.legal_name)
                .collect()
        };
        assert_eq!(names("harb"), ["Harbor Foods", "Harborside Diner"]);
        assert_eq!(names("harbor low"), ["Harbor Foods"]);
        assert_eq!(names("021"), ["Granite Works"]);
        assert_eq!(names("nothing"), Vec::<String>::new());
        assert_eq!(names("").len(), 3);
    }

    #[test]
    fn contacts_created_offline_join_their_business_key_first() {
        let mut cache = DeviceCache::default();
        let firm = BusinessId(Uuid::from_u128(1));
        cache.contacts.insert(
            Uuid::from_u128(5),
            Kept {
                version: 1,
                record: ContactRecord {
                    business: firm,
                    draft: ContactDraft {
                        name: "Bo Lind".into(),
                        ..ContactDraft::default()
                    },
                },
            },
        );
        let mut outbox = Outbox::new();
        outbox.record(
            Uuid::from_u128(6),
            None,
            ChangeBody::Contact {
                business: firm,
                draft: ContactDraft {
                    name: "Ada Key".into(),
                    key_representative: true,
                    ..ContactDraft::default()
                },
                base: None,
            },
            "New contact".into(),
            now(),
            true,
        );
        let names: Vec<String> = cache
            .contacts_of(firm, &outbox)
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names, ["Ada Key", "Bo Lind"]);
    }
}
