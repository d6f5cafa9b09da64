//! `cargo bench -p cache-friendly-loops`: time per statistic on a log of 12 channels ×
//! 90,000 ticks (8.2 MiB of `f64`, more than the core's own caches hold), beside
//! `baseline_one_pass`: one `iter().sum()` over the same readings stored flat, the plain
//! forward walk every statistic should come close to. Run it before and after your fix.
//! Never part of the grade: the checks count cache lines, and compare times only as a
//! ratio measured in the same run.
//!
//! (A fixed `channel_means` can beat the baseline: its twelve running sums are
//! independent, so the compiler can keep them side by side in vector registers, while one
//! running sum is a chain of dependent additions it may not reorder, since floating-point
//! addition is not associative.)

use divan::{Bencher, black_box};

use cache_friendly_loops::Readings;

const CHANNELS: usize = 12;
const TICKS: usize = 90_000;

fn main() {
    divan::main();
}

/// Readings that look like a rig's: each channel around its own level.
fn rows() -> Vec<Vec<f64>> {
    (0..TICKS)
        .map(|tick| {
            (0..CHANNELS)
                .map(|channel| {
                    let wobble = ((tick * 7 + channel * 13) % 101) as f64 / 101.0;
                    10.0 * channel as f64 + wobble
                })
                .collect()
        })
        .collect()
}

fn log() -> Readings {
    let mut log = Readings::new(CHANNELS);
    for row in rows() {
        log.push_row(row);
    }
    log
}

/// One forward pass over the same readings, stored in one flat `Vec`.
#[divan::bench]
fn baseline_one_pass(bencher: Bencher) {
    let flat: Vec<f64> = rows().into_iter().flatten().collect();
    bencher.bench_local(|| black_box(&flat).iter().sum::<f64>());
}

#[divan::bench]
fn channel_means(bencher: Bencher) {
    let log = log();
    bencher.bench_local(|| black_box(&log).channel_means());
}

#[divan::bench]
fn row_sums(bencher: Bencher) {
    let log = log();
    bencher.bench_local(|| black_box(&log).row_sums());
}

#[divan::bench]
fn normalised(bencher: Bencher) {
    let log = log();
    bencher.bench_local(|| black_box(&log).normalised());
}
