//! The person's notifications: decisions on their requests to join, appointments, changes to
//! their membership. New ones are marked until the person says they have read them.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{MarkNotificationsRead, my_notifications};
use crate::components::problem::Problem;
use crate::components::saved::count_successes;
use crate::model::NotificationRow;
use crate::resource::load;

#[component]
pub fn Notifications() -> impl IntoView {
    let read = ServerAction::<MarkNotificationsRead>::new();
    let changed = RwSignal::new(0usize);
    count_successes(read, changed);
    let rows = load(move || changed.get(), |_| my_notifications());
    view! {
        <Title text="Notifications" />
        <h1>"Notifications"</h1>
        <Transition fallback=|| view! { <p class="loading">"Loading notifications…"</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(rows) => view! { <List rows read /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn List(rows: Vec<NotificationRow>, read: ServerAction<MarkNotificationsRead>) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <div class="empty" role="status">
                <p>"Nothing yet. Decisions on your requests to join, and roles you are given, appear here."</p>
            </div>
        }
        .into_any();
    }
    let unread = rows.iter().filter(|n| !n.read).count();
    let summary = match unread {
        0 => "All read.".to_owned(),
        1 => "1 new notification.".to_owned(),
        n => format!("{n} new notifications."),
    };
    view! {
        <div class="page-head">
            <p role="status">{summary}</p>
            {(unread > 0).then(|| view! {
                <ActionForm action=read>
                    <button type="submit" class="button">"Mark all as read"</button>
                </ActionForm>
            })}
        </div>
        {move || read.value().get().and_then(Result::err).map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
        <ul class="notification-list">
            {rows.into_iter().map(|n| view! {
                <li class="notification" class:unread=!n.read>
                    {(!n.read).then(|| view! { <span class="badge">"New"</span>" " })}
                    <span>{n.message}</span>
                    <span class="muted">" · "{n.created_at.describe()}" · "</span>
                    <a href=n.link>"Open"</a>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
