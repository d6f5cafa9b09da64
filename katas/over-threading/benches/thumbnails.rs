//! `cargo bench -p over-threading`: time to render an album's previews with `thumbnails`
//! (the parallel map), against `one_thread`, the same work done in a plain loop on one
//! thread: the baseline any parallel version has to beat. Run it before and after your
//! fix. Never part of the grade: time depends on the machine and its load, the checks
//! count threads instead.

use divan::{Bencher, black_box};
use over_threading::{Photo, thumbnail, thumbnails};

fn main() {
    divan::main();
}

/// An album of `n` photos of 96×64 pixels.
fn album(n: u64) -> Vec<Photo> {
    (0..n)
        .map(|id| Photo {
            id,
            width: 96,
            height: 64,
            pixels: (0..96 * 64u64)
                .map(|i| ((i * 7 + id * 13) % 251) as u8)
                .collect(),
        })
        .collect()
}

#[divan::bench(args = [100, 2_000])]
fn one_thread(bencher: Bencher, n: u64) {
    let album = album(n);
    bencher.bench_local(|| black_box(&album).iter().map(thumbnail).collect::<Vec<_>>());
}

#[divan::bench(args = [100, 2_000])]
fn parallel(bencher: Bencher, n: u64) {
    let album = album(n);
    bencher.bench_local(|| thumbnails(black_box(&album)));
}
