//! The grader's checks for `cache-friendly-loops`. Protected: fix `src/`, not these.
//!
//! Two checks watch memory being walked, one times it:
//!
//! - `lines` and `rows-apart` fill a log with [`Probe`]s, a `Sample` of the checks' own
//!   that notes the address of every read (and the thread it came from) in one
//!   process-wide record. From the record: how often a read lands on a different 64-byte
//!   cache line than the read before it on the same thread, and whether each tick's
//!   readings start where the previous tick's end (`rows-apart` also asks the latter of a
//!   log as long as a real run, through `row`). Deterministic: the same figures on every
//!   machine and every run. Each statistic must read every reading, through
//!   `Sample::value`, while it runs, and answer right.
//! - `speed-up` first asks the statistics of a log whose readings the checks can change
//!   ([`Live`]), one of them changed once the log is filled (totals worked out while
//!   filling it answer wrongly there), then times them on a log of plain `f64`s too large
//!   for the core's own caches (8.2 MiB), against a copy of the shipped code kept below, in the
//!   same process, interleaved, on the wall clock (so work moved to another thread still
//!   counts), as the median of 31 rounds (`kata_toolkit::ratio::speedup`): a ratio, never
//!   an absolute time. The package is built optimised (`opt-level = 3`, set for it in
//!   the workspace's `Cargo.toml`), as an analysis job would be.

use std::collections::HashMap;
use std::hint::black_box;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::thread::ThreadId;
use std::time::Duration;

use cache_friendly_loops::{Readings, Sample};
use kata_toolkit::alone::take_turn;
use kata_toolkit::figure::{Figure, check, thousands};
use kata_toolkit::fixtures::proptest_config;
use kata_toolkit::ratio::{RatioConfig, Timer, speedup};
use proptest::prelude::*;

/// The rig's channels: not a power of two, and a row (96 bytes of `f64`) longer than a
/// cache line, as real rows often are.
const CHANNELS: usize = 12;
/// Ticks in the log the probes fill.
const PROBE_TICKS: usize = 601;
/// Ticks in the log the speed check times: 12 × 90,000 readings of 8 bytes, 8.2 MiB,
/// several times the core's own cache.
const SPEED_TICKS: usize = 90_000;
/// A cache line, in bytes.
const LINE: usize = 64;

/// The bar: cache lines entered per 100 readings, over the three statistics (which need
/// at least four reads of each reading as written). Walking memory in order enters a new
/// line every eight `f64`s: 12.5 per pass. Walking across rows enters one per read: 100
/// per pass.
const MAX_LINES_PER_100: f64 = 100.0;
/// The bar: ticks whose readings do not start where the previous tick's end, in the probe
/// log and in a log of `SPEED_TICKS` plain `f64`s.
const MAX_ROWS_APART: f64 = 0.0;
/// The bar: how many times faster than the shipped column walks. Flat storage walked in
/// order is about 10 to 15 times faster here; keeping the column walks reads about 1×.
const MIN_SPEEDUP: f64 = 3.0;

/// A reading that notes where it is read from, while the checks record.
///
/// As large as an `f64` and laid out like one, so a log of probes sits in memory as a log
/// of `f64`s would.
#[repr(transparent)]
struct Probe(f64);

/// One read of a probe.
struct Read {
    address: usize,
    bits: u64,
    thread: ThreadId,
}

/// Every read while recording, from every thread of the process.
static READS: Mutex<Vec<Read>> = Mutex::new(Vec::new());
static RECORDING: AtomicBool = AtomicBool::new(false);

impl Sample for Probe {
    fn value(&self) -> f64 {
        if RECORDING.load(Ordering::SeqCst) {
            let read = Read {
                address: self as *const Probe as usize,
                bits: self.0.to_bits(),
                thread: std::thread::current().id(),
            };
            READS
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(read);
        }
        self.0
    }
}

/// A reading the checks can change after the log is filled, through `row`. To code
/// generic over `Sample` it is an `f64` in all but name (same size, same alignment, a
/// relaxed atomic load is a plain load), so a log of these cannot be told from the timed
/// log of `f64`s.
#[repr(transparent)]
struct Live(AtomicU64);

impl Live {
    fn new(value: f64) -> Self {
        Live(AtomicU64::new(value.to_bits()))
    }

    fn set(&self, value: f64) {
        self.0.store(value.to_bits(), Ordering::Relaxed);
    }
}

impl Sample for Live {
    fn value(&self) -> f64 {
        f64::from_bits(self.0.load(Ordering::Relaxed))
    }
}

/// A log of [`Live`] readings filled with `rows`, then one reading, drawn afresh on each
/// run, moved far outside its channel's range through `row`; with the rows it now holds.
/// Whatever a log works out while it is filled (totals kept by `push_row`) answers for a
/// value no longer there, and nothing short of reading every reading finds which one
/// changed.
fn changed_after_filling(rows: &[Vec<f64>]) -> (Readings<Live>, Vec<Vec<f64>>) {
    use std::hash::{BuildHasher, Hasher};
    let mut log = Readings::new(CHANNELS);
    for row in rows {
        log.push_row(row.iter().map(|&v| Live::new(v)).collect());
    }
    let draw = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish() as usize;
    let (tick, channel) = (draw % rows.len(), draw / rows.len() % CHANNELS);
    let mut now = rows.to_vec();
    now[tick][channel] += 1_000.0;
    let lent = log.row(tick);
    assert_eq!(lent.len(), CHANNELS, "`row({tick})` lends the wrong tick");
    lent[channel].set(now[tick][channel]);
    (log, now)
}

/// Run `f`, recording every probe read on any thread meanwhile.
fn recorded<R>(f: impl FnOnce() -> R) -> (R, Vec<Read>) {
    struct Stop;
    impl Drop for Stop {
        fn drop(&mut self) {
            RECORDING.store(false, Ordering::SeqCst);
        }
    }
    READS.lock().unwrap_or_else(PoisonError::into_inner).clear();
    RECORDING.store(true, Ordering::SeqCst);
    let stop = Stop;
    let result = f();
    drop(stop);
    let reads = std::mem::take(&mut *READS.lock().unwrap_or_else(PoisonError::into_inner));
    (result, reads)
}

/// A seeded stream of numbers (SplitMix64): the same log on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..1`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What the rig records: each channel around its own level, with noise and a slow drift.
fn rig(ticks: usize, seed: u64) -> Vec<Vec<f64>> {
    const LEVELS: [(f64, f64); CHANNELS] = [
        (21.5, 0.8),     // inlet temperature, °C
        (64.0, 3.5),     // outlet temperature, °C
        (1_013.0, 6.0),  // ambient pressure, hPa
        (4.2, 0.3),      // line pressure, bar
        (12.6, 1.1),     // current, A
        (230.0, 2.5),    // voltage, V
        (0.02, 0.015),   // vibration, g
        (1_480.0, 25.0), // shaft speed, rpm
        (55.0, 9.0),     // humidity, %
        (0.7, 0.05),     // flow, l/s
        (-12.0, 4.0),    // coolant temperature, °C
        (310.0, 40.0),   // torque, N·m
    ];
    let mut rng = Rng(seed);
    (0..ticks)
        .map(|tick| {
            LEVELS
                .iter()
                .map(|&(level, spread)| {
                    let drift = spread * tick as f64 / ticks.max(1) as f64 * 0.3;
                    level + drift + spread * (2.0 * rng.unit() - 1.0)
                })
                .collect()
        })
        .collect()
}

/// A log of `f64`s filled with `rows`. (Not generic over the sample type: the table's
/// code may add bounds both `f64` and `Probe` meet, such as `Sync` or `'static`.)
fn log_of(channels: usize, rows: impl IntoIterator<Item = Vec<f64>>) -> Readings<f64> {
    let mut log = Readings::new(channels);
    for row in rows {
        log.push_row(row);
    }
    log
}

/// What the statistics should answer, worked out directly from the rows.
mod model {
    pub fn channel_means(rows: &[Vec<f64>], channels: usize) -> Vec<f64> {
        (0..channels)
            .map(|c| rows.iter().map(|row| row[c]).sum::<f64>() / rows.len() as f64)
            .collect()
    }

    pub fn row_sums(rows: &[Vec<f64>]) -> Vec<f64> {
        rows.iter().map(|row| row.iter().sum()).collect()
    }

    pub fn normalised(rows: &[Vec<f64>], channels: usize) -> Vec<Vec<f64>> {
        let range = |c: usize| {
            rows.iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), row| {
                    (lo.min(row[c]), hi.max(row[c]))
                })
        };
        let ranges: Vec<(f64, f64)> = (0..channels).map(range).collect();
        rows.iter()
            .map(|row| {
                row.iter()
                    .zip(&ranges)
                    .map(|(&v, &(lo, hi))| if hi > lo { (v - lo) / (hi - lo) } else { 0.0 })
                    .collect()
            })
            .collect()
    }
}

/// Whether `got` is `want` but for rounding (sums taken in another order).
fn close(got: f64, want: f64) -> bool {
    (got - want).abs() <= 1e-9 * want.abs().max(1.0) || (got.is_nan() && want.is_nan())
}

/// Panics unless every value in `got` is close to `want`'s.
fn assert_close(what: &str, got: &[f64], want: &[f64]) {
    assert_eq!(
        got.len(),
        want.len(),
        "{what}: {} values, want {}",
        got.len(),
        want.len()
    );
    if let Some((i, (g, w))) = got
        .iter()
        .zip(want)
        .enumerate()
        .find(|(_, (g, w))| !close(**g, **w))
    {
        panic!("{what}: value {i} = {g}, want {w}");
    }
}

/// Panics unless `log` holds exactly `rows`, read back through `row`.
fn assert_log_close(what: &str, log: &Readings<f64>, rows: &[Vec<f64>], channels: usize) {
    assert_eq!(log.channels(), channels, "{what}: channels");
    assert_eq!(log.len(), rows.len(), "{what}: ticks");
    for (tick, want) in rows.iter().enumerate() {
        assert_close(&format!("{what}, tick {tick}"), log.row(tick), want);
    }
}

/// The probe log's walk: what each statistic read, after checking that it read every
/// reading and answered right.
struct Walks {
    /// Where each reading lives, by (tick, channel), as its reads show it.
    addresses: Vec<Vec<usize>>,
    /// Each statistic's name and its reads, in the order they reached the record.
    statistics: Vec<(&'static str, Vec<Read>)>,
}

impl Walks {
    fn readings(&self) -> usize {
        self.addresses.len() * CHANNELS
    }
}

fn walk_the_probe_log() -> Walks {
    let rows = rig(PROBE_TICKS, 0x5eed_cf10);
    // Every reading is told apart by its value.
    let mut at: HashMap<u64, (usize, usize)> = HashMap::new();
    for (tick, row) in rows.iter().enumerate() {
        for (channel, value) in row.iter().enumerate() {
            let fresh = at.insert(value.to_bits(), (tick, channel)).is_none();
            assert!(fresh, "the checks' own log repeats a value: fix the checks");
        }
    }
    let mut log = Readings::new(CHANNELS);
    for row in &rows {
        log.push_row(row.iter().map(|&v| Probe(v)).collect());
    }
    let mut addresses = vec![vec![0usize; CHANNELS]; PROBE_TICKS];
    let mut statistics = Vec::new();

    let mut take = |name: &'static str, reads: Vec<Read>| {
        let mut seen = vec![vec![false; CHANNELS]; PROBE_TICKS];
        for read in &reads {
            let &(tick, channel) = at
                .get(&read.bits)
                .expect("a read of a value the log was never given");
            seen[tick][channel] = true;
            addresses[tick][channel] = read.address;
        }
        let read = seen.iter().flatten().filter(|s| **s).count();
        assert!(
            read == PROBE_TICKS * CHANNELS,
            "`{name}` read {} of the {} readings through `Sample::value` while it ran: \
             every statistic reads every reading each time it is asked (no answers kept \
             from earlier, none skipped)",
            thousands(read as u64),
            thousands((PROBE_TICKS * CHANNELS) as u64)
        );
        statistics.push((name, reads));
    };

    let (means, reads) = recorded(|| log.channel_means());
    assert_close(
        "channel_means",
        &means,
        &model::channel_means(&rows, CHANNELS),
    );
    take("channel_means", reads);

    let (sums, reads) = recorded(|| log.row_sums());
    assert_close("row_sums", &sums, &model::row_sums(&rows));
    take("row_sums", reads);

    let (scaled, reads) = recorded(|| log.normalised());
    assert_log_close(
        "normalised",
        &scaled,
        &model::normalised(&rows, CHANNELS),
        CHANNELS,
    );
    take("normalised", reads);

    Walks {
        addresses,
        statistics,
    }
}

/// Cache lines entered by `reads`: a read on a line other than the one its thread read
/// last enters a line.
fn lines_entered(reads: &[Read]) -> u64 {
    let mut last: HashMap<ThreadId, usize> = HashMap::new();
    let mut entered = 0;
    for read in reads {
        let line = read.address / LINE;
        if last.insert(read.thread, line) != Some(line) {
            entered += 1;
        }
    }
    entered
}

/// The statistics as shipped: the baseline `speed-up` compares with.
mod shipped {
    use cache_friendly_loops::Sample;

    pub struct Readings<T> {
        channels: usize,
        rows: Vec<Vec<T>>,
    }

    impl<T: Sample> Readings<T> {
        pub fn new(channels: usize, rows: Vec<Vec<T>>) -> Self {
            Readings { channels, rows }
        }

        #[allow(clippy::needless_range_loop)]
        pub fn channel_means(&self) -> Vec<f64> {
            let ticks = self.rows.len();
            let mut means = vec![0.0; self.channels];
            for channel in 0..self.channels {
                let mut sum = 0.0;
                for tick in 0..ticks {
                    sum += self.rows[tick][channel].value();
                }
                means[channel] = sum / ticks as f64;
            }
            means
        }

        #[allow(clippy::needless_range_loop)]
        pub fn row_sums(&self) -> Vec<f64> {
            let ticks = self.rows.len();
            let mut sums = vec![0.0; ticks];
            for channel in 0..self.channels {
                for tick in 0..ticks {
                    sums[tick] += self.rows[tick][channel].value();
                }
            }
            sums
        }

        #[allow(clippy::needless_range_loop)]
        pub fn normalised(&self) -> Readings<f64> {
            let ticks = self.rows.len();
            let mut low = vec![f64::INFINITY; self.channels];
            let mut high = vec![f64::NEG_INFINITY; self.channels];
            for channel in 0..self.channels {
                for tick in 0..ticks {
                    let value = self.rows[tick][channel].value();
                    low[channel] = low[channel].min(value);
                    high[channel] = high[channel].max(value);
                }
            }
            let mut scaled = vec![vec![0.0; self.channels]; ticks];
            for channel in 0..self.channels {
                let span = high[channel] - low[channel];
                for tick in 0..ticks {
                    let value = self.rows[tick][channel].value();
                    scaled[tick][channel] = if span > 0.0 {
                        (value - low[channel]) / span
                    } else {
                        0.0
                    };
                }
            }
            Readings {
                channels: self.channels,
                rows: scaled,
            }
        }

        pub fn rows(&self) -> &[Vec<T>] {
            &self.rows
        }
    }
}

mod answers {
    use super::*;

    /// Three channels, four ticks, numbers that add up exactly.
    fn small() -> (Readings<f64>, Vec<Vec<f64>>) {
        let rows = vec![
            vec![1.0, 10.0, 5.0],
            vec![2.0, 30.0, 5.0],
            vec![3.0, 20.0, 5.0],
            vec![6.0, 40.0, 5.0],
        ];
        (log_of(3, rows.clone()), rows)
    }

    #[test]
    fn the_log_keeps_what_it_is_given() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let (log, rows) = small();
        assert_eq!(log.channels(), 3);
        assert_eq!(log.len(), 4);
        assert!(!log.is_empty());
        for (tick, row) in rows.iter().enumerate() {
            assert_eq!(log.row(tick), row.as_slice(), "row({tick})");
        }
        let empty = Readings::<f64>::new(5);
        assert!(empty.is_empty());
        assert_eq!((empty.len(), empty.channels()), (0, 5));
        let mut log = Readings::new(3);
        let refused = catch_unwind(AssertUnwindSafe(|| log.push_row(vec![1.0, 2.0])));
        assert!(
            refused.is_err(),
            "a row of 2 readings in a log of 3 channels must panic"
        );
        assert!(
            catch_unwind(|| Readings::<f64>::new(0)).is_err(),
            "a log of no channels must panic"
        );
    }

    #[test]
    fn statistics_of_a_small_log() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let (log, _) = small();
        assert_eq!(log.channel_means(), vec![3.0, 25.0, 5.0]);
        assert_eq!(log.row_sums(), vec![16.0, 37.0, 28.0, 51.0]);
        let scaled = log.normalised();
        let want = [
            [0.0, 0.0, 0.0],
            [0.2, 2.0 / 3.0, 0.0],
            [0.4, 1.0 / 3.0, 0.0],
            [1.0, 1.0, 0.0],
        ];
        assert_eq!((scaled.channels(), scaled.len()), (3, 4));
        for (tick, want) in want.iter().enumerate() {
            assert_close(&format!("normalised, tick {tick}"), scaled.row(tick), want);
        }
    }

    #[test]
    fn edges() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let empty = Readings::<f64>::new(4);
        assert!(
            empty.channel_means().iter().all(|m| m.is_nan()),
            "0 / 0 is NaN"
        );
        assert!(empty.row_sums().is_empty());
        let scaled = empty.normalised();
        assert_eq!((scaled.channels(), scaled.len()), (4, 0));
        let one = log_of(1, [vec![7.5]]);
        assert_eq!(one.channel_means(), vec![7.5]);
        assert_eq!(one.row_sums(), vec![7.5]);
        assert_eq!(
            one.normalised().row(0),
            &[0.0],
            "a channel with one value spans nothing"
        );
    }

    #[test]
    fn agrees_with_the_model() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let shapes = (1usize..20).prop_flat_map(|channels| {
            (
                Just(channels),
                prop::collection::vec(prop::collection::vec(-1e4f64..1e4, channels), 0..60),
            )
        });
        proptest!(proptest_config(300), |((channels, rows) in shapes)| {
            let log = log_of(channels, rows.clone());
            let means = log.channel_means();
            prop_assert_eq!(means.len(), channels);
            if !rows.is_empty() {
                assert_close("channel_means", &means, &model::channel_means(&rows, channels));
            }
            assert_close("row_sums", &log.row_sums(), &model::row_sums(&rows));
            assert_log_close("normalised", &log.normalised(), &model::normalised(&rows, channels), channels);
        });
    }
}

mod lines {
    use super::*;

    #[test]
    fn the_statistics_walk_memory_in_order() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let walks = walk_the_probe_log();
        let per_100 = |lines: u64| lines as f64 * 100.0 / walks.readings() as f64;
        let each: Vec<String> = walks
            .statistics
            .iter()
            .map(|(name, reads)| format!("`{name}` {:.1}", per_100(lines_entered(reads))))
            .collect();
        let lines: u64 = walks
            .statistics
            .iter()
            .map(|(_, reads)| lines_entered(reads))
            .sum();
        check(
            Figure::at_most(
                "cache lines entered per 100 readings",
                per_100(lines),
                MAX_LINES_PER_100,
                "",
            ),
            &format!(
                "over a log of {} ticks × {CHANNELS} channels ({}); a read that lands on \
                 another 64-byte line than the one before it makes the processor fetch a \
                 line, most of which goes unused",
                PROBE_TICKS,
                each.join(", ")
            ),
        );
    }
}

mod rows_apart {
    use super::*;

    #[test]
    fn each_tick_follows_the_one_before() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        // Where the statistics read the probe log's readings.
        let walks = walk_the_probe_log();
        let size = std::mem::size_of::<Probe>();
        let probed = walks
            .addresses
            .windows(2)
            .filter(|pair| pair[1][0] != pair[0][CHANNELS - 1] + size)
            .count();
        // And a log as long as a real run, of plain `f64`s, as `row` lends its ticks: a
        // layout cannot change once a log grows past the probe log's length unseen.
        let long = log_of(CHANNELS, rig(SPEED_TICKS, 0x5eed_cf12));
        let starts: Vec<usize> = (0..long.len())
            .map(|tick| {
                let row = long.row(tick);
                assert_eq!(row.len(), CHANNELS, "row({tick}) holds every channel");
                row.as_ptr() as usize
            })
            .collect();
        let tick_bytes = CHANNELS * std::mem::size_of::<f64>();
        let lent = starts
            .windows(2)
            .filter(|pair| pair[1] != pair[0] + tick_bytes)
            .count();
        check(
            Figure::at_most(
                "ticks stored apart from the tick before",
                (probed + lent) as f64,
                MAX_ROWS_APART,
                "",
            ),
            &format!(
                "ticks that do not start where the previous tick's readings end: {} of {} \
                 in the probe log (where the statistics read them), {} of {} in a log of \
                 plain f64 (where `row` finds them); each sits in an allocation of its \
                 own, and a walk from one to the next jumps",
                thousands(probed as u64),
                thousands(PROBE_TICKS as u64 - 1),
                thousands(lent as u64),
                thousands(SPEED_TICKS as u64 - 1)
            ),
        );
    }
}

mod speed_up {
    use super::*;

    #[test]
    fn the_statistics_beat_the_column_walks() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let rows = rig(SPEED_TICKS, 0x5eed_cf11);
        // First, on a log like the timed one but for a reading changed once it was
        // filled: answers kept from filling it would be wrong here.
        let (live, now) = changed_after_filling(&rows);
        let changed = "(a reading changed since the log was filled)";
        assert_close(
            &format!("channel_means {changed}"),
            &live.channel_means(),
            &model::channel_means(&now, CHANNELS),
        );
        assert_close(
            &format!("row_sums {changed}"),
            &live.row_sums(),
            &model::row_sums(&now),
        );
        assert_log_close(
            &format!("normalised {changed}"),
            &live.normalised(),
            &model::normalised(&now, CHANNELS),
            CHANNELS,
        );
        drop((live, now));
        let log = log_of(CHANNELS, rows.iter().cloned());
        let before = shipped::Readings::new(CHANNELS, rows);
        let same_answers = || {
            assert_close(
                "channel_means",
                &log.channel_means(),
                &before.channel_means(),
            );
            assert_close("row_sums", &log.row_sums(), &before.row_sums());
            assert_log_close(
                "normalised",
                &log.normalised(),
                before.normalised().rows(),
                CHANNELS,
            );
        };
        same_answers();
        let ratio = speedup(
            || {
                (
                    black_box(&before).channel_means(),
                    before.row_sums(),
                    before.normalised(),
                )
            },
            || {
                (
                    black_box(&log).channel_means(),
                    log.row_sums(),
                    log.normalised(),
                )
            },
            RatioConfig {
                rounds: 31,
                min_batch: Duration::from_millis(20),
                timer: Timer::Wall,
            },
        );
        same_answers();
        check(
            Figure::at_least(
                "speed-up over the shipped column walks",
                ratio.median,
                MIN_SPEEDUP,
                "x",
            ),
            &format!(
                "means, sums and the normalised log of {} ticks × {CHANNELS} channels \
                 ({:.1} MiB of f64), against the shipped code: {ratio}",
                thousands(SPEED_TICKS as u64),
                (SPEED_TICKS * CHANNELS * 8) as f64 / (1 << 20) as f64
            ),
        );
    }
}
