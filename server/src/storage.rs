//! The server's side of the app's backend port: each method receives the guard its caller
//! had to obtain, and reads or writes through sea-orm.

use app::backend::{AdminViewer, Backend};
use app::error::AppError;
use app::model::UserRow;
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, QueryOrder};

use crate::auth::session::session_user;
use crate::entities::user;
use crate::org::Org;

pub struct Storage {
    db: DatabaseConnection,
}

impl Storage {
    pub fn new(db: DatabaseConnection) -> Self {
        Storage { db }
    }
}

/// Logs the cause and gives the person a message they can act on.
fn unavailable(error: DbErr) -> AppError {
    tracing::error!(%error, "database request failed");
    AppError::Unavailable
}

#[async_trait::async_trait]
impl Backend for Storage {
    async fn list_users(&self, _admin: &AdminViewer) -> Result<Vec<UserRow>, AppError> {
        let org = Org::load(&self.db).await.map_err(unavailable)?;
        let users = user::Entity::find()
            .order_by_asc(user::Column::DisplayName)
            .all(&self.db)
            .await
            .map_err(unavailable)?;
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
}
