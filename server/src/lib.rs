//! The BizWorks server: the axum binary's library half, so integration tests can start the
//! very same server on a free port.

pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod entities;
pub mod org;
pub mod security;
pub mod seed;
pub mod startup;
pub mod storage;

pub use config::Config;
pub use startup::{AppState, StartError, router, serve};
