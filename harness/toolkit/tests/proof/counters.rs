//! Counters separate locking per item from one merge, and a thread per item from a pool.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use kata_toolkit::counters::{CountingMutex, Gauge};

use crate::same_twenty_times;

fn words() -> Vec<String> {
    (0..5_000).map(|i| format!("w{}", i % 97)).collect()
}

fn lock_per_item(words: &[String]) -> (u64, usize) {
    let totals = CountingMutex::new(HashMap::<String, usize>::new());
    std::thread::scope(|s| {
        for chunk in words.chunks(words.len() / 4) {
            let totals = &totals;
            s.spawn(move || {
                chunk
                    .iter()
                    .for_each(|w| *totals.lock().entry(w.clone()).or_default() += 1)
            });
        }
    });
    let distinct = totals.lock().len();
    (totals.acquisitions() - 1, distinct)
}

fn merge_once(words: &[String]) -> (u64, usize) {
    let totals = CountingMutex::new(HashMap::<String, usize>::new());
    std::thread::scope(|s| {
        for chunk in words.chunks(words.len() / 4) {
            let totals = &totals;
            s.spawn(move || {
                let mut local = HashMap::<&str, usize>::new();
                chunk.iter().for_each(|w| *local.entry(w).or_default() += 1);
                let mut shared = totals.lock();
                for (w, n) in local {
                    *shared.entry(w.to_owned()).or_default() += n;
                }
            });
        }
    });
    let distinct = totals.lock().len();
    (totals.acquisitions() - 1, distinct)
}

#[test]
fn separates_locking_per_item_from_merging_once() {
    let words = words();
    let flawed = same_twenty_times(|| lock_per_item(&words));
    let fixed = same_twenty_times(|| merge_once(&words));
    assert_eq!(
        (flawed.0, fixed.0),
        (5_000, 4),
        "lock acquisitions: per item, then one per thread"
    );
    assert_eq!(flawed.1, fixed.1);
}

fn peak_threads(pool: Option<usize>) -> i64 {
    let gauge = Gauge::new();
    let entered = AtomicUsize::new(0);
    // Each job waits until as many jobs have entered as can be alive at once (64 with a
    // thread each, the pool's size with a pool), so the peak is exact, not a race.
    let at_once = pool.unwrap_or(64);
    let job = |_: usize| {
        let _alive = gauge.enter();
        entered.fetch_add(1, Ordering::SeqCst);
        while entered.load(Ordering::SeqCst) < at_once {
            std::thread::yield_now();
        }
    };
    std::thread::scope(|s| match pool {
        None => (0..64).for_each(|i| drop(s.spawn(move || job(i)))),
        Some(size) => {
            (0..size).for_each(|w| drop(s.spawn(move || (w..64).step_by(size).for_each(job))))
        }
    });
    assert_eq!(entered.load(Ordering::SeqCst), 64);
    gauge.peak()
}

#[test]
fn separates_a_thread_per_item_from_a_bounded_pool() {
    assert_eq!(same_twenty_times(|| peak_threads(Some(4))), 4);
    assert_eq!(same_twenty_times(|| peak_threads(None)), 64);
}
