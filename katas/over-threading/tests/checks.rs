//! The grader's checks for `over-threading`. Protected: fix `src/`, not these.
//!
//! Threads are counted from inside the work: the checks hand `par_map` a closure that
//! records which OS thread runs each item (`std::thread::current().id()`; a thread's id is
//! never reused) and how many items run at once. Whatever API the code spawns its threads
//! with, the items it runs are seen, and the count of distinct threads that ran them does
//! not depend on timing: a thread per item is `n` threads on every run. The machine's size
//! is `std::thread::available_parallelism`, read here as the code under test reads it.

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
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// How long the first items wait for the others to start before the probe gives up.
const RENDEZVOUS: Duration = Duration::from_secs(10);

/// Some CPU work per item, so that an item is not over before the next thread starts.
fn crunch(seed: u64) -> u64 {
    (0..2_000u64).fold(seed, |acc, i| {
        acc.rotate_left(7) ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    })
}

/// The work closure's instrument.
struct Probe {
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
    fn new(items: usize, together: usize, checkpoints: Vec<usize>) -> Probe {
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
    fn run(&self, index: usize) -> u64 {
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

    fn threads(&self) -> usize {
        self.lock().threads.len()
    }

    fn peak(&self) -> usize {
        self.lock().peak
    }

    fn checkpoints_met(&self) -> usize {
        self.lock().checkpoints_met
    }

    fn assert_each_ran_once(&self) {
        for (index, calls) in self.calls.iter().enumerate() {
            let calls = calls.load(Ordering::SeqCst);
            assert_eq!(calls, 1, "item {index} was run {calls} times, not once");
        }
    }
}

/// Run `par_map` over `n` items with `probe`; check the results.
fn run(n: usize, probe: Probe) -> Probe {
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
fn watch(n: usize) -> Probe {
    run(n, Probe::new(n, 1, Vec::new()))
}

mod bounded_threads {
    use super::*;

    #[test]
    fn threads_do_not_grow_with_the_batch() {
        let _attest = kata_attest::attest();
        let cores = cores();
        let n = 4 * cores + 183;
        let probe = watch(n);
        let bar = cores + 2;
        check(
            Figure::at_most(
                &format!("threads that ran {n} items ({cores} cores)"),
                probe.threads() as f64,
                bar as f64,
                "",
            ),
            &format!(
                "{} threads ran {n} items on a machine with {cores} cores: a batch's threads must not grow with the batch",
                probe.threads()
            ),
        );
    }

    #[test]
    fn when_narrowed_to_one_core_too() {
        let _attest = kata_attest::attest();
        // The batch runs on a thread narrowed to one core, where `available_parallelism()`
        // answers 1: a pool sized by hand for this machine, not by the cores the code finds
        // where the work starts, shows on any machine with more than one.
        let measured = std::thread::spawn(|| {
            let cores = kata_toolkit::cpus::restrict_to(1)?;
            let n = 4 * cores + 183;
            Some((cores, n, watch(n).threads()))
        })
        .join()
        .expect("the narrowed batch ran");
        let Some((cores, n, threads)) = measured else {
            // Only Linux can narrow a thread's cores; the other checks still hold here.
            return;
        };
        check(
            Figure::at_most(
                &format!("threads that ran {n} items on a thread narrowed to {cores} core"),
                threads as f64,
                (cores + 2) as f64,
                "",
            ),
            &format!(
                "{threads} threads ran {n} items where `available_parallelism()` answers {cores}: the pool must be sized by the cores read where the work starts, not by a number that suits one machine"
            ),
        );
    }

    #[test]
    fn a_small_batch_stays_small_too() {
        let _attest = kata_attest::attest();
        let cores = cores();
        let n = cores + 9;
        let probe = watch(n);
        assert!(
            probe.threads() <= cores + 2,
            "{} threads ran {n} items on a machine with {cores} cores",
            probe.threads()
        );
    }
}

mod uses_the_cores {
    use super::*;

    #[test]
    fn every_core_works_at_the_start() {
        let _attest = kata_attest::attest();
        let cores = cores();
        // `cores × 4` items: however the code splits the batch, every core can have some.
        let n = cores * 4;
        let probe = run(n, Probe::new(n, cores, Vec::new()));
        check(
            Figure::at_least(
                &format!("items running at once ({n} items, {cores} cores)"),
                probe.peak() as f64,
                cores as f64,
                "",
            ),
            &format!(
                "at most {} of {n} items ever ran at the same time on a machine with {cores} cores: CPU work should keep every core busy",
                probe.peak()
            ),
        );
    }

    #[test]
    fn still_parallel_further_in() {
        let _attest = kata_attest::attest();
        let cores = cores();
        if cores == 1 {
            return;
        }
        let n = cores * 40;
        // Checkpoints spread from an eighth to three eighths of the way in. However the
        // code splits the batch into a share per core, other threads still have items to
        // start there, and each checkpoint waits for one of them to start one. A few
        // threads that run one item each cannot pass them all: each start lets at most
        // one waiting checkpoint through, and there are more checkpoints than twice the
        // threads the bar allows besides the caller's.
        let count = 2 * cores + 3;
        let checkpoints: Vec<usize> = (0..count).map(|k| n / 8 + k * (n / 4) / count).collect();
        let probe = run(n, Probe::new(n, 1, checkpoints));
        assert!(
            probe.checkpoints_met() == count,
            "{n} items on {cores} cores: {} of {count} checkpoints between an eighth and three eighths of the way in saw another thread start an item (each waits up to {RENDEZVOUS:?}): the batch was no longer running in parallel",
            probe.checkpoints_met()
        );
    }

    #[test]
    fn one_item_runs() {
        let _attest = kata_attest::attest();
        let probe = watch(1);
        assert_eq!(probe.threads(), 1);
    }
}

mod same_results {
    use super::*;

    #[test]
    fn results_come_back_in_order() {
        let _attest = kata_attest::attest();
        proptest!(proptest_config(64), |(items in prop::collection::vec(any::<u32>(), 0..120))| {
            let calls: Vec<AtomicU32> = items.iter().map(|_| AtomicU32::new(0)).collect();
            let got = par_map(&items, |x| {
                let at = items.iter().position(|y| std::ptr::eq(x, y)).expect("an item of the batch");
                calls[at].fetch_add(1, Ordering::SeqCst);
                format!("{x}:{}", u64::from(*x) * 3)
            });
            let want: Vec<String> = items.iter().map(|x| format!("{x}:{}", u64::from(*x) * 3)).collect();
            prop_assert_eq!(got, want);
            prop_assert!(calls.iter().all(|c| c.load(Ordering::SeqCst) == 1), "every item runs exactly once");
        });
    }

    #[test]
    fn an_empty_batch_is_empty() {
        let _attest = kata_attest::attest();
        let none: Vec<u8> = Vec::new();
        let got: Vec<u8> = par_map(&none, |_| panic!("no item to run"));
        assert!(got.is_empty());
    }

    fn photo(id: u64, width: usize, height: usize, pixel: impl Fn(usize, usize) -> u8) -> Photo {
        Photo {
            id,
            width,
            height,
            pixels: (0..height)
                .flat_map(|y| (0..width).map(move |x| (x, y)))
                .map(|(x, y)| pixel(x, y))
                .collect(),
        }
    }

    #[rstest]
    #[case::flat(photo(1, 64, 48, |_, _| 77), [77; SIDE * SIDE])]
    #[case::columns(photo(2, 16, 8, |x, _| (x / 2 * 30) as u8), std::array::from_fn(|i| (i % SIDE * 30) as u8))]
    #[case::tiny(photo(3, 2, 2, |x, y| (x + 2 * y) as u8 * 10), std::array::from_fn(|i| (i % SIDE / 4 * 10 + i / SIDE / 4 * 20) as u8))]
    #[case::empty(photo(4, 0, 0, |_, _| 0), [0; SIDE * SIDE])]
    fn thumbnails_are_block_means(#[case] photo: Photo, #[case] pixels: [u8; SIDE * SIDE]) {
        let _attest = kata_attest::attest();
        assert_eq!(
            thumbnail(&photo),
            Thumbnail {
                id: photo.id,
                pixels
            }
        );
    }

    #[test]
    fn an_album_keeps_its_order() {
        let _attest = kata_attest::attest();
        let album: Vec<Photo> = (0..37)
            .map(|id| {
                photo(id, 40, 30, move |x, y| {
                    ((x * 3 + y * 5 + id as usize) % 256) as u8
                })
            })
            .collect();
        let want: Vec<Thumbnail> = album.iter().map(thumbnail).collect();
        assert_eq!(thumbnails(&album), want);
    }
}
