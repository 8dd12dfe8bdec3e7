//! How every writing transaction begins. SQLite's default (deferred) transaction reads from a
//! snapshot and asks for the write lock only at its first write; when another writer committed
//! in between, that write fails at once with `SQLITE_BUSY_SNAPSHOT` (no busy timeout helps),
//! and the person sees "try again" for a request that only had to wait its turn. Taking the
//! lock at `BEGIN IMMEDIATE` makes such a request wait (up to the busy timeout) and then read
//! what the other one wrote. PostgreSQL has no such mode and begins as usual: its writers that
//! must read under a lock take it themselves (`sync_clock::begin`).
//!
//! `clippy.toml` forbids `TransactionTrait::begin` elsewhere, so no new writer forgets this.

use sea_orm::{DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait};

/// Begins a transaction that will write (on SQLite, holding the database's write lock).
pub async fn begin<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}
