//! A time ratio that can be trusted: the baseline and the candidate are measured in the
//! same process, interleaved round by round (so a burst of load hits both), each in a
//! batch sized to run about as long as the other, and the ratio is the median of many
//! rounds. By default each batch is timed in the measuring thread's own CPU time where the
//! platform has it (Unix: `CLOCK_THREAD_CPUTIME_ID`), so time spent descheduled while other
//! processes or tests run does not count; elsewhere, wall time. That clock cannot see work
//! the measured code hands to another thread (the measuring thread only waits for it);
//! where the code under test may do that, time on the wall clock ([`Timer::Wall`]).
//!
//! Use it only where the gap is large (20× or more) and put the bar near the geometric
//! middle; gate on counts wherever a count exists.

use std::fmt;
use std::hint::black_box;
use std::time::Duration;

/// How to measure.
///
/// ```
/// use std::time::Duration;
/// use kata_toolkit::ratio::{RatioConfig, Timer};
/// let config = RatioConfig { min_batch: Duration::from_millis(5), ..RatioConfig::default() };
/// assert_eq!(config.rounds, 31);
/// assert_eq!(config.min_batch, Duration::from_millis(5));
/// assert_eq!(config.timer, Timer::ThreadCpu);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct RatioConfig {
    /// Rounds; the median of the per-round ratios is reported. At least 30.
    pub rounds: usize,
    /// Each side's batch runs at least this long per round.
    pub min_batch: Duration,
    /// The clock each batch is timed on.
    pub timer: Timer,
}

impl Default for RatioConfig {
    fn default() -> Self {
        RatioConfig {
            rounds: 31,
            min_batch: Duration::from_millis(2),
            timer: Timer::ThreadCpu,
        }
    }
}

/// The clock a batch is timed on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Timer {
    /// The measuring thread's own CPU time (Unix; wall time elsewhere). Time spent
    /// descheduled does not count, so a busy machine barely moves it; work the measured
    /// code hands to another thread does not count either, since the measuring thread only
    /// waits for it.
    #[default]
    ThreadCpu,
    /// Wall time (`Instant`). Counts the work of every thread the measured code waits
    /// for, and time spent descheduled too, which the interleaved rounds and their median
    /// absorb. Use it where the code under test may start threads.
    Wall,
}

/// How many times faster the candidate ran than the baseline.
///
/// ```
/// use kata_toolkit::ratio::Speedup;
/// let s = Speedup { median: 42.0, low: 35.5, high: 51.3, rounds: 31 };
/// assert!(s.median > 20.0, "{s}");
/// assert_eq!(s.to_string(), "42.0x faster (median of 31 rounds; range 35.5x to 51.3x)");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Speedup {
    /// Median over rounds of `baseline time per call / candidate time per call`.
    pub median: f64,
    /// The lowest and highest round.
    pub low: f64,
    /// The highest round.
    pub high: f64,
    /// Rounds measured.
    pub rounds: usize,
}

impl fmt::Display for Speedup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:.1}x faster (median of {} rounds; range {:.1}x to {:.1}x)",
            self.median, self.rounds, self.low, self.high
        )
    }
}

/// Measure how many times faster `candidate` is than `baseline`.
///
/// ```
/// use kata_toolkit::ratio::{speedup, RatioConfig};
/// let data: Vec<u64> = (0..2_000).collect();
/// let slow = || (0..200u64).filter(|x| data.contains(x)).count();
/// let fast = || (0..200u64).filter(|x| data.binary_search(x).is_ok()).count();
/// let s = speedup(slow, fast, RatioConfig::default());
/// assert!(s.median > 3.0, "{s}");
/// ```
pub fn speedup<A, B>(
    mut baseline: impl FnMut() -> A,
    mut candidate: impl FnMut() -> B,
    config: RatioConfig,
) -> Speedup {
    let timer = config.timer;
    let base_batch = calibrate(&mut baseline, config.min_batch, timer);
    let cand_batch = calibrate(&mut candidate, config.min_batch, timer);
    let mut ratios = Vec::with_capacity(config.rounds.max(1));
    for round in 0..config.rounds.max(1) {
        // Alternate which side goes first, so neither always runs on a warmer cache.
        let (b, c) = if round % 2 == 0 {
            let b = per_call(&mut baseline, base_batch, timer);
            (b, per_call(&mut candidate, cand_batch, timer))
        } else {
            let c = per_call(&mut candidate, cand_batch, timer);
            (per_call(&mut baseline, base_batch, timer), c)
        };
        ratios.push(b / c.max(f64::MIN_POSITIVE));
    }
    ratios.sort_by(f64::total_cmp);
    Speedup {
        median: ratios[ratios.len() / 2],
        low: ratios[0],
        high: ratios[ratios.len() - 1],
        rounds: ratios.len(),
    }
}

/// Calls per batch so that one batch takes at least `min`.
fn calibrate<R>(f: &mut impl FnMut() -> R, min: Duration, timer: Timer) -> u64 {
    black_box(f()); // warm-up
    let mut calls = 1u64;
    loop {
        let started = timer.now();
        for _ in 0..calls {
            black_box(f());
        }
        if timer.now() - started >= min || calls >= 1 << 30 {
            return calls;
        }
        calls *= 2;
    }
}

fn per_call<R>(f: &mut impl FnMut() -> R, calls: u64, timer: Timer) -> f64 {
    let started = timer.now();
    for _ in 0..calls {
        black_box(f());
    }
    (timer.now() - started).as_secs_f64() / calls as f64
}

impl Timer {
    /// This timer's reading, from an arbitrary origin.
    fn now(self) -> Duration {
        match self {
            Timer::ThreadCpu => cpu_now(),
            Timer::Wall => wall_now(),
        }
    }
}

/// Wall time since the first reading in this process.
fn wall_now() -> Duration {
    use std::sync::OnceLock;
    use std::time::Instant;
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    ORIGIN.get_or_init(Instant::now).elapsed()
}

/// This thread's CPU time so far.
#[cfg(unix)]
fn cpu_now() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; CLOCK_THREAD_CPUTIME_ID is supported on
    // Linux and macOS. On failure the zeroed value is returned.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Wall time where there is no per-thread CPU clock.
#[cfg(not(unix))]
fn cpu_now() -> Duration {
    wall_now()
}
