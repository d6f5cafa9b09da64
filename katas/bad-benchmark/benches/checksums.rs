//! `cargo bench -p bad-benchmark`: what `time_it` is trying to be, done by divan.
//!
//! divan already does what the checks ask of `time_it`: it builds inputs outside the
//! timed region (`with_inputs`), runs many calls per sample and many samples, reports the
//! median (and the fastest and slowest), and hands each result to `black_box` so the
//! optimiser cannot delete the work. The first row times the input alone, so you can see
//! what a helper that times its setup adds. Never part of the grade.

use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

/// The buffer a checksum runs over: 24,001 pseudo-random numbers, built fresh for each
/// call (about as costly as the slower checksum).
fn frame() -> Vec<u64> {
    let mut x = 0x853C_49E6_748F_EA9B_u64;
    (0..24_001)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            x ^ (x >> 29)
        })
        .collect()
}

/// The checksum the service uses today: one number at a time.
fn checksum_v1(data: &[u64]) -> u64 {
    data.iter().fold(0x243F_6A88_85A3_08D3, |acc, &x| {
        (acc.rotate_left(5) ^ x).wrapping_mul(0x100_0000_01B3)
    })
}

/// The candidate: four independent lanes, combined at the end.
fn checksum_v2(data: &[u64]) -> u64 {
    let mut lanes = [0x243F_6A88_85A3_08D3_u64; 4];
    let mut chunks = data.chunks_exact(4);
    for chunk in &mut chunks {
        for (lane, &x) in lanes.iter_mut().zip(chunk) {
            *lane = (lane.rotate_left(5) ^ x).wrapping_mul(0x100_0000_01B3);
        }
    }
    let tail = chunks.remainder().iter().fold(0, |acc: u64, &x| acc ^ x);
    lanes.iter().fold(tail, |acc, &l| acc.rotate_left(17) ^ l)
}

/// Baseline: what building the input costs on its own.
#[divan::bench]
fn input_alone(bencher: Bencher) {
    bencher.bench_local(frame);
}

#[divan::bench]
fn v1(bencher: Bencher) {
    bencher
        .with_inputs(frame)
        .bench_local_refs(|data| checksum_v1(black_box(data)));
}

#[divan::bench]
fn v2(bencher: Bencher) {
    bencher
        .with_inputs(frame)
        .bench_local_refs(|data| checksum_v2(black_box(data)));
}

/// Both with the input built inside the timed region, as a naive stopwatch does: the
/// difference between them shrinks, because most of what is timed is the input.
#[divan::bench]
fn v1_setup_timed(bencher: Bencher) {
    bencher.bench_local(|| checksum_v1(&frame()));
}

#[divan::bench]
fn v2_setup_timed(bencher: Bencher) {
    bencher.bench_local(|| checksum_v2(&frame()));
}
