//! The counting allocator separates slurping from streaming, and allocating per item from
//! reusing a buffer, with the same counts on every repeat.

use std::io::{BufRead, BufReader, Read};

use kata_toolkit::alloc::{AllocStats, measure, measure_process};
use kata_toolkit::fixtures::csv::orders_csv_reader;

use crate::same_twenty_times;

/// Flawed: the whole file in a String, then every field in its own String.
fn total_slurping(mut input: impl Read) -> u64 {
    let mut text = String::new();
    input.read_to_string(&mut text).unwrap();
    let rows: Vec<Vec<String>> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    rows.iter().map(|r| r[3].parse::<u64>().unwrap()).sum()
}

/// Fixed: one reused line buffer.
fn total_streaming(input: impl Read) -> u64 {
    let mut reader = BufReader::with_capacity(8 * 1024, input);
    let mut line = String::with_capacity(128);
    let mut total = 0;
    reader.read_line(&mut line).unwrap(); // header
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap() == 0 {
            return total;
        }
        total += line
            .split(',')
            .nth(3)
            .unwrap()
            .trim()
            .parse::<u64>()
            .unwrap();
    }
}

fn peak(rows: u64, f: fn(Box<dyn Read>) -> u64) -> (u64, AllocStats) {
    // The reader is built inside the measurement, so its own small buffers count too.
    measure(|| f(Box::new(orders_csv_reader(rows, 1))))
}

#[test]
fn separates_slurping_from_streaming() {
    let (slurped_total, slurped) = peak(200_000, total_slurping);
    let (streamed_total, streamed) = peak(200_000, total_streaming);
    assert_eq!(slurped_total, streamed_total);
    assert!(
        slurped.peak_live > 10 << 20,
        "slurping 200k rows: {slurped}"
    );
    assert!(
        streamed.peak_live < 64 << 10,
        "streaming 200k rows: {streamed}"
    );
}

#[test]
fn streaming_peak_is_flat_from_10k_to_1m_rows() {
    let (_, small) = peak(10_000, total_streaming);
    let (_, large) = peak(1_000_000, total_streaming);
    assert_eq!(
        small.peak_live, large.peak_live,
        "10k: {small}; 1M: {large}"
    );
}

#[test]
fn counts_are_identical_on_repeat() {
    same_twenty_times(|| peak(20_000, total_slurping).1);
    same_twenty_times(|| peak(20_000, total_streaming).1);
}

#[test]
fn separates_allocating_per_item_from_reusing_a_buffer() {
    let items: Vec<u32> = (0..10_000).collect();
    let (_, per_item) = measure(|| {
        items
            .iter()
            .map(|i| format!("item-{i}").len())
            .sum::<usize>()
    });
    let mut buffer = String::with_capacity(32);
    let (_, reused) = measure(|| {
        items
            .iter()
            .map(|i| {
                use std::fmt::Write;
                buffer.clear();
                write!(buffer, "item-{i}").unwrap();
                buffer.len()
            })
            .sum::<usize>()
    });
    assert!(per_item.count >= 10_000, "{per_item}");
    assert_eq!(reused.count, 0, "{reused}");
}

#[test]
fn thread_mode_ignores_other_threads_and_process_mode_sees_them() {
    let work = || {
        std::thread::spawn(|| drop(std::hint::black_box(vec![0u8; 1 << 20])))
            .join()
            .unwrap()
    };
    let ((), here) = measure(work);
    let ((), everywhere) = measure_process(work);
    assert!(
        here.bytes < 1 << 20,
        "the spawned thread's MiB is not this thread's: {here}"
    );
    // Requested bytes only grow; the live peak can read low when other tests free memory
    // meanwhile, so process-mode checks should gate on counts and bytes requested.
    assert!(everywhere.bytes >= 1 << 20, "{everywhere}");
}

#[test]
fn nested_measurements_keep_the_outer_peak() {
    let ((), outer) = measure(|| {
        drop(std::hint::black_box(vec![0u8; 100_000]));
        let ((), inner) = measure(|| drop(std::hint::black_box(vec![0u8; 10]))); // smaller
        assert_eq!(inner.peak_live, 10);
    });
    assert!(outer.peak_live >= 100_000, "{outer}");
}
