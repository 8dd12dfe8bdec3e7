//! File downloads that a page links to: the committee roster and the dashboard's tables as CSV. Each checks who asks
//! and what they may read exactly as the server functions do (through the backend port), and
//! each export is written to the audit log.

use app::backend::Viewer;
use app::error::AppError;
use app::model::{CommitteeId, DASHBOARD_TABLES, DashboardQuery};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::startup::AppState;
use crate::storage::audit;

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/committees/{id}/roster.csv", get(roster_csv))
        .route("/dashboard/{table}", get(dashboard_csv))
        .route_layer(axum::middleware::from_fn(
            crate::security::only_from_our_pages,
        ))
}

/// The person's own error message, with its status, as plain text.
fn refused(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::FORBIDDEN);
    (status, error.to_string()).into_response()
}

/// "Systems Development & Tracking" → "systems-development-tracking".
fn file_stem(name: &str) -> String {
    let mut stem = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            stem.push(c.to_ascii_lowercase());
        } else if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
    }
    stem.trim_end_matches('-').to_owned()
}

fn csv(name: &str, body: String) -> Response {
    let disposition = format!("attachment; filename=\"{}.csv\"", file_stem(name));
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// Writes the export to the audit log; a download that cannot be audited is not served.
async fn exported(
    state: &AppState,
    actor: app::model::UserId,
    action: &str,
    entity: &str,
    id: impl ToString,
    detail: serde_json::Value,
) -> Result<(), AppError> {
    audit::record(&state.db, Some(actor.0), action, entity, id, detail)
        .await
        .map_err(|error| {
            tracing::error!(%error, action, "could not audit an export");
            AppError::Unavailable
        })
}

/// The roster with roles, term dates and participation: its chair or an administrator only.
async fn roster_csv(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: axum::extract::Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let result = async {
        let viewer = Viewer::signed_in(&parts)?;
        let actor = viewer.user().id;
        let committee =
            id.parse::<uuid::Uuid>()
                .map(CommitteeId)
                .map_err(|_| AppError::NotFound {
                    what: "That committee".to_owned(),
                })?;
        let roster = state
            .backend
            .roster(&viewer.committees()?, committee)
            .await?;
        exported(
            &state,
            actor,
            "exported_roster",
            "committee",
            committee.0,
            serde_json::json!({ "members": roster.members.len() }),
        )
        .await?;
        Ok::<_, AppError>(csv(&format!("{}-roster", roster.name), roster.csv()))
    };
    result.await.unwrap_or_else(refused)
}

/// One of the dashboard's tables, for the same area and period as the page (the address's
/// query), exactly as the page shows it: a director, within their own scope only.
async fn dashboard_csv(
    State(state): State<AppState>,
    Path(file): Path<String>,
    query: Result<Query<DashboardQuery>, axum::extract::rejection::QueryRejection>,
    request: axum::extract::Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let result = async {
        let viewer = Viewer::signed_in(&parts)?;
        let actor = viewer.user().id;
        let table = file
            .strip_suffix(".csv")
            .filter(|t| DASHBOARD_TABLES.contains(t))
            .ok_or_else(|| AppError::NotFound {
                what: "That table".to_owned(),
            })?;
        let Query(query) = query.map_err(|rejection| AppError::Invalid {
            field: "query".to_owned(),
            message: rejection.body_text(),
        })?;
        let dashboard = state
            .backend
            .dashboard(&viewer.visits()?.director()?, query)
            .await?;
        let body = dashboard.csv(table).ok_or_else(|| AppError::NotFound {
            what: "That table".to_owned(),
        })?;
        exported(
            &state,
            actor,
            "exported_dashboard",
            "dashboard",
            &dashboard.area,
            serde_json::json!({
                "table": table,
                "first": dashboard.period.first,
                "last": dashboard.period.last,
            }),
        )
        .await?;
        let name = format!(
            "{}-{}-{}-{}",
            table, dashboard.area_name, dashboard.period.first, dashboard.period.last
        );
        Ok::<_, AppError>(csv(&name, body))
    };
    result.await.unwrap_or_else(refused)
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn file_names_are_plain() {
        assert_eq!(
            file_stem("Systems Development & Tracking-roster"),
            "systems-development-tracking-roster"
        );
        assert_eq!(file_stem("  \"MOSES\" workgroup "), "moses-workgroup");
    }
}
