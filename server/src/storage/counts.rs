//! Establishment counts per area and period: the denominator of the employer penetration
//! rate. One count per area for any day, so the rate never has two answers.

use app::backend::AdminViewer;
use app::error::AppError;
use app::model::{CountFields, EstablishmentCount, Scope};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use super::{StoreResult, audit, names};
use crate::entities::establishment_count;
use crate::local_time::LocalTime;
use crate::org::Org;
use crate::storage::writer;

fn area_of(model: &establishment_count::Model) -> Option<Scope> {
    Scope::from_parts(&model.area_kind, model.area_id)
}

pub async fn all(
    db: &DatabaseConnection,
    local: &LocalTime,
) -> StoreResult<Vec<EstablishmentCount>> {
    let org = Org::load(db).await?;
    let counts = establishment_count::Entity::find()
        .order_by_desc(establishment_count::Column::PeriodStart)
        .order_by_asc(establishment_count::Column::AreaKind)
        .all(db)
        .await?;
    let people = names::people(
        db,
        counts
            .iter()
            .filter_map(|c| c.entered_by)
            .collect::<Vec<_>>(),
    )
    .await?;
    Ok(counts
        .into_iter()
        .filter_map(|c| {
            let area = area_of(&c)?;
            Some(EstablishmentCount {
                id: c.id,
                area,
                area_name: org.area_name(area),
                period_start: c.period_start,
                period_end: c.period_end,
                establishments: u32::try_from(c.establishments).unwrap_or_default(),
                entered_by: c.entered_by.and_then(|id| people.get(&id).cloned()),
                entered_at: local.shown(c.entered_at),
            })
        })
        .collect())
}

pub async fn save(
    db: &DatabaseConnection,
    admin: &AdminViewer,
    fields: CountFields,
) -> StoreResult<Uuid> {
    let me = admin.viewer().user();
    let txn = writer::begin(db).await?;
    let area_id = match fields.area {
        Scope::State => None,
        Scope::Region(id) => Some(id.0),
        Scope::Board(id) => Some(id.0),
        Scope::Center(id) => Some(id.0),
    };
    let org = Org::load(&txn).await?;
    if area_id.is_some() && !org.knows(fields.area) {
        return Err(
            AppError::InvalidFields(vec![app::rules::validation::FieldError::new(
                "area",
                "that area no longer exists; reload the page and choose again",
            )])
            .into(),
        );
    }
    let mut same_area = establishment_count::Entity::find()
        .filter(establishment_count::Column::AreaKind.eq(fields.area.kind()))
        .filter(establishment_count::Column::PeriodStart.lte(fields.period_end))
        .filter(establishment_count::Column::PeriodEnd.gte(fields.period_start));
    same_area = match area_id {
        Some(id) => same_area.filter(establishment_count::Column::AreaId.eq(id)),
        None => same_area.filter(establishment_count::Column::AreaId.is_null()),
    };
    if let Some(overlap) = same_area.one(&txn).await? {
        return Err(AppError::InvalidFields(vec![app::rules::validation::FieldError::new(
            "period_start",
            format!(
                "{} already has a count for {} to {}, which overlaps this period; remove that one first",
                org.area_name(fields.area),
                overlap.period_start,
                overlap.period_end
            ),
        )])
        .into());
    }
    let id = Uuid::now_v7();
    establishment_count::Model {
        id,
        area_kind: fields.area.kind().to_owned(),
        area_id,
        period_start: fields.period_start,
        period_end: fields.period_end,
        establishments: i32::try_from(fields.establishments).unwrap_or(i32::MAX),
        entered_by: Some(me.id.0),
        entered_at: Utc::now(),
    }
    .into_active_model()
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(me.id.0),
        "added",
        "establishment_count",
        id,
        serde_json::json!({
            "area": fields.area, "period_start": fields.period_start,
            "period_end": fields.period_end, "establishments": fields.establishments,
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

pub async fn remove(db: &DatabaseConnection, admin: &AdminViewer, id: Uuid) -> StoreResult<()> {
    let me = admin.viewer().user();
    let txn = writer::begin(db).await?;
    let found = establishment_count::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::NotFound {
            what: "That establishment count".to_owned(),
        })?;
    establishment_count::Entity::delete_by_id(id)
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        Some(me.id.0),
        "removed",
        "establishment_count",
        id,
        serde_json::json!({
            "area_kind": found.area_kind, "area_id": found.area_id,
            "period_start": found.period_start, "period_end": found.period_end,
            "establishments": found.establishments,
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
