//! What every page shows of the device: a badge with what is waiting or being sent, a banner
//! when a new version of the app is ready, and (invisibly) telling the device who is signed
//! in so it keeps and sends that person's entries.

use leptos::prelude::*;

use crate::components::user::CurrentUser;
use crate::device::use_device;

/// Tells the device who is signed in, then syncs: on every page load while online, what
/// waits is sent and what changed comes back.
#[component]
pub fn DeviceWatch() -> impl IntoView {
    let device = use_device();
    let user = CurrentUser::get();
    Effect::new(move |_| {
        let Some(device) = device.get() else { return };
        let Some(user) = user else { return };
        if let Some(Ok(Some(me))) = user.0.get() {
            device.0.signed_in(&me);
            device.0.sync_now();
        }
    });
}

/// The words of the badge, from the device's state.
pub fn badge_text(
    online: bool,
    progress: Option<(usize, usize)>,
    pending: usize,
    attention: usize,
    sign_in_needed: bool,
) -> String {
    if let Some((sent, total)) = progress {
        return format!("Sending {sent} of {total}");
    }
    let waiting = match pending {
        0 => "All sent".to_owned(),
        1 => "1 waiting to send".to_owned(),
        n => format!("{n} waiting to send"),
    };
    let prefix = if sign_in_needed {
        "Sign in to send · "
    } else if !online {
        "Offline · "
    } else {
        ""
    };
    let attention = match attention {
        0 => String::new(),
        1 => " · 1 needs attention".to_owned(),
        n => format!(" · {n} need attention"),
    };
    format!("{prefix}{waiting}{attention}")
}

/// A link to the sync page saying what is waiting, shown once the device is known.
#[component]
pub fn SyncBadge() -> impl IntoView {
    let device = use_device();
    move || {
        let device = device.get()?;
        let me = device.0.user()?;
        let state = device.0.state();
        // Field reps work offline; anyone else sees it only while something waits.
        if me.role != crate::model::Role::Rep && state.pending.get() == 0 {
            return None;
        }
        let text = {
            let state = state.clone();
            move || {
                badge_text(
                    state.online.get(),
                    state.progress.get(),
                    state.pending.get(),
                    state.attention.get(),
                    state.sign_in_needed.get(),
                )
            }
        };
        let warn = {
            let state = state.clone();
            move || state.attention.get() > 0 || state.sign_in_needed.get()
        };
        let offline = {
            let state = state.clone();
            move || !state.online.get()
        };
        Some(view! {
            <a class="sync-badge" class:sync-warn=warn class:sync-offline=offline href="/sync" aria-live="polite">
                {text}
            </a>
        })
    }
}

/// Offers a waiting new version of the app; everything on the device is kept through it.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let device = use_device();
    move || {
        let device = device.get()?;
        let state = device.0.state();
        state.update_ready.get().then(|| {
            let device = device.clone();
            view! {
                <div class="update-banner" role="status">
                    <span>"A new version of BizWorks is ready. Everything saved on this device is kept."</span>
                    <button type="button" class="button" on:click=move |_| device.0.apply_update()>
                        "Update now"
                    </button>
                </div>
            }
        })
    }
}

/// Tells the person when this device's clock is off (checked against the server's at every
/// sync): its dates would be wrong, and only they can set it right.
#[component]
pub fn ClockWarning() -> impl IntoView {
    let device = use_device();
    move || {
        let device = device.get()?;
        let skew = device.0.state().clock_skew.get()?;
        crate::sync::clock::warning(skew)
            .map(|words| view! { <p class="notice clock-warning" role="alert">{words}</p> })
    }
}

#[cfg(test)]
mod tests {
    use super::badge_text;

    #[test]
    fn the_badge_says_what_is_going_on() {
        assert_eq!(badge_text(true, None, 0, 0, false), "All sent");
        assert_eq!(badge_text(true, None, 1, 0, false), "1 waiting to send");
        assert_eq!(
            badge_text(false, None, 3, 0, false),
            "Offline · 3 waiting to send"
        );
        assert_eq!(
            badge_text(true, Some((12, 40)), 40, 0, false),
            "Sending 12 of 40"
        );
        assert_eq!(
            badge_text(true, None, 2, 2, false),
            "2 waiting to send · 2 need attention"
        );
        assert_eq!(
            badge_text(true, None, 2, 0, true),
            "Sign in to send · 2 waiting to send"
        );
    }
}
