//! `cargo bench -p fat-records`: time, allocations and bytes for parsing a feed of scans
//! and for reading them back. Run it before and after your fix; divan's allocation
//! profiler prints the allocations and bytes beside the time. Never part of the grade:
//! time depends on the machine, the checks count bytes instead.

use divan::{AllocProfiler, Bencher, black_box};
use fat_records::Scan;

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

/// A feed of `n` scans, one in 25 with a note.
fn feed(n: usize) -> Vec<String> {
    let depots = ["LHR", "MAN", "EDI", "BHX"];
    let statuses = [
        "received",
        "sorted",
        "in_transit",
        "out_for_delivery",
        "delivered",
    ];
    (0..n)
        .map(|i| {
            let note = if i % 25 == 24 {
                "Leave with the neighbour"
            } else {
                ""
            };
            format!(
                "PX{:010},{},{},{},{},{note}",
                48_000_000 + i * 7_919,
                1_714_564_803 + i % 86_400,
                depots[i % depots.len()],
                statuses[i % statuses.len()],
                120 + i * 7 % 31_000,
            )
        })
        .collect()
}

/// The baseline: walking the feed and reserving the slots, without parsing. Subtract it
/// from the rows below.
#[divan::bench(args = [10_000])]
fn fixture_only(bencher: Bencher, n: usize) {
    let lines = feed(n);
    bencher.bench_local(|| {
        let scans: Vec<usize> = Vec::with_capacity(lines.len());
        black_box(lines.iter().map(|l| black_box(l).len()).sum::<usize>());
        scans
    });
}

/// Parse every line into a `Vec<Scan>`: what the tracker does at start-up.
#[divan::bench(args = [10_000])]
fn parse_feed(bencher: Bencher, n: usize) {
    let lines = feed(n);
    bencher.bench_local(|| {
        let mut scans = Vec::with_capacity(lines.len());
        for line in &lines {
            scans.push(Scan::parse(black_box(line)).expect("a generated line parses"));
        }
        scans
    });
}

/// Read every field of every scan: what the customer site does all day.
#[divan::bench(args = [10_000])]
fn read_fields(bencher: Bencher, n: usize) {
    let scans: Vec<Scan> = feed(n).iter().map(|l| Scan::parse(l).unwrap()).collect();
    bencher.bench_local(|| {
        scans
            .iter()
            .map(|s| {
                s.parcel()
                    + u64::from(s.scanned_at())
                    + u64::from(s.weight_grams())
                    + s.depot().len() as u64
                    + s.note().map_or(0, str::len) as u64
                    + s.status() as u64
            })
            .sum::<u64>()
    });
}
