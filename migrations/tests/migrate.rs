//! The core migration goes up, holds its invariants, comes down cleanly and
//! goes up again — on SQLite always, and on PostgreSQL when
//! `BIZWORKS_TEST_PG_URL` names an admin connection.

use std::hash::{BuildHasher, Hasher};
use std::time::{SystemTime, UNIX_EPOCH};

use migrations::sea_orm::prelude::{ChronoDateTimeUtc, Uuid};
use migrations::sea_orm::{ConnectionTrait, Database, DatabaseConnection, SqlErr, Statement};
use migrations::{Alias, Expr, Migrator, MigratorTrait, Query, SchemaManager};

#[tokio::test]
async fn migrate_sqlite() {
    let db = Database::connect("sqlite::memory:")
        .await
        .expect("open in-memory SQLite");
    if let Err(message) = exercise_migrations(&db).await {
        panic!("SQLite: {message}");
    }
}

#[tokio::test]
async fn migrate_postgres() {
    let admin_url = match std::env::var("BIZWORKS_TEST_PG_URL") {
        Ok(url) if !url.trim().is_empty() => url,
        _ => {
            if std::env::var("BIZWORKS_REQUIRE_PG").as_deref() == Ok("1") {
                panic!(
                    "BIZWORKS_REQUIRE_PG=1 but BIZWORKS_TEST_PG_URL is not set; \
                     point it at a PostgreSQL admin URL such as \
                     postgres://bizworks:bizworks@127.0.0.1:55432/postgres"
                );
            }
            println!("skipped: BIZWORKS_TEST_PG_URL not set");
            return;
        }
    };

    let db_name = format!("bw_mig_{}", random_hex());
    let admin = Database::connect(admin_url.as_str())
        .await
        .expect("connect to the PostgreSQL admin URL in BIZWORKS_TEST_PG_URL");
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{db_name}\""))
        .await
        .expect("create the scratch test database");

    // Run the checks, then always drop the scratch database before reporting.
    let outcome = match Database::connect(with_database(&admin_url, &db_name).as_str()).await {
        Ok(db) => {
            let outcome = exercise_migrations(&db).await;
            let _ = db.close().await;
            outcome
        }
        Err(err) => Err(format!("connect to {db_name}: {err}")),
    };

    let dropped = drop_database(&admin, &db_name).await;
    let _ = admin.close().await;

    if let Err(message) = outcome {
        panic!("PostgreSQL ({db_name}): {message}");
    }
    if let Err(message) = dropped {
        panic!("dropping scratch database {db_name}: {message}");
    }
}

/// The checks shared by both engines. Returns a description of the first
/// failure instead of panicking so the caller can clean up first.
async fn exercise_migrations(db: &DatabaseConnection) -> Result<(), String> {
    Migrator::up(db, None)
        .await
        .map_err(|err| format!("first up: {err}"))?;
    check_sync_clock(db).await?;
    check_fein_uniqueness(db).await?;

    Migrator::down(db, None)
        .await
        .map_err(|err| format!("down: {err}"))?;
    let manager = SchemaManager::new(db);
    for table in ["sync_clock", "businesses", "visits", "regions"] {
        let still_there = manager
            .has_table(table)
            .await
            .map_err(|err| format!("has_table({table}): {err}"))?;
        if still_there {
            return Err(format!("table {table} survived `down`"));
        }
    }
    let pending = Migrator::get_pending_migrations(db)
        .await
        .map_err(|err| format!("listing pending migrations: {err}"))?;
    if pending.len() != Migrator::migrations().len() {
        return Err(format!(
            "after down, {} of {} migrations pending",
            pending.len(),
            Migrator::migrations().len()
        ));
    }

    Migrator::up(db, None)
        .await
        .map_err(|err| format!("second up: {err}"))?;
    check_sync_clock(db).await?;
    check_fein_uniqueness(db).await?;
    Ok(())
}

/// `sync_clock` holds exactly the row (1, 0).
async fn check_sync_clock(db: &DatabaseConnection) -> Result<(), String> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT id, last_seq FROM sync_clock",
        ))
        .await
        .map_err(|err| format!("reading sync_clock: {err}"))?;
    let mut found = Vec::new();
    for row in &rows {
        let id: i32 = row
            .try_get("", "id")
            .map_err(|err| format!("sync_clock.id: {err}"))?;
        let last_seq: i64 = row
            .try_get("", "last_seq")
            .map_err(|err| format!("sync_clock.last_seq: {err}"))?;
        found.push((id, last_seq));
    }
    if found != [(1, 0)] {
        return Err(format!("sync_clock should hold [(1, 0)], holds {found:?}"));
    }
    Ok(())
}

/// A second business with the same FEIN is refused; two without one are fine.
async fn check_fein_uniqueness(db: &DatabaseConnection) -> Result<(), String> {
    insert_business(db, 1, Some("12-3456789"))
        .await
        .map_err(|err| format!("first business with a FEIN: {err}"))?;

    match insert_business(db, 2, Some("12-3456789")).await {
        Ok(()) => return Err("a second business with the same FEIN was accepted".to_owned()),
        Err(err) => match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {}
            _ => return Err(format!("duplicate FEIN failed for the wrong reason: {err}")),
        },
    }

    insert_business(db, 3, None)
        .await
        .map_err(|err| format!("first business without a FEIN: {err}"))?;
    insert_business(db, 4, None)
        .await
        .map_err(|err| format!("second business without a FEIN: {err}"))?;

    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM businesses",
        ))
        .await
        .map_err(|err| format!("counting businesses: {err}"))?
        .ok_or("COUNT(*) returned no row")?;
    let count: i64 = row
        .try_get("", "n")
        .map_err(|err| format!("reading the count: {err}"))?;
    if count != 3 {
        return Err(format!("expected 3 businesses, found {count}"));
    }
    Ok(())
}

async fn insert_business(
    db: &DatabaseConnection,
    n: u128,
    fein: Option<&str>,
) -> Result<(), migrations::DbErr> {
    let now = ChronoDateTimeUtc::from_timestamp(1_763_856_000, 0).unwrap_or_default();
    let columns = [
        "id",
        "legal_name",
        "fein",
        "naics",
        "address",
        "city",
        "zip",
        "stage",
        "normalized_name",
        "change_seq",
        "created_at",
        "updated_at",
    ];
    let values = [
        Expr::val(Uuid::from_u128(n)),
        Expr::val(format!("Acme Widgets {n}")),
        Expr::val(fein.map(str::to_owned)),
        Expr::val("332710"),
        Expr::val("1 Main St"),
        Expr::val("Springfield"),
        Expr::val("12345"),
        Expr::val("prospect"),
        Expr::val(format!("acme widgets {n}")),
        Expr::val(n as i64),
        Expr::val(now),
        Expr::val(now),
    ];
    let mut insert = Query::insert();
    insert
        .into_table(Alias::new("businesses"))
        .columns(columns.map(Alias::new))
        .values(values)
        .map_err(|err| migrations::DbErr::Custom(err.to_string()))?;
    db.execute(&insert).await.map(|_| ())
}

async fn drop_database(admin: &DatabaseConnection, name: &str) -> Result<(), String> {
    let plain = format!("DROP DATABASE IF EXISTS \"{name}\"");
    match admin.execute_unprepared(&plain).await {
        Ok(_) => Ok(()),
        // A pooled connection may linger for a moment; PostgreSQL 13+ can force it.
        Err(_) => admin
            .execute_unprepared(&format!("{plain} WITH (FORCE)"))
            .await
            .map(|_| ())
            .map_err(|err| err.to_string()),
    }
}

/// Replace the database name in a PostgreSQL URL, keeping any query string.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let root = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{root}/{database}?{query}"),
        None => format!("{root}/{database}"),
    }
}

/// Sixteen hex digits that differ between runs, from the standard library only.
fn random_hex() -> String {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    hasher.write_u128(nanos);
    hasher.write_u32(std::process::id());
    format!("{:016x}", hasher.finish())
}

#[test]
fn with_database_swaps_only_the_name() {
    assert_eq!(
        with_database("postgres://u:p@127.0.0.1:55432/postgres", "bw_mig_1"),
        "postgres://u:p@127.0.0.1:55432/bw_mig_1"
    );
    assert_eq!(
        with_database("postgres://u:p@host/postgres?sslmode=disable", "x"),
        "postgres://u:p@host/x?sslmode=disable"
    );
    assert_eq!(
        with_database("postgres://u:p@host", "x"),
        "postgres://u:p@host/x"
    );
}
