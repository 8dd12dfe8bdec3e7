//! Finding, reading and creating businesses and their contacts.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{
    BusinessDetail, BusinessDraft, BusinessId, BusinessQuery, BusinessSummary, ContactDraft,
    ContactId, Duplicate, DuplicatePair, Page,
};

/// One page of businesses matching the query.
#[server(endpoint = "search_businesses")]
pub async fn search_businesses(query: BusinessQuery) -> Result<Page<BusinessSummary>, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.businesses()?;
        backend()?.search_businesses(&who, query).await
    };
    respond(result.await)
}

/// Everything the business page shows.
#[server(endpoint = "get_business")]
pub async fn get_business(id: BusinessId) -> Result<BusinessDetail, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.businesses()?;
        backend()?.business(&who, id).await
    };
    respond(result.await)
}

/// Businesses that look like the one being typed (same FEIN, or same name and ZIP).
#[server(endpoint = "likely_duplicates")]
pub async fn likely_duplicates(draft: BusinessDraft) -> Result<Vec<Duplicate>, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.businesses()?;
        backend()?.likely_duplicates(&who, draft).await
    };
    respond(result.await)
}

/// Creates a business from the form, or says which fields need attention.
#[server(endpoint = "create_business")]
pub async fn create_business(draft: BusinessDraft) -> Result<BusinessId, AppError> {
    use crate::backend::{backend, respond, viewer};
    use crate::rules::validation::validate_business;
    let result = async {
        let who = viewer()?.businesses()?;
        let fields = validate_business(&draft).map_err(AppError::InvalidFields)?;
        backend()?.create_business(&who, fields).await
    };
    let created = respond(result.await)?;
    // Straight to the new business's page, with or without JavaScript.
    leptos_axum::redirect(&format!("/businesses/{created}"));
    Ok(created)
}

/// Saves changes to a business; a new stage is added to its history.
#[server(endpoint = "update_business")]
pub async fn update_business(id: BusinessId, draft: BusinessDraft) -> Result<BusinessId, AppError> {
    use crate::backend::{backend, respond, viewer};
    use crate::rules::validation::validate_business;
    let result = async {
        let who = viewer()?.businesses()?;
        let fields = validate_business(&draft).map_err(AppError::InvalidFields)?;
        backend()?.update_business(&who, id, fields).await
    };
    let saved = respond(result.await)?;
    leptos_axum::redirect(&format!("/businesses/{saved}"));
    Ok(saved)
}

/// Merges `merged` into `survivor`: visits, contacts and branches move; undoable.
#[server(endpoint = "merge_businesses")]
pub async fn merge_businesses(survivor: BusinessId, merged: BusinessId) -> Result<(), AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.businesses()?;
        backend()?.merge_businesses(&who, survivor, merged).await
    };
    respond(result.await)?;
    leptos_axum::redirect(&format!("/businesses/{survivor}"));
    Ok(())
}

/// Undoes a merge; both businesses are as they were.
#[server(endpoint = "undo_merge")]
pub async fn undo_merge(merge: uuid::Uuid) -> Result<(), AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.businesses()?;
        backend()?.undo_merge(&who, merge).await
    };
    let survivor = respond(result.await)?;
    leptos_axum::redirect(&format!("/businesses/{survivor}"));
    Ok(())
}

/// Every pair of live businesses that look like one (administrators).
#[server(endpoint = "possible_duplicates")]
pub async fn possible_duplicates() -> Result<Vec<DuplicatePair>, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let admin = viewer()?.admin()?;
        backend()?.possible_duplicates(&admin).await
    };
    respond(result.await)
}

/// Adds a contact to a business.
#[server(endpoint = "add_contact")]
pub async fn add_contact(business: BusinessId, draft: ContactDraft) -> Result<ContactId, AppError> {
    use crate::backend::{backend, respond, viewer};
    use crate::rules::validation::validate_contact;
    let result = async {
        let who = viewer()?.businesses()?;
        let fields = validate_contact(&draft).map_err(AppError::InvalidFields)?;
        backend()?.add_contact(&who, business, fields).await
    };
    respond(result.await)
}

/// Changes a contact's details.
#[server(endpoint = "update_contact")]
pub async fn update_contact(id: ContactId, draft: ContactDraft) -> Result<BusinessId, AppError> {
    use crate::backend::{backend, respond, viewer};
    use crate::rules::validation::validate_contact;
    let result = async {
        let who = viewer()?.businesses()?;
        let fields = validate_contact(&draft).map_err(AppError::InvalidFields)?;
        backend()?.update_contact(&who, id, fields).await
    };
    respond(result.await)
}

/// Removes a contact from its business; visits that met them keep their name.
#[server(endpoint = "remove_contact")]
pub async fn remove_contact(id: ContactId) -> Result<BusinessId, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.businesses()?;
        backend()?.remove_contact(&who, id).await
    };
    respond(result.await)
}
