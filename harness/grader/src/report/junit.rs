//! JUnit XML: one `<testsuite>` per kata, one `<testcase>` per check. A failed check is a
//! `<failure>`; a crash, timeout, compile error or unevaluable check is an `<error>`. The
//! text carries the figure, the message and the hint.
//!
//! Every text the grader does not control goes through
//! [`crate::report::escape::xml_attribute`] or [`crate::report::escape::xml_text`], so it
//! cannot close an element, open one, or carry a character XML 1.0 forbids.

use crate::checks::{CheckResult, Outcome};
use crate::grade::{KataReport, Subject};
use crate::report::escape::{xml_attribute as attr, xml_text as text};
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
                    attr(&v.kata),
                    attr(&name)
                ));
            } else {
                failures += 1;
                let detail = format!(
                    "expected {}, got {}\n{}",
                    outcome_name(expected),
                    outcome_name(c.outcome),
                    failure_text(c)
                );
                cases.push(format!(
                    "    <testcase classname=\"{}\" name=\"{}\">\n      <failure message=\"{}\" type=\"not-live\">{}</failure>\n    </testcase>\n",
                    attr(&v.kata),
                    attr(&name),
                    attr(&format!("expected {}, got {}", outcome_name(expected), outcome_name(c.outcome))),
                    text(&detail)
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
        Subject::Variant => format!(
            "{} (variant {})",
            report.kata,
            report.variant.as_deref().unwrap_or_default()
        ),
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
        attr(name),
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
        .map(|l| format!(" file=\"{}\" line=\"{}\"", attr(&l.file), l.line))
        .unwrap_or_default();
    let head = format!(
        "    <testcase classname=\"{}\" name=\"{}\"{location}",
        attr(kata),
        attr(name)
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
        attr(summary),
        outcome_name(check.outcome),
        text(&failure_text(check))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::escape::hostile;

    /// Every `<` opens one of the report's own tags, every `&` an entity, no control
    /// character is left, and no line is a workflow command.
    fn assert_well_formed(xml: &str) {
        const TAGS: &[&str] = &[
            "<?xml ",
            "<testsuites ",
            "</testsuites>",
            "<testsuite ",
            "</testsuite>",
            "<testcase ",
            "</testcase>",
            "<failure ",
            "</failure>",
            "<error ",
            "</error>",
        ];
        assert!(!hostile::has_raw_control(xml), "{xml:?}");
        assert!(hostile::workflow_commands(xml).is_empty(), "{xml}");
        for (i, _) in xml.match_indices('<') {
            assert!(
                TAGS.iter().any(|t| xml[i..].starts_with(t)),
                "stray `<` at {i}: {}",
                &xml[i..(i + 40).min(xml.len())]
            );
        }
        for (i, _) in xml.match_indices('&') {
            let entity = &xml[i..xml[i..].find(';').map_or(xml.len(), |e| i + e + 1)];
            assert!(
                [
                    "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#13;", "&#10;", "&#9;", "&#58;",
                    "&#91;"
                ]
                .contains(&entity),
                "{entity}"
            );
        }
        // Inside each tag, attribute values are quoted and hold no quote of their own.
        for tag in xml.split('<').skip(1) {
            let tag = &tag[..tag.find('>').expect(tag)];
            assert_eq!(tag.matches('"').count() % 2, 0, "{tag}");
        }
        for element in ["testsuites", "testsuite", "testcase"] {
            assert_eq!(
                xml.matches(&format!("<{element} ")).count(),
                xml.matches(&format!("</{element}>")).count()
                    + xml
                        .split(&format!("<{element} "))
                        .skip(1)
                        .filter(|t| t[..t.find('>').unwrap()].ends_with('/'))
                        .count(),
                "{element} open and closed"
            );
        }
    }

    #[test]
    fn hostile_text_is_escaped_in_junit_reports() {
        let grades = grades(&[hostile::report(), hostile::report()]);
        assert_well_formed(&grades);
        assert_eq!(grades.matches("<testcase ").count(), 12);
        assert_eq!(grades.matches("<failure ").count(), 2);
        assert_eq!(grades.matches("<error ").count(), 8);
        assert_well_formed(&verifications(&[hostile::verification()]));
    }

    #[test]
    fn ordinary_text_is_unchanged() {
        let mut check = hostile::check(Outcome::Fail);
        check.id = "main".into();
        check.message = Some("assertion `left == right` failed".into());
        check.hint = Some("Fix it.".into());
        check.figure = None;
        check.location = Some(crate::checks::Location {
            file: "katas/passing/tests/checks.rs".into(),
            line: 5,
        });
        assert_eq!(
            case("passing", "main", &check),
            "    <testcase classname=\"passing\" name=\"main\" file=\"katas/passing/tests/checks.rs\" line=\"5\">\n      <failure message=\"assertion `left == right` failed\" type=\"fail\">assertion `left == right` failed\nhint: Fix it.</failure>\n    </testcase>\n"
        );
    }
}
