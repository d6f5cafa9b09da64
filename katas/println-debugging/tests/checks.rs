//! The grader's checks for `println-debugging`. Protected: fix `src/`, not these.
//!
//! A library cannot know where its caller's stdout and stderr go (a terminal, a JSON
//! pipe, a service's journal, nowhere), so it must not write there. To see what the
//! library writes, `silent_library` runs one reconciliation in a child process (this same
//! test binary, running only `child::scenario`, with output capture off) and counts the
//! bytes that appear between two markers the child prints around the call.

use std::process::Command;

use kata_toolkit::figure::{Figure, check};
use kata_toolkit::logs::{Event, Logs, Value, capture};
use println_debugging::{Count, Report, StockLine, reconcile};
use tracing::Level;

/// Set in the child process only.
const CHILD: &str = "PRINTLN_DEBUGGING_CHILD";
const BEGIN: &str = "\u{2}scenario begins\u{3}";
const END: &str = "\u{2}scenario ends\u{3}";

/// 60 shelves and a night's counts: most match, every 7th differs, every 11th is
/// negative (a scanner fault), and 4 SKUs were counted that the system does not know.
fn night() -> (Vec<StockLine>, Vec<Count>) {
    let stock: Vec<StockLine> = (0..60)
        .map(|i| StockLine {
            sku: format!("SKU-{i:04}"),
            expected: 10 + i,
        })
        .collect();
    let mut counts: Vec<Count> = stock
        .iter()
        .enumerate()
        .map(|(i, line)| Count {
            sku: line.sku.clone(),
            counted: match i {
                i if i % 11 == 5 => -1,
                i if i % 7 == 3 => line.expected - 2,
                _ => line.expected,
            },
        })
        .collect();
    counts.extend((0..4).map(|i| Count {
        sku: format!("NEW-{i:02}"),
        counted: 3,
    }));
    (stock, counts)
}

mod child {
    use super::*;
    use std::io::Write;

    /// Does nothing unless run as the child process of `silent_library`.
    #[test]
    fn scenario() {
        let _attest = kata_attest::attest();
        if std::env::var_os(CHILD).is_none() {
            return;
        }
        let (stock, counts) = night();
        let mark = |text: &str| {
            let _ = writeln!(std::io::stdout(), "{text}");
            let _ = std::io::stdout().flush();
            let _ = writeln!(std::io::stderr(), "{text}");
        };
        mark(BEGIN);
        std::hint::black_box(reconcile(&stock, &counts));
        mark(END);
    }
}

/// What the child wrote between the markers on one stream.
fn between_markers(stream: &[u8], name: &str) -> String {
    let text = String::from_utf8_lossy(stream);
    let start = text
        .find(BEGIN)
        .unwrap_or_else(|| panic!("the child's {name} has no start marker:\n{text}"))
        + BEGIN.len()
        + 1;
    let end = text[start..]
        .find(END)
        .unwrap_or_else(|| panic!("the child's {name} has no end marker:\n{text}"));
    text[start..start + end].to_owned()
}

mod silent_library {
    use super::*;

    /// Bytes the library writes to stdout and stderr during one reconciliation.
    #[test]
    fn silent_library() {
        let _attest = kata_attest::attest();
        let exe = kata_toolkit::fixtures::this_test_binary();
        let out = Command::new(exe)
            .args([
                "child::scenario",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, "1")
            .env_remove("RUST_LOG")
            .output()
            .expect("the test binary runs again as a child");
        assert!(out.status.success(), "the child run failed: {out:?}");
        let stdout = between_markers(&out.stdout, "stdout");
        let stderr = between_markers(&out.stderr, "stderr");
        let bytes = stdout.len() + stderr.len();
        let first = stdout.lines().chain(stderr.lines()).next().unwrap_or("");
        check(
            Figure::at_most(
                "bytes the library wrote to stdout and stderr in one reconciliation of 64 counts",
                bytes as f64,
                0.0,
                "bytes",
            ),
            &format!(
                "the library wrote {} bytes to stdout and {} to stderr, into whatever the calling program uses them for; the first line: {first:?}",
                stdout.len(),
                stderr.len()
            ),
        );
    }
}

/// The `sku` field as text: recorded as a string, or with `%` (its `Display`).
fn sku_of(event: &Event) -> Option<&str> {
    match event.field("sku")? {
        Value::Str(s) | Value::Debug(s) => Some(s),
        _ => None,
    }
}

fn is_detail(event: &Event) -> bool {
    event.level == Level::DEBUG || event.level == Level::TRACE
}

/// The report's findings that have no event carrying their fields.
fn unexplained(report: &Report, logs: &Logs) -> Vec<String> {
    let mut missing = Vec::new();
    for m in &report.mismatches {
        let found = logs.events().iter().any(|e| {
            is_detail(e)
                && sku_of(e) == Some(m.sku.as_str())
                && e.field("expected").and_then(Value::as_integer) == Some(i128::from(m.expected))
                && e.field("counted").and_then(Value::as_integer) == Some(i128::from(m.counted))
        });
        if !found {
            missing.push(format!(
                "difference on {}: no DEBUG or TRACE event with `sku` = {:?}, `expected` = {} and `counted` = {} as typed fields",
                m.sku, m.sku, m.expected, m.counted
            ));
        }
    }
    for sku in &report.unknown {
        if !logs
            .events()
            .iter()
            .any(|e| is_detail(e) && sku_of(e) == Some(sku.as_str()))
        {
            missing.push(format!(
                "unknown {sku}: no DEBUG or TRACE event with `sku` = {sku:?}"
            ));
        }
    }
    for sku in &report.rejected {
        let warns = logs
            .at(Level::WARN)
            .filter(|e| sku_of(e) == Some(sku.as_str()))
            .count();
        if warns != 1 {
            missing.push(format!(
                "negative count for {sku}: {warns} WARN events with `sku` = {sku:?}, want 1"
            ));
        }
    }
    missing
}

mod events_instead {
    use super::*;

    /// Every finding is still there for whoever turns the level up: as an event with
    /// typed fields, at DEBUG or TRACE, or WARN for a rejected count. Nothing at INFO or
    /// ERROR: the report is the caller's to log.
    #[test]
    fn events_instead() {
        let _attest = kata_attest::attest();
        let (stock, counts) = night();
        let (report, logs) = capture(|| reconcile(&stock, &counts));
        let findings = report.mismatches.len() + report.unknown.len() + report.rejected.len();
        let missing = unexplained(&report, &logs);
        check(
            Figure::at_least(
                "findings (differences, unknown SKUs, rejected counts) with an event carrying their fields",
                (findings - missing.len()) as f64,
                findings as f64,
                &format!(" of {findings}"),
            ),
            &format!(
                "{} of {findings} findings leave no event a subscriber could filter or read; the first: {}",
                missing.len(),
                missing.first().map_or("", String::as_str)
            ),
        );
        let loud: Vec<String> = logs
            .events()
            .iter()
            .filter(|e| e.level == Level::INFO || e.level == Level::ERROR)
            .map(|e| format!("{} {:?}", e.level, e.message))
            .collect();
        assert!(
            loud.is_empty(),
            "{} events at INFO or ERROR: a library's routine details belong at DEBUG or TRACE ({:?})",
            loud.len(),
            loud.iter().take(3).collect::<Vec<_>>()
        );
    }
}

mod behaviour {
    use super::*;

    /// The report is the same as before.
    #[test]
    fn behaviour() {
        let _attest = kata_attest::attest();
        let (stock, counts) = night();
        let report = reconcile(&stock, &counts);
        let negative: Vec<&str> = counts
            .iter()
            .filter(|c| c.counted < 0)
            .map(|c| c.sku.as_str())
            .collect();
        assert_eq!(report.rejected, negative);
        assert_eq!(report.unknown, ["NEW-00", "NEW-01", "NEW-02", "NEW-03"]);
        assert!(
            report
                .mismatches
                .iter()
                .all(|m| m.counted == m.expected - 2),
            "{:?}",
            report.mismatches
        );
        assert_eq!(
            report.matched + report.mismatches.len() + report.rejected.len(),
            stock.len()
        );
        assert!(report.mismatches.len() >= 5 && report.rejected.len() >= 5);
        assert_eq!(reconcile(&[], &[]), Report::default());
    }
}
