//! Read what a libtest binary reports, from its stable human output (libtest's JSON
//! format is unstable, and `--logfile` is deprecated).
//!
//! `--list --format terse` gives one `name: test` line per test. A run prints
//! `test NAME ... ok|FAILED|ignored` per test, a `---- NAME stdout ----` section per
//! failure (with the panic message), and a closing `test result:` line. The grader
//! cross-checks the per-test lines with that closing line and with the list, so a binary
//! that dies early, or prints look-alike lines, is not read as a pass.

use std::collections::BTreeMap;

/// How one test ended, as the binary reported it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reported {
    Passed,
    Failed,
    Ignored,
}

/// Where a test failed: the panic's location and message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Failure {
    /// `path:line:column` of the panic, as printed (relative to the package for tests
    /// run by cargo, which passes workspace-relative paths to rustc).
    pub location: Option<String>,
    /// The panic message (first lines), or the section's text when there was no panic.
    pub message: String,
}

/// One run of one test binary, parsed.
#[derive(Debug, Clone, Default)]
pub struct RunReport {
    /// Each test the binary reported, with how it ended.
    pub results: BTreeMap<String, Reported>,
    /// Failure details by test name.
    pub failures: BTreeMap<String, Failure>,
    /// Counts from the closing `test result:` line, when the binary got that far.
    pub summary: Option<Summary>,
}

/// The closing line's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub passed: usize,
    pub failed: usize,
    pub ignored: usize,
}

/// Test names from `--list --format terse` output (benchmarks are skipped).
pub fn parse_list(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|line| line.strip_suffix(": test"))
        .map(str::to_owned)
        .collect()
}

/// Parse a run's stdout.
pub fn parse_run(stdout: &str) -> RunReport {
    let mut report = RunReport::default();
    let mut section: Option<(String, Vec<&str>)> = None;
    for line in stdout.lines() {
        if let Some(name) = line
            .strip_prefix("---- ")
            .and_then(|l| l.strip_suffix(" stdout ----"))
        {
            if let Some((n, lines)) = section.take() {
                report.failures.insert(n, failure_of(&lines));
            }
            section = Some((name.to_owned(), Vec::new()));
            continue;
        }
        if let Some(summary) = line.strip_prefix("test result: ") {
            report.summary = parse_summary(summary);
        }
        if line == "failures:" || line.starts_with("test result: ") {
            if let Some((n, lines)) = section.take() {
                report.failures.insert(n, failure_of(&lines));
            }
            continue;
        }
        if let Some((_, lines)) = section.as_mut() {
            lines.push(line);
            continue;
        }
        if let Some((name, outcome)) = parse_result_line(line) {
            // A test reported twice with different outcomes counts as failed.
            let entry = report.results.entry(name).or_insert(outcome);
            if *entry != outcome {
                *entry = Reported::Failed;
            }
        }
    }
    if let Some((n, lines)) = section.take() {
        report.failures.insert(n, failure_of(&lines));
    }
    report
}

fn parse_result_line(line: &str) -> Option<(String, Reported)> {
    let rest = line.strip_prefix("test ")?;
    let (name, outcome) = rest.rsplit_once(" ... ")?;
    // A `#[should_panic]` test reports as `test NAME - should panic ... ok`; it is listed,
    // and named in its failure section, as plain NAME.
    let name = name.strip_suffix(" - should panic").unwrap_or(name);
    let outcome = match outcome {
        "ok" => Reported::Passed,
        "FAILED" => Reported::Failed,
        o if o.starts_with("ignored") => Reported::Ignored,
        _ => return None,
    };
    Some((name.to_owned(), outcome))
}

fn parse_summary(text: &str) -> Option<Summary> {
    // "ok. 10 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.65s"
    let counts = text.split_once(". ")?.1;
    let mut summary = Summary {
        passed: 0,
        failed: 0,
        ignored: 0,
    };
    for part in counts.split("; ") {
        // "finished in 0.65s" and any future part without a leading count are skipped.
        let Some((number, word)) = part.split_once(' ') else {
            continue;
        };
        let Ok(number) = number.parse::<usize>() else {
            continue;
        };
        match word {
            "passed" => summary.passed = number,
            "failed" => summary.failed = number,
            "ignored" => summary.ignored = number,
            _ => {}
        }
    }
    Some(summary)
}

/// Pull the panic location and message out of a failure section.
fn failure_of(lines: &[&str]) -> Failure {
    let panic_at = lines
        .iter()
        .position(|l| l.starts_with("thread '") && l.contains("panicked at "));
    let Some(index) = panic_at else {
        let message = lines
            .iter()
            .map(|l| l.trim_end())
            .filter(|l| !l.is_empty())
            .take(12)
            .collect::<Vec<_>>()
            .join("\n");
        return Failure {
            location: None,
            message,
        };
    };
    let header = lines[index];
    let location = header
        .split("panicked at ")
        .nth(1)
        .map(|l| l.trim_end_matches(':').to_owned());
    let message = lines[index + 1..]
        .iter()
        .take_while(|l| !l.starts_with("note: ") && !l.starts_with("stack backtrace:"))
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned();
    Failure { location, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUN: &str = "\nrunning 3 tests\ntest a::one ... ok\ntest a::two ... FAILED\ntest b ... ignored, slow\n\nfailures:\n\n---- a::two stdout ----\n\nthread 'a::two' (77) panicked at tests/checks.rs:10:5:\nfitted exponent = 2.00 (bar <= 1.30): quadratic\nsecond line\nnote: run with `RUST_BACKTRACE=1`\n\n\nfailures:\n    a::two\n\ntest result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s\n";

    #[test]
    fn reads_results_failures_and_summary() {
        let r = parse_run(RUN);
        assert_eq!(r.results["a::one"], Reported::Passed);
        assert_eq!(r.results["a::two"], Reported::Failed);
        assert_eq!(r.results["b"], Reported::Ignored);
        assert_eq!(
            r.summary,
            Some(Summary {
                passed: 1,
                failed: 1,
                ignored: 1
            })
        );
        let f = &r.failures["a::two"];
        assert_eq!(f.location.as_deref(), Some("tests/checks.rs:10:5"));
        assert_eq!(
            f.message,
            "fitted exponent = 2.00 (bar <= 1.30): quadratic\nsecond line"
        );
    }

    #[test]
    fn should_panic_tests_report_under_their_listed_name() {
        let r = parse_run(
            "test rejects_empty - should panic ... ok\ntest a::b - should panic ... FAILED\n",
        );
        assert_eq!(r.results["rejects_empty"], Reported::Passed);
        assert_eq!(r.results["a::b"], Reported::Failed);
    }

    #[test]
    fn contradictory_lines_count_as_failed() {
        let r = parse_run("test x ... ok\ntest x ... FAILED\n");
        assert_eq!(r.results["x"], Reported::Failed);
        assert_eq!(r.summary, None);
    }

    #[test]
    fn lists_tests_not_benches() {
        assert_eq!(
            parse_list("a::b: test\nc: benchmark\n"),
            vec!["a::b".to_owned()]
        );
    }
}
