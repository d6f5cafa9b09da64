//! GitHub Actions output: `::error` annotations at the failing line (at most
//! [`ANNOTATION_LIMIT`], GitHub's per-step limit), and the Markdown summary appended to
//! `$GITHUB_STEP_SUMMARY`. Every value is escaped the way the runner expects
//! ([`crate::report::escape::github_data`], [`crate::report::escape::github_property`]), so
//! text from a learner's code or a manifest cannot end an annotation early or start a
//! workflow command of its own: every line this module writes is one of its own commands.

use crate::checks::{CheckResult, Outcome};
use crate::grade::KataReport;
use crate::report::escape::{github_data as data, github_property as property};
use crate::report::text::failure_text;
use crate::verify::Verification;

/// GitHub shows at most this many error annotations per step.
pub const ANNOTATION_LIMIT: usize = 10;

/// The annotation lines for failed checks, then a closing count line.
pub fn annotations(reports: &[KataReport]) -> String {
    let failed: Vec<(&KataReport, &CheckResult)> = reports
        .iter()
        .flat_map(|r| {
            r.checks
                .iter()
                .filter(|c| c.outcome != Outcome::Pass)
                .map(move |c| (r, c))
        })
        .collect();
    let mut out = String::new();
    for (report, check) in failed.iter().take(ANNOTATION_LIMIT) {
        let mut properties = Vec::new();
        if let Some(location) = &check.location {
            properties.push(format!("file={}", property(&location.file)));
            properties.push(format!("line={}", location.line));
        }
        properties.push(format!(
            "title={}",
            property(&format!(
                "{}: {} ({})",
                report.kata,
                check.id,
                check.outcome.label()
            ))
        ));
        out.push_str(&format!(
            "::error {}::{}\n",
            properties.join(","),
            data(&failure_text(check))
        ));
    }
    if failed.len() > ANNOTATION_LIMIT {
        out.push_str(&format!(
            "::notice::{}\n",
            data(&format!(
                "{} more failed checks are listed in the run summary",
                failed.len() - ANNOTATION_LIMIT
            ))
        ));
    }
    out
}

/// An annotation per changed file outside the katas' editable paths (up to the limit).
pub fn outside_editable(paths: &[String]) -> String {
    let message = data(
        "A learner's pull request may only change the editable paths of katas (see each kata.toml).",
    );
    paths
        .iter()
        .take(ANNOTATION_LIMIT)
        .map(|p| {
            format!(
                "::error file={},title={}::{message}\n",
                property(p),
                property("outside the editable paths")
            )
        })
        .collect()
}

/// `cargo kata gate --format github`: an annotation per offending file (every one: the
/// job log shows them all even past GitHub's limit), then a closing line.
pub fn gate(report: &crate::gate::Report) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        let reasons = finding.reasons_text();
        out.push_str(&format!(
            "::error file={},title={}::{}\n",
            property(&finding.path),
            property(&format!("gate: {reasons}")),
            data(&format!(
                "{reasons}. A learner's pull request may only change files in its katas' editable paths (kata.toml at the base), with no symlink, submodule, mode change, build script, cargo config or toolchain file."
            ))
        ));
    }
    out
}

/// An annotation per kata that is not live, with what differs (`verify --format github`).
pub fn not_live(list: &[Verification]) -> String {
    list.iter()
        .filter(|v| !v.live)
        .map(|v| {
            format!(
                "::error title={}::{}\n",
                property(&format!("{} is not live", v.kata)),
                data(&v.differences.join("\n"))
            )
        })
        .collect()
}

/// An error that stopped the grader, as an annotation: one line, whatever the error says
/// (a manifest error quotes the learner's `kata.toml`).
pub fn error(message: &str) -> String {
    format!(
        "::error title={}::{}\n",
        property("cargo kata"),
        data(message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::escape::hostile;

    /// Every line is one of the grader's commands, whole: it starts with `::error ` or
    /// `::notice::`, ends with the line, and its properties hold no raw `:` or `,`.
    fn assert_only_our_commands(out: &str, expected: usize) {
        assert!(!out.contains('\r'), "{out:?}");
        assert!(!hostile::has_raw_control(out), "{out:?}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), expected, "{out}");
        for line in lines {
            let (head, _message) = line.split_once("::error ").map_or_else(
                || {
                    let message = line.strip_prefix("::notice::").expect(line);
                    ("", message)
                },
                |(before, rest)| {
                    assert_eq!(before, "", "{line}");
                    rest.split_once("::").expect(line)
                },
            );
            for property in head.split(',').filter(|p| !p.is_empty()) {
                let (name, value) = property.split_once('=').expect(line);
                assert!(["file", "line", "title"].contains(&name), "{line}");
                assert!(!value.contains(':'), "{line}");
            }
        }
    }

    #[test]
    fn hostile_text_stays_inside_the_graders_annotations() {
        let reports = vec![hostile::report(); 3];
        let out = annotations(&reports);
        // 5 failed checks per report, cut at the limit, then the count.
        assert_only_our_commands(&out, ANNOTATION_LIMIT + 1);
        assert!(out.ends_with("::notice::5 more failed checks are listed in the run summary\n"));
        let paths = [hostile::text(), "katas/x/src/lib.rs".into()];
        assert_only_our_commands(&outside_editable(&paths), 2);
        assert_only_our_commands(&not_live(&[hostile::verification()]), 1);
        assert_only_our_commands(&error(&hostile::text()), 1);
    }

    #[test]
    fn ordinary_annotations_are_unchanged() {
        let mut check = hostile::check(Outcome::Fail);
        check.id = "main".into();
        check.message = Some("assertion failed: 1 == 2".into());
        check.hint = Some("Fix it.".into());
        check.figure = None;
        check.location = Some(crate::checks::Location {
            file: "katas/passing/tests/checks.rs".into(),
            line: 5,
        });
        let mut report = hostile::report();
        report.kata = "passing".into();
        report.checks = vec![check];
        assert_eq!(
            annotations(&[report]),
            "::error file=katas/passing/tests/checks.rs,line=5,title=passing%3A main (FAIL)::assertion failed: 1 == 2%0Ahint: Fix it.\n"
        );
        assert_eq!(
            outside_editable(&["katas/a/tests/checks.rs".into()]),
            "::error file=katas/a/tests/checks.rs,title=outside the editable paths::A learner's pull request may only change the editable paths of katas (see each kata.toml).\n"
        );
    }

    #[test]
    fn a_gate_finding_cannot_forge_a_command_with_its_path() {
        let report = crate::gate::Report {
            base: "main".into(),
            merge_base: "abc".into(),
            changed: 1,
            findings: vec![crate::gate::Finding {
                path: "katas/a/src/x,title=ok::\n::warning::forged%".into(),
                reasons: vec![crate::gate::Reason::Symlink],
            }],
        };
        let out = gate(&report);
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(
            out.starts_with(
                "::error file=katas/a/src/x%2Ctitle=ok%3A%3A%0A%3A%3Awarning%3A%3Aforged%25,title=gate%3A symlink::symlink. "
            ),
            "{out}"
        );
    }
}
