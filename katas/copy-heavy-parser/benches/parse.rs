//! `cargo bench -p copy-heavy-parser`: time, allocations and bytes per run for parsing
//! lines and walking a whole log. Run it before and after your fix; divan's allocation
//! profiler prints the allocations beside the time. Never part of the grade: time depends
//! on the machine, the checks count allocations instead.
//!
//! The `fixture` row is the baseline: building the log text alone. The other rows build
//! it before timing starts, so their allocations are the parser's own; the grade does the
//! same (it builds the log, then counts), so it subtracts nothing.

use copy_heavy_parser::{parse_line, records};
use divan::{AllocProfiler, Bencher, black_box};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

/// A log of `n` lines, one in 1,000 with an escaped quote in its user agent.
fn access_log(n: usize) -> String {
    let agents = [
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "curl/8.5.0",
        "okhttp/4.12.0",
    ];
    let mut log = String::new();
    for i in 0..n {
        let agent = if i % 1_000 == 999 {
            r#"ScanBot/1.2 (\"nightly\" build)"#
        } else {
            agents[i % agents.len()]
        };
        log.push_str(&format!(
            "2024-05-01T12:{:02}:{:02}.{:03}Z 198.51.100.{} GET /api/v2/orders/{}?page={} 200 {} \"{agent}\"\n",
            i / 60_000 % 60,
            i / 1_000 % 60,
            i % 1_000,
            i % 250,
            10_000 + i * 7 % 90_000,
            i % 9,
            i * 7_919 % 250_000,
        ));
    }
    log
}

/// The baseline: what building the input costs, kept out of every other row.
#[divan::bench(args = [1_000, 100_000])]
fn fixture(bencher: Bencher, n: usize) {
    bencher.bench_local(|| access_log(black_box(n)));
}

#[divan::bench(args = [1_000, 100_000])]
fn parse_lines(bencher: Bencher, n: usize) {
    let log = access_log(n);
    bencher.bench_local(|| {
        log.lines()
            .map(|line| parse_line(black_box(line)).map_or(0, |r| r.bytes))
            .sum::<u64>()
    });
}

#[divan::bench(args = [1_000, 100_000])]
fn walk_log(bencher: Bencher, n: usize) {
    let log = access_log(n);
    bencher.bench_local(|| {
        records(black_box(&log))
            .map(|r| r.map_or(0, |r| r.bytes))
            .sum::<u64>()
    });
}
