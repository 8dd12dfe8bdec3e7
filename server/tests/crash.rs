//! Crash safety: the real server binary is killed with SIGKILL in the middle of sync pushes,
//! again and again (`BIZWORKS_CRASH_ROUNDS`, 100 unless set). After every kill the SQLite
//! database passes `PRAGMA integrity_check`, and every visit the server acknowledged before
//! dying is there: an answer is only sent after the transaction is durable
//! (`synchronous=FULL`).

mod common;

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{Engine, fresh_database, session_token};
use reqwest::{Client, StatusCode, redirect};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use server::seed::demo::{self, DemoSize};
use uuid::Uuid;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port")
}

fn start(database_url: &str, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("serve")
        .env("BIZWORKS_DATABASE_URL", database_url)
        .env("LEPTOS_OUTPUT_NAME", "bizworks")
        .env("LEPTOS_SITE_ROOT", "target/site")
        .env("LEPTOS_SITE_PKG_DIR", "pkg")
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server")
}

async fn wait_until_up(client: &Client, base: &str) {
    for _ in 0..300 {
        if let Ok(response) = client.get(format!("{base}/healthz")).send().await
            && response.status() == StatusCode::OK
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not come up at {base}");
}

struct Session {
    token: String,
    reference: Value,
}

async fn sign_in(client: &Client, base: &str) -> Session {
    let response = client
        .post(format!("{base}/auth/sign-in"))
        .header("origin", base)
        .form(&[("email", "rep@bizworks.test"), ("password", demo::PASSWORD)])
        .send()
        .await
        .expect("sign in");
    let token = session_token(&response).expect("a session");
    let reference = client
        .post(format!("{base}/api/visit_form_reference"))
        .header("origin", base)
        .header("cookie", format!("bizworks_session={token}"))
        .send()
        .await
        .expect("reference")
        .text()
        .await
        .expect("reference body");
    let reference: Value = serde_json::from_str(&reference).expect("reference json");
    Session { token, reference }
}

fn visit(mutation: u64, id: &str, business: &str, contact: &str, reference: &Value) -> Value {
    let orientation = reference["activity_types"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["is_orientation"] == true)
        .cloned()
        .unwrap_or_default();
    let services: Vec<Value> = reference["slate"]
        .as_array()
        .into_iter()
        .flatten()
        .take(4)
        .map(|s| s["id"].clone())
        .collect();
    json!({
        "mutation": mutation, "schema": 2, "id": id, "base_version": null, "kind": "visit",
        "recorded_at": "2026-11-02T15:04:05Z",
        "draft": {
            "date": "2026-11-02", "category": orientation["category"], "activity_type": orientation["id"],
            "mode": "in_person", "businesses": [{ "business": business, "contacts_met": [contact] }],
            "presented": services, "jobseekers_hired": "0", "notes": "pushed while the server dies"
        }
    })
}

async fn push(
    client: &Client,
    base: &str,
    token: &str,
    device: &str,
    changes: &[Value],
) -> Option<Value> {
    let response = client
        .post(format!("{base}/api/sync/push"))
        .header("origin", base)
        .header("cookie", format!("bizworks_session={token}"))
        .header("content-type", "application/json")
        .body(json!({ "device": device, "app_version": "crash", "pending": changes.len(), "changes": changes }).to_string())
        .send()
        .await
        .ok()?;
    if response.status() != StatusCode::OK {
        return None;
    }
    serde_json::from_str(&response.text().await.ok()?).ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_the_server_mid_push_loses_nothing_acknowledged() {
    let rounds: u32 = std::env::var("BIZWORKS_CRASH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100);
    let scratch = fresh_database(Engine::Sqlite).await.expect("a SQLite file");
    let url = scratch.url().to_owned();
    {
        let database = server::db::connect(&url).await.expect("open");
        server::db::migrate(&database, &url).await.expect("migrate");
        demo::seed(&database, DemoSize::accounts_only())
            .await
            .expect("accounts");
        database.close().await.expect("close");
    }
    let client = Client::builder()
        .redirect(redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");

    // A business and its contact, then the kills.
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start(&url, port);
    wait_until_up(&client, &base).await;
    let session = sign_in(&client, &base).await;
    let (business, contact) = (Uuid::now_v7().to_string(), Uuid::now_v7().to_string());
    let setup = push(&client, &base, &session.token, &Uuid::now_v7().to_string(), &[
        json!({ "mutation": 1, "schema": 2, "id": business, "base_version": null, "kind": "business",
                "draft": { "legal_name": "Crash Test Foundry", "naics": "332710", "address": "1 Anvil Way",
                           "city": "Springfield", "zip": "01105", "stage": "growth" } }),
        json!({ "mutation": 2, "schema": 2, "id": contact, "base_version": null, "kind": "contact",
                "business": business, "draft": { "name": "Kim Anvil", "key_representative": true } }),
    ])
    .await
    .expect("setup pushed");
    assert_eq!(setup["results"][1]["status"], "applied", "{setup}");

    let acknowledged: Arc<Mutex<Vec<Uuid>>> = Arc::default();
    let mut killed_mid_push = 0;
    for round in 0..rounds {
        if round > 0 {
            server = start(&url, port);
            wait_until_up(&client, &base).await;
        }
        // Pushes batches of 20 visits until the server dies, keeping what it acknowledged.
        let in_flight = Arc::new(AtomicBool::new(false));
        let pusher = {
            let in_flight = in_flight.clone();
            let (client, base, token) = (client.clone(), base.clone(), session.token.clone());
            let (business, contact, reference) =
                (business.clone(), contact.clone(), session.reference.clone());
            let acknowledged = acknowledged.clone();
            tokio::spawn(async move {
                let device = Uuid::now_v7().to_string();
                let mut mutation = 0;
                loop {
                    let batch: Vec<Value> = (0..20)
                        .map(|_| {
                            mutation += 1;
                            visit(
                                mutation,
                                &Uuid::now_v7().to_string(),
                                &business,
                                &contact,
                                &reference,
                            )
                        })
                        .collect();
                    in_flight.store(true, Ordering::SeqCst);
                    let Some(answer) = push(&client, &base, &token, &device, &batch).await else {
                        return;
                    };
                    in_flight.store(false, Ordering::SeqCst);
                    let mut acked = acknowledged.lock().expect("lock");
                    for (change, result) in batch
                        .iter()
                        .zip(answer["results"].as_array().into_iter().flatten())
                    {
                        if result["status"] == "applied"
                            && let Some(id) = change["id"].as_str().and_then(|id| id.parse().ok())
                        {
                            acked.push(id);
                        }
                    }
                }
            })
        };
        tokio::time::sleep(Duration::from_millis(30 + u64::from(round * 37 % 250))).await;
        if in_flight.load(Ordering::SeqCst) {
            killed_mid_push += 1;
        }
        server.kill().expect("SIGKILL");
        server.wait().expect("reaped");
        let _ = tokio::time::timeout(Duration::from_secs(30), pusher).await;

        // With the server dead: the file is sound and holds every acknowledged visit.
        let database = server::db::connect(&url).await.expect("reopen");
        let check = database
            .query_one_raw(Statement::from_string(
                database.get_database_backend(),
                "PRAGMA integrity_check",
            ))
            .await
            .expect("integrity check")
            .and_then(|row| row.try_get_by_index::<String>(0).ok());
        assert_eq!(check.as_deref(), Some("ok"), "round {round}");
        let acked = acknowledged.lock().expect("lock").clone();
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        let mut stored = 0;
        for chunk in acked.chunks(500) {
            stored += server::entities::visit::Entity::find()
                .filter(server::entities::visit::Column::Id.is_in(chunk.to_vec()))
                .count(&database)
                .await
                .expect("count");
        }
        assert_eq!(
            stored,
            acked.len() as u64,
            "round {round}: an acknowledged visit is missing"
        );
        database.close().await.expect("close");
    }
    let acked = acknowledged.lock().expect("lock").len();
    eprintln!(
        "{rounds} kills, {killed_mid_push} while a push was under way, {acked} acknowledged visits, none lost"
    );
    assert!(acked > 0, "no push was ever acknowledged");
    assert!(
        killed_mid_push * 2 > rounds,
        "most kills should land mid-push ({killed_mid_push} of {rounds})"
    );
}
