//! Trying again after a pause: a connection that drops for a moment should cost a person a
//! short wait, not a page that says it failed.

use std::future::Future;
use std::time::Duration;

/// The pauses before each new attempt to fetch a page group's code (`shell.rs`): three
/// attempts within two seconds, then the page says what happened.
pub const PAGE_CODE_PAUSES: [Duration; 2] =
    [Duration::from_millis(500), Duration::from_millis(1500)];

/// Runs `attempt`, and again after each of `pauses` while it fails: the first success, or the
/// last failure once the pauses are spent. Waiting is `pause`'s, so the browser's timer and a
/// test's instant clock both fit.
pub async fn retrying<T, E, A, AF, P, PF>(
    pauses: &[Duration],
    mut attempt: A,
    mut pause: P,
) -> Result<T, E>
where
    A: FnMut() -> AF,
    AF: Future<Output = Result<T, E>>,
    P: FnMut(Duration) -> PF,
    PF: Future<Output = ()>,
{
    let mut outcome = attempt().await;
    for &wait in pauses {
        if outcome.is_ok() {
            break;
        }
        pause(wait).await;
        outcome = attempt().await;
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    /// Runs a future whose every await is already complete, as these are.
    fn run<F: Future>(future: F) -> F::Output {
        let mut future = pin!(future);
        match future
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(output) => output,
            Poll::Pending => panic!("these futures never wait"),
        }
    }

    /// Tries with attempts that fail `failures` times, then succeed: what came out, how many
    /// attempts ran and which pauses were taken.
    fn tried(failures: usize) -> (Result<usize, usize>, usize, Vec<Duration>) {
        let attempts = RefCell::new(0);
        let paused = RefCell::new(Vec::new());
        let outcome = run(retrying(
            &PAGE_CODE_PAUSES,
            || {
                let n = {
                    let mut attempts = attempts.borrow_mut();
                    *attempts += 1;
                    *attempts
                };
                async move { if n > failures { Ok(n) } else { Err(n) } }
            },
            |wait| {
                paused.borrow_mut().push(wait);
                async {}
            },
        ));
        (outcome, attempts.into_inner(), paused.into_inner())
    }

    #[test]
    fn a_first_success_waits_for_nothing() {
        assert_eq!(tried(0), (Ok(1), 1, vec![]));
    }

    #[test]
    fn a_failure_is_tried_again_after_each_pause_until_one_succeeds() {
        assert_eq!(tried(1), (Ok(2), 2, PAGE_CODE_PAUSES[..1].to_vec()));
        assert_eq!(tried(2), (Ok(3), 3, PAGE_CODE_PAUSES.to_vec()));
    }

    #[test]
    fn once_the_pauses_are_spent_the_last_failure_is_the_answer() {
        assert_eq!(tried(3), (Err(3), 3, PAGE_CODE_PAUSES.to_vec()));
        assert_eq!(tried(10), (Err(3), 3, PAGE_CODE_PAUSES.to_vec()));
    }

    #[test]
    fn without_pauses_there_is_one_attempt() {
        let mut attempts = 0;
        let outcome: Result<(), ()> = run(retrying(
            &[],
            || {
                attempts += 1;
                async { Err(()) }
            },
            |_| async {},
        ));
        assert_eq!((outcome, attempts), (Err(()), 1));
    }
}
