//! tokio's paused clock, with the virtual time it took. Needs the `tokio` feature.
//!
//! A current-thread runtime with time paused runs every `sleep` and timeout instantly,
//! advancing a virtual clock only when all tasks are waiting. Four 500 ms calls in
//! sequence take 2,000 virtual ms; the same calls run concurrently take 500. Note that
//! `spawn_blocking` and real I/O stop the clock from advancing on its own.

use std::future::Future;
use std::time::Duration;

/// Run `future` on a fresh current-thread runtime with time paused; returns its output
/// and the virtual time that passed.
///
/// ```
/// use std::time::Duration;
/// use kata_toolkit::paused::run_paused;
/// let ((), elapsed) = run_paused(async {
///     let call = || tokio::time::sleep(Duration::from_millis(500));
///     tokio::join!(call(), call(), call(), call());
/// });
/// assert_eq!(elapsed, Duration::from_millis(500));
/// ```
pub fn run_paused<F: Future>(future: F) -> (F::Output, Duration) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("a current-thread tokio runtime");
    runtime.block_on(async {
        let started = tokio::time::Instant::now();
        let output = future.await;
        (output, started.elapsed())
    })
}
