//! `cargo bench -p cache-smartly`: time and allocations per lookup, for popular SKUs (the
//! cache's best case) and for SKUs never seen before (its worst). divan's allocation
//! profiler prints allocations per call beside the time. The first row is the baseline:
//! one pattern compiled and matched, what a lookup costs when it recompiles a rule.
//! Never part of the grade.

use cache_smartly::{Catalogue, Pricer, Rule};
use divan::{AllocProfiler, Bencher, black_box};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

fn rules() -> Vec<Rule> {
    vec![
        Rule::new("GARDEN-*", 15),
        Rule::new("*-XL", 10),
        Rule::new("TOY-00[0-4]*", 20),
        Rule::new("BOOK-*7?", 5),
    ]
}

fn skus(n: u64, offset: u64) -> Vec<String> {
    const CATEGORIES: [&str; 5] = ["GARDEN", "TOY", "KITCHEN", "BOOK", "LAMP"];
    (offset..offset + n)
        .map(|i| format!("{}-{i:07}", CATEGORIES[(i % 5) as usize]))
        .collect()
}

/// Baseline: compiling one rule's pattern and matching one SKU with it.
#[divan::bench]
fn compile_and_match_one_pattern(bencher: Bencher) {
    let rule = Rule::new("TOY-00[0-4]*", 20);
    bencher.bench_local(|| {
        let pattern = black_box(&rule).compile().expect("valid");
        pattern.matches(black_box("TOY-0031337"))
    });
}

/// A thousand popular SKUs, priced over and over: nearly every lookup is a hit.
#[divan::bench]
fn popular(bencher: Bencher) {
    let popular = skus(1_000, 0);
    let mut pricer = Pricer::new(Catalogue::new(7), rules(), 4_096).expect("valid rules");
    let mut i = 0;
    bencher.bench_local(|| {
        i = (i + 1) % popular.len();
        pricer.price(black_box(&popular[i]))
    });
}

/// Every lookup a SKU the pricer has never seen.
#[divan::bench]
fn never_seen(bencher: Bencher) {
    let fresh = skus(2_000_000, 10_000_000);
    let mut pricer = Pricer::new(Catalogue::new(7), rules(), 4_096).expect("valid rules");
    let mut i = 0;
    bencher.bench_local(|| {
        i = (i + 1) % fresh.len();
        pricer.price(black_box(&fresh[i]))
    });
}
