//! Database schema migrations for BizWorks.
//!
//! Every migration is written with the sea-query builder so the same code
//! runs on SQLite (development, tests) and PostgreSQL (production).

pub use sea_orm_migration::prelude::*;

mod build;
mod m20261123_000001_core_schema;
mod m20261123_000002_business_details;
mod m20261123_000003_search_order;
mod m20261123_000004_sync;
mod m20261124_000005_committees;
mod m20261129_000006_dashboard_index;
mod m20261130_000007_peer_to_peer;
mod m20261130_000008_visit_list_index;
mod m20261130_000009_rollups;
mod m20261130_000010_visit_parts;
mod m20261201_000011_visit_pulled;

/// Where BizWorks keeps its data when nothing else is configured: a SQLite file under
/// `data/`, created on first run.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/bizworks.db?mode=rwc";

/// Runs the BizWorks migrations in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_core_schema::Migration),
            Box::new(m20261123_000002_business_details::Migration),
            Box::new(m20261123_000003_search_order::Migration),
            Box::new(m20261123_000004_sync::Migration),
            Box::new(m20261124_000005_committees::Migration),
            Box::new(m20261129_000006_dashboard_index::Migration),
            Box::new(m20261130_000007_peer_to_peer::Migration),
            Box::new(m20261130_000008_visit_list_index::Migration),
            Box::new(m20261130_000009_rollups::Migration),
            Box::new(m20261130_000010_visit_parts::Migration),
            Box::new(m20261201_000011_visit_pulled::Migration),
        ]
    }
}
