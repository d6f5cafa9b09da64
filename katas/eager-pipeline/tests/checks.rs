//! The grader's checks for `eager-pipeline`. Protected: fix `src/`, not these.
//!
//! Memory is measured with a counting global allocator over every thread of the process
//! (work handed to another thread still counts), with the tests taking turns so that no
//! other test allocates meanwhile: the most heap bytes live at once during one report
//! ("peak heap"). The same on every run and every machine. The access log is generated line
//! by line as the report asks for it, and, like a file read line by line, does not say how
//! long it is; so the only large memory in a run is whatever the report itself keeps.

use eager_pipeline::{EndpointStats, SlowReport, slow_requests};

use kata_toolkit::alloc::{CountingAlloc, human_bytes, measure_process};
use kata_toolkit::alone::take_turn;
use kata_toolkit::figure::{Figure, check};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// Requests at or above this many milliseconds are slow: about one in five.
const THRESHOLD_MS: u64 = 800;
/// The bar for peak heap during a report, whatever the number of lines.
const MAX_PEAK: u64 = 16 * 1024;

const ENDPOINTS: [&str; 12] = [
    "/api/orders",
    "/api/orders/{id}",
    "/api/cart",
    "/api/cart/items",
    "/api/search",
    "/api/users/{id}",
    "/api/login",
    "/api/logout",
    "/api/payments",
    "/api/stock",
    "/api/health",
    "/api/recommendations",
];

/// Line `i` of the log: its endpoint and latency, or `None` for a malformed line.
fn line(i: u64) -> Option<(&'static str, u64)> {
    if i % 97 == 13 {
        return None;
    }
    let endpoint = ENDPOINTS[((i * 7) % 12) as usize];
    // Search and recommendations are the slow ones; everything has a tail.
    let base = match endpoint {
        "/api/search" => 400,
        "/api/recommendations" => 300,
        _ => 0,
    };
    Some((endpoint, base + (i * 7919) % 1000))
}

/// The log as text, one `String` per line, made only when the report asks for it.
fn access_log(n: u64) -> impl Iterator<Item = String> {
    (0..n).map(|i| match line(i) {
        Some((path, ms)) => format!(
            "2026-11-21T{:02}:{:02}:{:02}Z {} {path} {} {ms}ms",
            (i / 3600) % 24,
            (i / 60) % 60,
            i % 60,
            ["GET", "POST", "PUT"][(i % 3) as usize],
            [200, 200, 200, 404, 500][(i % 5) as usize],
        ),
        None => format!("{i} connection reset by peer"),
    })
}

/// The report computed from the generator's own numbers, without any parsing.
fn model(n: u64) -> SlowReport {
    let mut report = SlowReport {
        lines: n,
        ..SlowReport::default()
    };
    let mut stats: Vec<EndpointStats> = Vec::new();
    for i in 0..n {
        match line(i) {
            None => report.malformed += 1,
            Some((path, ms)) if ms >= THRESHOLD_MS => {
                report.slow += 1;
                match stats.iter_mut().find(|s| s.path == path) {
                    Some(s) => {
                        s.slow += 1;
                        s.worst_ms = s.worst_ms.max(ms);
                    }
                    None => stats.push(EndpointStats {
                        path: path.to_owned(),
                        slow: 1,
                        worst_ms: ms,
                    }),
                }
            }
            Some(_) => {}
        }
    }
    stats.sort_by(|a, b| b.slow.cmp(&a.slow).then_with(|| a.path.cmp(&b.path)));
    report.endpoints = stats;
    report
}

/// The log as a file read line by line gives it: no length known in advance.
fn unknown_length(n: u64) -> impl Iterator<Item = String> {
    let mut lines = access_log(n);
    std::iter::from_fn(move || lines.next())
}

/// Peak heap while reporting on `n` lines.
fn peak(n: u64) -> u64 {
    let (report, stats) = measure_process(|| slow_requests(unknown_length(n), THRESHOLD_MS));
    assert_eq!(report.lines, n, "every line is read");
    stats.peak_live
}

mod flat_memory {
    use super::*;

    /// The same small bound at 10 thousand and at 1 million lines.
    #[test]
    fn flat_memory() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let small = peak(10_000);
        let large = peak(1_000_000);
        check(
            Figure::at_most(
                "peak heap during a report on 1,000,000 lines",
                large as f64,
                MAX_PEAK as f64,
                "bytes",
            ),
            &format!(
                "peak heap {} at 1M lines and {} at 10k, bar {}: memory grows with the log, so every line is being kept somewhere",
                human_bytes(large),
                human_bytes(small),
                human_bytes(MAX_PEAK)
            ),
        );
        assert!(
            small <= MAX_PEAK,
            "peak heap at 10k lines {}, bar {}",
            human_bytes(small),
            human_bytes(MAX_PEAK)
        );
    }
}

mod same_report {
    use super::*;

    /// The report is what the generated numbers say, on a short and a longer log.
    #[test]
    fn same_report() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        for n in [0, 1, 500, 100_000] {
            assert_eq!(
                slow_requests(access_log(n), THRESHOLD_MS),
                model(n),
                "{n} lines"
            );
        }
        let report = model(100_000);
        assert!(report.malformed > 0 && report.slow > 10_000, "{report:?}");
        assert_eq!(
            report.endpoints[0].path, "/api/search",
            "the slowest endpoint leads"
        );
    }

    /// Lines with too few or too many fields, a bad status or latency are malformed.
    #[test]
    fn malformed_lines() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let lines = [
            "2026-11-21T10:00:00Z GET /api/search 200 900ms",
            "2026-11-21T10:00:00Z GET /api/search 200 900",
            "2026-11-21T10:00:00Z GET /api/search OK 900ms",
            "2026-11-21T10:00:00Z GET /api/search 200 900ms extra",
            "GET /api/search 200 900ms",
            "",
        ];
        let report = slow_requests(lines, THRESHOLD_MS);
        assert_eq!((report.lines, report.malformed, report.slow), (6, 5, 1));
        // Borrowed lines work as well as owned ones.
        let owned: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(slow_requests(&owned, THRESHOLD_MS), report);
    }
}
