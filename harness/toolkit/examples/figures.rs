//! Prints the toolkit's repeatability and cost figures:
//!
//!     cargo run -p kata-toolkit --example figures --release
//!
//! - spread of deterministic figures (allocation peaks, operation-count exponents) over
//!   20 repeats: the goal is none;
//! - spread of the interleaved time ratio over 20 repeats, against its bar;
//! - the counting allocator's overhead on an allocation-heavy loop, as a ratio to the
//!   system allocator measured in the same run.

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashSet;
use std::hint::black_box;
use std::io::{BufRead, BufReader, Read};

use kata_toolkit::alloc::{CountingAlloc, measure};
use kata_toolkit::complexity::{Counted, OpCounter, doubling, fit_series};
use kata_toolkit::fixtures::csv::orders_csv_reader;
use kata_toolkit::ratio::{RatioConfig, speedup};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

fn spread<T: PartialOrd + Copy + std::fmt::Debug>(name: &str, values: &[T]) {
    let min = values
        .iter()
        .copied()
        .fold(values[0], |a, b| if b < a { b } else { a });
    let max = values
        .iter()
        .copied()
        .fold(values[0], |a, b| if b > a { b } else { a });
    let distinct = values.iter().filter(|v| **v != values[0]).count() == 0;
    println!(
        "{name:<52} min {min:?}  max {max:?}  {}",
        if distinct {
            "(identical over 20)"
        } else {
            "(varies)"
        }
    );
}

fn slurp_peak() -> u64 {
    measure(|| {
        let mut text = String::new();
        orders_csv_reader(100_000, 1)
            .read_to_string(&mut text)
            .unwrap();
        let rows: Vec<Vec<String>> = text
            .lines()
            .map(|l| l.split(',').map(str::to_owned).collect())
            .collect();
        black_box(rows.len())
    })
    .1
    .peak_live
}

fn stream_peak() -> u64 {
    measure(|| {
        let mut reader = BufReader::new(orders_csv_reader(100_000, 1));
        let mut line = String::new();
        let mut n = 0;
        while reader.read_line(&mut line).unwrap() > 0 {
            n += 1;
            line.clear();
        }
        black_box(n)
    })
    .1
    .peak_live
}

// `Counted` points at an atomic counter that never takes part in its hash.
#[allow(clippy::mutable_key_type)]
fn dedupe_exponent(hashed: bool) -> f64 {
    let ops = OpCounter::leak();
    fit_series(&doubling(512, 524_288), 20_000_000, |n| {
        let items: Vec<_> = (0..n)
            .map(|i| Counted::new((i * 7_919) % (n / 2), ops))
            .collect();
        let before = ops.get();
        if hashed {
            let mut seen = HashSet::new();
            black_box(items.iter().filter(|x| seen.insert(*x)).count());
        } else {
            let mut out: Vec<&Counted<u64>> = Vec::new();
            for x in &items {
                if !out.contains(&x) {
                    out.push(x);
                }
            }
            black_box(out.len());
        }
        ops.get() - before
    })
    .unwrap()
    .exponent
}

fn main() {
    println!("Deterministic figures, 20 repeats each:");
    spread(
        "peak heap, slurping 100k CSV rows (bytes)",
        &(0..20).map(|_| slurp_peak()).collect::<Vec<_>>(),
    );
    spread(
        "peak heap, streaming 100k CSV rows (bytes)",
        &(0..20).map(|_| stream_peak()).collect::<Vec<_>>(),
    );
    spread(
        "exponent, dedupe with Vec::contains (bar <= 1.3)",
        &(0..20).map(|_| dedupe_exponent(false)).collect::<Vec<_>>(),
    );
    spread(
        "exponent, dedupe with HashSet (bar <= 1.3)",
        &(0..20).map(|_| dedupe_exponent(true)).collect::<Vec<_>>(),
    );

    println!("\nTime ratio, 20 repeats of a 31-round interleaved median:");
    let data: Vec<u64> = (0..4_096).map(|i| i * 3).collect();
    let needles: Vec<u64> = (0..64).map(|i| i * 191).collect();
    let medians: Vec<f64> = (0..20)
        .map(|_| {
            speedup(
                || needles.iter().filter(|n| data.contains(n)).count(),
                || {
                    needles
                        .iter()
                        .filter(|n| data.binary_search(n).is_ok())
                        .count()
                },
                RatioConfig::default(),
            )
            .median
        })
        .collect();
    spread("speed-up, binary vs linear search (bar >= 5x)", &medians);

    println!("\nCounting allocator overhead (alloc + free of 64 B, 10,000 per call):");
    let layout = Layout::from_size_align(64, 8).unwrap();
    let churn = |counting: bool| {
        move || {
            for _ in 0..10_000 {
                // SAFETY: a valid non-zero layout; the pointer is freed with the same layout.
                unsafe {
                    if counting {
                        let p = ALLOC.alloc(layout);
                        ALLOC.dealloc(black_box(p), layout);
                    } else {
                        let p = System.alloc(layout);
                        System.dealloc(black_box(p), layout);
                    }
                }
            }
        }
    };
    let s = speedup(churn(true), churn(false), RatioConfig::default());
    println!(
        "system allocator vs counting allocator: counting costs {:.2}x the system's time ({s})",
        s.median
    );
}
