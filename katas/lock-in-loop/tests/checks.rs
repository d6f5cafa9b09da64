//! The grader's checks for `lock-in-loop`. Protected: fix `src/`, not these.
//!
//! The shared totals are a `kata_toolkit::counters::CountingMutex`, which counts every time
//! it is locked. That count depends only on the code, not on how busy the machine is or
//! how the threads happen to interleave, so the verdict is the same on every run. Counts
//! are checked against the routes the test data was built from.

use std::any::TypeId;
use std::collections::HashMap;

use kata_toolkit::counters::CountingMutex;
use kata_toolkit::figure::{Figure, Series, check, report_series};
use kata_toolkit::fixtures::{DEFAULT_SEED, Seeded, proptest_config};
use lock_in_loop::{MALFORMED, RouteTotals, route_of, tally};
use proptest::prelude::*;
use rstest::rstest;

/// The routes the test traffic hits, as `(method, path)`.
const ROUTES: [(&str, &str); 20] = [
    ("GET", "/"),
    ("GET", "/health"),
    ("GET", "/api/products"),
    ("GET", "/api/products/search"),
    ("GET", "/api/cart"),
    ("POST", "/api/cart"),
    ("DELETE", "/api/cart/items"),
    ("POST", "/api/checkout"),
    ("GET", "/api/orders"),
    ("GET", "/api/orders/recent"),
    ("POST", "/api/login"),
    ("POST", "/api/logout"),
    ("GET", "/api/profile"),
    ("PUT", "/api/profile"),
    ("POST", "/api/payments"),
    ("GET", "/api/recommendations"),
    ("GET", "/static/app.js"),
    ("GET", "/static/app.css"),
    ("GET", "/favicon.ico"),
    ("GET", "/robots.txt"),
];

const STATUSES: [u16; 6] = [200, 200, 201, 304, 404, 500];

/// One log line and the route it must be counted under.
type Entry = (String, String);

fn well_formed(ip: u8, route: usize, page: Option<u32>, status: usize, bytes: u32) -> Entry {
    let (method, path) = ROUTES[route];
    let query = page.map(|p| format!("?page={p}")).unwrap_or_default();
    let line = format!(
        "203.0.113.{ip} - - [12/Mar/2025:06:25:{:02} +0000] \"{method} {path}{query} HTTP/1.1\" {} {bytes}",
        bytes % 60,
        STATUSES[status]
    );
    (format!("{method} {path}"), line)
}

fn malformed(ip: u8, kind: usize) -> Entry {
    let line = match kind % 3 {
        // A probe that sent no request line.
        0 => format!("203.0.113.{ip} - - [12/Mar/2025:06:25:00 +0000] \"-\" 400 0"),
        // Cut off mid-line.
        1 => format!("203.0.113.{ip} - - [12/Mar/2025:06:25:00 +0000] \"GET /api/ord"),
        // Not an access-log line at all.
        _ => "\u{16}\u{3}\u{1} TLS on the plain port".to_owned(),
    };
    (MALFORMED.to_owned(), line)
}

/// Entry `i` of a deterministic batch: every route, some queries, one line in 97 malformed.
fn nth_entry(i: usize) -> Entry {
    if i.is_multiple_of(97) {
        return malformed((i % 250) as u8, i);
    }
    let page = i.is_multiple_of(3).then_some((i % 40) as u32 + 1);
    well_formed(
        (i % 250) as u8,
        (i * 7_919) % ROUTES.len(),
        page,
        i % STATUSES.len(),
        (i * 31) as u32 % 50_000,
    )
}

fn batch(n: usize) -> Vec<String> {
    (0..n).map(|i| nth_entry(i).1).collect()
}

/// A random entry, one in twenty malformed.
fn entry() -> impl Strategy<Value = Entry> {
    (
        0u32..20,
        any::<u8>(),
        0..ROUTES.len(),
        prop::option::of(1u32..40),
        0..STATUSES.len(),
        0u32..100_000,
    )
        .prop_map(|(dice, ip, route, page, status, bytes)| {
            if dice == 0 {
                malformed(ip, bytes as usize)
            } else {
                well_formed(ip, route, page, status, bytes)
            }
        })
}

/// The counts a sequential pass would produce, from the routes the lines were built from.
fn expected(entries: &[Entry]) -> HashMap<String, u64> {
    let mut counts = HashMap::new();
    for (route, _) in entries {
        *counts.entry(route.clone()).or_insert(0) += 1;
    }
    counts
}

fn lines(entries: &[Entry]) -> Vec<String> {
    entries.iter().map(|(_, line)| line.clone()).collect()
}

fn totals_with(counts: &[(&str, u64)]) -> RouteTotals {
    RouteTotals::new(counts.iter().map(|&(r, n)| (r.to_owned(), n)).collect())
}

/// Locks taken on the totals while `tally` counts `lines` on `workers` threads.
fn locks_for(lines: &[String], workers: usize) -> u64 {
    assert!(
        TypeId::of::<RouteTotals>() == TypeId::of::<CountingMutex<HashMap<String, u64>>>(),
        "`RouteTotals` must stay `kata_toolkit::counters::CountingMutex<HashMap<String, u64>>`: its lock count is what this check reads"
    );
    // Totals that already hold a count, written under a lock of their own: the lock count
    // starts above zero, and a batch can only add to it.
    let totals = RouteTotals::default();
    totals.lock().insert("GET /health".to_owned(), 1);
    let before = totals.acquisitions();
    tally(lines, workers, &totals);
    let after = totals.acquisitions();
    assert!(
        after >= before,
        "the shared totals' lock count went from {before} down to {after} during the batch: it must count every lock, not be reset"
    );
    after - before
}

mod one_lock_per_worker {
    use super::*;

    #[test]
    fn a_batch_on_four_workers_locks_the_totals_at_most_four_times() {
        let _attest = kata_attest::attest();
        // The batch grows to 100,000 lines; the figure is the last, the curve all four.
        let points: Vec<(f64, f64)> = [12_500, 25_000, 50_000, 100_000]
            .into_iter()
            .map(|n| (n as f64, locks_for(&batch(n), 4) as f64))
            .collect();
        let locks = points.last().map_or(0, |&(_, locks)| locks as u64);
        report_series(Series {
            name: "lock acquisitions against lines, 4 workers".into(),
            x: "lines".into(),
            y: "lock acquisitions".into(),
            log_log: false,
            points,
            bar: Some(4.0),
        });
        check(
            Figure::at_most(
                "lock acquisitions for 100,000 lines on 4 workers",
                locks as f64,
                4.0,
                "",
            ),
            &format!(
                "the shared totals were locked {locks} times for one batch; each lock is a point where the workers, and the dashboard, queue for each other"
            ),
        );
    }

    #[rstest]
    #[case::one_worker(1, 20_000)]
    #[case::two_workers(2, 20_000)]
    #[case::eight_workers(8, 20_000)]
    #[case::a_small_batch(3, 10)]
    fn locks_do_not_grow_with_the_batch(#[case] workers: usize, #[case] n: usize) {
        let _attest = kata_attest::attest();
        let locks = locks_for(&batch(n), workers);
        assert!(
            locks <= workers as u64,
            "{n} lines on {workers} worker(s) locked the shared totals {locks} times, more than once per worker"
        );
    }
}

mod same_counts {
    use super::*;

    #[test]
    fn agrees_with_a_sequential_count() {
        let _attest = kata_attest::attest();
        proptest!(proptest_config(128), |(entries in prop::collection::vec(entry(), 0..400), workers in 0usize..10)| {
            let totals = RouteTotals::default();
            tally(&lines(&entries), workers, &totals);
            prop_assert_eq!(&*totals.lock(), &expected(&entries));
        });
    }

    #[rstest]
    fn a_large_seeded_batch_counts_the_same_on_any_number_of_workers(
        #[values(1, 2, 3, 4, 7, 16)] workers: usize,
    ) {
        let _attest = kata_attest::attest();
        let entries = Seeded::new(DEFAULT_SEED).value(prop::collection::vec(entry(), 20_000));
        let totals = RouteTotals::default();
        tally(&lines(&entries), workers, &totals);
        assert!(
            *totals.lock() == expected(&entries),
            "20,000 lines on {workers} workers: the counts differ from a sequential count"
        );
    }

    #[test]
    fn adds_to_what_the_totals_already_hold() {
        let _attest = kata_attest::attest();
        let totals = totals_with(&[("GET /api/orders", 5), ("GET /old/route", 2)]);
        let entries: Vec<Entry> = (0..1_000).map(nth_entry).collect();
        tally(&lines(&entries), 4, &totals);
        let mut want = expected(&entries);
        *want.entry("GET /api/orders".to_owned()).or_insert(0) += 5;
        want.insert("GET /old/route".to_owned(), 2);
        assert!(
            *totals.lock() == want,
            "the totals before the batch were not kept and added to"
        );
    }

    #[test]
    fn batches_accumulate() {
        let _attest = kata_attest::attest();
        let totals = RouteTotals::default();
        let first: Vec<Entry> = (0..500).map(nth_entry).collect();
        let second: Vec<Entry> = (500..1_700).map(nth_entry).collect();
        tally(&lines(&first), 3, &totals);
        tally(&lines(&second), 5, &totals);
        let all: Vec<Entry> = first.into_iter().chain(second).collect();
        assert!(
            *totals.lock() == expected(&all),
            "two batches in a row: the totals are not the sum of both"
        );
    }

    #[rstest]
    #[case::no_lines(0, 4)]
    #[case::more_workers_than_lines(3, 8)]
    #[case::zero_workers_counts_as_one(50, 0)]
    fn edge_cases(#[case] n: usize, #[case] workers: usize) {
        let _attest = kata_attest::attest();
        let totals = totals_with(&[("GET /health", 7)]);
        let entries: Vec<Entry> = (0..n).map(nth_entry).collect();
        tally(&lines(&entries), workers, &totals);
        let mut want = expected(&entries);
        *want.entry("GET /health".to_owned()).or_insert(0) += 7;
        assert_eq!(*totals.lock(), want);
    }

    #[rstest]
    #[case::with_a_query(
        r#"198.51.100.4 - - [12/Mar/2025:06:25:24 +0000] "GET /api/orders?page=2 HTTP/1.1" 200 512"#,
        Some("GET /api/orders")
    )]
    #[case::without_a_query(
        r#"198.51.100.4 - - [12/Mar/2025:06:25:24 +0000] "POST /api/checkout HTTP/2.0" 201 88"#,
        Some("POST /api/checkout")
    )]
    #[case::the_root(
        r#"198.51.100.4 - - [12/Mar/2025:06:25:24 +0000] "GET / HTTP/1.1" 200 9"#,
        Some("GET /")
    )]
    #[case::no_request(r#"198.51.100.4 - - [12/Mar/2025:06:25:24 +0000] "-" 400 0"#, None)]
    #[case::cut_off(r#"198.51.100.4 - - [12/Mar/2025:06:25:24 +0000] "GET /api/ord"#, None)]
    #[case::not_a_log_line("hello", None)]
    fn reads_the_route_of_a_line(#[case] line: &str, #[case] route: Option<&str>) {
        let _attest = kata_attest::attest();
        assert_eq!(route_of(line), route);
    }
}
