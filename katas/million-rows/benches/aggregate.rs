//! `cargo bench -p million-rows`: time, allocations and bytes per run of `aggregate` over
//! exports of growing size. Divan's allocation profiler prints, beside the time, how many
//! allocations and bytes one run makes (`max alloc` is the peak). Run it before and after
//! your fix. Never part of the grade: the checks measure peak heap with a counting
//! allocator instead of the clock.

use divan::{AllocProfiler, Bencher, black_box};
use kata_toolkit::fixtures::csv::orders_csv_reader;
use million_rows::aggregate;

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

#[divan::bench(args = [10_000, 100_000, 1_000_000], sample_count = 10)]
fn aggregate_export(bencher: Bencher, rows: u64) {
    bencher.bench_local(|| aggregate(black_box(orders_csv_reader(rows, 60))));
}
