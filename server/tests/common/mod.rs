//! Starts the real server on a free port against a fresh database (SQLite or PostgreSQL)
//! with the demo accounts, and talks to it over HTTP like a browser would.

#![allow(dead_code)]

pub mod fixtures;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use leptos::config::LeptosOptions;
use reqwest::header::{ACCEPT, COOKIE, LOCATION, ORIGIN, SET_COOKIE};
use reqwest::{Client, Response, StatusCode, redirect};
use sea_orm::{ConnectionTrait, Database, EntityTrait};
use server::entities::visit;
use server::seed::demo::{self, DemoSize};
use server::storage::visit_parts::{self, Parts};
use server::{AppState, Config, db, router};

#[derive(Clone, Copy, Debug)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Runs a test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_engines {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                ($body)($crate::common::Engine::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                ($body)($crate::common::Engine::Postgres).await;
            }
        }
    };
}

pub struct TestServer {
    pub base: String,
    pub db: sea_orm::DatabaseConnection,
    pub client: Client,
    config: Config,
    /// Shared with `another_instance`, so the file outlives every server that uses it.
    scratch: Arc<Scratch>,
}

/// A test's own database. A SQLite file is removed when the test is done with it (a full
/// run makes a few hundred, and a benchmark's weighs gigabytes); PostgreSQL databases live
/// in the throw-away cluster of `.ci/with-postgres`, which goes as a whole.
pub struct Scratch {
    url: String,
    file: Option<PathBuf>,
}

impl Scratch {
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(file) = &self.file {
            // An open connection keeps the unlinked file readable until it closes.
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut path = file.clone().into_os_string();
                path.push(suffix);
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// A zone whose date is not UTC's right now (a day behind before 11:00 UTC, a day ahead
/// after), and its offset in hours, to tell its date without the code under test. A test of
/// "today" that UTC's calendar would also pass proves nothing.
pub fn zone_a_day_from_utc() -> (&'static str, i64) {
    use chrono::Timelike;
    if chrono::Utc::now().hour() < 11 {
        ("Etc/GMT+12", -12)
    } else {
        ("Etc/GMT-14", 14)
    }
}

/// A fresh database for `engine`, or `None` when PostgreSQL is not configured here.
pub async fn fresh_database(engine: Engine) -> Option<Scratch> {
    let name = format!("bw_test_{}", uuid::Uuid::now_v7().simple());
    match engine {
        Engine::Sqlite => {
            let dir = std::env::temp_dir().join("bizworks-tests");
            std::fs::create_dir_all(&dir).expect("temp folder");
            let file = dir.join(format!("{name}.db"));
            Some(Scratch {
                url: format!("sqlite://{}?mode=rwc", file.display()),
                file: Some(file),
            })
        }
        Engine::Postgres => {
            let Ok(admin_url) = std::env::var("BIZWORKS_TEST_PG_URL") else {
                assert!(
                    std::env::var("BIZWORKS_REQUIRE_PG").is_err(),
                    "BIZWORKS_REQUIRE_PG is set but BIZWORKS_TEST_PG_URL is not"
                );
                eprintln!("skipped: BIZWORKS_TEST_PG_URL not set (make test sets it)");
                return None;
            };
            let admin = Database::connect(&admin_url)
                .await
                .expect("reach PostgreSQL");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create a test database");
            let base = admin_url
                .rsplit_once('/')
                .map(|(base, _)| base)
                .expect("url with a path");
            Some(Scratch {
                url: format!("{base}/{name}"),
                file: None,
            })
        }
    }
}

impl TestServer {
    /// Starts a server, or returns `None` when the engine is not available here.
    pub async fn start(engine: Engine) -> Option<TestServer> {
        Self::start_with(engine, |_| {}).await
    }

    /// A server whose demo data includes `businesses` generated businesses.
    pub async fn start_seeded(engine: Engine, businesses: u64) -> Option<TestServer> {
        Self::start_sized(engine, businesses, 0).await
    }

    /// A server whose demo data includes generated businesses and visits (over three years).
    pub async fn start_sized(engine: Engine, businesses: u64, visits: u64) -> Option<TestServer> {
        Self::start_full(engine, |_| {}, DemoSize { businesses, visits }).await
    }

    pub async fn start_with(engine: Engine, tweak: impl FnOnce(&mut Config)) -> Option<TestServer> {
        Self::start_full(engine, tweak, DemoSize::accounts_only()).await
    }

    async fn start_full(
        engine: Engine,
        tweak: impl FnOnce(&mut Config),
        size: DemoSize,
    ) -> Option<TestServer> {
        let scratch = Arc::new(fresh_database(engine).await?);
        let url = scratch.url().to_owned();
        let mut config = Config {
            database_url: url.clone(),
            ..Config::default()
        };
        tweak(&mut config);
        let database = db::connect(&url).await.expect("open the database");
        db::migrate(&database, &url).await.expect("migrate");
        demo::seed(&database, size)
            .await
            .expect("load the demo accounts");
        Some(Self::serve(database, config, scratch).await)
    }

    /// A second server on the same database, as a second instance behind a load balancer
    /// would run: its own connection pool, nothing shared in memory.
    pub async fn another_instance(&self) -> TestServer {
        let database = db::connect(&self.config.database_url)
            .await
            .expect("open the database");
        Self::serve(database, self.config.clone(), self.scratch.clone()).await
    }

    async fn serve(
        database: sea_orm::DatabaseConnection,
        config: Config,
        scratch: Arc<Scratch>,
    ) -> TestServer {
        let options = LeptosOptions::builder()
            .output_name("bizworks")
            .site_root("target/site")
            .site_pkg_dir("pkg")
            .build();
        let state = AppState::new(options, database.clone(), config.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("free port");
        let addr = listener.local_addr().expect("bound");
        tokio::spawn(async move {
            axum::serve(
                listener,
                router(state).into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .expect("serve");
        });
        let client = Client::builder()
            .redirect(redirect::Policy::none())
            // A request that never gets an answer fails the test instead of hanging the run.
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .expect("client");
        TestServer {
            base: format!("http://{addr}"),
            db: database,
            client,
            config,
            scratch,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The date in the server's zone now: what its rules take as today.
    pub fn today(&self) -> chrono::NaiveDate {
        server::local_time::LocalTime::configured(&self.config.time_zone).today()
    }

    /// GET as a browser would, with the session cookie if given.
    pub async fn get(&self, path: &str, session: Option<&str>) -> Response {
        let mut request = self
            .client
            .get(self.url(path))
            .header(ACCEPT, "text/html,application/xhtml+xml");
        if let Some(token) = session {
            request = request.header(COOKIE, format!("bizworks_session={token}"));
        }
        request.send().await.expect("GET")
    }

    /// POST a form from our own origin (as the browser does from our pages).
    pub async fn post_form(&self, path: &str, body: &str, session: Option<&str>) -> Response {
        self.post_form_from(path, body, session, Some(&self.base))
            .await
    }

    pub async fn post_form_from(
        &self,
        path: &str,
        body: &str,
        session: Option<&str>,
        origin: Option<&str>,
    ) -> Response {
        let mut request = self
            .client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_owned());
        if let Some(origin) = origin {
            request = request.header(ORIGIN, origin);
        }
        if let Some(token) = session {
            request = request.header(COOKIE, format!("bizworks_session={token}"));
        }
        request.send().await.expect("POST")
    }

    /// Calls a server function as the page does; the answer as JSON (or the raw text).
    pub async fn call(
        &self,
        name: &str,
        body: &str,
        session: &str,
    ) -> (StatusCode, serde_json::Value) {
        let response = self
            .post_form(&format!("/api/{name}"), body, Some(session))
            .await;
        let status = response.status();
        let text = response.text().await.expect("body");
        let value = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
        (status, value)
    }

    /// POSTs JSON from our own origin (as the page's `fetch` does); the answer as JSON.
    pub async fn post_json(
        &self,
        path: &str,
        body: &serde_json::Value,
        session: &str,
    ) -> (StatusCode, serde_json::Value) {
        let response = self
            .client
            .post(self.url(path))
            .header("content-type", "application/json")
            .header(ORIGIN, &self.base)
            .header(COOKIE, format!("bizworks_session={session}"))
            .body(body.to_string())
            .send()
            .await
            .expect("POST");
        let status = response.status();
        let text = response.text().await.expect("body");
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
        )
    }

    /// GETs JSON with the session cookie.
    pub async fn get_json(&self, path: &str, session: &str) -> (StatusCode, serde_json::Value) {
        let response = self
            .client
            .get(self.url(path))
            .header(COOKIE, format!("bizworks_session={session}"))
            .send()
            .await
            .expect("GET");
        let status = response.status();
        let text = response.text().await.expect("body");
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
        )
    }

    /// Signs in and returns the session token from the cookie.
    pub async fn sign_in(&self, email: &str) -> String {
        let response = self.try_sign_in(email, demo::PASSWORD, None).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&response), "/");
        session_token(&response).expect("a session cookie")
    }

    pub async fn try_sign_in(
        &self,
        email: &str,
        password: &str,
        session: Option<&str>,
    ) -> Response {
        let body = format!("email={}&password={}", encode(email), encode(password));
        self.post_form("/auth/sign-in", &body, session).await
    }
}

pub fn location(response: &Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

pub fn set_cookie(response: &Response) -> String {
    response
        .headers()
        .get(SET_COOKIE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

pub fn session_token(response: &Response) -> Option<String> {
    let cookie = set_cookie(response);
    let value = cookie
        .strip_prefix("bizworks_session=")?
        .split(';')
        .next()?;
    (!value.is_empty()).then(|| value.to_owned())
}

pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Each visit's parts as the `parts` column holds them (`None`: not kept), after checking that
/// every kept copy says exactly what the tables say.
pub async fn kept_parts(db: &impl sea_orm::ConnectionTrait) -> HashMap<String, Option<Parts>> {
    let visits = visit::Entity::find().all(db).await.expect("visits");
    let ids: Vec<_> = visits.iter().map(|v| v.id).collect();
    let tables = visit_parts::from_tables(db, &ids)
        .await
        .expect("the tables");
    visits
        .into_iter()
        .map(|v| {
            let kept = v.parts.as_deref().map(|text| {
                let parts: Parts = serde_json::from_str(text).expect("parts as written");
                assert_eq!(Some(&parts), tables.get(&v.id), "visit {}", v.id);
                parts
            });
            (v.id.to_string(), kept)
        })
        .collect()
}

/// Every visit's kept pull entry (`visits.pulled`) forgotten, so the next pull builds them all
/// from the rows.
pub async fn forget_pull_entries(db: &impl sea_orm::ConnectionTrait) {
    use sea_orm::sea_query::Expr;
    visit::Entity::update_many()
        .col_expr(visit::Column::Pulled, Expr::value(Option::<String>::None))
        .col_expr(visit::Column::PulledSeq, Expr::value(Option::<i64>::None))
        .exec(db)
        .await
        .expect("forget the kept entries");
}

/// The person's whole pull from the start, sent as kept, then built again from the rows with
/// every kept entry forgotten: the two must be the same page.
pub async fn pull_kept_and_built(server: &TestServer, session: &str) -> serde_json::Value {
    let (status, kept) = server
        .get_json("/api/sync/pull?cursor=0&limit=5000", session)
        .await;
    assert_eq!(status, StatusCode::OK, "{kept}");
    forget_pull_entries(&server.db).await;
    let (status, built) = server
        .get_json("/api/sync/pull?cursor=0&limit=5000", session)
        .await;
    assert_eq!(status, StatusCode::OK, "{built}");
    assert_eq!(kept, built, "a kept pull entry differs from the row");
    kept
}
