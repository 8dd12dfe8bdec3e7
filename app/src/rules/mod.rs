//! Pure domain rules, run the same way in the browser and on the server.

pub mod assistance;
pub mod duplicates;
pub mod follow_ups;
pub mod membership;
pub mod metrics;
pub mod naics;
pub mod names;
pub mod orientation;
pub mod participation;
pub mod password;
pub mod period;
pub mod reach;
pub mod reference;
pub mod search;
pub mod states;
pub mod suggest;
pub mod validation;
