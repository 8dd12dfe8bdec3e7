//! A visit's parts: its businesses, the contacts met, the services presented, delivered and
//! referred, and whether a business failed the orientation rule. They live in their own
//! tables, which the metrics and roll-ups count, and also as one JSON value in
//! `visits.parts`, written with them, so that reading thousands of visits' forms (a device's
//! pull) reads one row per visit instead of nine.
//!
//! The column is a copy, never the only record: NULL means "read the tables", which is the
//! case for visits written before the column existed and for visits whose links a business
//! merge (or its undo) moved. Every reader goes through [`of`], which falls back by itself.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::entities::{visit_business, visit_contact, visit_service};

/// Ids per `IN (…)`: well inside SQLite's limit on bound values, and few queries per page.
pub(crate) const CHUNK: usize = 4_000;

/// The parts as stored, each list in id order (the order the tables give them in), so the
/// column and the tables read the same.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parts {
    #[serde(rename = "b", default)]
    pub businesses: Vec<Uuid>,
    #[serde(rename = "c", default, skip_serializing_if = "Vec::is_empty")]
    pub contacts_met: Vec<Uuid>,
    #[serde(rename = "p", default, skip_serializing_if = "Vec::is_empty")]
    pub presented: Vec<Uuid>,
    #[serde(rename = "d", default, skip_serializing_if = "Vec::is_empty")]
    pub delivered: Vec<Uuid>,
    #[serde(rename = "r", default, skip_serializing_if = "Vec::is_empty")]
    pub referred: Vec<Uuid>,
    /// At least one business did not qualify under the orientation rule.
    #[serde(rename = "f", default, skip_serializing_if = "std::ops::Not::not")]
    pub fails_orientation: bool,
}

impl Parts {
    /// Each list sorted and without repeats.
    pub fn normalised(mut self) -> Self {
        for list in [
            &mut self.businesses,
            &mut self.contacts_met,
            &mut self.presented,
            &mut self.delivered,
            &mut self.referred,
        ] {
            list.sort_unstable();
            list.dedup();
        }
        self
    }

    /// The column's text.
    pub fn encode(&self) -> String {
        // Serialising plain ids and lists cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The column's text read back; `None` (read the tables) if it is not what we write.
    fn decode(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }
}

/// The parts of the visits `(id, parts column)`, in the order given: from the column where it
/// is set, from the tables for the rest. In order rather than keyed by id: a pull reads
/// thousands at once, and hashing and moving each one again was a tenth of its server time in
/// a profile.
pub async fn of<'a>(
    db: &impl ConnectionTrait,
    visits: impl IntoIterator<Item = (Uuid, Option<&'a str>)>,
) -> Result<Vec<Parts>, DbErr> {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for (id, column) in visits {
        match column.and_then(Parts::decode) {
            Some(parts) => out.push(parts),
            None => {
                missing.push((out.len(), id));
                out.push(Parts::default());
            }
        }
    }
    if !missing.is_empty() {
        let ids: Vec<Uuid> = missing.iter().map(|(_, id)| *id).collect();
        let found = from_tables(db, &ids).await?;
        for (at, id) in missing {
            if let (Some(slot), Some(parts)) = (out.get_mut(at), found.get(&id)) {
                slot.clone_from(parts);
            }
        }
    }
    Ok(out)
}

/// The parts of the visits `ids` read from the tables alone. Every id gets an entry.
pub async fn from_tables(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Parts>, DbErr> {
    let mut out: HashMap<Uuid, Parts> = ids.iter().map(|id| (*id, Parts::default())).collect();
    for chunk in ids.chunks(CHUNK) {
        for (visit_id, business_id, qualifies) in visit_business::Entity::find()
            .select_only()
            .columns([
                visit_business::Column::VisitId,
                visit_business::Column::BusinessId,
                visit_business::Column::OrientationQualifies,
            ])
            .filter(visit_business::Column::VisitId.is_in(chunk.to_vec()))
            .into_tuple::<(Uuid, Uuid, bool)>()
            .all(db)
            .await?
        {
            let parts = out.entry(visit_id).or_default();
            parts.businesses.push(business_id);
            parts.fails_orientation |= !qualifies;
        }
        for (visit_id, contact_id) in visit_contact::Entity::find()
            .select_only()
            .columns([
                visit_contact::Column::VisitId,
                visit_contact::Column::ContactId,
            ])
            .filter(visit_contact::Column::VisitId.is_in(chunk.to_vec()))
            .into_tuple::<(Uuid, Uuid)>()
            .all(db)
            .await?
        {
            out.entry(visit_id)
                .or_default()
                .contacts_met
                .push(contact_id);
        }
        for (visit_id, service_id, kind) in visit_service::Entity::find()
            .select_only()
            .columns([
                visit_service::Column::VisitId,
                visit_service::Column::ServiceId,
                visit_service::Column::Kind,
            ])
            .filter(visit_service::Column::VisitId.is_in(chunk.to_vec()))
            .into_tuple::<(Uuid, Uuid, String)>()
            .all(db)
            .await?
        {
            let parts = out.entry(visit_id).or_default();
            match kind.as_str() {
                "presented" => parts.presented.push(service_id),
                "delivered" => parts.delivered.push(service_id),
                "referred" => parts.referred.push(service_id),
                _ => {}
            }
        }
    }
    Ok(out
        .into_iter()
        .map(|(id, parts)| (id, parts.normalised()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn what_is_written_reads_back_sorted_and_once() {
        let written = Parts {
            businesses: vec![id(3), id(1), id(3)],
            contacts_met: vec![id(9), id(8)],
            presented: vec![id(5), id(4)],
            delivered: vec![id(4)],
            referred: Vec::new(),
            fails_orientation: true,
        }
        .normalised();
        assert_eq!(written.businesses, [id(1), id(3)]);
        assert_eq!(written.contacts_met, [id(8), id(9)]);
        assert_eq!(written.presented, [id(4), id(5)]);
        assert_eq!(Parts::decode(&written.encode()), Some(written));
    }

    #[test]
    fn empty_lists_and_a_pass_are_left_out_of_the_column() {
        let text = Parts {
            businesses: vec![id(1)],
            ..Parts::default()
        }
        .encode();
        assert_eq!(text, format!(r#"{{"b":["{}"]}}"#, id(1)));
    }

    #[test]
    fn a_column_that_does_not_read_means_the_tables() {
        for text in [
            "",
            "null",
            "{\"b\": 3}",
            "[1, 2]",
            "{\"b\": [\"not an id\"]}",
        ] {
            assert_eq!(Parts::decode(text), None, "{text}");
        }
    }
}
