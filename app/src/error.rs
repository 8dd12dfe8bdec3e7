//! The one error type that crosses from server functions to the page. Each variant is a
//! stable kind the page can act on; its message is written for the person using the app.
//! Causes (database errors and the like) are logged on the server and never sent.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::rules::validation::FieldError;

fn describe(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|error| format!("{} {}", error.field.replace('_', " "), error.message))
        .collect::<Vec<_>>()
        .join("; ")
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in to continue.")]
    NotSignedIn,
    #[error("Your session ended after a period without activity. Sign in again to carry on.")]
    SessionExpired,
    #[error("Your account cannot use {area}. Ask an administrator if you need it.")]
    Forbidden { area: String },
    #[error("{what} was not found. It may have been removed, or the link is mistyped.")]
    NotFound { what: String },
    /// The request is well formed but the stored state forbids it (say, removing a unit
    /// that still has staff); the message says what to do first.
    #[error("{message}")]
    Conflict { message: String },
    /// Too many of something from one place in a short time (a public form, say).
    #[error("{message}")]
    TooMany { message: String },
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("Some fields need attention: {}.", describe(.0))]
    InvalidFields(Vec<FieldError>),
    /// The request was not in the form our pages send (a stale page, or not a page at all).
    #[error(
        "The request was not in the form this page sends ({0}). Reload the page and try again."
    )]
    BadRequest(String),
    #[error(
        "The server could not finish this request. Nothing you typed is lost; try again in a moment."
    )]
    Unavailable,
    #[error("The request did not get through ({0}). Check your connection and try again.")]
    Transport(String),
}

impl AppError {
    /// The HTTP status that goes with the error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotSignedIn | AppError::SessionExpired => 401,
            AppError::Forbidden { .. } => 403,
            AppError::NotFound { .. } => 404,
            AppError::Conflict { .. } => 409,
            AppError::TooMany { .. } => 429,
            AppError::BadRequest(_) => 400,
            AppError::Invalid { .. } | AppError::InvalidFields(_) => 422,
            AppError::Unavailable => 503,
            AppError::Transport(_) => 502,
        }
    }

    /// The message for one field, when this error is about fields.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            AppError::InvalidFields(errors) => errors
                .iter()
                .find(|error| error.field == name)
                .map(|error| error.message.clone()),
            AppError::Invalid { field, message } if field == name => Some(message.clone()),
            _ => None,
        }
    }

    pub fn forbidden(area: crate::access::Area) -> Self {
        AppError::Forbidden {
            area: area.label().to_owned(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Arguments the server could not read are the caller's mistake (400); everything else
    /// on this path is the connection's.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::BadRequest(value.to_string())
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Area;

    #[test]
    fn messages_say_what_to_do() {
        assert_eq!(
            AppError::forbidden(Area::Admin).to_string(),
            "Your account cannot use Admin. Ask an administrator if you need it."
        );
        assert_eq!(AppError::forbidden(Area::Admin).status(), 403);
        let invalid = AppError::Invalid {
            field: "FEIN".into(),
            message: "must be 9 digits".into(),
        };
        assert_eq!(invalid.to_string(), "FEIN: must be 9 digits");
    }

    #[test]
    fn errors_round_trip_as_json() {
        let error = AppError::NotFound {
            what: "Business".into(),
        };
        let json = serde_json::to_string(&error).unwrap_or_default();
        assert_eq!(serde_json::from_str::<AppError>(&json).ok(), Some(error));
    }
}
