//! `cargo bench -p eager-pipeline`: the report over 100k generated lines. Never part of
//! the grade; compare before and after your change. Divan's allocation profiler prints,
//! beside the time, the allocations and the most heap in use at once (`max alloc`).
//!
//! The `fixture_100k` row is the baseline: generating the 100k lines and dropping each,
//! with no report. `report_100k` generates them inside the measured call (the report
//! pulls them one at a time), so its figures include that cost; the grade measures the
//! same way and subtracts nothing, since only one generated line is alive at a time.

use divan::AllocProfiler;

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

fn access_log(n: u64) -> impl Iterator<Item = String> {
    (0..n).map(|i| {
        format!(
            "2026-11-21T10:00:00Z GET /api/e{} 200 {}ms",
            i % 12,
            (i * 37) % 1000
        )
    })
}

/// The baseline: the input alone, generated and dropped line by line.
#[divan::bench]
fn fixture_100k() -> usize {
    access_log(divan::black_box(100_000)).count()
}

#[divan::bench]
fn report_100k() -> eager_pipeline::SlowReport {
    eager_pipeline::slow_requests(divan::black_box(access_log(100_000)), 500)
}
