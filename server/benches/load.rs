//! Load: many clients at once against the release build, driven by wrk (Debian's `wrk`
//! package) from a second process on the same two cores. Measures, for SQLite and PostgreSQL:
//!
//! - the bare handler `GET /livez` (no database, no session: the HTTP floor of this binary);
//! - the signed-in list pages `/visits` and `/businesses`, as a browser asks for them
//!   (session cookie, `Accept: text/html`, gzip), with the demo data plus generated businesses
//!   and visits behind them;
//! - sync pushes from simulated devices at once, one connection each, each push a batch of
//!   new visits; afterwards every acknowledged visit is counted in the database, and the
//!   visits stored must equal the mutations the server recorded (nothing lost, nothing
//!   doubled).
//!
//! `cargo bench -p server --bench load` (SQLite); `.ci/with-postgres cargo bench -p server
//! --bench load` adds PostgreSQL. `BIZWORKS_LOAD_SECONDS` (20), `BIZWORKS_LOAD_CONNECTIONS`
//! (50), `BIZWORKS_LOAD_BATCH` (visits per push, 10), `BIZWORKS_BENCH_BUSINESSES` (2,000)
//! and `BIZWORKS_BENCH_VISITS` (20,000) change the run; `BIZWORKS_LOAD_PAGES=/visits` measures
//! only the pages named (comma-separated) and `BIZWORKS_LOAD_PUSH=0` leaves out the pushes,
//! for profiling one case.

#[path = "../tests/common/mod.rs"]
mod common;
mod fixture;
mod measure;

use std::collections::HashMap;
use std::process::Command;

use common::{Engine, TestServer};
use fixture::{Setup, setup, visit_draft};
use measure::env_u64;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use server::entities::{device, visit};
use uuid::Uuid;

const PAGES_SCRIPT: &str = include_str!("load/pages.lua");
const PUSH_SCRIPT: &str = include_str!("load/push.lua");

fn main() {
    // wrk runs as a separate process on the same two cores.
    measure::on_two_workers(run());
}

struct Run {
    seconds: u64,
    connections: u64,
    batch: u64,
}

async fn run() {
    if Command::new("wrk").arg("--version").output().is_err() {
        eprintln!("wrk is not installed: `sudo apt-get install wrk` (Debian's package)");
        std::process::exit(2);
    }
    let run = Run {
        seconds: env_u64("BIZWORKS_LOAD_SECONDS", 20),
        connections: env_u64("BIZWORKS_LOAD_CONNECTIONS", 50),
        batch: env_u64("BIZWORKS_LOAD_BATCH", 10),
    };
    let businesses = env_u64("BIZWORKS_BENCH_BUSINESSES", 2_000);
    let visits = env_u64("BIZWORKS_BENCH_VISITS", 20_000);
    println!(
        "# Load: {} connections for {} s per case; {businesses} generated businesses, \
         {visits} generated visits; pushes of {} visits\n",
        run.connections, run.seconds, run.batch
    );
    let mut columns = Vec::new();
    for engine in [Engine::Sqlite, Engine::Postgres] {
        let Some(server) = TestServer::start_sized(engine, businesses, visits).await else {
            println!("{engine:?}: skipped (run under .ci/with-postgres)\n");
            continue;
        };
        columns.push((engine, bench_engine(&server, &run).await));
    }
    print_table(&columns);
}

/// What wrk measured for one case.
#[derive(Clone, Debug, Default)]
struct Measured {
    requests: u64,
    seconds: f64,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    socket_errors: u64,
    not_ok: u64,
    applied: u64,
}

impl Measured {
    fn per_second(&self) -> f64 {
        self.requests as f64 / self.seconds
    }

    fn failures(&self) -> u64 {
        self.socket_errors + self.not_ok
    }
}

async fn bench_engine(server: &TestServer, run: &Run) -> Vec<(String, Measured)> {
    let s = setup(server).await;
    let pages = std::env::var("BIZWORKS_LOAD_PAGES").unwrap_or("/visits,/businesses".to_owned());
    let pages: Vec<&str> = pages.split(',').filter(|p| !p.is_empty()).collect();
    for path in &pages {
        // A page that answered with a redirect or an error would be measured as fast.
        let page = server.get(path, Some(&s.session)).await;
        assert_eq!(page.status(), 200, "{path} must be served to the rep");
    }
    let mut rows = Vec::new();
    let bare = wrk_pages(server, run, "/livez", None).await;
    rows.push(("bare handler `GET /livez`".to_owned(), bare));
    for path in &pages {
        let page = wrk_pages(server, run, path, Some(&s.session)).await;
        rows.push((format!("list page `GET {path}`"), page));
    }
    if env_u64("BIZWORKS_LOAD_PUSH", 1) == 0 {
        return rows;
    }
    let push = wrk_push(server, run, &s).await;
    rows.push((
        format!(
            "sync push, {} devices × {} visits",
            run.connections, run.batch
        ),
        push,
    ));
    rows
}

async fn wrk_pages(server: &TestServer, run: &Run, path: &str, session: Option<&str>) -> Measured {
    let script = write_script("pages", PAGES_SCRIPT);
    let mut args = wrk_args(run, 2, 10, script);
    for header in [
        "Accept: text/html,application/xhtml+xml",
        "Accept-Encoding: gzip",
    ] {
        args.push("-H".to_owned());
        args.push(header.to_owned());
    }
    if let Some(token) = session {
        args.push("-H".to_owned());
        args.push(format!("Cookie: bizworks_session={token}"));
    }
    args.push(server.url(path));
    let (measured, _) = wrk(args).await;
    measured
}

async fn wrk_push(server: &TestServer, run: &Run, s: &Setup) -> Measured {
    let before = visit::Entity::find()
        .count(&server.db)
        .await
        .expect("count visits");
    let tag = format!("load-{}", Uuid::now_v7().simple());
    // The first 13 characters of a UUIDv7 made now: the ids of this run share its time.
    let prefix: String = Uuid::now_v7().to_string().chars().take(13).collect();
    let template = serde_json::json!({
        "mutation": "@MUTATION@", "schema": 2, "id": "@ID@", "base_version": null,
        "kind": "visit", "recorded_at": chrono::Utc::now(),
        "draft": visit_draft(s, 0),
    })
    .to_string()
    .replace("\"@MUTATION@\"", "@MUTATION@")
    .replace(&s.firms[0].0, "@BUSINESS@")
    .replace(&s.firms[0].1, "@CONTACT@");
    let firms: Vec<String> = s
        .firms
        .iter()
        .map(|(business, contact)| format!("{{\"{business}\", \"{contact}\"}}"))
        .collect();
    let prelude = format!(
        "cookie = \"bizworks_session={}\"\norigin = \"{}\"\nrun = \"{prefix}\"\ntag = \"{tag}\"\n\
         batch = {}\ntemplate = [==[{template}]==]\nfirms = {{ {} }}\n",
        s.session,
        server.base,
        run.batch,
        firms.join(", ")
    );
    let script = write_script("push", &format!("{prelude}\n{PUSH_SCRIPT}"));
    // One thread per connection: each thread is one device.
    let mut args = wrk_args(run, run.connections, 30, script);
    args.push(server.url("/api/sync/push"));
    let (measured, devices) = wrk(args).await;

    // Nothing lost, nothing doubled: every visit the server acknowledged is stored, and the
    // visits stored are exactly the mutations it recorded as processed, one each.
    let stored = visit::Entity::find()
        .count(&server.db)
        .await
        .expect("count visits")
        - before;
    let ledger: HashMap<Uuid, i64> = device::Entity::find()
        .filter(device::Column::AppVersion.eq(tag.as_str()))
        .all(&server.db)
        .await
        .expect("devices")
        .into_iter()
        .map(|d| (d.id, d.last_mutation))
        .collect();
    let recorded: i64 = ledger.values().sum();
    assert_eq!(devices.len() as u64, run.connections, "one line per device");
    for (id, acknowledged) in &devices {
        let processed = ledger.get(id).copied().unwrap_or(0);
        assert!(
            processed >= *acknowledged,
            "device {id}: acknowledged up to {acknowledged}, the server recorded {processed}"
        );
    }
    let acknowledged: i64 = devices.values().sum();
    assert_eq!(
        measured.applied, acknowledged as u64,
        "every visit of an acknowledged push is applied"
    );
    assert_eq!(
        stored, recorded as u64,
        "visits stored = mutations processed"
    );
    println!(
        "push check ({tag}): {acknowledged} visits acknowledged, {recorded} processed, \
         {stored} stored, {} pushes failed and were sent again",
        measured.not_ok
    );
    measured
}

/// wrk's arguments for `run` with `threads` threads, a request timeout and a Lua script.
fn wrk_args(run: &Run, threads: u64, timeout_seconds: u64, script: String) -> Vec<String> {
    vec![
        format!("-t{threads}"),
        format!("-c{}", run.connections),
        format!("-d{}s", run.seconds),
        "--timeout".to_owned(),
        format!("{timeout_seconds}s"),
        "-s".to_owned(),
        script,
    ]
}

fn write_script(name: &str, text: &str) -> String {
    let path = std::env::temp_dir().join(format!("bizworks-load-{name}-{}.lua", Uuid::now_v7()));
    std::fs::write(&path, text).expect("write the wrk script");
    path.display().to_string()
}

/// Runs wrk off the runtime's workers (they serve the requests) and reads its result lines.
async fn wrk(args: Vec<String>) -> (Measured, HashMap<Uuid, i64>) {
    let output = tokio::task::spawn_blocking(move || Command::new("wrk").args(&args).output())
        .await
        .expect("join")
        .expect("run wrk");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "wrk failed: {text}");
    let mut measured = None;
    let mut devices = HashMap::new();
    for line in text.lines() {
        if let Some(fields) = line.strip_prefix("RESULT ") {
            measured = Some(parse_result(fields));
        } else if let Some(rest) = line.strip_prefix("DEVICE ") {
            let (id, acknowledged) = rest.split_once(" acknowledged=").expect("device line");
            devices.insert(
                id.parse().expect("device id"),
                acknowledged.parse().expect("count"),
            );
        }
    }
    (
        measured.unwrap_or_else(|| panic!("no RESULT line from wrk: {text}")),
        devices,
    )
}

fn parse_result(fields: &str) -> Measured {
    let value: HashMap<&str, u64> = fields
        .split_whitespace()
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, value)| (key, value.parse().expect("a number")))
        .collect();
    let get = |key: &str| value.get(key).copied().unwrap_or(0);
    Measured {
        requests: get("requests"),
        seconds: get("micros") as f64 / 1e6,
        p50_ms: get("p50") as f64 / 1000.0,
        p99_ms: get("p99") as f64 / 1000.0,
        max_ms: get("max") as f64 / 1000.0,
        socket_errors: get("socket_errors"),
        not_ok: get("not_ok"),
        applied: get("applied"),
    }
}

fn print_table(columns: &[(Engine, Vec<(String, Measured)>)]) {
    let Some((_, first)) = columns.first() else {
        return;
    };
    print!("| |");
    for (engine, _) in columns {
        print!(" {engine:?} req/s | p50 / p99 ms | failed |");
    }
    println!();
    print!("|---|");
    for _ in columns {
        print!("---|---|---|");
    }
    println!();
    for (row, (name, _)) in first.iter().enumerate() {
        print!("| {name} |");
        for (_, rows) in columns {
            let m = &rows[row].1;
            print!(
                " {:.0} | {:.2} / {:.2} | {} |",
                m.per_second(),
                m.p50_ms,
                m.p99_ms,
                m.failures()
            );
        }
        println!();
    }
    for (engine, rows) in columns {
        let bare = rows[0].1.per_second();
        let shares: Vec<String> = rows[1..]
            .iter()
            .map(|(name, m)| {
                format!(
                    "{name}: {:.1}% of the bare handler",
                    100.0 * m.per_second() / bare
                )
            })
            .collect();
        println!("\n{engine:?}: {}", shares.join("; "));
        if let Some((name, push)) = rows.last()
            && name.starts_with("sync push")
        {
            println!(
                "{engine:?}: sync push stored {:.0} visits/s ({} visits), slowest push {:.0} ms",
                push.applied as f64 / push.seconds,
                push.applied,
                push.max_ms
            );
        }
    }
}
