//! The grader's checks for `request-leak`. Protected: fix `src/`, not these.
//!
//! Memory is measured with a counting global allocator, on the test's own thread: each
//! test makes its own handler, serves a fixed stream of requests with it, and reads the
//! heap bytes still live afterwards (the handler's own memory, since every request and
//! response has been dropped by then), and what dropping the handler frees; the larger
//! counts. No handler is shared between tests, so tests run in parallel do not disturb
//! each other's figures.

use kata_toolkit::alloc::{human_bytes, measure};
use kata_toolkit::figure::{Figure, check, thousands};
use request_leak::{DEBUG_LINES, MAX_WEIGHT_GRAMS, Method, Quote, QuoteHandler, Request, Response};
use rstest::rstest;

#[global_allocator]
static ALLOC: kata_toolkit::alloc::CountingAlloc = kata_toolkit::alloc::CountingAlloc;

/// The bar for heap growth from 1,000 to 10,000 requests.
const MAX_GROWTH_RATIO: f64 = 1.1;
/// The bar for the heap a handler holds after 10,000 requests.
const MAX_HANDLER_HEAP: u64 = 64 * 1024;

const COUNTRIES: [&str; 8] = ["DE", "AT", "NL", "BE", "FR", "IT", "ES", "PL"];

/// What checkout really posts: the fields the quote needs, plus the basket and the
/// address, which it ignores. About 300 bytes.
fn checkout_body(i: u64) -> String {
    format!(
        r#"{{"country":"{}","weight_grams":{},"express":{},"basket":[{{"sku":"sku-{:05}","qty":{}}},{{"sku":"sku-{:05}","qty":1}}],"address":{{"name":"Customer {i}","street":"{} Long Street","city":"Springfield","zip":"{:05}"}},"note":"leave at the door"}}"#,
        COUNTRIES[(i % 8) as usize],
        1 + (i * 7_919) % 29_999,
        i.is_multiple_of(5),
        i % 40_000,
        1 + i % 3,
        (i * 31) % 40_000,
        1 + i % 200,
        i % 100_000,
    )
}

/// The traffic a handler sees, request by request: mostly quotes, some for a country not
/// served, health probes, and now and then someone reading the debug page.
fn traffic(i: u64) -> Request {
    match i % 100 {
        13 | 63 => Request::get("/health"),
        42 => Request::get("/debug/recent"),
        7 | 57 | 87 => Request::post(
            "/quote",
            checkout_body(i).replacen(COUNTRIES[(i % 8) as usize], "US", 1),
        ),
        _ => Request::post("/quote", checkout_body(i)),
    }
}

/// A block allocated right after the handler is dropped, far larger than any handler:
/// the heap then ends this much above where it stood, less what dropping the handler
/// freed.
const DROP_PROBE: u64 = 16 << 20;

/// Two readings of the heap a fresh handler holds after serving the first `n` requests
/// of [`traffic`].
#[derive(Clone, Copy)]
struct Held {
    /// The heap left live by serving: the handler, and anything else kept.
    kept: u64,
    /// What dropping the handler frees. Freeing memory allocated earlier can lower the
    /// first reading, never this one; moving memory out of the handler can lower this
    /// one, never the first.
    freed_by_drop: u64,
}

impl Held {
    fn most(self) -> u64 {
        self.kept.max(self.freed_by_drop)
    }
}

/// The request counts a handler's heap is read at: 10,000, and three drawn afresh on each
/// run between 1,001 and 12,000, so that code cannot tidy up just before the counts it
/// expects to be measured at (a handler trimmed only after 990 and 9,900 requests held
/// every request in between, and passed when only 1,000 and 10,000 were read).
fn measured_counts() -> [u64; 4] {
    use std::hash::{BuildHasher, Hasher};
    let mut counts = [10_000; 4];
    for count in counts.iter_mut().skip(1) {
        let draw = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        *count = 1_001 + draw % 11_000;
    }
    counts
}

/// The count, of [`measured_counts`], at which a fresh handler holds the most, with what
/// it holds there.
fn fullest(counts: &[u64]) -> (u64, Held) {
    counts
        .iter()
        .map(|&n| (n, handler_heap_after(n)))
        .max_by_key(|(_, held)| held.most())
        .expect("at least one count")
}

fn handler_heap_after(n: u64) -> Held {
    let (handler, stats) = measure(|| {
        let handler = QuoteHandler::new();
        for i in 0..n {
            let response = handler.handle(&traffic(i));
            assert!(
                matches!(response.status, 200 | 422),
                "request {i}: unexpected {response:?}"
            );
        }
        handler
    });
    let (probe, dropping) = measure(|| {
        drop(handler);
        vec![1u8; DROP_PROBE as usize]
    });
    drop(probe);
    Held {
        kept: stats.retained,
        freed_by_drop: DROP_PROBE.saturating_sub(dropping.retained),
    }
}

mod responses {
    use super::*;

    fn post_quote(body: &str) -> Response {
        QuoteHandler::new().handle(&Request::post("/quote", body))
    }

    #[rstest]
    #[case::one_started_kilo(r#"{"country":"DE","weight_grams":1000}"#, "DE", 1_000, false, 590)]
    #[case::two_started_kilos(r#"{"country":"DE","weight_grams":1200}"#, "DE", 1_200, false, 690)]
    #[case::one_gram(
        r#"{"country":"DE","weight_grams":1,"express":false}"#,
        "DE",
        1,
        false,
        590
    )]
    #[case::express_doubles(
        r#"{"country":"FR","weight_grams":2500,"express":true}"#,
        "FR",
        2_500,
        true,
        2_160
    )]
    #[case::heaviest(r#"{"country":"PL","weight_grams":30000}"#, "PL", 30_000, false, 3_390)]
    #[case::other_fields_ignored(&checkout_body(4), "FR", 1_678, false, 950)]
    fn quotes_a_parcel(
        #[case] body: &str,
        #[case] country: &str,
        #[case] weight_grams: u32,
        #[case] express: bool,
        #[case] price_cents: u64,
    ) {
        let _attest = kata_attest::attest();
        let response = post_quote(body);
        assert_eq!(response.status, 200, "{body}: {response:?}");
        let quote: Quote = serde_json::from_str(&response.body)
            .unwrap_or_else(|e| panic!("{body}: the answer is not a quote ({e}): {response:?}"));
        assert_eq!(
            quote,
            Quote {
                country: country.to_owned(),
                weight_grams,
                express,
                price_cents,
            },
            "{body}"
        );
    }

    #[rstest]
    #[case::not_json("weight=1200", 400, "not a quote request")]
    #[case::missing_weight(r#"{"country":"DE"}"#, 400, "not a quote request")]
    #[case::negative_weight(r#"{"country":"DE","weight_grams":-5}"#, 400, "not a quote request")]
    #[case::country_not_served(
        r#"{"country":"US","weight_grams":800}"#,
        422,
        "no shipping to `US`"
    )]
    #[case::weightless(r#"{"country":"DE","weight_grams":0}"#, 422, "not 0 g")]
    #[case::too_heavy(r#"{"country":"IT","weight_grams":30001}"#, 422, "not 30001 g")]
    fn refuses_a_bad_request(#[case] body: &str, #[case] status: u16, #[case] says: &str) {
        let _attest = kata_attest::attest();
        let response = post_quote(body);
        assert_eq!(response.status, status, "{body}: {response:?}");
        assert!(
            response.body.contains(says),
            "{body}: the answer should say {says:?}, got {response:?}"
        );
    }

    #[rstest]
    #[case::health(Request::get("/health"), 200, "ok")]
    #[case::unknown_path(Request::get("/quotes"), 404, "not found")]
    #[case::get_quote(Request::get("/quote"), 405, "method not allowed")]
    #[case::delete_health(
        Request { method: Method::Delete, path: "/health".into(), body: String::new() },
        405,
        "method not allowed"
    )]
    #[case::put_debug(
        Request { method: Method::Put, path: "/debug/recent".into(), body: "x".into() },
        405,
        "method not allowed"
    )]
    fn routes_other_requests(#[case] request: Request, #[case] status: u16, #[case] body: &str) {
        let _attest = kata_attest::attest();
        let response = QuoteHandler::new().handle(&request);
        assert_eq!(
            response,
            Response {
                status,
                body: body.to_owned()
            },
            "{request:?}"
        );
    }

    #[test]
    fn the_weight_limit_is_published() {
        let _attest = kata_attest::attest();
        assert_eq!(MAX_WEIGHT_GRAMS, 30_000);
    }

    #[test]
    fn one_handler_serves_many_requests_alike() {
        let _attest = kata_attest::attest();
        let handler = QuoteHandler::new();
        for i in 0..2_000 {
            let first = handler.handle(&traffic(i));
            let again = handler.handle(&traffic(i));
            if traffic(i).path != "/debug/recent" {
                assert_eq!(
                    first, again,
                    "request {i} answered differently the second time"
                );
            }
        }
    }
}

mod debug_listing {
    use super::*;

    /// The listing's lines, newest first, as they would be if every request were kept.
    fn everything_newest_first(requests: &[(Request, u16)]) -> Vec<String> {
        requests
            .iter()
            .rev()
            .map(|(r, status)| {
                format!(
                    "{} {} -> {status} ({} bytes)",
                    r.method,
                    r.path,
                    r.body.len()
                )
            })
            .collect()
    }

    /// The listing must be the newest requests, newest first, at most `DEBUG_LINES` of
    /// them, in the documented format: a handler that keeps fewer (or none) passes too.
    fn assert_listing_is_recent(listing: &str, served: &[(Request, u16)]) {
        let lines: Vec<&str> = listing.lines().collect();
        assert!(
            lines.len() <= DEBUG_LINES,
            "the debug page shows {} lines, more than {DEBUG_LINES}",
            lines.len()
        );
        let expected = everything_newest_first(served);
        for (i, line) in lines.iter().enumerate() {
            assert_eq!(
                Some(*line),
                expected.get(i).map(String::as_str),
                "line {} of the debug page should be the request served {} before the listing",
                i + 1,
                i + 1
            );
        }
    }

    #[test]
    fn lists_the_latest_requests_newest_first() {
        let _attest = kata_attest::attest();
        serve_then_list((0..5).map(|i| traffic(i * 7)));
    }

    /// Serve `requests` on a new handler, then check its debug page lists the latest.
    fn serve_then_list(requests: impl Iterator<Item = Request>) {
        let handler = QuoteHandler::new();
        let mut served = Vec::new();
        for request in requests {
            let status = handler.handle(&request).status;
            served.push((request, status));
        }
        let listing = handler.handle(&Request::get("/debug/recent"));
        assert_eq!(listing.status, 200);
        assert_listing_is_recent(&listing.body, &served);
    }

    #[test]
    fn shows_no_more_than_the_last_lines_after_heavy_traffic() {
        let _attest = kata_attest::attest();
        serve_then_list((0..500).map(traffic).filter(|r| r.path != "/debug/recent"));
    }

    #[test]
    fn never_shows_a_body() {
        let _attest = kata_attest::attest();
        let handler = QuoteHandler::new();
        handler.handle(&Request::post("/quote", checkout_body(3)));
        let listing = handler.handle(&Request::get("/debug/recent")).body;
        for private in ["Customer 3", "Long Street", "leave at the door"] {
            assert!(
                !listing.contains(private),
                "the debug page shows {private:?} from a request body:\n{listing}"
            );
        }
    }
}

mod bounded_growth {
    use super::*;

    #[test]
    fn heap_after_ten_thousand_requests_is_what_it_was_after_one_thousand() {
        let _attest = kata_attest::attest();
        let counts = measured_counts();
        let held_1k = handler_heap_after(1_000);
        // Each reading must stay flat on its own, at every count read; the worst ratio
        // counts.
        let (ratio, n, held) = counts
            .iter()
            .map(|&n| {
                let held = handler_heap_after(n);
                let ratio_of = |reading: fn(Held) -> u64| {
                    reading(held) as f64 / reading(held_1k).max(1) as f64
                };
                (
                    ratio_of(|h| h.kept).max(ratio_of(|h| h.freed_by_drop)),
                    n,
                    held,
                )
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .expect("at least one count");
        check(
            Figure::at_most(
                "live heap after 10k requests (and 3 counts drawn up to 12k) / after 1k",
                ratio,
                MAX_GROWTH_RATIO,
                "x",
            ),
            &format!(
                "the handler held {} after {} requests and {} after {} (counts read this run: {}): \
                 its memory grows with the requests served, until the process runs out",
                human_bytes(held_1k.most()),
                thousands(1_000),
                human_bytes(held.most()),
                thousands(n),
                counts.map(thousands).join(", ")
            ),
        );
    }
}

mod small_footprint {
    use super::*;

    #[test]
    fn a_handler_holds_little_after_ten_thousand_requests() {
        let _attest = kata_attest::attest();
        let counts = measured_counts();
        let (n, held) = fullest(&counts);
        check(
            Figure::at_most(
                "live heap held by the handler after 10k requests (and 3 counts drawn up to 12k)",
                held.most() as f64,
                MAX_HANDLER_HEAP as f64,
                "bytes",
            ),
            &format!(
                "after {} requests the handler still holds {} of heap (counts read this run: {})",
                thousands(n),
                human_bytes(held.most()),
                counts.map(thousands).join(", ")
            ),
        );
    }
}
