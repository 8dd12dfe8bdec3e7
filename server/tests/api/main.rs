//! Every server integration test, in one binary.
//!
//! Each file under `tests/` would be its own executable linking the whole server (hundreds of
//! megabytes each with debug info); one binary links once, keeps CI's disk use small and lets
//! the test harness spread every case over the cores.

#[macro_use]
mod common;

mod access;
mod admin;
mod auth;
mod businesses;
mod faults;
mod merges;
mod reference;
mod slate;
mod sync;
mod visits;
