//! The director dashboard on generated data: every query of one dashboard (state scope, the
//! last twelve whole months) over HTTP exactly as the page asks, next to a baseline measured in
//! the same run on the same data: one plain `COUNT(*)` of the same visits straight on the
//! connection, what any dashboard counting the visits themselves would pay at least. Then each
//! figure's query alone, from the roll-ups the page reads and from the visits (the way the
//! first versions counted, and what custom dates that cut a month still use), to show where
//! the time goes, and the plans.
//!
//! `cargo bench -p server --bench dashboard` (SQLite); wrap it in `.ci/with-postgres` for
//! PostgreSQL too. `BIZWORKS_BENCH_VISITS` and `BIZWORKS_BENCH_BUSINESSES` change the size
//! (default 1,000,000 visits and 100,000 businesses), `BIZWORKS_BENCH_ENGINES` (`sqlite`,
//! `postgres`) which engines run.

#[path = "../tests/common/mod.rs"]
mod common;
mod measure;

use app::rules::period::{Period, PeriodKind};
use app::rules::reach::whole_months;
use chrono::{Months, Utc};
use common::{Engine, TestServer};
use measure::{env_u64, ms, sample, speedup};
use sea_orm::{ConnectionTrait, Statement};
use server::storage::metrics::{self, Frame};
use server::storage::rollups::read::{self, Run};

fn main() {
    measure::on_two_workers(run());
}

async fn run() {
    let visits = env_u64("BIZWORKS_BENCH_VISITS", 1_000_000);
    let businesses = env_u64("BIZWORKS_BENCH_BUSINESSES", 100_000);
    println!("# Director dashboard, {visits} visits, {businesses} businesses\n");
    // `BIZWORKS_BENCH_ENGINES=postgres` skips SQLite (10,000,000 visits is PostgreSQL's size).
    let only = std::env::var("BIZWORKS_BENCH_ENGINES").unwrap_or_default();
    for engine in [Engine::Sqlite, Engine::Postgres] {
        if !only.is_empty() && !only.contains(&format!("{engine:?}").to_lowercase()) {
            continue;
        }
        let started = std::time::Instant::now();
        let Some(server) = TestServer::start_sized(engine, businesses, visits).await else {
            println!(
                "{engine:?}: skipped (set BIZWORKS_TEST_PG_URL, or run under .ci/with-postgres)\n"
            );
            continue;
        };
        let analyze = match engine {
            Engine::Sqlite => "ANALYZE",
            Engine::Postgres => "VACUUM ANALYZE",
        };
        server
            .db
            .execute_unprepared(analyze)
            .await
            .expect("statistics");
        println!(
            "{engine:?}: data generated in {:.0} s\n",
            started.elapsed().as_secs_f64()
        );
        bench_engine(&server, engine).await;
    }
}

async fn bench_engine(server: &TestServer, engine: Engine) {
    let director = server.sign_in("director@bizworks.test").await;
    let today = Utc::now().date_naive();
    // The twelve whole months ending with this one.
    let this_month = Period::containing(PeriodKind::Month, today);
    let period = Period {
        first: this_month
            .first
            .checked_sub_months(Months::new(11))
            .expect("a year back"),
        last: this_month.last,
    };
    let body = format!(
        "query%5Bperiod%5D=custom&query%5Bfrom%5D={}&query%5Bto%5D={}",
        period.first, period.last
    );
    let whole = sample("dashboard", 1, 10, || async {
        let (status, answer) = server.call("get_dashboard", &body, &director).await;
        assert!(status.is_success(), "{answer}");
    })
    .await;
    let placeholder = |n: usize| match engine {
        Engine::Sqlite => "?".to_owned(),
        Engine::Postgres => format!("${n}"),
    };
    let count_sql = format!(
        "SELECT COUNT(*) FROM visits WHERE deleted_at IS NULL AND visit_date BETWEEN {} AND {}",
        placeholder(1),
        placeholder(2)
    );
    let backend = server.db.get_database_backend();
    let baseline = sample("plain COUNT(*)", 1, 10, || {
        let statement = Statement::from_sql_and_values(
            backend,
            count_sql.clone(),
            [period.first.into(), period.last.into()],
        );
        async move {
            server.db.query_all_raw(statement).await.expect("count");
        }
    })
    .await;
    println!("| case | p50 ms | p95 ms |");
    println!("|---|---|---|");
    println!(
        "| whole dashboard over HTTP | {} | {} |",
        ms(whole.p50()),
        ms(whole.p95())
    );
    println!(
        "| baseline: one COUNT(*) of the same visits | {} | {} |",
        ms(baseline.p50()),
        ms(baseline.p95())
    );
    println!(
        "\nAt p95 the baseline takes {} the time of the whole dashboard.\n",
        speedup(&baseline, &whole)
    );

    let frame = Frame {
        centers: None,
        period,
    };
    let db = &server.db;
    let months = period.trend_months();
    let (first, last) = whole_months(period).expect("whole months");
    let run = Run {
        area: app::model::Scope::State,
        centers: None,
        first,
        last,
    };
    let centers: Vec<uuid::Uuid> = server::org::places(db)
        .await
        .expect("places")
        .into_keys()
        .collect();
    macro_rules! each {
        ($name:expr, $call:expr) => {{
            let s = sample($name, 1, 10, || async {
                $call.await.expect($name);
            })
            .await;
            println!("| {} | {} | {} |", $name, ms(s.p50()), ms(s.p95()));
        }};
    }
    println!("| figure's query, from the roll-ups | p50 ms | p95 ms |");
    println!("|---|---|---|");
    each!("visits, hired, orientations", read::visit_sums(db, run));
    each!("E1, E3, E4", read::employer_measures(db, run));
    each!("services delivered", read::services_delivered(db, run));
    each!(
        "follow-ups overdue",
        read::overdue_follow_ups(db, None, period, today)
    );
    each!("stages", read::stages(db, run));
    each!(
        "trend (24 months)",
        read::trend(db, app::model::Scope::State, None, &months)
    );
    each!("centers", read::ranking(db, run, &centers, false));
    each!("reps", read::ranking(db, run, &centers, true));
    println!("\nThe plan for E1, E3 and E4 from the roll-ups:\n\n```");
    for line in read::explain_employer_measures(db, run)
        .await
        .expect("explain")
    {
        println!("{line}");
    }
    println!("```\n");

    if std::env::var_os("BIZWORKS_BENCH_FROM_VISITS").is_none() {
        println!("(each figure counted from the visits: set BIZWORKS_BENCH_FROM_VISITS=1)\n");
        return;
    }
    macro_rules! each {
        ($name:expr, $call:expr) => {{
            let s = sample($name, 0, 3, || async {
                $call.await.expect($name);
            })
            .await;
            println!("| {} | {} |", $name, ms(s.p50()));
        }};
    }
    println!("| figure's query, from the visits | p50 ms |");
    println!("|---|---|");
    each!("visits and hired", metrics::visits_and_hired(db, frame));
    each!("E1, E3, E4", metrics::employer_measures(db, frame));
    each!("orientations", metrics::orientations(db, frame));
    each!("services delivered", metrics::services_delivered(db, frame));
    each!(
        "follow-ups overdue",
        metrics::overdue_follow_ups(db, frame, period.last)
    );
    each!("stages", metrics::stages(db, frame));
    each!("trend (24 months)", metrics::trend(db, None, &months));
    each!("centers", metrics::ranking(db, frame, false));
    each!("reps", metrics::ranking(db, frame, true));
    println!("\nThe plan for E1, E3 and E4:\n\n```");
    for line in metrics::explain_employer_measures(db, frame)
        .await
        .expect("explain")
    {
        println!("{line}");
    }
    println!("```\n");
}
