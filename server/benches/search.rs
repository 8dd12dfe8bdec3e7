//! Business search at 100,000 businesses. The word index is measured over HTTP exactly as
//! the page calls it (`/api/search_businesses`), next to two baselines run in the same
//! process on the same data: the obvious `LIKE '%word%'` scan over the same columns, and the
//! bare HTTP round trip of `/healthz`.
//!
//! `cargo bench -p server --bench search` (SQLite); wrap it in `.ci/with-postgres` for
//! PostgreSQL too. `BIZWORKS_BENCH_BUSINESSES` changes the size (default 100,000).

#[path = "../tests/common/mod.rs"]
mod common;
mod measure;

use common::{Engine, TestServer, encode};
use measure::{Samples, env_u64, ms, sample, speedup};
use sea_orm::{ConnectionTrait, Statement};

/// What reps type: a broad first letter, a common word, a rare one, two words, a town,
/// a ZIP, a FEIN prefix, and the unfiltered list.
const QUERIES: [&str; 8] = [
    "s",
    "harbor",
    "riverbend granite",
    "summit machine",
    "worcester",
    "016",
    "04",
    "",
];

fn main() {
    measure::on_two_workers(run());
}

async fn run() {
    let businesses = env_u64("BIZWORKS_BENCH_BUSINESSES", 100_000);
    println!("# Business search, {businesses} businesses\n");
    for engine in [Engine::Sqlite, Engine::Postgres] {
        let started = std::time::Instant::now();
        let Some(server) = TestServer::start_seeded(engine, businesses).await else {
            println!(
                "{engine:?}: skipped (set BIZWORKS_TEST_PG_URL, or run under .ci/with-postgres)\n"
            );
            continue;
        };
        if matches!(engine, Engine::Postgres) {
            // What autovacuum does soon after a load: statistics and the visibility map that
            // index-only scans need.
            server
                .db
                .execute_unprepared("VACUUM ANALYZE")
                .await
                .expect("VACUUM ANALYZE");
        }
        println!(
            "{engine:?}: data generated in {:.0} s\n",
            started.elapsed().as_secs_f64()
        );
        bench_engine(&server, engine).await;
    }
}

async fn bench_engine(server: &TestServer, engine: Engine) {
    let rep = server.sign_in("rep@bizworks.test").await;
    let floor = sample("HTTP round trip (/healthz)", 20, 200, || async {
        let response = server.get("/healthz", None).await;
        assert!(response.status().is_success());
    })
    .await;
    println!(
        "| query | word index p50 ms | p95 ms | LIKE scan p50 ms | p95 ms | index vs scan (p95) |"
    );
    println!("|---|---|---|---|---|---|");
    for text in QUERIES {
        let body = format!(
            "query%5Btext%5D={}&query%5Blist%5D=all&query%5Bpage%5D=0",
            encode(text)
        );
        let ours = sample(text, 5, 60, || async {
            let (status, page) = server.call("search_businesses", &body, &rep).await;
            assert!(status.is_success(), "{page}");
        })
        .await;
        let scan = like_scan(server, engine, text).await;
        println!(
            "| `{}` | {} | {} | {} | {} | {} |",
            if text.is_empty() { "(all)" } else { text },
            ms(ours.p50()),
            ms(ours.p95()),
            ms(scan.p50()),
            ms(scan.p95()),
            speedup(&scan, &ours)
        );
    }
    println!(
        "\nHTTP floor (`/healthz`, SELECT 1): p50 {} ms, p95 {} ms\n",
        ms(floor.p50()),
        ms(floor.p95())
    );
}

/// The obvious implementation: every word must appear somewhere in the searched columns,
/// first page in name order, straight on the connection (no HTTP, so it is favoured).
async fn like_scan(server: &TestServer, engine: Engine, text: &str) -> Samples {
    let words: Vec<String> = text.split_whitespace().map(|w| w.to_lowercase()).collect();
    let mut sql =
        "SELECT id, legal_name FROM businesses WHERE deleted_at IS NULL AND merged_into_id IS NULL"
            .to_owned();
    let mut values = Vec::new();
    for word in &words {
        let n = values.len() + 1;
        let p = match engine {
            Engine::Sqlite => "?".to_owned(),
            Engine::Postgres => format!("${n}"),
        };
        sql.push_str(&format!(
            " AND (LOWER(legal_name) LIKE {p} OR LOWER(COALESCE(dba, '')) LIKE {p} OR LOWER(city) LIKE {p} OR zip LIKE {p} OR COALESCE(fein, '') LIKE {p})"
        ));
        values.push(sea_orm::Value::from(format!("%{word}%")));
    }
    sql.push_str(" ORDER BY legal_name, id LIMIT 21");
    let backend = server.db.get_database_backend();
    sample(text, 3, 30, || {
        let statement = Statement::from_sql_and_values(backend, sql.clone(), values.clone());
        async move {
            server
                .db
                .query_all_raw(statement)
                .await
                .expect("the LIKE scan");
        }
    })
    .await
}
