//! The change sequence every synced row carries. Taken inside the writing transaction, from
//! one row that every writer updates, so sequence numbers commit in order and a pull by cursor
//! never skips a row committed late.

use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QuerySelect, Set,
    TransactionTrait,
};

use crate::entities::sync_clock;
use crate::storage::writer;

/// The clock's row, locked until the transaction ends (`FOR UPDATE` on PostgreSQL; SQLite has
/// one writer): two writers reading the same last number would hand it out twice.
async fn locked(db: &impl ConnectionTrait) -> Result<sync_clock::Model, DbErr> {
    sync_clock::Entity::find_by_id(1)
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("sync_clock row 1".to_owned()))
}

/// Takes the clock's lock without a number: a writer that will take one later calls this
/// first, so every writer locks the clock before any other row and none waits on another in
/// a cycle.
pub async fn hold(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    locked(db).await.map(|_| ())
}

/// Begins a transaction that changes synced rows, with the clock's lock taken before it reads
/// anything (on SQLite, the database's write lock: [`writer::begin`]). Read after the lock, a
/// row is as the last writer left it and stays so until this transaction ends: a version read
/// to be raised is not raised twice, a merge moves every visit linked to the merged business,
/// even one linked while the merge was starting, and SQLite never refuses the first write of a
/// transaction that read before another one committed (`SQLITE_BUSY_SNAPSHOT`).
pub async fn begin<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    let txn = writer::begin(db).await?;
    hold(&txn).await?;
    Ok(txn)
}

/// Reserves `n` sequence numbers and returns the first.
pub async fn take(db: &impl ConnectionTrait, n: i64) -> Result<i64, DbErr> {
    let clock = locked(db).await?;
    let first = clock.last_seq + 1;
    let mut active = clock.into_active_model();
    active.last_seq = Set(first + n - 1);
    active.update(db).await?;
    Ok(first)
}
