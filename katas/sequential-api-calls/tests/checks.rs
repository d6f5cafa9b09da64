//! The grader's checks for `sequential-api-calls`. Protected: fix `src/`, not these.
//!
//! The supplier here is a fake whose every call waits 500 ms on tokio's clock. Each check
//! runs on a paused clock (`kata_toolkit::paused::run_paused`): time moves only when every
//! task is waiting, so four calls in a row take exactly 2,000 virtual ms and four at once
//! take 500, in microseconds of real time and the same on every run. The fake counts the
//! connections built and the calls in flight at once.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use kata_toolkit::counters::{Counter, Gauge};
use kata_toolkit::figure::{Figure, check};
use kata_toolkit::paused::run_paused;
use rstest::rstest;
use sequential_api_calls::{
    CallError, Config, Quote, QuoteError, QuoteFetcher, RetryPolicy, SupplierApi,
};

/// How long the fake supplier takes to answer one call.
const LATENCY: Duration = Duration::from_millis(500);

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

/// What the fake supplier saw during one test. Leaked, so that connections (which the
/// code under test may move into spawned tasks) can hold it for `'static`.
struct Supplier {
    connections: Counter,
    in_flight: Gauge,
    attempts: Mutex<HashMap<u64, u32>>,
    /// Whether attempt `n` (from 1) for a sku fails, and how.
    fails: fn(u64, u32) -> Option<CallError>,
    /// How long a call for a sku takes.
    latency: fn(u64) -> Duration,
}

impl Supplier {
    fn new(
        fails: fn(u64, u32) -> Option<CallError>,
        latency: fn(u64) -> Duration,
    ) -> &'static Supplier {
        Box::leak(Box::new(Supplier {
            connections: Counter::new(),
            in_flight: Gauge::new(),
            attempts: Mutex::new(HashMap::new()),
            fails,
            latency,
        }))
    }

    fn reliable() -> &'static Supplier {
        Supplier::new(|_, _| None, |_| LATENCY)
    }

    fn failing(fails: fn(u64, u32) -> Option<CallError>) -> &'static Supplier {
        Supplier::new(fails, |_| LATENCY)
    }

    fn attempts(&self, sku: u64) -> u32 {
        self.attempts
            .lock()
            .unwrap()
            .get(&sku)
            .copied()
            .unwrap_or(0)
    }

    /// How the code under test connects: each call builds a new connection, counted.
    fn connect(&'static self) -> impl Fn() -> Connection {
        move || {
            self.connections.incr();
            Connection { supplier: self }
        }
    }
}

/// One connection to the fake supplier.
struct Connection {
    supplier: &'static Supplier,
}

impl SupplierApi for Connection {
    async fn quote(&self, sku: u64) -> Result<Quote, CallError> {
        let attempt = {
            let mut attempts = self.supplier.attempts.lock().unwrap();
            let n = attempts.entry(sku).or_insert(0);
            *n += 1;
            *n
        };
        let _call = self.supplier.in_flight.enter();
        tokio::time::sleep((self.supplier.latency)(sku)).await;
        match (self.supplier.fails)(sku, attempt) {
            Some(error) => Err(error),
            None => Ok(price(sku)),
        }
    }
}

fn price(sku: u64) -> Quote {
    Quote {
        sku,
        price_cents: 1_000 + sku * 7,
    }
}

fn config(max_in_flight: usize) -> Config {
    Config {
        max_in_flight,
        retry: RetryPolicy::default(),
    }
}

fn skus(n: u64) -> Vec<u64> {
    (1..=n).collect()
}

/// Fetching concurrently means the calls overlap: with `n` quotes and a limit of `limit`,
/// `min(n, limit)` calls are in flight together at some point. A short time alone could
/// come from calls made one by one somewhere the paused clock does not see.
fn assert_overlap(supplier: &Supplier, n: u64, limit: usize) {
    let together = n.min(limit as u64) as i64;
    assert!(
        supplier.in_flight.peak() >= together,
        "{n} quotes, limit {limit}: at most {} call(s) were ever in flight at once, where a \
         concurrent fetch has {together} in flight together",
        supplier.in_flight.peak()
    );
}

mod concurrent {
    use super::*;

    #[test]
    fn four_quotes_take_about_one_call() {
        let _attest = kata_attest::attest();
        let supplier = Supplier::reliable();
        let fetcher = QuoteFetcher::new(supplier.connect(), config(4));
        let (result, elapsed) = run_paused(fetcher.quotes(&skus(4)));
        check(
            Figure::at_most("virtual time for 4 quotes", ms(elapsed), 550.0, " ms"),
            &format!(
                "4 quotes, 4 allowed in flight, took as long as {:.1} calls made one after another",
                ms(elapsed) / ms(LATENCY)
            ),
        );
        assert_eq!(result, Ok(skus(4).into_iter().map(price).collect()));
        assert_overlap(supplier, 4, 4);
    }
}

mod one_client {
    use super::*;

    #[test]
    fn four_quotes_use_one_connection() {
        let _attest = kata_attest::attest();
        let supplier = Supplier::reliable();
        let fetcher = QuoteFetcher::new(supplier.connect(), config(4));
        let (result, _) = run_paused(fetcher.quotes(&skus(4)));
        assert!(result.is_ok(), "got {result:?}");
        check(
            Figure::at_most(
                "connections built for 4 quotes",
                supplier.connections.get() as f64,
                1.0,
                "",
            ),
            "each call pays for a connection of its own",
        );
    }

    #[test]
    fn the_connection_outlives_one_basket() {
        let _attest = kata_attest::attest();
        let supplier = Supplier::reliable();
        let fetcher = QuoteFetcher::new(supplier.connect(), config(4));
        for basket in [vec![1, 2, 3], vec![4, 5], vec![6]] {
            let (result, _) = run_paused(fetcher.quotes(&basket));
            assert!(result.is_ok(), "basket {basket:?}: got {result:?}");
        }
        check(
            Figure::at_most(
                "connections built for 3 baskets",
                supplier.connections.get() as f64,
                1.0,
                "",
            ),
            "a fetcher connects again for later work",
        );
    }
}

mod bounded {
    use super::*;

    #[test]
    fn eight_quotes_take_two_rounds() {
        let _attest = kata_attest::attest();
        let supplier = Supplier::reliable();
        let fetcher = QuoteFetcher::new(supplier.connect(), config(4));
        let (result, elapsed) = run_paused(fetcher.quotes(&skus(8)));
        check(
            Figure::at_most(
                "virtual time for 8 quotes, 4 at a time",
                ms(elapsed),
                1_050.0,
                " ms",
            ),
            "eight quotes with four allowed in flight should take two calls' time",
        );
        assert_eq!(result, Ok(skus(8).into_iter().map(price).collect()));
        assert_overlap(supplier, 8, 4);
    }

    #[test]
    fn never_more_than_the_limit_in_flight() {
        let _attest = kata_attest::attest();
        let supplier = Supplier::reliable();
        let fetcher = QuoteFetcher::new(supplier.connect(), config(4));
        let (result, _) = run_paused(fetcher.quotes(&skus(8)));
        assert!(result.is_ok(), "got {result:?}");
        check(
            Figure::at_most(
                "most calls in flight at once (limit 4)",
                supplier.in_flight.peak() as f64,
                4.0,
                "",
            ),
            "the supplier allows 4 calls in flight per account",
        );
    }

    #[rstest]
    #[case::one_at_a_time(5, 1)]
    #[case::two_at_a_time(8, 2)]
    #[case::uneven_rounds(7, 3)]
    #[case::limit_above_the_basket(3, 8)]
    fn rounds_follow_the_limit(#[case] n: u64, #[case] limit: usize) {
        let _attest = kata_attest::attest();
        let supplier = Supplier::reliable();
        let fetcher = QuoteFetcher::new(supplier.connect(), config(limit));
        let (result, elapsed) = run_paused(fetcher.quotes(&skus(n)));
        assert_eq!(result, Ok(skus(n).into_iter().map(price).collect()));
        let rounds = n.div_ceil(limit as u64);
        let expected = LATENCY * rounds as u32;
        assert!(
            elapsed <= expected + Duration::from_millis(50),
            "{n} quotes, {limit} at a time, took {elapsed:?} of virtual time, more than {expected:?} ({rounds} × 500 ms)"
        );
        assert!(
            supplier.in_flight.peak() <= limit as i64,
            "{n} quotes, limit {limit}: {} calls were in flight at once",
            supplier.in_flight.peak()
        );
        assert_overlap(supplier, n, limit);
    }
}

mod retries {
    use super::*;

    #[test]
    fn a_transient_failure_is_retried_after_a_backoff() {
        let _attest = kata_attest::attest();
        // The first call for sku 3 finds the supplier unavailable; the second works.
        let supplier = Supplier::failing(|sku, attempt| {
            (sku == 3 && attempt == 1).then_some(CallError::Unavailable)
        });
        let fetcher = QuoteFetcher::new(supplier.connect(), config(4));
        let (result, elapsed) = run_paused(fetcher.quotes(&skus(4)));
        check(
            Figure::at_least(
                "calls for the quote that failed once",
                f64::from(supplier.attempts(3)),
                2.0,
                "",
            ),
            &format!("a transient failure was not tried again (result: {result:?})"),
        );
        assert_eq!(result, Ok(skus(4).into_iter().map(price).collect()));
        // 500 ms for the failed call, 100 ms of backoff, 500 ms for the retry.
        check(
            Figure::at_least(
                "virtual time for 4 quotes, one retried",
                ms(elapsed),
                1_100.0,
                " ms",
            ),
            "a failed call (500 ms), the first backoff (100 ms) and the retry (500 ms) take 1,100 ms: the backoff was not waited on tokio's clock",
        );
        assert!(
            elapsed <= Duration::from_millis(1_150),
            "took {elapsed:?} of virtual time, more than the 1,100 ms the retried quote needs"
        );
    }

    #[test]
    fn gives_up_after_the_last_attempt_with_growing_backoffs() {
        let _attest = kata_attest::attest();
        let supplier = Supplier::failing(|sku, _| (sku == 2).then_some(CallError::Unavailable));
        let fetcher = QuoteFetcher::new(
            supplier.connect(),
            Config {
                max_in_flight: 4,
                retry: RetryPolicy {
                    max_attempts: 4,
                    first_backoff: Duration::from_millis(100),
                },
            },
        );
        let (result, elapsed) = run_paused(fetcher.quotes(&skus(4)));
        check(
            Figure::at_least(
                "calls for a quote that always fails (4 allowed)",
                f64::from(supplier.attempts(2)),
                4.0,
                "",
            ),
            &format!("a transient failure was not tried again (result: {result:?})"),
        );
        assert_eq!(
            result,
            Err(QuoteError {
                sku: 2,
                attempts: 4,
                source: CallError::Unavailable
            })
        );
        // Four calls of 500 ms and backoffs of 100, 200 and 400 ms.
        check(
            Figure::at_least("virtual time until giving up", ms(elapsed), 2_700.0, " ms"),
            "4 calls of 500 ms with backoffs of 100, 200 and 400 ms between them take 2,700 ms: the backoffs were not waited in full on tokio's clock",
        );
        assert!(
            elapsed <= Duration::from_millis(2_750),
            "took {elapsed:?} of virtual time, more than the 2,700 ms of 4 calls and 3 backoffs"
        );
    }
}

mod behaviour {
    use super::*;

    #[rstest]
    #[case::one_at_a_time(1)]
    #[case::two_at_a_time(2)]
    #[case::four_at_a_time(4)]
    #[case::all_at_once(16)]
    fn quotes_come_back_in_basket_order(#[case] limit: usize) {
        let _attest = kata_attest::attest();
        // Later skus answer sooner, so completion order is not basket order.
        let supplier = Supplier::new(|_, _| None, |sku| Duration::from_millis(100 * (10 - sku)));
        let basket = [2, 9, 4, 7, 1, 8];
        let fetcher = QuoteFetcher::new(supplier.connect(), config(limit));
        let (result, _) = run_paused(fetcher.quotes(&basket));
        assert_eq!(result, Ok(basket.into_iter().map(price).collect()));
    }

    #[test]
    fn an_empty_basket_needs_no_quotes() {
        let _attest = kata_attest::attest();
        let supplier = Supplier::reliable();
        let fetcher = QuoteFetcher::new(supplier.connect(), config(4));
        let (result, elapsed) = run_paused(fetcher.quotes(&[]));
        assert_eq!((result, elapsed), (Ok(vec![]), Duration::ZERO));
    }

    #[test]
    fn an_unknown_item_fails_at_once_without_retrying() {
        let _attest = kata_attest::attest();
        let supplier = Supplier::failing(|sku, _| (sku == 5).then_some(CallError::UnknownSku(5)));
        let fetcher = QuoteFetcher::new(supplier.connect(), config(4));
        let (result, _) = run_paused(fetcher.quotes(&[5]));
        assert_eq!(
            result,
            Err(QuoteError {
                sku: 5,
                attempts: 1,
                source: CallError::UnknownSku(5)
            })
        );
        assert_eq!(
            supplier.attempts(5),
            1,
            "a permanent error is not worth a second call"
        );
    }

    #[test]
    fn the_error_names_the_item() {
        let _attest = kata_attest::attest();
        let error = QuoteError {
            sku: 5,
            attempts: 1,
            source: CallError::UnknownSku(5),
        };
        assert_eq!(error.to_string(), "no quote for sku 5 after 1 attempt(s)");
    }
}
