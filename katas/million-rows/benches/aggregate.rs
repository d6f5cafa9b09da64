//! `cargo bench -p million-rows`: time, allocations and bytes per run of `aggregate` over
//! exports of growing size. Divan's allocation profiler prints, beside the time, how many
//! allocations and bytes one run makes (`max alloc` is the peak). Run it before and after
//! your fix. Never part of the grade: the checks measure peak heap with a counting
//! allocator instead of the clock.
//!
//! `reader_alone` is the baseline: the fixture's reader streamed into a sink, with no
//! aggregation, exactly what the grade's `reused-buffer` check measures and subtracts. It
//! formats each row into a new `String` that starts empty and grows twice: per row, 1
//! `alloc` and 2 `grow` in divan's table (100,002 and 200,000 at 100,000 rows), and every
//! `aggregate_export` row includes them. The grade counts with its own allocator, where a
//! realloc counts as one allocation, so its count is divan's `alloc` + `grow` + `shrink`
//! (`shrink` is printed only when there is one): 3 per row for the reader. Its
//! "allocations per row" is ((`alloc` + `grow` + `shrink`) of `aggregate_export` − the same
//! sum of `reader_alone`) ÷ rows, at 100,000 rows; as shipped (750,061 + 300,033 −
//! 300,002) ÷ 100,000 = 7.50. Peak heap is not subtracted: the reader keeps only a few
//! bytes live.

use std::io;

use divan::{AllocProfiler, Bencher, black_box};
use kata_toolkit::fixtures::csv::orders_csv_reader;
use million_rows::aggregate;

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

/// The baseline: the export's reader alone, what the grade subtracts (3 allocations and
/// reallocations per row).
#[divan::bench(args = [10_000, 100_000, 1_000_000], sample_count = 10)]
fn reader_alone(bencher: Bencher, rows: u64) {
    bencher.bench_local(|| {
        io::copy(&mut orders_csv_reader(black_box(rows), 60), &mut io::sink()).expect("in memory")
    });
}

#[divan::bench(args = [10_000, 100_000, 1_000_000], sample_count = 10)]
fn aggregate_export(bencher: Bencher, rows: u64) {
    bencher.bench_local(|| aggregate(black_box(orders_csv_reader(rows, 60))));
}
