//! The sync API: `POST /api/sync/push`, `GET /api/sync/pull`, `GET /api/sync/reference`, and
//! the OpenAPI document describing them at `/api/openapi.json`. Handlers are thin: they check
//! who is asking and hand over to `push` and `pull`. Errors are JSON
//! `{"error": code, "message": text}` and their causes are logged here, never sent.

pub mod pull;
pub mod push;

use app::backend::Viewer;
use app::error::AppError;
use app::sync::protocol::{DeviceReference, PushRequest, SyncError};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::startup::AppState;
use crate::storage::{StoreError, visits};

/// The OpenAPI 3 description of this module's routes.
pub const OPENAPI: &str = include_str!("openapi.json");

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/api/sync/push", post(push_route))
        .route("/api/sync/pull", get(pull_route))
        .route("/api/sync/reference", get(reference_route))
        .route("/api/openapi.json", get(openapi_route))
}

/// Sync answers are about one person's data: no cache in between may keep them.
fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn failure(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    let body = Json(SyncError {
        error: code.to_owned(),
        message: message.into(),
    });
    no_store((status, body).into_response())
}

fn unavailable(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "sync request failed");
    failure(
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        "The server could not finish this sync. Nothing was lost on either side; it is tried again.",
    )
}

fn refused(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::FORBIDDEN);
    let code = match error {
        AppError::NotSignedIn => "not_signed_in",
        AppError::SessionExpired => "session_expired",
        AppError::Forbidden { .. } => "forbidden",
        _ => "refused",
    };
    failure(status, code, error.to_string())
}

/// The signed-in person, or a JSON 401 saying whether the session expired.
pub struct SyncUser(pub Viewer);

impl<S: Send + Sync> FromRequestParts<S> for SyncUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        Viewer::signed_in(parts).map(SyncUser).map_err(refused)
    }
}

async fn push_route(
    State(state): State<AppState>,
    SyncUser(who): SyncUser,
    body: Result<Json<PushRequest>, JsonRejection>,
) -> Response {
    let request = match body {
        Ok(Json(request)) => request,
        Err(rejection) => {
            return failure(
                StatusCode::UNPROCESSABLE_ENTITY,
                "bad_request",
                format!(
                    "The push is not in the documented form: {}",
                    rejection.body_text()
                ),
            );
        }
    };
    match push::push(&state.db, &who, request, &state.clock).await {
        Ok(answer) => no_store(Json(answer).into_response()),
        Err(push::PushError::DeviceOfAnotherUser) => failure(
            StatusCode::FORBIDDEN,
            "device_of_another_user",
            push::PushError::DeviceOfAnotherUser.to_string(),
        ),
        Err(push::PushError::TooLarge) => failure(
            StatusCode::PAYLOAD_TOO_LARGE,
            "batch_too_large",
            push::PushError::TooLarge.to_string(),
        ),
        Err(push::PushError::OutOfRange) => failure(
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_request",
            push::PushError::OutOfRange.to_string(),
        ),
        Err(push::PushError::Db(error)) => unavailable(error),
    }
}

#[derive(Debug, Deserialize)]
struct PullParams {
    #[serde(default)]
    cursor: i64,
    #[serde(default = "default_limit")]
    limit: u64,
}

fn default_limit() -> u64 {
    1_000
}

async fn pull_route(
    State(state): State<AppState>,
    SyncUser(who): SyncUser,
    params: Result<Query<PullParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Query(params) = match params {
        Ok(params) => params,
        Err(rejection) => {
            return failure(
                StatusCode::UNPROCESSABLE_ENTITY,
                "bad_request",
                format!(
                    "cursor and limit are whole numbers: {}",
                    rejection.body_text()
                ),
            );
        }
    };
    if !(1..=app::sync::protocol::MAX_PULL).contains(&params.limit) {
        return failure(
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_request",
            format!(
                "limit is between 1 and {}, not {}",
                app::sync::protocol::MAX_PULL,
                params.limit
            ),
        );
    }
    match pull::pull(&state.db, &who, params.cursor, params.limit).await {
        Ok(page) => match page.to_json() {
            Ok(body) => no_store(
                (
                    [(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/json"),
                    )],
                    body,
                )
                    .into_response(),
            ),
            Err(error) => unavailable(error),
        },
        Err(pull::PullError::Refused(error)) => refused(error),
        Err(pull::PullError::Db(error)) => unavailable(error),
    }
}

async fn reference_route(State(state): State<AppState>, SyncUser(who): SyncUser) -> Response {
    let who = match who.visits() {
        Ok(who) => who,
        Err(error) => return refused(error),
    };
    match visits::reference_for_device(&state.db, &state.clock).await {
        Ok(reference) => no_store(
            Json(DeviceReference {
                reference,
                center: who.viewer().user().center,
                server_time: chrono::Utc::now(),
            })
            .into_response(),
        ),
        Err(StoreError::App(error)) => refused(error),
        Err(StoreError::Db(error)) => unavailable(error),
    }
}

async fn openapi_route() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        OPENAPI,
    )
        .into_response()
}
