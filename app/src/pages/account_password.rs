//! Choosing a new password: required after an invitation, open to anyone signed in. A plain
//! form post, like sign-in, so it works before (or without) the wasm.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::user::CurrentUser;
use crate::rules::password::{MIN_LENGTH, PasswordProblem};

#[component]
pub fn AccountPassword() -> impl IntoView {
    let query = use_query_map();
    let problem = query
        .with_untracked(|q| q.get("error"))
        .and_then(|value| PasswordProblem::parse(&value));
    let user = CurrentUser::get();
    view! {
        <Title text="Change your password" />
        <section class="narrow">
            <h1>"Change your password"</h1>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let me = match user {
                        Some(user) => user.0.await.ok().flatten(),
                        None => None,
                    };
                    match me {
                        None => view! {
                            <p class="alert" role="alert">
                                "Sign in first, then come back here to change your password."
                            </p>
                        }.into_any(),
                        Some(me) => view! {
                            {me.must_change_password.then(|| view! {
                                <p class="notice" role="status">
                                    "Your account was created with a temporary password. Choose your own to carry on; "
                                    "nothing else opens until you do."
                                </p>
                            })}
                            <PasswordForm problem />
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PasswordForm(problem: Option<PasswordProblem>) -> impl IntoView {
    let error_for = move |field: &'static str| {
        problem
            .filter(|p| p.field() == field)
            .map(|p| view! { <p class="field-error" id=format!("{field}-error")>{p.message()}</p> })
    };
    let invalid = move |field: &'static str| problem.is_some_and(|p| p.field() == field);
    view! {
        {problem.map(|_| view! {
            <p class="alert" role="alert">"Your password was not changed. See the field below."</p>
        })}
        <form method="post" action="/account/password" class="form">
            <div class="field field-required">
                <label for="current">"Current or temporary password"</label>
                <input
                    id="current"
                    name="current"
                    type="password"
                    autocomplete="current-password"
                    required
                    aria-invalid=invalid("current").to_string()
                    autofocus=problem.is_none_or(|p| p.field() == "current")
                />
                {error_for("current")}
            </div>
            <div class="field field-required">
                <label for="new_password">"New password"</label>
                <input
                    id="new_password"
                    name="new_password"
                    type="password"
                    autocomplete="new-password"
                    required
                    aria-describedby="new-password-hint"
                    aria-invalid=invalid("new_password").to_string()
                />
                <p class="hint" id="new-password-hint">
                    {format!("At least {MIN_LENGTH} characters. A few unrelated words are easy to remember and hard to guess.")}
                </p>
                {error_for("new_password")}
            </div>
            <div class="field field-required">
                <label for="confirm">"New password again"</label>
                <input
                    id="confirm"
                    name="confirm"
                    type="password"
                    autocomplete="new-password"
                    required
                    aria-invalid=invalid("confirm").to_string()
                />
                {error_for("confirm")}
            </div>
            <button type="submit" class="button button-primary">"Change password"</button>
        </form>
    }
}
