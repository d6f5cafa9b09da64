//! `cargo bench -p errors-as-control-flow`: time and allocations per query, for queries
//! the search box refuses (nearly all of them) and for real references. Run it before and
//! after your fix; divan's allocation profiler prints the allocations beside the time.
//! Never part of the grade: time depends on the machine, the checks count allocations and
//! panics, and compare times only as a ratio measured in the same run.

use divan::{AllocProfiler, Bencher, black_box};
use errors_as_control_flow::parse_order_ref;

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    // A caught panic still runs the panic hook, which prints it: keep the report readable.
    std::panic::set_hook(Box::new(|_| {}));
    divan::main();
}

/// What people type into the search box, a reference still being typed included.
const REFUSED: [&str; 8] = [
    "where is my parcel",
    "O",
    "ORD-20",
    "ORD-2024-0042",
    "jane.doe@example.com",
    "PX0048213377",
    "ORD-2024-004217-3",
    "ORD-2011-004217-5",
];

/// The baseline: walking the queries without reading them. Subtract it from the rows
/// below.
#[divan::bench]
fn fixture_only(bencher: Bencher) {
    bencher.bench_local(|| REFUSED.iter().map(|q| black_box(q).len()).sum::<usize>());
}

/// Eight queries the search box refuses.
#[divan::bench]
fn refused(bencher: Bencher) {
    bencher.bench_local(|| {
        REFUSED
            .iter()
            .filter(|q| parse_order_ref(black_box(q)).is_err())
            .count()
    });
}

/// One real reference, for comparison: the path that should cost something.
#[divan::bench]
fn accepted(bencher: Bencher) {
    bencher.bench_local(|| parse_order_ref(black_box("ORD-2024-004217-0")).is_ok());
}
