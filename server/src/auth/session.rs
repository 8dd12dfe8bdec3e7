//! Sessions live in the database, keyed by a hash of the cookie's token: a stolen copy of the
//! table cannot be replayed, and any server instance can resolve any session.

use app::backend::{ClientAddress, SessionExpired, SignedIn};
use app::model::{CenterId, Role, Scope, SessionUser, UserId};
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use axum::middleware::Next;
use axum::response::Response;
use chrono::Utc;
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, IntoActiveModel,
    QueryResult, QuerySelect, Set,
};
use sha2::{Digest, Sha256};

use crate::entities::{session, user};
use crate::org::{Org, unit_name_of_user};
use crate::startup::AppState;

pub const SESSION_COOKIE: &str = "bizworks_session";

/// A fresh random token for the cookie (256 bits, hex).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// What the database stores in place of the token.
pub fn token_id(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The session token the request carries, if any.
pub fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|value| value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Starts a session for `user_id` and returns the token for the cookie.
pub async fn create(
    db: &impl ConnectionTrait,
    user_id: uuid::Uuid,
    address: &str,
    user_agent: Option<String>,
) -> Result<String, DbErr> {
    let token = new_token();
    let now = Utc::now();
    session::ActiveModel {
        id: Set(token_id(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        address: Set(Some(address.to_owned())),
        user_agent: Set(user_agent.map(|agent| agent.chars().take(200).collect())),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Ends the session behind `token`, if there is one.
pub async fn end(db: &impl ConnectionTrait, token: &str) -> Result<(), DbErr> {
    session::Entity::delete_by_id(token_id(token))
        .exec(db)
        .await?;
    Ok(())
}

/// What a session cookie turned out to mean.
#[derive(Debug)]
pub enum Lookup {
    SignedIn(SessionUser),
    /// The session existed but was idle too long; it is gone now.
    Expired,
    /// No such session, or its account is deactivated.
    Unknown,
}

/// The column the session lookup reads the account's unit name into.
const UNIT_NAME: &str = "unit_name";

/// A session's account, with the stored name of the unit it works for, read in the same
/// query: every request resolves a session, and on PostgreSQL a second query for the name
/// cost a sixth of a list page's throughput (docs/PERFORMANCE.md).
struct Account {
    account: user::Model,
    unit_name: Option<String>,
}

impl FromQueryResult for Account {
    fn from_query_result(row: &QueryResult, prefix: &str) -> Result<Self, DbErr> {
        Ok(Account {
            account: user::Model::from_query_result(row, prefix)?,
            unit_name: row.try_get("", UNIT_NAME)?,
        })
    }

    /// No account (the session's is gone) is `None`; a name that does not read is an error,
    /// not a person quietly signed out.
    fn from_query_result_optional(row: &QueryResult, prefix: &str) -> Result<Option<Self>, DbErr> {
        let Some(account) = user::Model::from_query_result_optional(row, prefix)? else {
            return Ok(None);
        };
        Ok(Some(Account {
            account,
            unit_name: row.try_get("", UNIT_NAME)?,
        }))
    }
}

/// The signed-in user behind `token`, if the session exists, is neither idle too long nor
/// older than the configured lifetime, and belongs to an active account. An expired session
/// is deleted.
pub async fn lookup(state: &AppState, token: &str) -> Result<Lookup, DbErr> {
    let db = &state.db;
    let Some((found, account)) = session::Entity::find_by_id(token_id(token))
        .find_also_related(user::Entity)
        .expr_as(unit_name_of_user(), UNIT_NAME)
        .into_model::<session::Model, Account>()
        .one(db)
        .await?
    else {
        return Ok(Lookup::Unknown);
    };
    let now = Utc::now();
    let idle = now.signed_duration_since(found.last_seen_at);
    let age = now.signed_duration_since(found.created_at);
    if idle.to_std().unwrap_or_default() > state.config.session_idle
        || age.to_std().unwrap_or_default() > state.config.session_lifetime
    {
        session::Entity::delete_by_id(found.id).exec(db).await?;
        return Ok(Lookup::Expired);
    }
    let Some(Account { account, unit_name }) = account else {
        return Ok(Lookup::Unknown);
    };
    if !account.active {
        return Ok(Lookup::Unknown);
    }
    // Writing on every request would serialise readers behind SQLite's one writer.
    if idle > chrono::Duration::seconds(60) {
        let mut touched = found.into_active_model();
        touched.last_seen_at = Set(now);
        touched.update(db).await?;
    }
    let (scope, center) = unit_of(&account);
    let org = Org::of_unit(scope, center, unit_name);
    Ok(session_user(account, &org).map_or(Lookup::Unknown, Lookup::SignedIn))
}

/// The scope and center stored on an account.
pub fn unit_of(account: &user::Model) -> (Option<Scope>, Option<CenterId>) {
    let scope = account
        .scope_kind
        .as_deref()
        .and_then(|kind| Scope::from_parts(kind, account.scope_id));
    (scope, account.center_id.map(CenterId))
}

/// The app's view of an account; `None` when the stored role is not one we know.
pub fn session_user(account: user::Model, org: &Org) -> Option<SessionUser> {
    let role: Role = account.role.parse().ok()?;
    let (scope, center) = unit_of(&account);
    Some(SessionUser {
        id: UserId(account.id),
        unit_name: org.unit_name(scope, center),
        email: account.email,
        display_name: account.display_name,
        role,
        center,
        scope: if role == Role::Director { scope } else { None },
        must_change_password: account.must_change_password,
    })
}

/// Resolves the session cookie once per request and hands the user to everything after it
/// as a [`SignedIn`] extension, with the address it came from as a [`ClientAddress`]. Static
/// files skip the lookup.
pub async fn resolve_session(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| {
            crate::security::client_address(
                info.0.ip(),
                request.headers(),
                &state.config.trusted_proxies,
            )
            .to_string()
        });
    if let Some(address) = peer {
        request.extensions_mut().insert(ClientAddress(address));
    }
    let path = request.uri().path();
    let is_asset = path.starts_with("/pkg/")
        || path == "/favicon.ico"
        || path == "/healthz"
        || path == "/livez";
    if !is_asset && let Some(token) = cookie_token(request.headers()) {
        match lookup(&state, &token).await {
            Ok(Lookup::SignedIn(user)) => {
                request.extensions_mut().insert(SignedIn(user));
            }
            Ok(Lookup::Expired) => {
                request.extensions_mut().insert(SessionExpired);
            }
            Ok(Lookup::Unknown) => {}
            Err(error) => tracing::error!(%error, "could not resolve a session"),
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(token_id(&a), a);
        assert_eq!(token_id(&a), token_id(&a));
    }

    #[test]
    fn reads_only_a_well_formed_session_cookie() {
        let token = new_token();
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_str(&format!("theme=dark; {SESSION_COOKIE}={token}")).expect("ascii"),
        );
        assert_eq!(cookie_token(&headers), Some(token));
        headers.insert(
            COOKIE,
            HeaderValue::from_static("bizworks_session=../../etc"),
        );
        assert_eq!(cookie_token(&headers), None);
    }
}
