//! The change-password form post. An invited person must use it before anything else opens
//! (see [`must_change_first`]); anyone may use it later. Other sessions of the account end.

use app::backend::SignedIn;
use app::rules::password::{PasswordProblem, check_new_password};
use axum::Form;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde::Deserialize;

use super::routes::{see_other, unavailable};
use super::{password, session};
use crate::entities::{audit_log, user};
use crate::startup::AppState;
use crate::storage::writer;

/// Where the form lives; also the only page an invited person can open before changing.
pub const PAGE: &str = "/account/password";

#[derive(Debug, Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    signed_in: Option<axum::Extension<SignedIn>>,
    headers: axum::http::HeaderMap,
    Form(form): Form<ChangeForm>,
) -> Response {
    let Some(axum::Extension(SignedIn(me))) = signed_in else {
        return see_other(&format!("/sign-in?next={PAGE}"), None);
    };
    let back =
        |problem: PasswordProblem| see_other(&format!("{PAGE}?error={}", problem.as_str()), None);
    if let Err(problem) = check_new_password(&form.current, &form.new_password, &form.confirm) {
        return back(problem);
    }
    let db = &state.db;
    let account = match user::Entity::find_by_id(me.id.0).one(db).await {
        Ok(Some(account)) => account,
        Ok(None) => return see_other("/sign-in", None),
        Err(error) => return unavailable(error),
    };
    if !password::verify(Some(account.password_hash.clone()), form.current).await {
        return back(PasswordProblem::WrongCurrent);
    }
    let hash = match password::hash(form.new_password).await {
        Ok(hash) => hash,
        Err(error) => return unavailable(error),
    };
    let keep = session::cookie_token(&headers).map(|token| session::token_id(&token));
    let saved = async {
        let txn = writer::begin(db).await?;
        let mut changed = account.into_active_model();
        changed.password_hash = Set(hash);
        changed.must_change_password = Set(false);
        changed.update(&txn).await?;
        let mut others = crate::entities::session::Entity::delete_many()
            .filter(crate::entities::session::Column::UserId.eq(me.id.0));
        if let Some(keep) = keep {
            others = others.filter(crate::entities::session::Column::Id.ne(keep));
        }
        others.exec(&txn).await?;
        audit_log::ActiveModel {
            at: Set(Utc::now()),
            actor_id: Set(Some(me.id.0)),
            action: Set("changed_password".to_owned()),
            entity: Set("user".to_owned()),
            entity_id: Set(me.id.0.to_string()),
            detail: Set("{}".to_owned()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        txn.commit().await
    };
    match saved.await {
        Ok(()) => see_other("/?password=changed", None),
        Err(error) => unavailable(error),
    }
}

/// Paths an invited person may reach before choosing a password: the form, signing out,
/// the header's "who am I", and the static files the form's page loads (without its script
/// and styles the page would never hydrate).
fn allowed_before_change(path: &str) -> bool {
    path == PAGE
        || path == "/auth/sign-out"
        || path == "/api/current_user"
        || crate::security::is_static_asset(path)
}

/// Holds an invited person at the change-password form: pages redirect there, anything else
/// is refused, so the temporary password only ever opens that one form.
pub async fn must_change_first(request: Request, next: Next) -> Response {
    let held = request
        .extensions()
        .get::<SignedIn>()
        .is_some_and(|signed_in| signed_in.0.must_change_password);
    if !held || allowed_before_change(request.uri().path()) {
        return next.run(request).await;
    }
    if request.method() == Method::GET || request.method() == Method::HEAD {
        see_other(PAGE, None)
    } else {
        (
            StatusCode::FORBIDDEN,
            "Choose a new password at /account/password before doing anything else.",
        )
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::allowed_before_change;

    #[test]
    fn only_the_form_sign_out_and_who_am_i_are_open() {
        assert!(allowed_before_change("/account/password"));
        assert!(allowed_before_change("/auth/sign-out"));
        assert!(allowed_before_change("/api/current_user"));
        assert!(!allowed_before_change("/"));
        assert!(!allowed_before_change("/api/list_users"));
        assert!(!allowed_before_change("/account/password/../admin"));
        assert!(allowed_before_change("/pkg/bizworks.wasm"));
        assert!(allowed_before_change("/favicon.svg"));
        assert!(!allowed_before_change("/pkg/../api/list_users"));
    }
}
