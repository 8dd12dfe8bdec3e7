//! `server`: serve BizWorks, migrate its database, or load demo and benchmark data.

use std::process::ExitCode;

use leptos::config::get_configuration;
use server::cli::{self, Command};
use server::{Config, db, seed};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let command = cli::parse(std::env::args().skip(1)).map_err(|e| e.to_string())?;
    if command == Command::Help {
        println!("{}", cli::USAGE);
        return Ok(());
    }
    let config = Config::from_env().map_err(|e| e.to_string())?;
    match command {
        Command::Help => Ok(()),
        Command::Serve => {
            let leptos = get_configuration(None)
                .map_err(|e| e.to_string())?
                .leptos_options;
            let addr = leptos.site_addr;
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
            let demo = demo_hint(&config).await;
            println!("BizWorks is serving on http://{addr}{demo}");
            server::serve(config, leptos, listener)
                .await
                .map_err(|e| format!("{e}. The server did not start."))
        }
        Command::Migrate => {
            let database = open(&config).await?;
            drop(database);
            println!("The database schema is up to date.");
            Ok(())
        }
        Command::SeedDemo => {
            let database = open(&config).await?;
            let outcome = seed::demo::seed(&database, seed::demo::DemoSize::full())
                .await
                .map_err(|e| format!("could not load the demo data: {e}"))?;
            println!("{outcome}");
            Ok(())
        }
        Command::Generate { visits, businesses } => {
            let database = open(&config).await?;
            seed::generate::generate(&database, businesses, visits)
                .await
                .map_err(|e| format!("could not generate data: {e}"))?;
            Ok(())
        }
    }
}

async fn open(config: &Config) -> Result<sea_orm::DatabaseConnection, String> {
    let database = db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    db::migrate(&database, &config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    Ok(database)
}

/// How to sign in, when the demo accounts are there.
async fn demo_hint(config: &Config) -> String {
    let Ok(database) = db::connect(&config.database_url).await else {
        return String::new();
    };
    if seed::demo::is_loaded(&database).await {
        format!(
            " — sign in as {} (or rep@, director@, coordinator@) with password {}",
            seed::demo::ADMIN_EMAIL,
            seed::demo::PASSWORD
        )
    } else {
        " — no accounts yet: run `server seed-demo` to load the demo accounts".to_owned()
    }
}
