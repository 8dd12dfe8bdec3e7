//! Demo and benchmark data. Never part of a migration: a deployment starts empty.

mod committees;
pub mod demo;
pub mod generate;
mod names;
mod programs;
mod progress;
