//! JUnit XML: one `<testsuite>` per kata, one `<testcase>` per check. A failed check is a
//! `<failure>`; a crash, timeout, compile error or unevaluable check is an `<error>`. The
//! text carries the figure, the message and the hint.

use crate::checks::{CheckResult, Outcome};
use crate::grade::{KataReport, Subject};
use crate::report::text::{failure_text, outcome_name};
use crate::verify::Verification;

/// `cargo kata grade --format junit`.
pub fn grades(reports: &[KataReport]) -> String {
    let suites: Vec<String> = reports
        .iter()
        .map(|r| {
            suite(
                &suite_name(r),
                r.checks.iter().map(|c| case(&r.kata, &c.id, c)).collect(),
            )
        })
        .collect();
    document(
        reports.iter().map(|r| r.total).sum(),
        reports.iter().map(|r| r.total - r.passed).sum(),
        &suites,
    )
}

/// `cargo kata verify --format junit`: per kata, a case per check of the shipped code
/// (passing when it behaves as the manifest says) and per check of the solution.
pub fn verifications(list: &[Verification]) -> String {
    let mut suites = Vec::new();
    let (mut tests, mut failures) = (0, 0);
    for v in list {
        let mut cases = Vec::new();
        for c in &v.shipped.checks {
            let expected = match c.shipped {
                crate::manifest::Expect::Fails => Outcome::Fail,
                crate::manifest::Expect::Passes => Outcome::Pass,
            };
            let name = format!("shipped/{}", c.id);
            tests += 1;
            if c.outcome == expected {
                cases.push(format!(
                    "    <testcase classname=\"{}\" name=\"{}\"/>\n",
                    escape(&v.kata),
                    escape(&name)
                ));
            } else {
                failures += 1;
                let text = format!(
                    "expected {}, got {}\n{}",
                    outcome_name(expected),
                    outcome_name(c.outcome),
                    failure_text(c)
                );
                cases.push(format!(
                    "    <testcase classname=\"{}\" name=\"{}\">\n      <failure message=\"{}\" type=\"not-live\">{}</failure>\n    </testcase>\n",
                    escape(&v.kata),
                    escape(&name),
                    escape(&format!("expected {}, got {}", outcome_name(expected), outcome_name(c.outcome))),
                    escape(&text)
                ));
            }
        }
        if let Some(solution) = &v.solution {
            for c in &solution.checks {
                tests += 1;
                failures += usize::from(!c.passed());
                cases.push(case(&v.kata, &format!("solution/{}", c.id), c));
            }
        }
        suites.push(suite(&v.kata, cases));
    }
    document(tests, failures, &suites)
}

fn suite_name(report: &KataReport) -> String {
    match report.subject {
        Subject::Kata => report.kata.clone(),
        Subject::Solution => format!("{} (solution)", report.kata),
    }
}

fn document(tests: usize, failures: usize, suites: &[String]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<testsuites name=\"cargo-kata\" tests=\"{tests}\" failures=\"{failures}\">\n"
    ));
    for s in suites {
        xml.push_str(s);
    }
    xml.push_str("</testsuites>\n");
    xml
}

fn suite(name: &str, cases: Vec<String>) -> String {
    let failures = cases.iter().filter(|c| c.contains("<failure")).count();
    let errors = cases.iter().filter(|c| c.contains("<error")).count();
    let mut xml = format!(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\">\n",
        escape(name),
        cases.len()
    );
    for c in cases {
        xml.push_str(&c);
    }
    xml.push_str("  </testsuite>\n");
    xml
}

fn case(kata: &str, name: &str, check: &CheckResult) -> String {
    let location = check
        .location
        .as_ref()
        .map(|l| format!(" file=\"{}\" line=\"{}\"", escape(&l.file), l.line))
        .unwrap_or_default();
    let head = format!(
        "    <testcase classname=\"{}\" name=\"{}\"{location}",
        escape(kata),
        escape(name)
    );
    let element = match check.outcome {
        Outcome::Pass => return format!("{head}/>\n"),
        Outcome::Fail => "failure",
        _ => "error",
    };
    let summary = check
        .message
        .as_deref()
        .and_then(|m| m.lines().next())
        .unwrap_or(outcome_name(check.outcome));
    format!(
        "{head}>\n      <{element} message=\"{}\" type=\"{}\">{}</{element}>\n    </testcase>\n",
        escape(summary),
        outcome_name(check.outcome),
        escape(&failure_text(check))
    )
}

/// XML text and attribute escaping; characters XML 1.0 cannot carry are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape("a<b>&\"c'\u{1b}[31m"),
            "a&lt;b&gt;&amp;&quot;c&apos;[31m"
        );
    }
}
