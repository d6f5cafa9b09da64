//! `cargo bench -p format-tradeoffs`: time, allocations and bytes to write a cached page
//! and read it back, and to write the public JSON. Run it before and after your fix;
//! divan's allocation profiler prints the allocations and bytes beside the time. Never
//! part of the grade: the checks count bytes and compare times only as a ratio measured
//! in the same run.

use divan::{AllocProfiler, Bencher, black_box};
use format_tradeoffs::{
    Badge, Currency, Hit, ResultsPage, decode_blob, encode_blob, to_public_json,
};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

/// A page of `n` hits, like the ones the search cluster caches.
fn page(n: u64) -> ResultsPage {
    ResultsPage {
        query: "trail running shoes".to_owned(),
        generated_at_ms: 1_714_564_803_118,
        total_hits: 1_234,
        hits: (0..n)
            .map(|i| Hit {
                product_id: 40_000_000 + i * 7_919,
                title: format!("Trail running shoe, size {}", 36 + i % 12),
                price_cents: 1_999 + (i as u32 * 131) % 20_000,
                list_price_cents: i.is_multiple_of(3).then_some(2_999),
                currency: Currency::Eur,
                rating: 4.5,
                reviews: (i as u32 * 37) % 5_000,
                score: 1.0 / (1.0 + i as f64),
                in_stock: !i.is_multiple_of(5),
                badges: vec![Badge::Discount { percent: 15 }, Badge::ShipsIn { days: 2 }],
            })
            .collect(),
    }
}

/// The baseline: cloning the page, the least a round trip could cost. Compare the rows
/// below with it.
#[divan::bench(args = [48])]
fn fixture_only(bencher: Bencher, n: u64) {
    let page = page(n);
    bencher.bench_local(|| black_box(&page).clone());
}

/// Write a page's blob and read it back: what the cache does all day.
#[divan::bench(args = [48])]
fn blob_round_trip(bencher: Bencher, n: u64) {
    let page = page(n);
    bencher.bench_local(|| decode_blob(&encode_blob(black_box(&page))).unwrap());
}

/// Read a blob the cache already holds.
#[divan::bench(args = [48])]
fn blob_read(bencher: Bencher, n: u64) {
    let blob = encode_blob(&page(n));
    bencher.bench_local(|| decode_blob(black_box(&blob)).unwrap());
}

/// The public JSON, for comparison: the apps still get this.
#[divan::bench(args = [48])]
fn public_json(bencher: Bencher, n: u64) {
    let page = page(n);
    bencher.bench_local(|| to_public_json(black_box(&page)));
}
