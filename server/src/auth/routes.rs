//! The sign-in and sign-out form posts. Plain HTML forms, so they work before (or without)
//! the wasm; each answers with a redirect.

use std::net::SocketAddr;

use app::pages::SignInProblem;
use app::url::encode_component;
use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::header::{LOCATION, SET_COOKIE, USER_AGENT};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde::Deserialize;

use super::{password, session, throttle};
use crate::entities::{audit_log, user};
use crate::startup::AppState;

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Checks the password, starts a new session (never reusing an old id) and sends the person
/// on; or sends them back to the form with the reason and what they typed.
pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let email = form.email.trim().to_lowercase();
    let next = safe_next(&form.next);
    let back = |problem: SignInProblem| {
        let mut to = format!("/sign-in?error={}", problem.as_str());
        if !email.is_empty() {
            to.push_str(&format!("&email={}", encode_component(&email)));
        }
        if next != "/" {
            to.push_str(&format!("&next={}", encode_component(&next)));
        }
        see_other(&to, None)
    };
    if email.is_empty() || form.password.is_empty() {
        return back(SignInProblem::Missing);
    }
    let address =
        crate::security::client_address(peer.ip(), &headers, &state.config.trusted_proxies)
            .to_string();
    let db = &state.db;
    match throttle::is_throttled(db, &email, &address, state.config.sign_in_failures_per_hour).await
    {
        Ok(false) => {}
        Ok(true) => return back(SignInProblem::Throttled),
        Err(error) => return unavailable(error),
    }
    let account = match user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .filter(user::Column::Active.eq(true))
        .one(db)
        .await
    {
        Ok(account) => account,
        Err(error) => return unavailable(error),
    };
    let stored = account
        .as_ref()
        .map(|account| account.password_hash.clone());
    let account = match account {
        Some(account) if password::verify(stored, form.password).await => account,
        _ => {
            if let Err(error) = throttle::record_failure(db, &email, &address).await {
                return unavailable(error);
            }
            return back(SignInProblem::Credentials);
        }
    };
    if let Some(old) = session::cookie_token(&headers)
        && let Err(error) = session::end(db, &old).await
    {
        return unavailable(error);
    }
    let agent = headers
        .get(USER_AGENT)
        .and_then(|agent| agent.to_str().ok())
        .map(str::to_owned);
    let token = match session::create(db, account.id, &address, agent).await {
        Ok(token) => token,
        Err(error) => return unavailable(error),
    };
    let audit = audit_log::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(Some(account.id)),
        action: Set("sign_in".to_owned()),
        entity: Set("user".to_owned()),
        entity_id: Set(account.id.to_string()),
        detail: Set(serde_json::json!({ "address": address }).to_string()),
        ..Default::default()
    };
    if let Err(error) = audit.insert(db).await {
        return unavailable(error);
    }
    let cookie = session_cookie(&token, state.config.secure_cookies);
    let next = if account.must_change_password {
        super::change_password::PAGE.to_owned()
    } else {
        next
    };
    see_other(&next, Some(cookie))
}

/// Ends the session and clears the cookie.
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = session::cookie_token(&headers)
        && let Err(error) = session::end(&state.db, &token).await
    {
        return unavailable(error);
    }
    let cleared = format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        session::SESSION_COOKIE,
        if state.config.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    );
    see_other("/", Some(cleared))
}

fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax{}",
        session::SESSION_COOKIE,
        if secure { "; Secure" } else { "" }
    )
}

/// Only a path on this site, so the form cannot bounce someone to another site. Browsers drop
/// tabs and line breaks from a URL and read `\` as `/`, so `/\t/evil.example` would become
/// `//evil.example`, another site: a path with any of them, or a space, goes home instead.
fn safe_next(next: &str) -> String {
    let is_local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains(|c: char| c == '\\' || c.is_control() || c.is_whitespace());
    if is_local && !next.starts_with("/sign-in") {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

pub(super) fn see_other(location: &str, cookie: Option<String>) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    if let Some(cookie) = cookie.and_then(|cookie| HeaderValue::from_str(&cookie).ok()) {
        response.headers_mut().insert(SET_COOKIE, cookie);
    }
    response
}

pub(super) fn unavailable(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "sign-in could not reach the database");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "BizWorks cannot reach its database right now. Try again in a minute.",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next("/admin"), "/admin");
        assert_eq!(safe_next(""), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        for sneaky in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/ /evil.example",
        ] {
            assert_eq!(safe_next(sneaky), "/", "{sneaky:?}");
        }
        assert_eq!(
            safe_next("/visits?filter%5Bpage%5D=2"),
            "/visits?filter%5Bpage%5D=2"
        );
        assert_eq!(safe_next("/sign-in?error=x"), "/");
    }

    #[test]
    fn cookies_are_http_only_and_lax() {
        let cookie = session_cookie("abc", false);
        assert_eq!(
            cookie,
            "bizworks_session=abc; Path=/; HttpOnly; SameSite=Lax"
        );
        assert!(session_cookie("abc", true).ends_with("; Secure"));
    }
}
