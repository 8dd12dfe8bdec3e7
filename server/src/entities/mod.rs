//! sea-orm entities, one per table created by the `migrations` crate.
//!
//! Column names and types mirror the migrations in `migrations/src/`; change both together.

pub mod activity_type;
pub mod assistance_request;
pub mod assistance_update;
pub mod attendance;
pub mod audit_log;
pub mod board;
pub mod business;
pub mod business_merge;
pub mod business_stage_change;
pub mod business_word;
pub mod center;
pub mod committee;
pub mod committee_member;
pub mod contact;
pub mod device;
pub mod establishment_count;
pub mod join_request;
pub mod kept_business;
pub mod meeting;
pub mod notification;
pub mod program;
pub mod public_form_hit;
pub mod region;
pub mod service;
pub mod session;
pub mod sign_in_failure;
pub mod submission;
pub mod submission_window;
pub mod sync_clock;
pub mod sync_outcome;
pub mod user;
pub mod visit;
pub mod visit_business;
pub mod visit_category;
pub mod visit_contact;
pub mod visit_service;
