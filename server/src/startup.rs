//! Wiring: the shared state, the router with its layers, and serving.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use app::backend::SharedBackend;
use app::{App, shell};
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{get, post};
use axum::{Router, middleware};
use leptos::config::LeptosOptions;
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{
    AxumRouteListing, LeptosRoutes, file_and_error_handler_with_context, generate_route_list,
};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use tokio::net::TcpListener;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::auth::{change_password, must_change_first, resolve_session, routes};
use crate::config::Config;
use crate::db;
use crate::local_time::LocalTime;
use crate::security::{
    limit_public_forms, page_nonce, same_origin, server_fn_status, static_headers,
};
use crate::storage::Storage;

/// Everything a request handler may need. Holds no per-user state: sessions, throttles and
/// sync progress live in the database, so any number of instances can serve one database.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub backend: SharedBackend,
    /// The state's clock (`BIZWORKS_TIME_ZONE`).
    pub clock: LocalTime,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, db: DatabaseConnection, config: Config) -> Self {
        AppState {
            leptos_options,
            backend: Arc::new(Storage::new(db.clone(), &config)),
            clock: LocalTime::configured(&config.time_zone),
            db,
            config: Arc::new(config),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error("cannot serve: {0}")]
    Io(#[from] std::io::Error),
}

/// The app's routes, worked out once per process. Working them out renders the app with
/// resource loading switched off for the whole process (leptos_server's
/// `SuppressResourceLoad`): a page whose resource first polled at that moment waited forever
/// (leptos-rs/leptos#4773). One server per process never saw it; the tests, which start many
/// servers in one process while others serve pages, did, now and then.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole application as one axum router.
pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let backend = state.backend.clone();
    // Runs inside every page render and server function call.
    let context = move || {
        provide_context(backend.clone());
        // The nonce this request's policy names (`security::page_nonce`), for the page's
        // scripts; it replaces the one Leptos made up for the render.
        if let Some(nonce) =
            use_context::<Parts>().and_then(|parts| parts.extensions.get::<Nonce>().cloned())
        {
            provide_context(nonce);
        }
    };
    let options = state.leptos_options.clone();
    let mut router = Router::new()
        .route("/healthz", get(health))
        .route("/livez", get(alive))
        .route("/auth/sign-in", post(routes::sign_in))
        .route("/auth/sign-out", post(routes::sign_out))
        .route(
            change_password::PAGE,
            post(change_password::change_password),
        )
        .merge(crate::sync::routes())
        .merge(crate::exports::routes())
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .layer(middleware::from_fn(must_change_first))
        .layer(middleware::from_fn(limit_public_forms))
        .layer(middleware::from_fn(server_fn_status))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            resolve_session,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), same_origin));
    // Inside the static headers: a page's policy replaces the default one.
    router = router.layer(middleware::from_fn(page_nonce));
    for (name, value) in static_headers(state.config.secure_cookies) {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    router
        // The fastest level: pages are made per request, and at the default level the
        // compression alone took an eighth of a list page's time under load.
        .layer(CompressionLayer::new().quality(CompressionLevel::Fastest))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Answers 200 when the database answers.
async fn health(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.db.execute_unprepared("SELECT 1").await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(error) => {
            tracing::error!(%error, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Answers 200 while the process serves, touching nothing: a liveness probe for a process
/// manager, and the bare-handler floor the load benchmark compares the pages with.
async fn alive() -> &'static str {
    "ok"
}

/// Opens and migrates the database, then serves on `listener` until shut down.
pub async fn serve(
    config: Config,
    leptos_options: LeptosOptions,
    listener: TcpListener,
) -> Result<(), StartError> {
    let db = db::connect(&config.database_url).await?;
    db::migrate(&db, &config.database_url).await?;
    let state = AppState::new(leptos_options, db, config);
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await?;
    Ok(())
}

async fn shutdown() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
