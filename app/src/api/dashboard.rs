//! The director's dashboard.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{Dashboard, DashboardQuery};

/// Every figure for an area inside the director's scope and a period.
#[server(endpoint = "get_dashboard")]
pub async fn get_dashboard(
    #[server(default)] query: DashboardQuery,
) -> Result<Dashboard, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?;
        who.may(crate::access::Area::Dashboard)?;
        let who = who.visits()?.director()?;
        backend()?.dashboard(&who, query).await
    };
    respond(result.await)
}
