//! Measure every thread: a check that runs alone can count what the code under test does
//! on the threads it spawns.
//!
//! A per-thread count (`alloc::measure`, `logs::capture`) does not see work the code
//! moves to a thread it spawns; a process-wide one (`alloc::measure_process`,
//! `logs::capture_process`) sees it, but in a test binary it also sees every other test
//! running at the same time. Two ways out, both here:
//!
//! - the grader runs a binary's tests one at a time and says so ([`is_alone`]): then
//!   `alloc::measure` and `logs::capture` count every thread of the process;
//! - a test binary whose checks measure process-wide (under a plain `cargo test` too) has
//!   every test hold [`take_turn`] for its whole run, so no other test runs meanwhile.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Set by the grader when it runs a binary's tests one at a time: see [`is_alone`]. (The
/// grader, which does not depend on this crate, spells the same name in `launch.rs`.)
pub const ALONE_ENV: &str = "KATA_ALONE_IN_PROCESS";

/// Whether this test runs alone in its process (the grader's main run runs tests one at
/// a time): then `alloc::measure` and `logs::capture` count every thread of the process,
/// since every thread there belongs to the code under test. Under a plain `cargo test`,
/// where tests share the process, they count the calling thread only.
///
/// ```
/// // A plain `cargo test` (or doctest) shares its process.
/// assert!(!kata_toolkit::alone::is_alone() || std::env::var_os("KATA_ALONE_IN_PROCESS").is_some());
/// ```
pub fn is_alone() -> bool {
    static ALONE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ALONE.get_or_init(|| std::env::var_os(ALONE_ENV).is_some())
}

/// Hold this for a test's whole run, in every test of a binary whose checks measure
/// process-wide: the tests then take turns, and no other test allocates, logs or locks
/// while one is measured. A test that panicked while holding it does not block the rest.
///
/// ```
/// let _turn = kata_toolkit::alone::take_turn();
/// // … measure_process(|| code_under_test()) …
/// ```
pub fn take_turn() -> MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    TURN.lock().unwrap_or_else(PoisonError::into_inner)
}
