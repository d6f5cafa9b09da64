//! `cargo bench -p rc-cycle-leak`: build an org chart, ask it a question, drop it.
//!
//! Divan's allocation profiler prints, beside the time, the allocations (`alloc`) and the
//! frees (`dealloc`) one run makes. Code that cleans up after itself frees as many blocks
//! as it allocates; a leak shows as far fewer frees than allocations. Run it before and
//! after your fix. Never part of the grade: the checks count dropped nodes and live heap
//! bytes instead of the clock.
//!
//! The sample counts are kept small on purpose: as shipped, every run leaks its chart, so
//! a benchmark that ran it a million times would fill the machine's memory.
//!
//! The `fixture` row is the baseline: building the export's records alone (they are
//! freed, so its frees match its allocations). `build_query_drop` builds them before
//! timing starts, so its figures are the chart's own; the grade too builds the records
//! first and measures the heap left live by the chart alone, so it subtracts nothing.

use divan::{AllocProfiler, Bencher, black_box};
use rc_cycle_leak::{OrgChart, Record};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

fn company(n: u32) -> Vec<Record> {
    (1..=n)
        .map(|id| Record {
            id,
            name: format!("Employee {id:05}"),
            title: "Engineer".to_owned(),
            manager: (id > 1).then(|| (id - 2) / 7 + 1),
        })
        .collect()
}

/// The baseline: what building the input costs, kept out of the other row.
#[divan::bench(args = [100, 1_000], sample_count = 20, sample_size = 10)]
fn fixture(bencher: Bencher, employees: u32) {
    bencher.bench_local(|| company(black_box(employees)));
}

#[divan::bench(args = [100, 1_000], sample_count = 20, sample_size = 10)]
fn build_query_drop(bencher: Bencher, employees: u32) {
    let records = company(employees);
    bencher.bench_local(|| {
        let chart = OrgChart::from_records(black_box(&records)).expect("a valid export");
        black_box(chart.chain_of_command(employees).map(|c| c.len()))
    });
}
