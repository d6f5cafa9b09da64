//! The grader's checks for `bad-benchmark`. Protected: fix `src/`, not these.
//!
//! Three checks run `time_it` on a virtual machine: a clock the checks own, on which time
//! moves only when the measured code "runs". Each workload's true cost per call is known
//! exactly (it is what the workload charges the clock, scaled by a factor drawn anew in
//! each process), so the helper's answer can be compared with the truth to the
//! nanosecond, on a busy laptop or an idle server alike.
//! Each workload models one thing that fools a naive stopwatch:
//!
//! - an input that is expensive to build (setup timed with the routine);
//! - a cold start (the first calls pay for page faults and lazy initialisation) and a
//!   machine that is now and then busy with something else for a few milliseconds;
//! - a routine much shorter than the clock's tick and than the cost of reading the clock.
//!
//! The fourth check runs `time_it` for real, on `SystemClock`, in an optimised build (the
//! workspace's `Cargo.toml` builds this package with `opt-level = 3`, tests included):
//! a routine whose result nobody uses is exactly what an optimiser deletes. Its truth is
//! measured in the same run by the checks' own careful loop, interleaved with the
//! helper's runs, and the bar is wide: the question is whether the work was measured at
//! all, not whether to within a few per cent.

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bad_benchmark::{Clock, SystemClock, time_it};
use kata_toolkit::figure::{Figure, check, thousands};

/// The bar: the helper's answer within 25 % of the truth.
const MAX_ERROR_PERCENT: f64 = 25.0;

/// A helper that has not answered after this many calls of the routine, or this much
/// virtual time, is stopped: a benchmark must end.
const MAX_CALLS: u64 = 40_000_000;
const MAX_VIRTUAL: Duration = Duration::from_secs(600);

/// Windows of time in which the machine is busy with something else: one window of
/// `length` somewhere in each `period` (where exactly is drawn from a fixed sequence),
/// during which every call runs `factor` times slower.
#[derive(Clone, Copy, Debug)]
struct Bursts {
    period_ns: u64,
    length_ns: u64,
    factor: u64,
}

/// What a workload costs, in virtual nanoseconds.
#[derive(Clone, Copy, Debug)]
struct Workload {
    what: &'static str,
    /// Making one input.
    setup_ns: u64,
    /// One call of the routine, warm, on a quiet machine: the truth.
    routine_ns: u64,
    /// The first call's one-off extra (lazy initialisation, page faults).
    first_call_extra_ns: u64,
    /// The first `cold_calls` calls run `cold_factor` times slower (cold caches).
    cold_calls: u64,
    cold_factor: u64,
    bursts: Option<Bursts>,
    /// The clock's tick: readings are rounded down to a multiple of it.
    tick_ns: u64,
    /// Reading the clock costs time too.
    read_ns: u64,
}

const QUIET: Workload = Workload {
    what: "",
    setup_ns: 0,
    routine_ns: 0,
    first_call_extra_ns: 0,
    cold_calls: 0,
    cold_factor: 1,
    bursts: None,
    tick_ns: 1,
    read_ns: 25,
};

/// The machine the helper runs on: a virtual clock, and the workload's cost charged to it.
struct Machine {
    workload: Workload,
    origin: Instant,
    now_ns: AtomicU64,
    setups: AtomicU64,
    calls: AtomicU64,
}

impl Machine {
    fn new(workload: Workload) -> Self {
        Machine {
            workload,
            origin: Instant::now(),
            now_ns: AtomicU64::new(0),
            setups: AtomicU64::new(0),
            calls: AtomicU64::new(0),
        }
    }

    fn advance(&self, ns: u64) -> u64 {
        let now = self.now_ns.fetch_add(ns, Ordering::SeqCst) + ns;
        assert!(
            now <= MAX_VIRTUAL.as_nanos() as u64,
            "the helper was still measuring after {} s of (virtual) time; a benchmark must end",
            MAX_VIRTUAL.as_secs()
        );
        now
    }

    /// Whether virtual time `t` falls in a busy window.
    fn busy(&self, t: u64) -> Option<u64> {
        let b = self.workload.bursts?;
        let period = t / b.period_ns;
        // Where in its period the window starts: a fixed pseudo-random sequence.
        let mixed = (period + 1)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
        let start = period * b.period_ns + mixed % (b.period_ns - b.length_ns);
        (t >= start && t < start + b.length_ns).then_some(b.factor)
    }

    fn make_input(&self) -> Input {
        let n = self.setups.fetch_add(1, Ordering::SeqCst);
        self.advance(self.workload.setup_ns);
        Input(n)
    }

    fn run_routine(&self, input: Input) -> u64 {
        let w = &self.workload;
        let k = self.calls.fetch_add(1, Ordering::SeqCst);
        assert!(
            k < MAX_CALLS,
            "the helper called the routine {} times without answering; a benchmark must end",
            thousands(MAX_CALLS)
        );
        let mut cost = w.routine_ns;
        if k < w.cold_calls {
            cost *= w.cold_factor;
        }
        if k == 0 {
            cost += w.first_call_extra_ns;
        }
        if let Some(factor) = self.busy(self.now_ns.load(Ordering::SeqCst)) {
            cost *= factor;
        }
        self.advance(cost);
        input.0.wrapping_mul(31)
    }
}

impl Clock for Machine {
    fn now(&self) -> Instant {
        let t = self.now_ns.load(Ordering::SeqCst);
        self.advance(self.workload.read_ns);
        let tick = self.workload.tick_ns.max(1);
        self.origin + Duration::from_nanos(t / tick * tick)
    }

    fn sleep(&self, duration: Duration) {
        self.advance(duration.as_nanos() as u64);
    }
}

/// One input made by `setup`: not `Clone`, so each call of the routine needs its own.
#[derive(Debug)]
struct Input(u64);

/// What the helper answered for `workload`, and how far that is from the truth.
struct Answer {
    workload: Workload,
    reported: Duration,
    error_percent: f64,
    setups: u64,
    calls: u64,
}

impl Answer {
    fn describe(&self) -> String {
        format!(
            "{}: true cost {} ns per call, `time_it` said {} ns ({:+.0} %); routine calls: {}, \
             inputs made: {}",
            self.workload.what,
            thousands(self.workload.routine_ns),
            thousands(self.reported.as_nanos() as u64),
            self.signed_error(),
            thousands(self.calls),
            thousands(self.setups),
        )
    }

    fn signed_error(&self) -> f64 {
        (self.reported.as_nanos() as f64 / self.workload.routine_ns as f64 - 1.0) * 100.0
    }
}

/// A number drawn anew in each process.
fn fresh_random() -> u64 {
    use std::hash::BuildHasher;
    std::collections::hash_map::RandomState::new().hash_one(0x5EED_u64)
}

/// `workload` with its costs scaled by a factor between 0.8 and 1.25 drawn anew in each
/// process: a helper cannot answer from a table of the costs it has seen before. (Not the
/// busy machine's: where its interruptions fall depends on the costs, so the figure of
/// an estimator that they fool would change from run to run; and one reading of it is
/// already close to the truth, so there is nothing to answer by heart.)
fn rescaled(workload: Workload) -> Workload {
    if workload.bursts.is_some() {
        return workload;
    }
    let permille = 800 + fresh_random() % 450;
    let scale = |ns: u64| (ns * permille).div_ceil(1000);
    Workload {
        setup_ns: scale(workload.setup_ns),
        routine_ns: scale(workload.routine_ns),
        first_call_extra_ns: scale(workload.first_call_extra_ns),
        ..workload
    }
}

fn measure_on(workload: Workload) -> Answer {
    let workload = rescaled(workload);
    let machine = Machine::new(workload);
    let reported = time_it(
        &machine,
        || machine.make_input(),
        |i| machine.run_routine(i),
    );
    let truth = workload.routine_ns as f64;
    Answer {
        workload,
        reported,
        error_percent: (reported.as_nanos() as f64 - truth).abs() / truth * 100.0,
        setups: machine.setups.load(Ordering::SeqCst),
        calls: machine.calls.load(Ordering::SeqCst),
    }
}

/// Check the worst answer over `workloads` against the bar.
fn check_accuracy(name: &str, workloads: &[Workload], meaning: &str) {
    // The tests take turns: the one that reads the real clock runs with no other test of
    // this binary competing for the cores.
    let _turn = kata_toolkit::alone::take_turn();
    let answers: Vec<Answer> = workloads.iter().map(|&w| measure_on(w)).collect();
    let worst = answers
        .iter()
        .max_by(|a, b| a.error_percent.total_cmp(&b.error_percent))
        .expect("at least one workload");
    let all: Vec<String> = answers.iter().map(Answer::describe).collect();
    check(
        Figure::at_most(name, worst.error_percent.round(), MAX_ERROR_PERCENT, " %"),
        &format!("{meaning}\n  {}", all.join("\n  ")),
    );
}

mod setup_excluded {
    use super::*;

    /// Decoding a 4 KiB frame: building the frame costs about 13 times the decoding.
    pub(crate) const DECODE: Workload = Workload {
        what: "decoding a frame whose input costs about 13x the decode to build",
        setup_ns: 37_300,
        routine_ns: 2_910,
        ..QUIET
    };

    /// Parsing a request: building it costs about 5 times the parse. (Two workloads whose
    /// setup weighs differently: no single correction factor fits both.)
    pub(crate) const PARSE: Workload = Workload {
        what: "parsing a request whose input costs about 5x the parse to build",
        setup_ns: 11_900,
        routine_ns: 2_380,
        ..QUIET
    };

    #[test]
    fn the_input_is_built_outside_the_timed_region() {
        let _attest = kata_attest::attest();
        check_accuracy(
            "worst error against the true cost of a routine with an expensive setup",
            &[DECODE, PARSE],
            "the answer must be the routine's cost alone, not the cost of making its input",
        );
    }
}

mod steady_state {
    use super::*;

    /// The first call initialises a table; the first few dozen run on cold caches.
    pub(crate) const COLD: Workload = Workload {
        what: "a short routine whose first calls run cold",
        setup_ns: 120,
        routine_ns: 1_730,
        first_call_extra_ns: 250_000,
        cold_calls: 64,
        cold_factor: 8,
        ..QUIET
    };

    /// A long routine with a milder cold start, whose first call reads about the same as
    /// the short one's: one reading cannot tell them apart.
    pub(crate) const COLD_LONG: Workload = Workload {
        what: "a long routine whose first calls run a little cold",
        setup_ns: 700,
        routine_ns: 211_000,
        first_call_extra_ns: 40_000,
        cold_calls: 16,
        cold_factor: 5,
        ..QUIET
    };

    /// Another process takes the core for 7 ms in every 23 ms (about 30 % of the time).
    pub(crate) const BUSY: Workload = Workload {
        what: "a routine on a machine busy with something else 30 % of the time",
        setup_ns: 90,
        routine_ns: 4_270,
        bursts: Some(Bursts {
            period_ns: 23_000_000,
            length_ns: 7_000_000,
            factor: 30,
        }),
        ..QUIET
    };

    #[test]
    fn cold_starts_and_a_busy_machine_do_not_move_the_answer() {
        let _attest = kata_attest::attest();
        check_accuracy(
            "worst error against the true cost with a cold start or a busy machine",
            &[COLD, COLD_LONG, BUSY],
            "one timing, or an average over timings, reports the cold start or the \
             interruptions as the routine's own cost",
        );
    }
}

mod clock_resolution {
    use super::*;

    /// A routine of about 13 ns, a clock that ticks every microsecond and costs 25 ns to
    /// read.
    pub(crate) const TINY: Workload = Workload {
        what: "a routine of about 13 ns on a clock that ticks every 1 µs and costs 25 ns to read",
        setup_ns: 4,
        routine_ns: 13,
        tick_ns: 1_000,
        ..QUIET
    };

    /// The same clock, a routine of about 37 ns: one call of either reads 0.
    pub(crate) const SMALL: Workload = Workload {
        what: "a routine of about 37 ns on the same clock",
        setup_ns: 6,
        routine_ns: 37,
        ..TINY
    };

    #[test]
    fn a_routine_shorter_than_a_tick_is_measured() {
        let _attest = kata_attest::attest();
        check_accuracy(
            "worst error against the true cost of a routine shorter than the clock's tick",
            &[TINY, SMALL],
            "a routine far shorter than the clock's tick and than a clock read cannot be \
             timed one call at a time",
        );
    }
}

mod work_kept {
    use super::*;

    /// The bar: the helper reports at least a quarter of the work's cost (an optimiser
    /// that deleted the work leaves a thousandth or less).
    const MIN_SHARE: f64 = 0.25;
    const MIN_PERCENT: f64 = MIN_SHARE * 100.0;
    /// And at most four times it (the virtual checks judge accuracy; this is a sanity
    /// bound for a real clock on a busy machine).
    const MAX_SHARE: f64 = 4.0;
    const ROUNDS: usize = 5;

    /// A checksum over a buffer: pure arithmetic, nothing but its result shows it ran.
    #[inline]
    fn checksum(data: &[u64]) -> u64 {
        data.iter().fold(0x243F_6A88_85A3_08D3, |acc, &x| {
            (acc.rotate_left(5) ^ x).wrapping_mul(0x100_0000_01B3)
        })
    }

    /// The checks' own measurement: batches of calls whose input and result the
    /// optimiser cannot see through, median over batches.
    fn careful_per_call(data: &[u64]) -> f64 {
        const BATCH: u32 = 16;
        let mut samples: Vec<f64> = (0..15)
            .map(|_| {
                let started = Instant::now();
                for _ in 0..BATCH {
                    black_box(checksum(black_box(data)));
                }
                started.elapsed().as_secs_f64() / f64::from(BATCH)
            })
            .collect();
        samples.sort_by(f64::total_cmp);
        samples[samples.len() / 2]
    }

    fn median(mut values: Vec<f64>) -> f64 {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    }

    #[test]
    fn a_result_nobody_reads_is_still_computed() {
        let _attest = kata_attest::attest();
        // No other test of this binary runs while this one reads the real clock.
        let _turn = kata_toolkit::alone::take_turn();
        // Data the optimiser cannot know: drawn anew in each process.
        let seed = fresh_random();
        let data: Vec<u64> = (0..24_001_u64)
            .map(|i| {
                (i ^ seed)
                    .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                    .rotate_left(23)
            })
            .collect();
        black_box(careful_per_call(&data)); // warm caches and the CPU up
        let mut truth = Vec::new();
        let mut reported = Vec::new();
        for _ in 0..ROUNDS {
            truth.push(careful_per_call(&data));
            let data = data.as_slice();
            let per_call = time_it(&SystemClock, || data, checksum);
            reported.push(per_call.as_secs_f64());
        }
        let truth = median(truth);
        let reported = median(reported);
        let share = reported / truth;
        // In per cent, to one decimal: a deleted routine reads about 0.1 %.
        let shown = (share * 1000.0).round() / 10.0;
        check(
            Figure::at_least(
                "time reported for a routine whose result is unused, as a share of its true time (optimised build)",
                shown,
                MIN_PERCENT,
                " %",
            ),
            &format!(
                "a checksum over 24,001 numbers takes {:.1} µs per call (measured by the checks); \
                 `time_it` reported {:.3} µs: the optimiser removed work whose result nothing reads",
                truth * 1e6,
                reported * 1e6
            ),
        );
        assert!(
            share <= MAX_SHARE,
            "`time_it` reported {:.1} µs for a checksum the checks time at {:.1} µs: more than \
             {MAX_SHARE}x the truth",
            reported * 1e6,
            truth * 1e6
        );
    }
}
