//! `migrations [up [N]|down [N]|status|fresh]` — apply or inspect the BizWorks schema.
//!
//! The database comes from `DATABASE_URL`, defaulting to the local SQLite file
//! `sqlite://data/bizworks.db?mode=rwc`.

use std::path::Path;
use std::process::ExitCode;

use migrations::sea_orm::{Database, DatabaseConnection};
use migrations::{DEFAULT_DATABASE_URL, Migrator, MigratorTrait};

const USAGE: &str = "usage: migrations [up [N] | down [N] | status | fresh]

  up [N]    apply pending migrations (all, or the next N)   [default]
  down [N]  roll back applied migrations (the last one, or the last N)
  status    list migrations and whether each is applied
  fresh     DROP EVERY TABLE, then apply all migrations

The database is read from DATABASE_URL (default: sqlite://data/bizworks.db?mode=rwc).";

enum Command {
    Up(Option<u32>),
    Down(u32),
    Status,
    Fresh,
    Help,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse_args(&args) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("migrations: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Command::Help = command {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }

    match run(command).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("migrations: {message}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args(args: &[String]) -> Result<Command, String> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] | ["up"] => Ok(Command::Up(None)),
        ["up", n] => Ok(Command::Up(Some(parse_steps(n)?))),
        ["down"] => Ok(Command::Down(1)),
        ["down", n] => Ok(Command::Down(parse_steps(n)?)),
        ["status"] => Ok(Command::Status),
        ["fresh"] => Ok(Command::Fresh),
        ["help" | "-h" | "--help"] => Ok(Command::Help),
        _ => Err(format!("unrecognised arguments: {}", words.join(" "))),
    }
}

fn parse_steps(text: &str) -> Result<u32, String> {
    match text.parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("N must be a positive whole number, got {text:?}")),
    }
}

async fn run(command: Command) -> Result<(), String> {
    let url = std::env::var("DATABASE_URL")
        .ok()
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());

    prepare_sqlite_folder(&url)?;

    let db: DatabaseConnection = Database::connect(url.as_str())
        .await
        .map_err(|err| format!("cannot connect to {}: {err}", redact(&url)))?;

    let outcome = match command {
        Command::Up(steps) => Migrator::up(&db, steps)
            .await
            .map(|()| println!("migrations applied")),
        Command::Down(steps) => Migrator::down(&db, Some(steps))
            .await
            .map(|()| println!("rolled back up to {steps} migration(s)")),
        Command::Fresh => Migrator::fresh(&db)
            .await
            .map(|()| println!("all tables dropped and migrations re-applied")),
        Command::Status => Migrator::get_migration_with_status(&db)
            .await
            .map(|migrations| {
                for migration in migrations {
                    println!(
                        "{:<10} {}",
                        migration.status().to_string(),
                        migration.name()
                    );
                }
            }),
        Command::Help => Ok(()),
    };
    let outcome = outcome.map_err(|err| err.to_string());

    // Close politely either way; a close error only matters if all else went well.
    let closed = db.close().await.map_err(|err| err.to_string());
    outcome?;
    closed
}

/// For a SQLite file URL, make sure the folder holding the file exists, since
/// SQLite creates the file (with `mode=rwc`) but not its directory.
fn prepare_sqlite_folder(url: &str) -> Result<(), String> {
    let Some(rest) = url.strip_prefix("sqlite:") else {
        return Ok(());
    };
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" || path == "memory:" {
        return Ok(());
    }
    match Path::new(path).parent() {
        Some(parent) if !parent.as_os_str().is_empty() => std::fs::create_dir_all(parent)
            .map_err(|err| format!("cannot create folder {}: {err}", parent.display())),
        _ => Ok(()),
    }
}

/// Hide a password in a URL before printing it.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}
