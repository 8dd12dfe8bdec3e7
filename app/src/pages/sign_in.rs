//! The sign-in page. A plain form posted to the server, so it works with or without
//! JavaScript; the server sends the person back here with a reason when it refuses.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// Why the server sent the person back to the sign-in page (the `error` query value).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInProblem {
    Credentials,
    Missing,
    Throttled,
    Expired,
}

impl SignInProblem {
    pub fn as_str(self) -> &'static str {
        match self {
            SignInProblem::Credentials => "credentials",
            SignInProblem::Missing => "missing",
            SignInProblem::Throttled => "throttled",
            SignInProblem::Expired => "expired",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            SignInProblem::Credentials,
            SignInProblem::Missing,
            SignInProblem::Throttled,
            SignInProblem::Expired,
        ]
        .into_iter()
        .find(|problem| problem.as_str() == value)
    }

    pub fn message(self) -> &'static str {
        match self {
            SignInProblem::Credentials => {
                "The e-mail or password is not right. Check both and try again."
            }
            SignInProblem::Missing => "Enter both your e-mail and your password.",
            SignInProblem::Throttled => {
                "Too many failed sign-ins for this account or from this address. Wait up to an hour, \
                 or ask an administrator to reset your password."
            }
            SignInProblem::Expired => {
                "Your session ended after a period without activity. Sign in again to carry on."
            }
        }
    }
}

#[component]
pub fn SignIn() -> impl IntoView {
    let query = use_query_map();
    let read = move |key: &str| query.with_untracked(|q| q.get(key)).unwrap_or_default();
    let problem = SignInProblem::parse(&read("error"));
    let email = read("email");
    let next = read("next");
    view! {
        <Title text="Sign in" />
        <section class="narrow">
            <h1>"Sign in"</h1>
            {problem.map(|problem| view! { <p class="alert" role="alert">{problem.message()}</p> })}
            <form method="post" action="/auth/sign-in" class="form">
                <input type="hidden" name="next" value=next />
                <div class="field">
                    <label for="email">"E-mail"</label>
                    <input
                        id="email"
                        name="email"
                        type="email"
                        autocomplete="username"
                        required
                        value=email
                        autofocus=problem.is_none()
                    />
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        autofocus=problem.is_some()
                    />
                </div>
                <button type="submit" class="button button-primary">"Sign in"</button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::SignInProblem;

    #[test]
    fn problems_round_trip_through_the_query() {
        for problem in [
            SignInProblem::Credentials,
            SignInProblem::Missing,
            SignInProblem::Throttled,
            SignInProblem::Expired,
        ] {
            assert_eq!(SignInProblem::parse(problem.as_str()), Some(problem));
        }
        assert_eq!(SignInProblem::parse("bogus"), None);
    }
}
