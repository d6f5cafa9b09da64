//! `cargo bench -p lock-in-loop`: time to count one batch of 200,000 lines at 1, 2 and 4
//! workers. Run it before and after your fix: with a lock per line, more workers barely
//! help (they queue on the lock); with local counts and one merge, they do. Never part of
//! the grade: time depends on the machine, the checks count lock acquisitions instead.
//!
//! The `fixture_200k_lines` row is the baseline: building the batch alone. The `tally`
//! rows build it before timing starts, so their time is the count's own; the grade counts
//! lock acquisitions, which building the batch takes none of, so it subtracts nothing.

use divan::{Bencher, black_box};
use lock_in_loop::{RouteTotals, tally};

fn main() {
    divan::main();
}

const PATHS: [&str; 8] = [
    "/",
    "/health",
    "/api/products",
    "/api/cart",
    "/api/checkout",
    "/api/orders",
    "/static/app.js",
    "/favicon.ico",
];

fn batch(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            format!(
                "203.0.113.{} - - [12/Mar/2025:06:25:{:02} +0000] \"GET {}?page={} HTTP/1.1\" 200 {}",
                i % 250,
                i % 60,
                PATHS[(i * 7_919) % PATHS.len()],
                i % 40,
                (i * 31) % 50_000
            )
        })
        .collect()
}

/// The baseline: what building the input costs, kept out of every other row.
#[divan::bench]
fn fixture_200k_lines() -> Vec<String> {
    batch(black_box(200_000))
}

#[divan::bench(args = [1, 2, 4])]
fn tally_200k_lines(bencher: Bencher, workers: usize) {
    let lines = batch(200_000);
    bencher
        .with_inputs(RouteTotals::default)
        .bench_local_refs(|totals| tally(black_box(&lines), workers, totals));
}
