//! Accounts: the list, invitations with a temporary password, deactivation.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{InviteUser, SetUserActive, get_org_units, list_users};
use crate::components::admin_nav::AdminNav;
use crate::components::problem::Problem;
use crate::model::{OrgUnits, Role, UserRow};
use crate::resource::load;

#[component]
pub fn AdminUsers() -> impl IntoView {
    let invite = ServerAction::<InviteUser>::new();
    let activate = ServerAction::<SetUserActive>::new();
    let users = load(
        move || (invite.version().get(), activate.version().get()),
        |_| list_users(),
    );
    view! {
        <Title text="Users" />
        <AdminNav />
        <Transition fallback=|| view! { <p class="loading">"Loading users…"</p> }>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(users) => view! {
                        <UserTable users activate />
                        <InviteForm invite />
                    }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn UserTable(users: Vec<UserRow>, activate: ServerAction<SetUserActive>) -> impl IntoView {
    let count = users.len();
    let rows = users
        .into_iter()
        .map(|user| {
            let label = if user.active {
                format!("Deactivate {}", user.display_name)
            } else {
                format!("Reactivate {}", user.display_name)
            };
            view! {
                <tr class:retired=!user.active>
                    <td>{user.display_name}</td>
                    <td>{user.email}</td>
                    <td>{user.role.label()}</td>
                    <td>{user.unit_name}</td>
                    <td>{if user.active { "Active" } else { "Deactivated" }}</td>
                    <td>
                        <ActionForm action=activate>
                            <input type="hidden" name="id" value=user.id.to_string() />
                            <input type="hidden" name="active" value=(!user.active).to_string() />
                            <button type="submit" class="button">{label}</button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section>
            <h1>"Users"</h1>
            <p class="lede">{count} " accounts"</p>
            {move || activate.value().get().and_then(Result::err).map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
            <div class="table-wrap">
                <table>
                    <caption class="visually-hidden">"Users"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"E-mail"</th>
                            <th scope="col">"Role"</th>
                            <th scope="col">"Works for"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col"></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn InviteForm(invite: ServerAction<InviteUser>) -> impl IntoView {
    let units = load(|| (), |_| get_org_units());
    let failure = move || invite.value().get().and_then(Result::err);
    let error_for = move |field: &'static str| move || failure().and_then(|e| e.field(field));
    view! {
        <section class="panel" aria-labelledby="invite-title">
            <h2 id="invite-title">"Invite someone"</h2>
            {move || invite.value().get().and_then(Result::ok).map(|done| view! {
                <p class="notice" role="status">
                    "Account created for " {done.email} ". Give them this temporary password privately: "
                    <code class="password">{done.temporary_password}</code>
                </p>
            })}
            <ActionForm action=invite attr:class="form">
                <div class="grid-2">
                    <div class="field field-required">
                        <label for="invite-email">"Their e-mail"</label>
                        <input id="invite-email" name="draft[email]" type="email" required />
                        {move || error_for("email")().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                    <div class="field field-required">
                        <label for="invite-name">"Their name"</label>
                        <input id="invite-name" name="draft[display_name]" required />
                        {move || error_for("display_name")().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                    <div class="field field-required">
                        <label for="invite-role">"Role"</label>
                        <select id="invite-role" name="draft[role]" required>
                            <option value="">"Choose a role"</option>
                            {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                        </select>
                        {move || error_for("role")().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                    <div class="field">
                        <label for="invite-unit">"Works for"</label>
                        <Suspense fallback=|| view! { <p class="loading">"Loading the organisation…"</p> }>
                            {move || Suspend::new(async move {
                                let units = units.await.unwrap_or_default();
                                view! { <UnitSelect units /> }
                            })}
                        </Suspense>
                        {move || error_for("unit")().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                </div>
                <button type="submit" class="button button-primary">"Create the account"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn UnitSelect(units: OrgUnits) -> impl IntoView {
    let group = |label: &'static str, kind: &'static str, list: Vec<crate::model::Unit>| {
        view! {
            <optgroup label=label>
                {list.into_iter().map(|u| view! { <option value=format!("{kind}:{}", u.id)>{u.name}</option> }).collect_view()}
            </optgroup>
        }
    };
    view! {
        <select id="invite-unit" name="draft[unit]">
            <option value="">"No unit (coordinators, administrators)"</option>
            <option value="state">"Statewide (directors)"</option>
            {group("Centers", "center", units.centers)}
            {group("Boards (directors)", "board", units.boards)}
            {group("Regions (directors)", "region", units.regions)}
        </select>
    }
}
