//! What the checks of `over-threading` share: the probe they hand `par_map`, which sees
//! which OS threads run the items and how many run at once. Protected with the checks.
//! Each test binary (`checks.rs`, `narrowed.rs`) uses part of it.
#![allow(dead_code, unused_imports)]

use std::collections::HashSet;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use kata_toolkit::figure::{Figure, check};
use kata_toolkit::fixtures::proptest_config;
use over_threading::{Photo, SIDE, Thumbnail, par_map, thumbnail, thumbnails};
use proptest::prelude::*;
use rstest::rstest;

/// The machine's cores, as the code under test would read them.
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// How long the first items wait for the others to start before the probe gives up.
pub(crate) const RENDEZVOUS: Duration = Duration::from_secs(10);

/// Some CPU work per item, so that an item is not over before the next thread starts.
pub(crate) fn crunch(seed: u64) -> u64 {
    (0..2_000u64).fold(seed, |acc, i| {
        acc.rotate_left(7) ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    })
}

/// The work closure's instrument.
pub(crate) struct Probe {
    state: Mutex<State>,
    wake: Condvar,
    /// Items that must be running at once before any of them may go on (a barrier for
    /// the first wave): proof that the code runs that many at the same time. 1 waits for
    /// nothing.
    together: usize,
    /// Ordinals (the order items start in, from 0) of the checkpoint items: each waits
    /// until another thread starts an item, proof that the batch is still spread over
    /// threads at that point, not only at its start.
    checkpoints: Vec<usize>,
    /// Times each item was run.
    calls: Vec<AtomicU32>,
}

#[derive(Default)]
struct State {
    running: usize,
    peak: usize,
    released: bool,
    threads: HashSet<ThreadId>,
    /// The thread that started each item, in start order.
    starts: Vec<ThreadId>,
    /// Checkpoints passed, and whether one timed out (the later ones then wait no more).
    checkpoints_met: usize,
    gave_up: bool,
}

impl Probe {
    pub(crate) fn new(items: usize, together: usize, checkpoints: Vec<usize>) -> Probe {
        Probe {
            state: Mutex::new(State::default()),
            wake: Condvar::new(),
            together,
            checkpoints,
            calls: (0..items).map(|_| AtomicU32::new(0)).collect(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Wait on the condition variable until `done` holds or the rendezvous times out;
    /// whether it held.
    fn wait_until<'a>(
        &self,
        mut state: MutexGuard<'a, State>,
        done: impl Fn(&State) -> bool,
    ) -> (MutexGuard<'a, State>, bool) {
        let deadline = Instant::now() + RENDEZVOUS;
        while !done(&state) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return (state, false);
            }
            state = self
                .wake
                .wait_timeout(state, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        (state, true)
    }

    /// Run item `index`: record its thread and how many items run with it, wait at the
    /// barrier and at a checkpoint if it is one, then do the work.
    pub(crate) fn run(&self, index: usize) -> u64 {
        self.calls[index].fetch_add(1, Ordering::SeqCst);
        let me = std::thread::current().id();
        {
            let mut state = self.lock();
            let ordinal = state.starts.len();
            state.starts.push(me);
            state.threads.insert(me);
            state.running += 1;
            state.peak = state.peak.max(state.running);
            if state.running >= self.together {
                state.released = true;
            }
            self.wake.notify_all();
            (state, _) = self.wait_until(state, |s| s.released);
            // Timed out or not, the barrier is over for every item.
            state.released = true;
            self.wake.notify_all();
            if self.checkpoints.contains(&ordinal) && !state.gave_up {
                let since = state.starts.len();
                let met;
                (state, met) =
                    self.wait_until(state, |s| s.starts[since..].iter().any(|t| *t != me));
                if met {
                    state.checkpoints_met += 1;
                } else {
                    state.gave_up = true;
                }
            }
        }
        let out = crunch(index as u64);
        self.lock().running -= 1;
        out
    }

    pub(crate) fn threads(&self) -> usize {
        self.lock().threads.len()
    }

    pub(crate) fn peak(&self) -> usize {
        self.lock().peak
    }

    pub(crate) fn checkpoints_met(&self) -> usize {
        self.lock().checkpoints_met
    }

    pub(crate) fn assert_each_ran_once(&self) {
        for (index, calls) in self.calls.iter().enumerate() {
            let calls = calls.load(Ordering::SeqCst);
            assert_eq!(calls, 1, "item {index} was run {calls} times, not once");
        }
    }
}

/// Run `par_map` over `n` items with `probe`; check the results.
pub(crate) fn run(n: usize, probe: Probe) -> Probe {
    let items: Vec<usize> = (0..n).collect();
    let results = par_map(&items, |&i| probe.run(i));
    let expected: Vec<u64> = (0..n as u64).map(crunch).collect();
    assert!(
        results == expected,
        "par_map's results differ from a plain loop's"
    );
    probe.assert_each_ran_once();
    probe
}

/// Run `par_map` over `n` items, watching only which threads run them.
pub(crate) fn watch(n: usize) -> Probe {
    run(n, Probe::new(n, 1, Vec::new()))
}
