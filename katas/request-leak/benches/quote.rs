//! `cargo bench -p request-leak`: what serving requests costs in time and in heap.
//!
//! Divan's allocation profiler prints, beside the time, the allocations (`alloc`), the
//! frees (`dealloc`) and the most heap in use at once (`max alloc`) per run:
//!
//! - `one_request`: one quote on a long-lived handler. A handler that keeps nothing frees
//!   every byte it allocates for a request; one that remembers requests frees less than
//!   it allocates, every time.
//! - `fresh_handler`: a new handler serving 1,000 or 10,000 quotes. Watch `max alloc`: it
//!   should not grow tenfold with the traffic.
//! - `fixture`: the baseline, building 1,000 or 10,000 requests alone. The other rows
//!   build their requests before timing starts, so their figures are the handler's own.
//!   The grade builds each request inside its measurement but drops it at once: it reads
//!   the heap left live, which the requests do not add to, so it subtracts nothing.
//!
//! Run it before and after your fix. Never part of the grade: the checks measure live heap
//! with a counting allocator instead of the clock. Sample counts are kept small so that
//! the shipped handler's history stays a few MiB.

use divan::{AllocProfiler, Bencher, black_box};
use request_leak::{QuoteHandler, Request};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

fn quote(i: u64) -> Request {
    let country = ["DE", "FR", "NL", "IT"][(i % 4) as usize];
    Request::post(
        "/quote",
        format!(
            r#"{{"country":"{country}","weight_grams":{},"basket":[{{"sku":"sku-{i:05}","qty":2}}],"address":{{"name":"Customer {i}","street":"{i} Long Street","city":"Springfield"}}}}"#,
            1 + (i * 7_919) % 29_999
        ),
    )
}

/// The baseline: what building the traffic costs, kept out of every other row.
#[divan::bench(args = [1_000, 10_000], sample_count = 5, sample_size = 1)]
fn fixture(bencher: Bencher, requests: u64) {
    bencher.bench_local(|| {
        (0..black_box(requests))
            .map(quote)
            .collect::<Vec<Request>>()
    });
}

#[divan::bench(sample_count = 50, sample_size = 100)]
fn one_request(bencher: Bencher) {
    let handler = QuoteHandler::new();
    let request = quote(42);
    // The response is dropped inside the measured call, so a handler that keeps nothing
    // shows as many frees as allocations.
    bencher.bench_local(|| handler.handle(black_box(&request)).status);
}

#[divan::bench(args = [1_000, 10_000], sample_count = 5, sample_size = 1)]
fn fresh_handler(bencher: Bencher, requests: u64) {
    let traffic: Vec<Request> = (0..requests).map(quote).collect();
    bencher.bench_local(|| {
        let handler = QuoteHandler::new();
        for request in &traffic {
            black_box(handler.handle(request));
        }
        black_box(&handler);
    });
}
