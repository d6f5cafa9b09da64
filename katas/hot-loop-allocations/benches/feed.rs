//! `cargo bench -p hot-loop-allocations`: time, allocations and bytes per call for the
//! feed's two steps. Run it before and after your fix; divan's allocation profiler prints
//! the allocations per call beside the time. Never part of the grade: time depends on the
//! machine, the checks count allocations instead.
//!
//! The `fixture` row is the baseline: building a batch of order lines alone. The other
//! rows build theirs before timing starts (`normalise` through `with_inputs`), so their
//! allocations are the feed's own; the grade does the same (it builds the batch, then
//! counts), so it subtracts nothing.

use divan::{AllocProfiler, Bencher, black_box};
use hot_loop_allocations::{OrderLine, normalise, render};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

fn batch(n: u64) -> Vec<OrderLine> {
    (0..n)
        .map(|i| OrderLine {
            order_id: 1_000_000 + i / 3,
            sku: format!("sku-{:05}-b", i % 40_000),
            title: format!("  Garden hose; {} m, green\n", 10 + i % 30),
            quantity: 1 + (i % 7) as u32,
            unit_price_cents: 199 + (i * 7_919) % 50_000,
            tags: vec![" Gift".into(), "FRAGILE ".into(), "gift".into()],
        })
        .collect()
}

/// The baseline: what building the input costs, kept out of every other row.
#[divan::bench(args = [1_000, 100_000])]
fn fixture(bencher: Bencher, n: u64) {
    bencher.bench_local(|| batch(black_box(n)));
}

#[divan::bench(args = [1_000, 100_000])]
fn render_feed(bencher: Bencher, n: u64) {
    let lines = batch(n);
    bencher.bench_local(|| render(black_box(&lines)));
}

#[divan::bench(args = [1_000, 100_000])]
fn normalise_lines(bencher: Bencher, n: u64) {
    bencher
        .with_inputs(|| batch(n))
        .bench_local_refs(|lines| normalise(black_box(lines)));
}
