//! BizWorks' shared crate: the typed models and pure rules that browser and server both run,
//! the Leptos components and routes, and the thin server functions in front of the backend.

pub mod access;
pub mod api;
pub mod components;
pub mod csv;
pub mod device;
pub mod error;
pub mod format;
pub mod model;
pub mod pages;
pub mod resource;
pub mod retry;
pub mod rules;
pub mod shell;
pub mod sync;
pub mod url;

/// Server-only pieces: the backend port the server implements, and the guard every server
/// function must hold. Never compiled into the browser bundle.
#[cfg(feature = "ssr")]
pub mod backend;

pub use shell::{App, shell};
