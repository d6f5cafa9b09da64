//! The grader's checks for `errors-as-control-flow`. Protected: fix `src/`, not these.
//!
//! Cost is measured three ways, each on a mix of queries a real search box refuses
//! (references half typed, names, emails, questions, typos):
//!
//! - allocations per refused query, counted by a global allocator over every thread of
//!   the process, with the tests taking turns so no other test allocates meanwhile;
//! - panics per refused query, counted by a panic hook the checks install while they
//!   measure;
//! - the time per refused query against the shipped reader (a copy of it lives below),
//!   measured in the same process, interleaved, as a median of many rounds
//!   (`kata_toolkit::ratio::speedup`): a ratio, never an absolute time.

use std::error::Error;
use std::hint::black_box;
use std::panic;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use errors_as_control_flow::{ErrorKind, OrderRef, parse_order_ref};
use kata_toolkit::alloc::measure_process;
use kata_toolkit::alone::take_turn;
use kata_toolkit::figure::{Figure, check, thousands};
use kata_toolkit::fixtures::proptest_config;
use kata_toolkit::ratio::{RatioConfig, speedup};
use proptest::prelude::*;
use rstest::rstest;

#[global_allocator]
static ALLOC: kata_toolkit::alloc::CountingAlloc = kata_toolkit::alloc::CountingAlloc;

/// The bar: allocations per refused query. Refusing needs none; the slack allows a
/// one-off table built on first use.
const MAX_ALLOCATIONS_PER_REFUSAL: f64 = 0.01;
/// The bar: panics per refused query.
const MAX_PANICS_PER_REFUSAL: f64 = 0.0;
/// The bar: how many times faster than the shipped reader a refusal must be. The shipped
/// reader is about 30 times slower than a reader that checks the shape first (in a debug
/// build, as the checks run); 5 is near the geometric middle.
const MIN_SPEEDUP: f64 = 5.0;

/// What the reader should answer: the model the checks compare with.
fn model(query: &str) -> Result<OrderRef, ErrorKind> {
    let q = query.trim();
    let b = q.as_bytes();
    let shaped = b.len() == 17
        && b[..4].eq_ignore_ascii_case(b"ORD-")
        && b[8] == b'-'
        && b[15] == b'-'
        && [&b[4..8], &b[9..15], &b[16..]]
            .iter()
            .all(|part| part.iter().all(u8::is_ascii_digit));
    if !shaped {
        return Err(ErrorKind::NotAReference);
    }
    let year: u16 = q[4..8].parse().unwrap();
    let number: u32 = q[9..15].parse().unwrap();
    if !(2015..=2099).contains(&year) {
        return Err(ErrorKind::BadYear);
    }
    let digits: Vec<u32> = format!("{year:04}{number:06}")
        .bytes()
        .map(|d| u32::from(d - b'0'))
        .collect();
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| d * [3, 1][i % 2])
        .sum();
    if u32::from(b[16] - b'0') != (10 - sum % 10) % 10 {
        return Err(ErrorKind::BadCheckDigit);
    }
    Ok(OrderRef { year, number })
}

/// A well-formed reference for `year` and `number`, as the model checks it.
fn reference(year: u16, number: u32) -> String {
    (0..10)
        .map(|check| format!("ORD-{year:04}-{number:06}-{check}"))
        .find(|r| model(r).is_ok())
        .expect("one check digit fits")
}

/// Queries the search box refuses, the way people type them: references half typed
/// (every keystroke is a query), names, emails, questions, tracking numbers, typos and
/// references from before 2015. `salt` makes each call's queries its own, so nothing can
/// have seen them before.
fn refused_queries(n: usize, salt: u32) -> Vec<String> {
    const WORDS: [&str; 12] = [
        "where is my parcel",
        "refund",
        "cancel order",
        "Jane Doe",
        "change delivery address",
        "invoice",
        "ord",
        "order 2024",
        "damaged item",
        "return label",
        "Zoë Müller",
        "warranty",
    ];
    let mut queries = Vec::with_capacity(n);
    let mut i = 0u32;
    while queries.len() < n {
        let k = i.wrapping_mul(2_654_435_761) ^ salt;
        let year = 2015 + (k % 10) as u16;
        let number = (k >> 4) % 1_000_000;
        let full = reference(year, number);
        let query = match i % 10 {
            // Search as you type: the reference so far.
            0..=3 => full[..1 + (k as usize >> 8) % 16].to_owned(),
            4 => format!("{} {}", WORDS[(k % 12) as usize], k % 997),
            5 => format!("customer{}@example.com", k % 100_000),
            6 => format!("  {}", WORDS[((k >> 3) % 12) as usize]),
            // A tracking number pasted into the wrong box.
            7 => format!("PX{:010}", u64::from(k) * 7),
            // A typo in the check digit.
            8 => {
                let good = u32::from(full.as_bytes()[16] - b'0');
                format!("{}{}", &full[..16], (good + 1 + k % 8) % 10)
            }
            // An order from before the system existed.
            _ => format!("ord-{:04}-{number:06}-{}", 1990 + k % 25, k % 10),
        };
        if model(&query).is_err() {
            queries.push(query);
        }
        i += 1;
    }
    queries
}

/// Counts every panic in the process, from the first `install` on, and keeps quiet the
/// ones raised inside `quietly` (a caught panic still runs the hook, which would print
/// it); any other panic prints as usual. Installed once and never removed: a hook cannot
/// be swapped while a thread panics.
struct PanicCounter;

static PANICS: AtomicU64 = AtomicU64::new(0);
static QUIET: AtomicBool = AtomicBool::new(false);

impl PanicCounter {
    fn install() -> Self {
        static ONCE: Once = Once::new();
        ONCE.call_once(|| {
            let previous = panic::take_hook();
            panic::set_hook(Box::new(move |info| {
                PANICS.fetch_add(1, Ordering::SeqCst);
                if !QUIET.load(Ordering::SeqCst) {
                    previous(info);
                }
            }));
        });
        PanicCounter
    }

    /// Run `f`, counting its panics and keeping them quiet.
    fn quietly<R>(&self, f: impl FnOnce() -> R) -> (R, u64) {
        struct Loud;
        impl Drop for Loud {
            fn drop(&mut self) {
                QUIET.store(false, Ordering::SeqCst);
            }
        }
        let before = PANICS.load(Ordering::SeqCst);
        QUIET.store(true, Ordering::SeqCst);
        let loud = Loud;
        let result = f();
        drop(loud);
        (result, PANICS.load(Ordering::SeqCst) - before)
    }
}

/// The reader as shipped: the baseline the speed check compares with.
mod shipped {
    use std::panic;

    pub fn refuses(query: &str) -> bool {
        match panic::catch_unwind(|| parse_strict(query)) {
            Ok(result) => result.is_err(),
            Err(payload) => {
                let reason = payload
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| payload.downcast_ref::<&str>().copied())
                    .unwrap_or("malformed");
                let message = format!("{query:?} is not an order reference: {reason}");
                std::hint::black_box(message);
                true
            }
        }
    }

    fn check_digit(year: u16, number: u32) -> u8 {
        let digits = format!("{year:04}{number:06}");
        let sum: u32 = digits
            .bytes()
            .enumerate()
            .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 })
            .sum();
        ((10 - sum % 10) % 10) as u8
    }

    fn parse_strict(query: &str) -> Result<(u16, u32), String> {
        let upper = query.trim().to_ascii_uppercase();
        let parts: Vec<&str> = upper.split('-').collect();
        assert_eq!(parts.len(), 4, "expected 4 parts separated by '-'");
        assert_eq!(parts[0], "ORD", "expected the ORD prefix");
        let widths = [4, 6, 1];
        for (part, width) in parts[1..].iter().zip(widths) {
            assert!(
                part.len() == width && part.bytes().all(|b| b.is_ascii_digit()),
                "expected {width} digits, found {part:?}"
            );
        }
        let year: u16 = parts[1].parse().unwrap();
        let number: u32 = parts[2].parse().unwrap();
        let check: u8 = parts[3].parse().unwrap();
        if !(2015..=2099).contains(&year) {
            return Err(format!("{query:?}: no orders in {year}"));
        }
        let expected = check_digit(year, number);
        if check != expected {
            return Err(format!(
                "{query:?}: check digit {check} should be {expected}"
            ));
        }
        Ok((year, number))
    }
}

mod behaviour {
    use super::*;

    #[rstest]
    #[case::plain("ORD-2024-004217-0", 2024, 4_217)]
    #[case::lower_case("ord-2024-004217-0", 2024, 4_217)]
    #[case::mixed_case("oRd-2019-000000-2", 2019, 0)]
    #[case::spaces_around("  ORD-2099-999999-0\t", 2099, 999_999)]
    #[case::first_year("ORD-2015-123456-7", 2015, 123_456)]
    fn reads_references(#[case] query: &str, #[case] year: u16, #[case] number: u32) {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let order = OrderRef { year, number };
        assert_eq!(model(query), Ok(order), "the model agrees on {query:?}");
        assert_eq!(parse_order_ref(query).ok(), Some(order), "{query:?}");
        assert_eq!(
            order.to_string(),
            query.trim().to_ascii_uppercase(),
            "written back"
        );
    }

    #[rstest]
    #[case::empty("", ErrorKind::NotAReference)]
    #[case::words("where is my parcel", ErrorKind::NotAReference)]
    #[case::half_typed("ORD-2024-00", ErrorKind::NotAReference)]
    #[case::no_check_digit("ORD-2024-004217", ErrorKind::NotAReference)]
    #[case::extra_part("ORD-2024-004217-9-1", ErrorKind::NotAReference)]
    #[case::short_number("ORD-2024-04217-9", ErrorKind::NotAReference)]
    #[case::sign("ORD-+024-004217-9", ErrorKind::NotAReference)]
    #[case::space_inside("ORD-2024- 04217-9", ErrorKind::NotAReference)]
    #[case::other_prefix("INV-2024-004217-9", ErrorKind::NotAReference)]
    #[case::unicode_digit("ORD-２024-004217-9", ErrorKind::NotAReference)]
    #[case::too_old("ORD-2014-004217-3", ErrorKind::BadYear)]
    #[case::too_new("ORD-2100-004217-9", ErrorKind::BadYear)]
    #[case::typo("ORD-2024-004217-3", ErrorKind::BadCheckDigit)]
    #[case::swapped_digits("ORD-2024-004271-0", ErrorKind::BadCheckDigit)]
    fn refuses_everything_else(#[case] query: &str, #[case] kind: ErrorKind) {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let counter = PanicCounter::install();
        assert_eq!(model(query), Err(kind), "the model agrees on {query:?}");
        let (result, _) = counter.quietly(|| parse_order_ref(query));
        let error = result.expect_err(query);
        assert_eq!(error.kind(), kind, "{query:?}");
        let as_error: &dyn Error = &error;
        assert!(!as_error.to_string().is_empty(), "an error says something");
    }

    #[test]
    fn agrees_with_the_model() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let counter = PanicCounter::install();
        let near_miss = (2000u16..2110, 0u32..1_000_000, 0usize..17, any::<char>());
        proptest!(proptest_config(1_000), |(query in "\\PC{0,20}", (year, number, at, c) in near_miss)| {
            let good = reference(year.clamp(2015, 2099), number);
            let mut edited: Vec<char> = format!("ORD-{year:04}-{number:06}-{}", good.as_bytes()[16] - b'0').chars().collect();
            edited[at] = c;
            let edited: String = edited.into_iter().collect();
            for q in [query.as_str(), edited.as_str(), good.as_str()] {
                let (got, _) = counter.quietly(|| parse_order_ref(q));
                prop_assert_eq!(got.map_err(|e| e.kind()), model(q), "{:?}", q);
            }
        });
    }
}

mod refusal_allocations {
    use super::*;

    #[test]
    fn refusing_a_query_allocates_nothing() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let counter = PanicCounter::install();
        let queries = refused_queries(2_000, 0x5eed_0001);
        let (refused, stats) = measure_process(|| {
            counter
                .quietly(|| {
                    queries
                        .iter()
                        .filter(|q| black_box(parse_order_ref(q)).is_err())
                        .count()
                })
                .0
        });
        assert_eq!(refused, queries.len(), "every query is refused");
        check(
            Figure::at_most(
                "allocations per refused query",
                stats.count as f64 / queries.len() as f64,
                MAX_ALLOCATIONS_PER_REFUSAL,
                "",
            ),
            &format!(
                "refusing {} queries allocated {} times ({stats})",
                thousands(queries.len() as u64),
                thousands(stats.count)
            ),
        );
    }
}

mod refusal_panics {
    use super::*;

    #[test]
    fn refusing_a_query_panics_nowhere() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let counter = PanicCounter::install();
        let queries = refused_queries(2_000, 0x5eed_0002);
        let (refused, panics) = counter.quietly(|| {
            queries
                .iter()
                .filter(|q| black_box(parse_order_ref(q)).is_err())
                .count()
        });
        assert_eq!(refused, queries.len(), "every query is refused");
        check(
            Figure::at_most(
                "panics per refused query",
                panics as f64 / queries.len() as f64,
                MAX_PANICS_PER_REFUSAL,
                "",
            ),
            &format!(
                "refusing {} queries panicked {} times, each caught and turned into an error",
                thousands(queries.len() as u64),
                thousands(panics)
            ),
        );
    }
}

mod refusal_speed {
    use super::*;

    #[test]
    fn refusing_is_much_faster_than_shipped() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let counter = PanicCounter::install();
        let queries = refused_queries(64, 0x5eed_0003);
        let (ratio, _) = counter.quietly(|| {
            speedup(
                || queries.iter().filter(|q| shipped::refuses(q)).count(),
                || {
                    queries
                        .iter()
                        .filter(|q| black_box(parse_order_ref(q)).is_err())
                        .count()
                },
                RatioConfig::default(),
            )
        });
        check(
            Figure::at_least(
                "speed-up on refused queries against the shipped reader",
                ratio.median,
                MIN_SPEEDUP,
                "x",
            ),
            &format!("refusing queries: {ratio}"),
        );
    }
}
