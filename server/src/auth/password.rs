//! Argon2id password hashes, computed off the async runtime because they are slow on purpose.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("could not hash the password: {0}")]
    Hash(String),
    #[error("the hashing task failed: {0}")]
    Task(String),
}

/// A PHC-format argon2id hash of `password` with a fresh salt.
pub fn hash_blocking(password: &str) -> Result<String, PasswordError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| PasswordError::Hash(error.to_string()))
}

pub async fn hash(password: String) -> Result<String, PasswordError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|error| PasswordError::Task(error.to_string()))?
}

/// Whether `password` matches `stored`. With no stored hash (unknown account) a dummy hash is
/// checked anyway, so the answer takes as long and reveals nothing about which accounts exist.
pub async fn verify(stored: Option<String>, password: String) -> bool {
    tokio::task::spawn_blocking(move || {
        let dummy = dummy_hash();
        let (hash, known) = match &stored {
            Some(hash) => (hash.as_str(), true),
            None => (dummy, false),
        };
        let Ok(parsed) = PasswordHash::new(hash) else {
            return false;
        };
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        known && matches
    })
    .await
    .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("no account has this password").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let stored = hash("correct horse".into()).await.expect("hashes");
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(verify(Some(stored.clone()), "correct horse".into()).await);
        assert!(!verify(Some(stored), "wrong horse".into()).await);
        assert!(!verify(None, "anything".into()).await);
        assert!(!verify(Some("not a hash".into()), "anything".into()).await);
    }
}
