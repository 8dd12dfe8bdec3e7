//! Recording, listing, reading and deleting visits.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{
    EditableVisit, Page, VisitDetail, VisitDraft, VisitFilter, VisitId, VisitReference, VisitRow,
};

/// What the visit form offers: categories, activity types, the active slate.
#[server(endpoint = "visit_form_reference")]
pub async fn visit_form_reference() -> Result<VisitReference, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.visits()?;
        backend()?.visit_reference(&who).await
    };
    respond(result.await)
}

/// Records a visit from the form, or says which fields need attention.
#[server(endpoint = "record_visit")]
pub async fn record_visit(draft: VisitDraft) -> Result<VisitId, AppError> {
    use crate::backend::{backend, respond, viewer};
    use crate::rules::validation::validate_visit;
    let result = async {
        let who = viewer()?.visits()?;
        let store = backend()?;
        let reference = store.visit_reference(&who).await?;
        let who = who.rep()?;
        let fields =
            validate_visit(&draft, &reference, reference.today).map_err(AppError::InvalidFields)?;
        store.save_visit(&who, None, fields).await
    };
    respond(result.await)
}

/// One of the rep's own visits, as the form edits it.
#[server(endpoint = "get_editable_visit")]
pub async fn get_editable_visit(id: VisitId) -> Result<EditableVisit, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.visits()?.rep()?;
        backend()?.editable_visit(&who, id).await
    };
    respond(result.await)
}

/// Saves the rep's changes to their own visit; it returns to "received" for review.
#[server(endpoint = "update_visit")]
pub async fn update_visit(id: VisitId, draft: VisitDraft) -> Result<VisitId, AppError> {
    use crate::backend::{backend, respond, viewer};
    use crate::rules::validation::validate_visit;
    let result = async {
        let who = viewer()?.visits()?;
        let store = backend()?;
        let reference = store.visit_reference(&who).await?;
        let who = who.rep()?;
        let fields =
            validate_visit(&draft, &reference, reference.today).map_err(AppError::InvalidFields)?;
        store.save_visit(&who, Some(id), fields).await
    };
    respond(result.await)
}

/// A director marks a visit in their scope "has issues", saying what to fix.
#[server(endpoint = "review_visit")]
pub async fn review_visit(id: VisitId, comment: String) -> Result<(), AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.visits()?.director()?;
        backend()?.review_visit(&who, id, comment).await
    };
    respond(result.await)
}

/// The person's visits (a director's: those in scope), those with issues first, a page at a
/// time.
#[server(endpoint = "list_visits")]
pub async fn list_visits(filter: VisitFilter) -> Result<Page<VisitRow>, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.visits()?;
        backend()?.list_visits(&who, filter).await
    };
    respond(result.await)
}

/// One visit, for its author or a director whose scope covers it.
#[server(endpoint = "get_visit")]
pub async fn get_visit(id: VisitId) -> Result<VisitDetail, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.visits()?;
        backend()?.visit(&who, id).await
    };
    respond(result.await)
}

/// Soft-deletes one of the rep's own visits.
#[server(endpoint = "delete_visit")]
pub async fn delete_visit(id: VisitId) -> Result<(), AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.visits()?.rep()?;
        backend()?.delete_visit(&who, id).await
    };
    respond(result.await)?;
    leptos_axum::redirect("/visits");
    Ok(())
}
