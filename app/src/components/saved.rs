//! Reloading a page's data after a change, but only after one that succeeded: a refused
//! change leaves its form, and what was typed in it, on screen.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Adds one to `counter` each time `action` returns successfully. Use the counter as the
/// source of the page's resource instead of the action's version.
pub fn count_successes<S>(action: ServerAction<S>, counter: RwSignal<usize>)
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    Effect::new(move |_| {
        if action.value().with(|value| matches!(value, Some(Ok(_)))) {
            counter.update(|n| *n += 1);
        }
    });
}

/// Remembers which form of a page sent an action last, so only that form shows the refusal
/// (an action's input is cleared once its call returns).
pub fn remember_sender<S>(
    action: ServerAction<S>,
    key: impl Fn(&S) -> String + Send + Sync + 'static,
) -> RwSignal<Option<String>>
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    let sender = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(sent) = action.input().with(|input| input.as_ref().map(&key)) {
            sender.set(Some(sent));
        }
    });
    sender
}
