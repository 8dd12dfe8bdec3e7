//! The organisation's regions, boards and centers as administrators keep them. A unit can
//! be renamed or moved at any time; it can be removed only while nothing hangs on it.

use std::collections::HashMap;

use app::backend::AdminViewer;
use app::error::AppError;
use app::model::{OrgUnits, Unit, UnitFields, UnitKind};
use app::rules::validation::FieldError;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::{StoreResult, audit, rollups};
use crate::entities::{board, business, center, establishment_count, region, user, visit};
use crate::storage::writer;

/// Every unit, with its parent and how many units and staff hang on it.
pub async fn all(db: &DatabaseConnection) -> StoreResult<OrgUnits> {
    let regions = region::Entity::find()
        .order_by_asc(region::Column::Name)
        .all(db)
        .await?;
    let boards = board::Entity::find()
        .order_by_asc(board::Column::Name)
        .all(db)
        .await?;
    let centers = center::Entity::find()
        .order_by_asc(center::Column::Name)
        .all(db)
        .await?;
    let mut attached: HashMap<Uuid, u64> = HashMap::new();
    for b in &boards {
        *attached.entry(b.region_id).or_default() += 1;
    }
    for c in &centers {
        *attached.entry(c.board_id).or_default() += 1;
    }
    for account in user::Entity::find().all(db).await? {
        for unit in [account.center_id, account.scope_id].into_iter().flatten() {
            *attached.entry(unit).or_default() += 1;
        }
    }
    let count = |id: &Uuid| attached.get(id).copied().unwrap_or(0);
    Ok(OrgUnits {
        regions: regions
            .iter()
            .map(|r| Unit {
                id: r.id,
                name: r.name.clone(),
                parent: None,
                city: None,
                attached: count(&r.id),
            })
            .collect(),
        boards: boards
            .iter()
            .map(|b| Unit {
                id: b.id,
                name: b.name.clone(),
                parent: Some(b.region_id),
                city: None,
                attached: count(&b.id),
            })
            .collect(),
        centers: centers
            .iter()
            .map(|c| Unit {
                id: c.id,
                name: c.name.clone(),
                parent: Some(c.board_id),
                city: Some(c.city.clone()),
                attached: count(&c.id),
            })
            .collect(),
    })
}

fn refused(field: &str, message: impl Into<String>) -> AppError {
    AppError::InvalidFields(vec![FieldError::new(field, message)])
}

fn not_found(kind: UnitKind) -> AppError {
    AppError::NotFound {
        what: format!("That {}", kind.label().to_lowercase()),
    }
}

/// Whether another unit of the same kind already has `name` (names are unique per kind).
async fn name_taken(
    db: &impl ConnectionTrait,
    kind: UnitKind,
    name: &str,
    except: Option<Uuid>,
) -> StoreResult<bool> {
    let others = match kind {
        UnitKind::Region => region::Entity::find()
            .filter(region::Column::Name.eq(name))
            .all(db)
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect::<Vec<_>>(),
        UnitKind::Board => board::Entity::find()
            .filter(board::Column::Name.eq(name))
            .all(db)
            .await?
            .into_iter()
            .map(|b| b.id)
            .collect(),
        UnitKind::Center => center::Entity::find()
            .filter(center::Column::Name.eq(name))
            .all(db)
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect(),
    };
    Ok(others.into_iter().any(|id| Some(id) != except))
}

/// The parent must exist: a board's region, a center's board.
async fn check_parent(db: &impl ConnectionTrait, fields: &UnitFields) -> StoreResult<()> {
    let exists = match (fields.kind, fields.parent) {
        (UnitKind::Region, _) => true,
        (UnitKind::Board, Some(parent)) => {
            region::Entity::find_by_id(parent).one(db).await?.is_some()
        }
        (UnitKind::Center, Some(parent)) => {
            board::Entity::find_by_id(parent).one(db).await?.is_some()
        }
        (_, None) => false,
    };
    if exists {
        Ok(())
    } else {
        Err(refused(
            "parent",
            "that unit no longer exists; reload the page and choose again",
        )
        .into())
    }
}

pub async fn save(
    db: &DatabaseConnection,
    admin: &AdminViewer,
    id: Option<Uuid>,
    fields: UnitFields,
) -> StoreResult<Uuid> {
    let me = admin.viewer().user();
    let txn = writer::begin(db).await?;
    if name_taken(&txn, fields.kind, &fields.name, id).await? {
        return Err(refused(
            "name",
            format!(
                "another {} already has this name",
                fields.kind.label().to_lowercase()
            ),
        )
        .into());
    }
    check_parent(&txn, &fields).await?;
    let places = crate::org::places(&txn).await?;
    let now = Utc::now();
    let saved = match (fields.kind, id) {
        (UnitKind::Region, None) => {
            region::Model {
                id: Uuid::now_v7(),
                name: fields.name.clone(),
                created_at: now,
            }
            .into_active_model()
            .insert(&txn)
            .await?
            .id
        }
        (UnitKind::Region, Some(id)) => {
            let mut found = region::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or_else(|| not_found(fields.kind))?
                .into_active_model();
            found.name = Set(fields.name.clone());
            found.update(&txn).await?.id
        }
        (UnitKind::Board, None) => {
            board::Model {
                id: Uuid::now_v7(),
                region_id: fields.parent.unwrap_or_default(),
                name: fields.name.clone(),
                created_at: now,
            }
            .into_active_model()
            .insert(&txn)
            .await?
            .id
        }
        (UnitKind::Board, Some(id)) => {
            let mut found = board::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or_else(|| not_found(fields.kind))?
                .into_active_model();
            found.name = Set(fields.name.clone());
            if let Some(parent) = fields.parent {
                found.region_id = Set(parent);
            }
            found.update(&txn).await?.id
        }
        (UnitKind::Center, None) => {
            center::Model {
                id: Uuid::now_v7(),
                board_id: fields.parent.unwrap_or_default(),
                name: fields.name.clone(),
                city: fields.city.clone().unwrap_or_default(),
                created_at: now,
            }
            .into_active_model()
            .insert(&txn)
            .await?
            .id
        }
        (UnitKind::Center, Some(id)) => {
            let mut found = center::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or_else(|| not_found(fields.kind))?
                .into_active_model();
            found.name = Set(fields.name.clone());
            if let Some(parent) = fields.parent {
                found.board_id = Set(parent);
            }
            if let Some(city) = fields.city.clone() {
                found.city = Set(city);
            }
            found.update(&txn).await?.id
        }
    };
    // A center now in another board (or a board in another region) counts its visits there:
    // the dashboard's roll-ups are rebuilt under the new organisation.
    let now_placed = crate::org::places(&txn).await?;
    if places
        .iter()
        .any(|(center, place)| now_placed.get(center).is_some_and(|now| now != place))
    {
        rollups::rebuild(&txn).await?;
    }
    audit::record(
        &txn,
        Some(me.id.0),
        if id.is_some() { "changed" } else { "added" },
        fields.kind.as_str(),
        saved,
        serde_json::json!({ "name": fields.name, "parent": fields.parent, "city": fields.city }),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// What still hangs on a unit, in words, or nothing.
async fn dependants(
    db: &impl ConnectionTrait,
    kind: UnitKind,
    id: Uuid,
) -> StoreResult<Vec<String>> {
    let mut found = Vec::new();
    let mut note = |n: u64, one: &str, many: &str| {
        if n > 0 {
            found.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    };
    match kind {
        UnitKind::Region => note(
            board::Entity::find()
                .filter(board::Column::RegionId.eq(id))
                .count(db)
                .await?,
            "board",
            "boards",
        ),
        UnitKind::Board => note(
            center::Entity::find()
                .filter(center::Column::BoardId.eq(id))
                .count(db)
                .await?,
            "center",
            "centers",
        ),
        UnitKind::Center => {
            note(
                business::Entity::find()
                    .filter(business::Column::CenterId.eq(id))
                    .count(db)
                    .await?,
                "business",
                "businesses",
            );
            // Existence is enough for visits, which may be millions.
            let visited = visit::Entity::find()
                .filter(visit::Column::CenterId.eq(id))
                .one(db)
                .await?
                .is_some();
            note(u64::from(visited), "recorded visits", "recorded visits");
        }
    }
    note(
        user::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(user::Column::CenterId.eq(id))
                    .add(user::Column::ScopeId.eq(id)),
            )
            .count(db)
            .await?,
        "account",
        "accounts",
    );
    note(
        establishment_count::Entity::find()
            .filter(establishment_count::Column::AreaId.eq(id))
            .count(db)
            .await?,
        "establishment count",
        "establishment counts",
    );
    Ok(found)
}

pub async fn remove(
    db: &DatabaseConnection,
    admin: &AdminViewer,
    kind: UnitKind,
    id: Uuid,
) -> StoreResult<()> {
    let me = admin.viewer().user();
    let txn = writer::begin(db).await?;
    let name = match kind {
        UnitKind::Region => region::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .map(|u| u.name),
        UnitKind::Board => board::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .map(|u| u.name),
        UnitKind::Center => center::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .map(|u| u.name),
    }
    .ok_or_else(|| not_found(kind))?;
    let left = dependants(&txn, kind, id).await?;
    if !left.is_empty() {
        return Err(AppError::Conflict {
            message: format!(
                "{name} cannot be removed while it has {}. Move or remove those first; a unit \
                 with history is best renamed instead.",
                left.join(", ")
            ),
        }
        .into());
    }
    match kind {
        UnitKind::Region => region::Entity::delete_by_id(id).exec(&txn).await?,
        UnitKind::Board => board::Entity::delete_by_id(id).exec(&txn).await?,
        UnitKind::Center => center::Entity::delete_by_id(id).exec(&txn).await?,
    };
    audit::record(
        &txn,
        Some(me.id.0),
        "removed",
        kind.as_str(),
        id,
        serde_json::json!({ "name": name }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
