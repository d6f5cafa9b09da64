//! GitHub Actions output: `::error` annotations at the failing line (at most
//! [`ANNOTATION_LIMIT`], GitHub's per-step limit), and the Markdown summary appended to
//! `$GITHUB_STEP_SUMMARY`. Every value is escaped the way the runner expects, so text from
//! a learner's code cannot end an annotation early or start a workflow command of its own.

use crate::checks::{CheckResult, Outcome};
use crate::grade::KataReport;
use crate::report::text::failure_text;

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

/// Escape a command's message.
pub fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a command's property value.
pub fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_cannot_start_a_new_command() {
        let escaped = data("boom\n::error::forged\r\n100%");
        assert!(!escaped.contains('\n') && !escaped.contains('\r'));
        assert_eq!(escaped, "boom%0A::error::forged%0D%0A100%25");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
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
