//! Search that stays fast at 100,000 businesses (measured in `server/benches/search.rs`).
//!
//! The word index learns each business's name, so a search reads one covering index range
//! and sorts only what matched, instead of fetching every matching business to sort it. The
//! other words of a query are checked against a `(business_id, word)` index. Lists without
//! words walk a partial index of live businesses in name order. The index on
//! `merged_into_id` becomes partial: as a full index, SQLite used it for "not merged" (every
//! row) and then sorted the whole table.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One batch, so every statement runs on one connection: on SQLite, a pooled connection
/// with an older copy of the schema would otherwise refuse to create an index another
/// connection has just dropped. Recreated indexes take new names for the same reason.
const UP: &str = "
    UPDATE business_words SET legal_name =
        (SELECT b.legal_name FROM businesses b WHERE b.id = business_words.business_id);
    CREATE INDEX idx_business_words_word_name ON business_words (word, legal_name, business_id);
    DROP INDEX idx_business_words_business_id;
    CREATE INDEX idx_business_words_business_word ON business_words (business_id, word);
    DROP INDEX idx_businesses_merged_into_id;
    CREATE INDEX idx_businesses_merged_into ON businesses (merged_into_id)
        WHERE merged_into_id IS NOT NULL;
    CREATE INDEX idx_businesses_live_name ON businesses (legal_name, id)
        WHERE deleted_at IS NULL AND merged_into_id IS NULL;
    CREATE INDEX idx_businesses_live_center_name ON businesses (center_id, legal_name, id)
        WHERE deleted_at IS NULL AND merged_into_id IS NULL;
";

const DOWN: &str = "
    DROP INDEX idx_businesses_live_center_name;
    DROP INDEX idx_businesses_live_name;
    DROP INDEX idx_businesses_merged_into;
    CREATE INDEX idx_businesses_merged_into_id ON businesses (merged_into_id);
    DROP INDEX idx_business_words_business_word;
    CREATE INDEX idx_business_words_business_id ON business_words (business_id);
    DROP INDEX idx_business_words_word_name;
    ALTER TABLE business_words DROP COLUMN legal_name;
";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Sorted byte-wise on PostgreSQL, like `word`, so both engines order alike.
        let column = match manager.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => {
                "legal_name varchar NOT NULL DEFAULT '' COLLATE \"C\""
            }
            _ => "legal_name varchar NOT NULL DEFAULT ''",
        };
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "ALTER TABLE business_words ADD COLUMN {column};{UP}"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(DOWN).await?;
        Ok(())
    }
}
