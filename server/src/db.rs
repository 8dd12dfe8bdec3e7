//! Opening the database: SQLite tuned for durability (WAL, `synchronous=FULL`, foreign keys,
//! a busy timeout), or PostgreSQL; and bringing its schema up to date.

use std::time::Duration;

use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

use crate::config::redact_password;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot create the folder {folder} for the database: {source}")]
    Folder {
        folder: String,
        source: std::io::Error,
    },
    #[error("cannot open the database at {url}: {source}")]
    Connect { url: String, source: DbErr },
    #[error("cannot migrate the database at {url}: {source}")]
    Migrate { url: String, source: DbErr },
}

/// Opens the database at `url`, creating a SQLite file (and its folder) on first run.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbError> {
    if let Some(path) = sqlite_file(url)
        && let Some(folder) = std::path::Path::new(path).parent()
        && !folder.as_os_str().is_empty()
    {
        std::fs::create_dir_all(folder).map_err(|source| DbError::Folder {
            folder: folder.display().to_string(),
            source,
        })?;
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(if url.starts_with("sqlite") { 8 } else { 16 })
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|options| {
            options
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .create_if_missing(true)
                // SQLite's default page cache (2 MB) is too small for a bulk sync growing five
                // indexes at once: pages went back and forth through `read()`. 32 MB of cache
                // per connection, and reads through a memory map.
                .pragma("cache_size", "-32768")
                .pragma("mmap_size", "268435456")
                .pragma("temp_store", "memory")
        });
    Database::connect(options)
        .await
        .map_err(|source| DbError::Connect {
            url: redact_password(url),
            source,
        })
}

/// Applies every pending migration; the caller stops on failure rather than serve an old schema.
/// Then builds the dashboard's roll-ups if this database has none yet.
pub async fn migrate(db: &DatabaseConnection, url: &str) -> Result<(), DbError> {
    let failed = |source| DbError::Migrate {
        url: redact_password(url),
        source,
    };
    Migrator::up(db, None).await.map_err(failed)?;
    crate::storage::rollups::ensure(db).await.map_err(failed)
}

/// The file path of a `sqlite://path?options` URL, if it names a file.
fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then_some(path)
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, Statement};

    use super::{connect, sqlite_file};

    /// `.cargo/config.toml` builds SQLite with the planner stability guarantee (without it
    /// every `LIMIT ?` query is re-parsed on each run) and without its memory statistics
    /// (which put one process-wide mutex around every allocation, so the connections' threads
    /// queued on it to copy out each column): docs/PERFORMANCE.md, "Load".
    #[tokio::test]
    async fn sqlite_is_built_with_the_flags_the_server_relies_on() {
        let db = connect("sqlite::memory:").await.expect("open");
        let options = db
            .query_all_raw(Statement::from_string(
                db.get_database_backend(),
                "PRAGMA compile_options",
            ))
            .await
            .expect("compile options");
        let names: Vec<String> = options
            .iter()
            .filter_map(|row| row.try_get_by_index::<String>(0).ok())
            .collect();
        for flag in ["ENABLE_QPSG", "DEFAULT_MEMSTATUS=0"] {
            assert!(names.iter().any(|n| n == flag), "{flag} not in {names:?}");
        }
    }

    #[test]
    fn finds_the_sqlite_file() {
        assert_eq!(
            sqlite_file("sqlite://data/bizworks.db?mode=rwc"),
            Some("data/bizworks.db")
        );
        assert_eq!(sqlite_file("sqlite:/tmp/x.db"), Some("/tmp/x.db"));
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://h/db"), None);
    }
}
