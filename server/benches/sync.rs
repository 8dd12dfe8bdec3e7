//! Sync throughput. Push ingest: 20,000 visits pushed over HTTP in batches of 500 (the
//! exactly-once ledger, the same validation as the form, the orientation rule, the audit log),
//! on SQLite with `synchronous=FULL`, next to the baseline: a plain batched insert of the same
//! rows (visits, their businesses, contacts met, services, an audit line) into the same schema,
//! in transactions of 500, in the same run. Then a pull of 10,000 changes.
//!
//! `cargo bench -p server --bench sync` (SQLite); `.ci/with-postgres cargo bench -p server
//! --bench sync` adds PostgreSQL. `BIZWORKS_BENCH_VISITS` changes the size (default 20,000),
//! `BIZWORKS_BENCH_PULLS` the number of timed pulls (default 40: with 10, the "p95" was the
//! slowest pull).

#[path = "../tests/common/mod.rs"]
mod common;
mod fixture;
mod measure;

use std::time::Instant;

use app::sync::protocol::PullResponse;
use chrono::Utc;
use common::{Engine, TestServer};
use fixture::{Setup, setup, visit_draft};
use measure::{env_u64, ms, sample};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::{Value, json};
use server::entities::{audit_log, visit, visit_business, visit_contact, visit_service};
use server::storage::writer;
use uuid::Uuid;

const BATCH: usize = 500;

fn main() {
    measure::on_two_workers(run());
}

async fn run() {
    let visits = env_u64("BIZWORKS_BENCH_VISITS", 20_000) as usize;
    println!("# Sync: push of {visits} visits, pull of 10,000 changes\n");
    for engine in [Engine::Sqlite, Engine::Postgres] {
        let Some(server) = TestServer::start(engine).await else {
            println!("{engine:?}: skipped (run under .ci/with-postgres)\n");
            continue;
        };
        bench_engine(&server, engine, visits).await;
    }
}

/// Rounds of each measure; the median is reported (the disk's fsync time varies run to run).
const ROUNDS: usize = 3;

fn median(mut rates: Vec<f64>) -> f64 {
    rates.sort_by(f64::total_cmp);
    rates[rates.len() / 2]
}

/// Pushes `visits` new visits from a new device, in batches, as fast as the server answers;
/// visits per second.
async fn push_round(server: &TestServer, s: &Setup, visits: usize) -> f64 {
    let device = Uuid::now_v7();
    // Serialised before the clock starts: only the server's work is timed.
    let batches: Vec<String> = (0..visits)
        .collect::<Vec<_>>()
        .chunks(BATCH)
        .map(|chunk| {
            let changes: Vec<Value> = chunk
                .iter()
                .map(|&n| {
                    json!({ "mutation": n + 1, "schema": 2, "id": Uuid::now_v7(), "kind": "visit",
                            "draft": visit_draft(s, n), "recorded_at": Utc::now() })
                })
                .collect();
            json!({ "device": device, "app_version": "bench", "pending": BATCH, "changes": changes })
                .to_string()
        })
        .collect();
    let client = reqwest::Client::new();
    let started = Instant::now();
    for (n, batch) in batches.iter().enumerate() {
        let answer = client
            .post(server.url("/api/sync/push"))
            .header("content-type", "application/json")
            .header("origin", &server.base)
            .header("cookie", format!("bizworks_session={}", s.session))
            .body(batch.clone())
            .send()
            .await
            .expect("push");
        assert!(answer.status().is_success());
        let text = answer.text().await.expect("answer");
        let expected = BATCH.min(visits - n * BATCH);
        assert_eq!(text.matches("\"applied\"").count(), expected, "{text}");
    }
    visits as f64 / started.elapsed().as_secs_f64()
}

/// The same rows as a push writes, inserted plainly, 500 visits per transaction; visits per
/// second.
async fn baseline_round(server: &TestServer, s: &Setup, visits: usize) -> f64 {
    let author = server::entities::user::Entity::find()
        .all(&server.db)
        .await
        .expect("users")
        .into_iter()
        .find(|u| u.email == "rep@bizworks.test")
        .expect("the rep");
    let template = visit::Entity::find()
        .one(&server.db)
        .await
        .expect("query")
        .expect("a pushed visit");
    let started = Instant::now();
    for chunk in (0..visits).collect::<Vec<_>>().chunks(BATCH) {
        let txn = writer::begin(&server.db).await.expect("begin");
        let mut rows = Vec::new();
        let mut links = Vec::new();
        let mut met = Vec::new();
        let mut services = Vec::new();
        let mut audit = Vec::new();
        for &n in chunk {
            let id = Uuid::now_v7();
            let (business, contact) = &s.firms[n % s.firms.len()];
            rows.push(
                visit::Model {
                    id,
                    author_id: author.id,
                    change_seq: template.change_seq + n as i64 + 1_000_000,
                    ..template.clone()
                }
                .into_active_model(),
            );
            links.push(
                visit_business::Model {
                    visit_id: id,
                    business_id: business.parse().expect("uuid"),
                    orientation_qualifies: true,
                    orientation_reasons: String::new(),
                }
                .into_active_model(),
            );
            met.push(
                visit_contact::Model {
                    visit_id: id,
                    contact_id: contact.parse().expect("uuid"),
                }
                .into_active_model(),
            );
            // As pushed: five services presented, the first also delivered.
            let kinds = s.services.iter().take(5).map(|id| (id, "presented"));
            for (service, kind) in kinds.chain([(&s.services[0], "delivered")]) {
                services.push(
                    visit_service::Model {
                        visit_id: id,
                        service_id: service.parse().expect("uuid"),
                        kind: kind.to_owned(),
                    }
                    .into_active_model(),
                );
            }
            audit.push(audit_log::ActiveModel {
                at: sea_orm::Set(Utc::now()),
                actor_id: sea_orm::Set(Some(author.id)),
                action: sea_orm::Set("recorded".to_owned()),
                entity: sea_orm::Set("visit".to_owned()),
                entity_id: sea_orm::Set(id.to_string()),
                detail: sea_orm::Set("{}".to_owned()),
                ..Default::default()
            });
        }
        insert(&txn, rows).await;
        insert(&txn, links).await;
        insert(&txn, met).await;
        insert(&txn, services).await;
        insert(&txn, audit).await;
        txn.commit().await.expect("commit");
    }
    visits as f64 / started.elapsed().as_secs_f64()
}

async fn bench_engine(server: &TestServer, engine: Engine, visits: usize) {
    let s = setup(server).await;
    let mut pushed = Vec::new();
    let mut plain = Vec::new();
    for _ in 0..ROUNDS {
        pushed.push(push_round(server, &s, visits).await);
        plain.push(baseline_round(server, &s, visits).await);
    }
    let (push_rate, baseline_rate) = (median(pushed.clone()), median(plain.clone()));

    // Pull: the rep's first 10,000 changes, in pages of 5,000, read as a device reads them.
    let pulls = env_u64("BIZWORKS_BENCH_PULLS", 40) as usize;
    let client = reqwest::Client::new();
    let pull = sample("pull", 1, pulls, || async {
        let mut cursor = 0i64;
        let mut pulled = 0;
        while pulled < 10_000 {
            let text = client
                .get(server.url(&format!("/api/sync/pull?cursor={cursor}&limit=5000")))
                .header("cookie", format!("bizworks_session={}", s.session))
                .send()
                .await
                .expect("pull")
                .text()
                .await
                .expect("a page");
            let page: PullResponse = serde_json::from_str(&text).expect("a pull page");
            pulled += page.changes.len();
            cursor = page.cursor;
            if !page.has_more {
                break;
            }
        }
        assert!(pulled >= 10_000, "pulled {pulled}");
    })
    .await;
    // Its floor: the rep's first 10,000 visits' kept entries read in one query straight on
    // the connection, in change order; no session, no HTTP, no JSON written or parsed.
    let rep = server::entities::user::Entity::find()
        .filter(server::entities::user::Column::Email.eq("rep@bizworks.test"))
        .one(&server.db)
        .await
        .expect("read the rep")
        .expect("the demo rep")
        .id;
    let floor = sample("kept entries", 1, pulls, || async {
        let rows: Vec<Option<String>> = visit::Entity::find()
            .select_only()
            .column(visit::Column::Pulled)
            .filter(visit::Column::AuthorId.eq(rep))
            .order_by_asc(visit::Column::ChangeSeq)
            .limit(10_000)
            .into_tuple()
            .all(&server.db)
            .await
            .expect("read the kept entries");
        assert_eq!(rows.len(), 10_000);
    })
    .await;

    let rounds = |rates: &[f64]| {
        rates
            .iter()
            .map(|r| format!("{r:.0}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!("{engine:?}:\n");
    println!("| measure | result |");
    println!("|---|---|");
    println!(
        "| push ingest, {visits} visits over HTTP in batches of {BATCH}, median of {ROUNDS} | **{push_rate:.0} visits/s** ({}) |",
        rounds(&pushed)
    );
    println!(
        "| baseline: plain batched insert of the same rows, median of {ROUNDS} | {baseline_rate:.0} visits/s ({}) |",
        rounds(&plain)
    );
    println!(
        "| push as a share of the baseline | **{:.0}%** |",
        100.0 * push_rate / baseline_rate
    );
    println!(
        "| pull of 10,000 changes (2 pages of 5,000, parsed), {pulls} runs | p50 {} ms, p95 **{} ms**, slowest {} ms |",
        ms(pull.p50()),
        ms(pull.p95()),
        ms(pull.percentile(100.0))
    );
    println!(
        "| floor: 10,000 kept entries in one query on the connection | p50 {} ms, p95 {} ms |",
        ms(floor.p50()),
        ms(floor.p95())
    );
    println!(
        "| pull ÷ floor at the median | {:.1}× |\n",
        pull.p50().as_secs_f64() / floor.p50().as_secs_f64()
    );
}

async fn insert<A>(txn: &sea_orm::DatabaseTransaction, rows: Vec<A>)
where
    A: ActiveModelTrait + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(400).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(txn)
            .await
            .expect("insert");
    }
}
