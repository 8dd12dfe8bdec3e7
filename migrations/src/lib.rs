//! Database schema migrations for BizWorks.
//!
//! Every migration is written with the sea-query builder so the same code
//! runs on SQLite (development, tests) and PostgreSQL (production).

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_core_schema;

/// Runs the BizWorks migrations in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m20261123_000001_core_schema::Migration)]
    }
}
