//! Accounts as administrators manage them: the list, invitations, deactivation.

use app::backend::AdminViewer;
use app::error::AppError;
use app::model::{InviteFields, Invited, Scope, UserId, UserRow};
use app::rules::validation::FieldError;
use chrono::Utc;
use rand::Rng;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

use super::{StoreResult, audit};
use crate::auth::password;
use crate::auth::session::session_user;
use crate::entities::{session, user};
use crate::org::Org;
use crate::storage::writer;

pub async fn list(db: &DatabaseConnection) -> StoreResult<Vec<UserRow>> {
    let org = Org::load(db).await?;
    let users = user::Entity::find()
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await?;
    Ok(users
        .into_iter()
        .filter_map(|account| {
            let active = account.active;
            let user = session_user(account, &org)?;
            Some(UserRow {
                id: user.id,
                email: user.email,
                display_name: user.display_name,
                role: user.role,
                unit_name: user.unit_name,
                active,
            })
        })
        .collect())
}

/// Twelve characters from an alphabet without look-alikes (no 0/O, 1/l/I).
fn temporary_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    (0..12)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

pub async fn invite(
    db: &DatabaseConnection,
    admin: &AdminViewer,
    fields: InviteFields,
) -> StoreResult<Invited> {
    let me = admin.viewer().user();
    let temporary = temporary_password();
    let hash = password::hash(temporary.clone()).await.map_err(|error| {
        tracing::error!(%error, "could not hash a temporary password");
        AppError::Unavailable
    })?;
    let txn = writer::begin(db).await?;
    if user::Entity::find()
        .filter(user::Column::Email.eq(fields.email.clone()))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(AppError::InvalidFields(vec![FieldError {
            field: "email".to_owned(),
            message: "already has an account; reactivate it instead of inviting again".to_owned(),
        }])
        .into());
    }
    let now = Utc::now();
    let (scope_kind, scope_id) = match fields.scope {
        Some(Scope::State) => (Some("state"), None),
        Some(Scope::Region(id)) => (Some("region"), Some(id.0)),
        Some(Scope::Board(id)) => (Some("board"), Some(id.0)),
        Some(Scope::Center(id)) => (Some("center"), Some(id.0)),
        None => (None, None),
    };
    let id = Uuid::now_v7();
    user::Model {
        id,
        email: fields.email.clone(),
        display_name: fields.display_name.clone(),
        password_hash: hash,
        role: fields.role.as_str().to_owned(),
        center_id: fields.center.map(|c| c.0),
        scope_kind: scope_kind.map(str::to_owned),
        scope_id,
        active: true,
        must_change_password: true,
        created_at: now,
        updated_at: now,
    }
    .into_active_model()
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(me.id.0),
        "invited",
        "user",
        id,
        serde_json::json!({ "email": fields.email, "role": fields.role.as_str() }),
    )
    .await?;
    txn.commit().await?;
    Ok(Invited {
        email: fields.email,
        temporary_password: temporary,
    })
}

pub async fn set_active(
    db: &DatabaseConnection,
    admin: &AdminViewer,
    id: UserId,
    active: bool,
) -> StoreResult<()> {
    let me = admin.viewer().user();
    if me.id == id && !active {
        return Err(AppError::Invalid {
            field: "account".to_owned(),
            message: "you cannot deactivate your own account; ask another administrator".to_owned(),
        }
        .into());
    }
    let txn = writer::begin(db).await?;
    let found = user::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::NotFound {
            what: "That account".to_owned(),
        })?;
    let mut account = found.into_active_model();
    account.active = Set(active);
    account.updated_at = Set(Utc::now());
    account.update(&txn).await?;
    if !active {
        // Signed out everywhere at once.
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(id.0))
            .exec(&txn)
            .await?;
    }
    let action = if active { "reactivated" } else { "deactivated" };
    audit::record(
        &txn,
        Some(me.id.0),
        action,
        "user",
        id.0,
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
