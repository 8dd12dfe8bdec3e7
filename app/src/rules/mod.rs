//! Pure domain rules, run the same way in the browser and on the server.

pub mod names;
pub mod orientation;
