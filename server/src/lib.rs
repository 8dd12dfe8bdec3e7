//! The BizWorks server: the axum binary's library half, so integration tests can start the
//! very same server on a free port.

/// The server allocates many small values per row it reads or writes; glibc's allocator
/// spent a quarter of a bulk sync in `malloc` and `free` (docs/PERFORMANCE.md). Declared in the
/// library so the binary, the tests and the benchmarks all run with it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod entities;
pub mod exports;
pub mod local_time;
pub mod org;
pub mod security;
pub mod seed;
pub mod startup;
pub mod storage;
pub mod sync;

pub use config::Config;
pub use startup::{AppState, StartError, router, serve};
