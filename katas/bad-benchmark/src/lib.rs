//! `time_it`: the team's home-made stopwatch for "is the new version faster?".
//!
//! Pull requests that touch a hot path paste its figure into their description: "old
//! checksum 41 µs, new checksum 0.03 µs". Reviewers have started to doubt the numbers.
//!
//! The helper reads time through a [`Clock`] (in production [`SystemClock`], which is
//! `Instant::now`), never from `Instant` directly, so that tests can drive it on a clock
//! of their own.

use std::time::Duration;

pub use kata_toolkit::clock::{Clock, SystemClock};

/// How long one call of `routine` takes, as read on `clock`.
///
/// `setup` makes the input of one call of `routine` (a fresh buffer to sort, a request to
/// parse); it is there because the routine needs an input, and its cost is not part of
/// the answer. Only `routine` is being measured.
///
/// ```
/// use bad_benchmark::{SystemClock, time_it};
/// let per_call = time_it(&SystemClock, || vec![3_u32, 1, 2], |mut v| v.sort());
/// assert!(per_call.as_secs() < 1);
/// ```
pub fn time_it<I, O>(
    clock: &impl Clock,
    mut setup: impl FnMut() -> I,
    mut routine: impl FnMut(I) -> O,
) -> Duration {
    let start = clock.now();
    let input = setup();
    let _ = routine(input);
    clock.now() - start
}
