//! The grader's checks for `over-threading`. Protected: fix `src/`, not these.
//!
//! Threads are counted from inside the work: the checks hand `par_map` a closure that
//! records which OS thread runs each item (`std::thread::current().id()`; a thread's id is
//! never reused) and how many items run at once. Whatever API the code spawns its threads
//! with, the items it runs are seen, and the count of distinct threads that ran them does
//! not depend on timing: a thread per item is `n` threads on every run. The machine's size
//! is `std::thread::available_parallelism`, read here as the code under test reads it.

mod probe;

use std::sync::atomic::{AtomicU32, Ordering};

use kata_toolkit::figure::{Figure, check};
use kata_toolkit::fixtures::proptest_config;
use over_threading::{Photo, SIDE, Thumbnail, par_map, thumbnail, thumbnails};
use probe::*;
use proptest::prelude::*;
use rstest::rstest;

mod bounded_threads {
    use super::*;

    #[test]
    fn threads_do_not_grow_with_the_batch() {
        let _attest = kata_attest::attest();
        let cores = cores();
        let n = 4 * cores + 183;
        let probe = watch(n);
        let bar = cores + 2;
        check(
            Figure::at_most(
                &format!("threads that ran {n} items ({cores} cores)"),
                probe.threads() as f64,
                bar as f64,
                "",
            ),
            &format!(
                "{} threads ran {n} items on a machine with {cores} cores: a batch's threads must not grow with the batch",
                probe.threads()
            ),
        );
    }

    #[test]
    fn a_small_batch_stays_small_too() {
        let _attest = kata_attest::attest();
        let cores = cores();
        let n = cores + 9;
        let probe = watch(n);
        assert!(
            probe.threads() <= cores + 2,
            "{} threads ran {n} items on a machine with {cores} cores",
            probe.threads()
        );
    }
}

mod uses_the_cores {
    use super::*;

    #[test]
    fn every_core_works_at_the_start() {
        let _attest = kata_attest::attest();
        let cores = cores();
        // `cores × 4` items: however the code splits the batch, every core can have some.
        let n = cores * 4;
        let probe = run(n, Probe::new(n, cores, Vec::new()));
        check(
            Figure::at_least(
                &format!("items running at once ({n} items, {cores} cores)"),
                probe.peak() as f64,
                cores as f64,
                "",
            ),
            &format!(
                "at most {} of {n} items ever ran at the same time on a machine with {cores} cores: CPU work should keep every core busy",
                probe.peak()
            ),
        );
    }

    #[test]
    fn still_parallel_further_in() {
        let _attest = kata_attest::attest();
        let cores = cores();
        if cores == 1 {
            return;
        }
        let n = cores * 40;
        // Checkpoints spread from an eighth to three eighths of the way in. However the
        // code splits the batch into a share per core, other threads still have items to
        // start there, and each checkpoint waits for one of them to start one. A few
        // threads that run one item each cannot pass them all: each start lets at most
        // one waiting checkpoint through, and there are more checkpoints than twice the
        // threads the bar allows besides the caller's.
        let count = 2 * cores + 3;
        let checkpoints: Vec<usize> = (0..count).map(|k| n / 8 + k * (n / 4) / count).collect();
        let probe = run(n, Probe::new(n, 1, checkpoints));
        assert!(
            probe.checkpoints_met() == count,
            "{n} items on {cores} cores: {} of {count} checkpoints between an eighth and three eighths of the way in saw another thread start an item (each waits up to {RENDEZVOUS:?}): the batch was no longer running in parallel",
            probe.checkpoints_met()
        );
    }

    #[test]
    fn one_item_runs() {
        let _attest = kata_attest::attest();
        let probe = watch(1);
        assert_eq!(probe.threads(), 1);
    }
}

mod same_results {
    use super::*;

    #[test]
    fn results_come_back_in_order() {
        let _attest = kata_attest::attest();
        proptest!(proptest_config(64), |(items in prop::collection::vec(any::<u32>(), 0..120))| {
            let calls: Vec<AtomicU32> = items.iter().map(|_| AtomicU32::new(0)).collect();
            let got = par_map(&items, |x| {
                let at = items.iter().position(|y| std::ptr::eq(x, y)).expect("an item of the batch");
                calls[at].fetch_add(1, Ordering::SeqCst);
                format!("{x}:{}", u64::from(*x) * 3)
            });
            let want: Vec<String> = items.iter().map(|x| format!("{x}:{}", u64::from(*x) * 3)).collect();
            prop_assert_eq!(got, want);
            prop_assert!(calls.iter().all(|c| c.load(Ordering::SeqCst) == 1), "every item runs exactly once");
        });
    }

    #[test]
    fn an_empty_batch_is_empty() {
        let _attest = kata_attest::attest();
        let none: Vec<u8> = Vec::new();
        let got: Vec<u8> = par_map(&none, |_| panic!("no item to run"));
        assert!(got.is_empty());
    }

    fn photo(id: u64, width: usize, height: usize, pixel: impl Fn(usize, usize) -> u8) -> Photo {
        Photo {
            id,
            width,
            height,
            pixels: (0..height)
                .flat_map(|y| (0..width).map(move |x| (x, y)))
                .map(|(x, y)| pixel(x, y))
                .collect(),
        }
    }

    #[rstest]
    #[case::flat(photo(1, 64, 48, |_, _| 77), [77; SIDE * SIDE])]
    #[case::columns(photo(2, 16, 8, |x, _| (x / 2 * 30) as u8), std::array::from_fn(|i| (i % SIDE * 30) as u8))]
    #[case::tiny(photo(3, 2, 2, |x, y| (x + 2 * y) as u8 * 10), std::array::from_fn(|i| (i % SIDE / 4 * 10 + i / SIDE / 4 * 20) as u8))]
    #[case::empty(photo(4, 0, 0, |_, _| 0), [0; SIDE * SIDE])]
    fn thumbnails_are_block_means(#[case] photo: Photo, #[case] pixels: [u8; SIDE * SIDE]) {
        let _attest = kata_attest::attest();
        assert_eq!(
            thumbnail(&photo),
            Thumbnail {
                id: photo.id,
                pixels
            }
        );
    }

    #[test]
    fn an_album_keeps_its_order() {
        let _attest = kata_attest::attest();
        let album: Vec<Photo> = (0..37)
            .map(|id| {
                photo(id, 40, 30, move |x, y| {
                    ((x * 3 + y * 5 + id as usize) % 256) as u8
                })
            })
            .collect();
        let want: Vec<Thumbnail> = album.iter().map(thumbnail).collect();
        assert_eq!(thumbnails(&album), want);
    }
}
