//! The grader's checks for `copy-heavy-parser`. Protected: fix `src/`, not these.
//!
//! Cost is measured as heap allocations, counted by a global allocator over every thread
//! of the process (work handed to another thread still counts), with the tests taking
//! turns so that no other test allocates meanwhile: the same count on every run and every
//! machine, however busy it is. Parsing a record may allocate only when a field cannot be
//! taken from the log as it is.

use std::borrow::Cow;
use std::hint::black_box;

use copy_heavy_parser::{LineError, ParseError, Record, parse_line, records};
use kata_toolkit::alloc::measure_process;
use kata_toolkit::alone::take_turn;
use kata_toolkit::figure::{Figure, check};
use kata_toolkit::fixtures::proptest_config;
use proptest::prelude::*;
use rstest::rstest;

#[global_allocator]
static ALLOC: kata_toolkit::alloc::CountingAlloc = kata_toolkit::alloc::CountingAlloc;

/// Lines in a measured log.
const LINES: usize = 100_000;
/// One line in this many has an escaped quote in its user agent.
const ESCAPED_EVERY: usize = 1_000;
/// The bar: allocations per record. Only escaped user agents (one line in 1,000) need a
/// new string.
const MAX_PER_RECORD: f64 = 0.01;

const AGENTS: [&str; 4] = [
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "curl/8.5.0",
    "okhttp/4.12.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15",
];
const METHODS: [&str; 6] = ["GET", "GET", "POST", "GET", "PUT", "DELETE"];
const STATUSES: [u16; 6] = [200, 200, 201, 304, 404, 503];

/// What a line says, with owned text: the model the parser is compared with.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    timestamp: String,
    client: String,
    method: String,
    path: String,
    status: u16,
    bytes: u64,
    user_agent: String,
}

impl Entry {
    /// The line the proxy writes for this entry.
    fn line(&self) -> String {
        let agent = self.user_agent.replace('\\', "\\\\").replace('"', "\\\"");
        format!(
            "{} {} {} {} {} {} \"{agent}\"",
            self.timestamp, self.client, self.method, self.path, self.status, self.bytes
        )
    }

    fn record(&self) -> Record<'static> {
        Record {
            timestamp: Cow::Owned(self.timestamp.clone()),
            client: Cow::Owned(self.client.clone()),
            method: Cow::Owned(self.method.clone()),
            path: Cow::Owned(self.path.clone()),
            status: self.status,
            bytes: self.bytes,
            user_agent: Cow::Owned(self.user_agent.clone()),
        }
    }
}

/// The `i`th entry of a generated log: the same on every run.
fn entry(i: usize) -> Entry {
    let ms = i * 37;
    Entry {
        timestamp: format!(
            "2024-05-01T{:02}:{:02}:{:02}.{:03}Z",
            ms / 3_600_000 % 24,
            ms / 60_000 % 60,
            ms / 1_000 % 60,
            ms % 1_000
        ),
        client: format!("198.51.100.{}", i % 250),
        method: METHODS[i % METHODS.len()].to_owned(),
        path: format!("/api/v2/orders/{}?page={}", 10_000 + i * 7 % 90_000, i % 9),
        status: STATUSES[i % STATUSES.len()],
        bytes: (i as u64 * 7_919) % 250_000,
        user_agent: if i % ESCAPED_EVERY == ESCAPED_EVERY - 1 {
            "ScanBot/1.2 (\"nightly\" build)".to_owned()
        } else {
            AGENTS[i % AGENTS.len()].to_owned()
        },
    }
}

/// A log of `n` lines, and the response bytes it adds up to.
fn access_log(n: usize) -> (String, u64) {
    let mut log = String::new();
    let mut total = 0;
    for i in 0..n {
        let e = entry(i);
        log.push_str(&e.line());
        log.push('\n');
        total += e.bytes;
    }
    (log, total)
}

fn arb_entry() -> impl Strategy<Value = Entry> {
    let token = || "[!-~é€]{1,24}";
    (
        (token(), token(), token(), token()),
        any::<u16>(),
        any::<u64>(),
        "\\PC{0,40}",
    )
        .prop_map(
            |((timestamp, client, method, path), status, bytes, user_agent)| Entry {
                timestamp,
                client,
                method,
                path,
                status,
                bytes,
                user_agent,
            },
        )
}

mod parsing {
    use super::*;

    #[test]
    fn reads_every_field_of_a_line() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let line = r#"2024-05-01T12:00:03.118Z 203.0.113.9 GET /api/orders?page=2 200 1532 "Mozilla/5.0 (X11; Linux x86_64)""#;
        let record = parse_line(line).unwrap();
        assert_eq!(record.timestamp, "2024-05-01T12:00:03.118Z");
        assert_eq!(record.client, "203.0.113.9");
        assert_eq!(record.method, "GET");
        assert_eq!(record.path, "/api/orders?page=2");
        assert_eq!(record.status, 200);
        assert_eq!(record.bytes, 1532);
        assert_eq!(record.user_agent, "Mozilla/5.0 (X11; Linux x86_64)");
    }

    #[rstest]
    #[case::empty(r#""""#, "")]
    #[case::quotes(
        r#""ScanBot/1.2 (\"nightly\" build)""#,
        r#"ScanBot/1.2 ("nightly" build)"#
    )]
    #[case::backslashes(r#""C:\\agent\\x""#, r"C:\agent\x")]
    #[case::escape_last(r#""ends in \"""#, r#"ends in ""#)]
    #[case::not_ascii(r#""Läufer/2.0 – “beta”""#, "Läufer/2.0 – “beta”")]
    fn resolves_the_user_agent_escapes(#[case] quoted: &str, #[case] expected: &str) {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let line = format!("t c GET / 200 0 {quoted}");
        assert_eq!(
            parse_line(&line).map(|r| r.user_agent),
            Ok(Cow::Borrowed(expected))
        );
    }

    #[rstest]
    #[case::empty("", ParseError::Missing { field: "timestamp" })]
    #[case::no_agent("t c GET / 200 0", ParseError::Missing { field: "user agent" })]
    #[case::double_space("t c  GET / 200 0 \"a\"", ParseError::Missing { field: "method" })]
    #[case::status_not_a_number("t c GET / OK 0 \"a\"", ParseError::NotANumber { field: "status" })]
    #[case::status_too_large("t c GET / 70000 0 \"a\"", ParseError::NotANumber { field: "status" })]
    #[case::bytes_negative("t c GET / 200 -1 \"a\"", ParseError::NotANumber { field: "bytes" })]
    #[case::status_checked_before_bytes("t c GET / x", ParseError::NotANumber { field: "status" })]
    #[case::unquoted("t c GET / 200 0 curl/8.5.0", ParseError::UnquotedAgent)]
    #[case::unterminated("t c GET / 200 0 \"curl", ParseError::UnterminatedAgent)]
    #[case::escaped_closing_quote("t c GET / 200 0 \"curl\\\"", ParseError::UnterminatedAgent)]
    #[case::dangling_backslash("t c GET / 200 0 \"curl\\", ParseError::UnterminatedAgent)]
    #[case::unknown_escape("t c GET / 200 0 \"a\\tb\"", ParseError::BadEscape('t'))]
    #[case::text_after_the_quote("t c GET / 200 0 \"a\" b", ParseError::TrailingText)]
    #[case::quote_inside("t c GET / 200 0 \"a\"b\"", ParseError::TrailingText)]
    fn refuses_malformed_lines(#[case] line: &str, #[case] expected: ParseError) {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        assert_eq!(parse_line(line), Err(expected), "{line:?}");
    }

    #[test]
    fn an_owned_record_outlives_its_text() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let line = entry(ESCAPED_EVERY - 1).line();
        let owned: Record<'static> = parse_line(&line).unwrap().into_owned();
        drop(line);
        assert_eq!(owned, entry(ESCAPED_EVERY - 1).record());
    }

    #[test]
    fn every_written_line_reads_back() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        proptest!(proptest_config(1_000), |(e in arb_entry())| {
            let line = e.line();
            prop_assert_eq!(parse_line(&line), Ok(e.record()), "line {:?}", line);
        });
    }
}

mod log_files {
    use super::*;

    #[test]
    fn walks_every_line_in_order() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let (log, total) = access_log(2_000);
        let parsed: Vec<Record<'_>> = records(&log).map(Result::unwrap).collect();
        let expected: Vec<Record<'_>> = (0..2_000).map(|i| entry(i).record()).collect();
        assert_eq!(parsed, expected);
        assert_eq!(parsed.iter().map(|r| r.bytes).sum::<u64>(), total);
    }

    #[test]
    fn skips_blank_lines_and_numbers_errors_from_one() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let log = format!(
            "{}\r\n\n   \n{}\nt c GET / 200 nope \"a\"\n{}",
            entry(0).line(),
            entry(1).line(),
            entry(2).line()
        );
        let got: Vec<Result<Record<'_>, LineError>> = records(&log).collect();
        assert_eq!(
            got,
            vec![
                Ok(entry(0).record()),
                Ok(entry(1).record()),
                Err(LineError {
                    number: 5,
                    text: "t c GET / 200 nope \"a\"".to_owned(),
                    source: ParseError::NotANumber { field: "bytes" },
                }),
                Ok(entry(2).record()),
            ]
        );
    }

    #[test]
    fn an_error_message_names_the_line() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let log = format!("{}\nt c GET / 200 0 \"a", entry(0).line());
        let error = records(&log).nth(1).unwrap().unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("line 2") && message.contains("GET / 200 0"),
            "{message}"
        );
    }
}

mod parse_allocations {
    use super::*;

    #[test]
    fn a_record_costs_no_allocation() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let (log, total) = access_log(LINES);
        let lines: Vec<&str> = log.lines().collect();
        let (sum, stats) = measure_process(|| {
            let mut sum = 0;
            for line in &lines {
                let record = parse_line(line).expect("a generated line parses");
                sum += record.bytes;
                black_box(&record);
            }
            sum
        });
        assert_eq!(sum, total, "response bytes over the log");
        let per_record = stats.count as f64 / LINES as f64;
        check(
            Figure::at_most(
                "allocations per parsed record",
                per_record,
                MAX_PER_RECORD,
                "",
            ),
            &format!(
                "parse_line allocated {} times for {LINES} lines, of which only {} have an \
                 escaped user agent ({stats})",
                stats.count,
                LINES / ESCAPED_EVERY
            ),
        );
    }
}

mod iteration_allocations {
    use super::*;

    #[test]
    fn walking_a_log_costs_no_allocation_per_record() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let (log, total) = access_log(LINES);
        let ((count, sum), stats) = measure_process(|| {
            let (mut count, mut sum) = (0, 0);
            for record in records(&log) {
                let record = record.expect("a generated line parses");
                count += 1;
                sum += record.bytes;
                black_box(&record);
            }
            (count, sum)
        });
        assert_eq!((count, sum), (LINES, total), "records and response bytes");
        let per_record = stats.count as f64 / LINES as f64;
        check(
            Figure::at_most(
                "allocations per record walking a log",
                per_record,
                MAX_PER_RECORD,
                "",
            ),
            &format!(
                "walking a log of {LINES} lines allocated {} times, of which only {} lines \
                 have an escaped user agent ({stats})",
                stats.count,
                LINES / ESCAPED_EVERY
            ),
        );
    }
}
