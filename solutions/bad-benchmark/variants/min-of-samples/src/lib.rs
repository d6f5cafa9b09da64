//! `time_it`: the team's home-made stopwatch for "is the new version faster?".
//!
//! Pull requests that touch a hot path paste its figure into their description: "old
//! checksum 41 µs, new checksum 0.03 µs". Reviewers have started to doubt the numbers.
//!
//! The helper reads time through a [`Clock`] (in production [`SystemClock`], which is
//! `Instant::now`), never from `Instant` directly, so that tests can drive it on a clock
//! of their own.

use std::hint::black_box;
use std::time::Duration;

pub use kata_toolkit::clock::{Clock, SystemClock};

/// Run the routine untimed for this long first: the first calls pay for page faults,
/// lazy initialisation and cold caches, which is not the cost of a call.
const WARM_UP: Duration = Duration::from_millis(20);
/// Each timed sample is a batch of calls lasting at least this long: far above the
/// clock's tick and the cost of reading it.
const MIN_SAMPLE: Duration = Duration::from_millis(1);
/// Samples taken; the median is reported, so a minority of disturbed samples (another
/// process took the core for a moment) does not move the answer.
const SAMPLES: usize = 31;

/// How long one call of `routine` takes, as read on `clock`: the median over
/// [`SAMPLES`] timed batches, after a warm-up.
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
    // One timed batch of `calls` calls, inputs made before the clock starts.
    let mut batch = |calls: u64| -> Duration {
        let inputs: Vec<I> = (0..calls).map(|_| setup()).collect();
        let start = clock.now();
        for input in inputs {
            // `black_box` on the way in and out: the optimiser may neither precompute
            // the result nor drop a computation whose result nobody reads.
            black_box(routine(black_box(input)));
        }
        clock.now() - start
    };

    // Warm up, doubling the batch, until WARM_UP has passed and a batch lasts at least
    // MIN_SAMPLE: that batch size is then used for every sample.
    let warm_up_started = clock.now();
    let mut calls = 1;
    loop {
        let took = batch(calls);
        if took >= MIN_SAMPLE && clock.now() - warm_up_started >= WARM_UP {
            break;
        }
        if took < MIN_SAMPLE {
            calls *= 2;
        }
    }

    let per_call: Vec<Duration> = (0..SAMPLES)
        .map(|_| batch(calls).div_f64(calls as f64))
        .collect();
    per_call.into_iter().min().expect("at least one sample")
}
