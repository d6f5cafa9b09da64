//! Markdown for people reading a pull request or a review: a table of katas, then each
//! kata's checks, then the failures with their text in code blocks.
//!
//! Every text the grader does not control (kata and check ids, titles, figures, paths,
//! messages, diffs) is code: an inline code span ([`escape::markdown_code`], and
//! [`escape::markdown_cell`] in a table) or a fenced block ([`escape::markdown_block`]), so
//! none of it renders as a link, an image, HTML or a heading, or breaks a table.

use crate::checks::{CheckResult, Outcome};
use crate::grade::KataReport;
use crate::report::escape::{self, markdown_cell as cell, markdown_code as code};
use crate::report::text::failure_text;
use crate::verify::Verification;

/// `cargo kata grade --format markdown`.
pub fn grades(reports: &[KataReport]) -> String {
    let mut md = String::from(
        "## Kata grades\n\n| kata | checks passed | points | verdict |\n|---|---|---|---|\n",
    );
    for r in reports {
        let verdict = if r.solved {
            "✅ solved"
        } else {
            "❌ not solved"
        };
        md.push_str(&format!(
            "| {} | {} / {} | {} / {} | {verdict} |\n",
            cell(&r.kata),
            r.passed,
            r.total,
            r.points,
            r.max_points
        ));
    }
    for r in reports {
        md.push_str(&format!("\n### {}: {}\n\n", code(&r.kata), code(&r.title)));
        md.push_str(&checks_table(&r.checks));
        md.push_str(&failures(&r.checks));
    }
    md
}

/// `cargo kata verify --format markdown`.
pub fn verifications(list: &[Verification]) -> String {
    let mut md = String::from(
        "## Kata verification\n\n| kata | live | shipped fails | solution passes |\n|---|---|---|---|\n",
    );
    for v in list {
        let live = if v.live { "✅ live" } else { "❌ not live" };
        let failing = v.shipped.checks.iter().filter(|c| !c.passed()).count();
        let solution = v.solution.as_ref().map_or("no solution".to_owned(), |s| {
            format!("{} / {}", s.passed, s.total)
        });
        md.push_str(&format!(
            "| {} | {live} | {failing} / {} | {solution} |\n",
            cell(&v.kata),
            v.shipped.total
        ));
    }
    for v in list.iter().filter(|v| !v.live) {
        md.push_str(&format!("\n### {} is not live\n\n", code(&v.kata)));
        for d in &v.differences {
            md.push_str(&format!("{}\n", block(d)));
        }
    }
    md
}

/// A table of checks with verdicts, points and figures.
pub fn checks_table(checks: &[CheckResult]) -> String {
    let mut md = String::from("| check | verdict | points | figure |\n|---|---|---|---|\n");
    for c in checks {
        let mark = if c.outcome == Outcome::Pass {
            "✅"
        } else {
            "❌"
        };
        let figure = c.figure.as_ref().map(|f| f.describe()).unwrap_or_default();
        md.push_str(&format!(
            "| {} | {mark} {} | {} / {} | {} |\n",
            cell(&c.id),
            c.outcome.label(),
            c.points,
            c.max_points,
            cell(&figure)
        ));
    }
    md
}

fn failures(checks: &[CheckResult]) -> String {
    let mut md = String::new();
    for c in checks.iter().filter(|c| c.outcome != Outcome::Pass) {
        let at = c
            .location
            .as_ref()
            .map(|l| format!(" at {}", code(&format!("{}:{}", l.file, l.line))))
            .unwrap_or_default();
        md.push_str(&format!(
            "\n**{}** {}{at}\n\n{}\n",
            code(&c.id),
            c.outcome.label(),
            block(&failure_text(c))
        ));
    }
    md
}

/// Text in a fenced block that it cannot close early.
fn block(text: &str) -> String {
    escape::markdown_block(text, "text")
}

/// The changed files outside the editable paths, when there are any.
pub fn outside_editable(paths: &[String]) -> String {
    if paths.is_empty() {
        return String::new();
    }
    let mut md = String::from(
        "\n### ❌ Changed outside the katas' editable paths\n\nA learner's pull request may only change the paths each `kata.toml` lists as editable.\n\n",
    );
    for p in paths {
        md.push_str(&format!("- {}\n", code(p)));
    }
    md
}

/// `cargo kata review --format markdown`: figures side by side, then the two diffs.
pub fn review(r: &crate::review::Review) -> String {
    let mut md = if r.mine {
        format!(
            "## Your change to {} (shipped = {})\n\n| check | shipped | yours |\n|---|---|---|\n",
            code(&r.kata),
            code(&r.base)
        )
    } else {
        format!(
            "## Review of {} (shipped = {})\n\n| check | shipped | learner | reference |\n|---|---|---|---|\n",
            code(&r.kata),
            code(&r.base)
        )
    };
    // The learner's own review has no reference column.
    let last = |text: String| {
        if r.mine {
            String::new()
        } else {
            format!(" {text} |")
        }
    };
    // A verdict's label is the grader's; a figure's value carries the test's unit.
    let verdict = |report: Option<&KataReport>, id: &str| match crate::review::verdict(report, id) {
        None => "-".to_owned(),
        Some((label, None)) => label.to_owned(),
        Some((label, Some(value))) => format!("{label} {}", cell(&value)),
    };
    for check in &r.learner.checks {
        md.push_str(&format!(
            "| {} | {} | {} |{}\n",
            cell(&check.id),
            verdict(Some(&r.shipped), &check.id),
            verdict(Some(&r.learner), &check.id),
            last(verdict(r.reference.as_ref(), &check.id))
        ));
    }
    let points = |report: Option<&KataReport>| {
        report.map_or("-".to_owned(), |rep| {
            format!("{}/{}", rep.points, rep.max_points)
        })
    };
    md.push_str(&format!(
        "| points | {} | {} |{}\n",
        points(Some(&r.shipped)),
        points(Some(&r.learner)),
        last(points(r.reference.as_ref()))
    ));
    let mut diffs = vec![(
        if r.mine {
            "Your changes against the kata as shipped"
        } else {
            "The learner's changes against the kata as shipped"
        },
        &r.changes_vs_shipped,
    )];
    if !r.mine {
        diffs.push((
            "From the learner's code to the reference solution",
            &r.changes_vs_reference,
        ));
    }
    for (title, diff) in diffs {
        md.push_str(&format!("\n### {title}\n\n"));
        if diff.trim().is_empty() {
            md.push_str("(no differences)\n");
        } else {
            md.push_str(&escape::markdown_block(diff.trim_end(), "diff"));
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::escape::hostile;

    /// `md` without its fenced blocks and code spans: what a renderer reads as Markdown.
    /// Also checks that every fence and code span is closed.
    fn outside_code(md: &str) -> String {
        let mut out = String::new();
        let mut fence: Option<String> = None;
        for line in md.lines() {
            let run: String = line.chars().take_while(|&c| c == '`').collect();
            match &fence {
                Some(open) if run.len() >= open.len() && line.trim_matches('`').is_empty() => {
                    fence = None;
                }
                Some(_) => {}
                None if run.len() >= 3 => fence = Some(run),
                None => {
                    out.push_str(&without_code_spans(line));
                    out.push('\n');
                }
            }
        }
        assert!(fence.is_none(), "a fenced block is not closed: {md}");
        out
    }

    fn without_code_spans(line: &str) -> String {
        let mut out = String::new();
        let mut rest = line;
        while let Some(start) = rest.find('`') {
            out.push_str(&rest[..start]);
            let run = rest[start..].len() - rest[start..].trim_start_matches('`').len();
            let after = &rest[start + run..];
            // The span ends at the next run of exactly `run` backticks.
            let mut end = None;
            let mut i = 0;
            while i < after.len() {
                let tail = &after[i..];
                let n = tail.len() - tail.trim_start_matches('`').len();
                if n == run {
                    end = Some(i);
                    break;
                }
                i += n.max(tail.chars().next().map_or(1, char::len_utf8));
            }
            let end = end.unwrap_or_else(|| panic!("a code span is not closed: {line}"));
            out.push_str("CODE");
            rest = &after[end + run..];
        }
        out.push_str(rest);
        out
    }

    /// Nothing hostile survives outside code, and every table row has its four cells.
    fn assert_safe(md: &str) {
        assert!(!hostile::has_raw_control(md), "{md:?}");
        let plain = outside_code(md);
        for forbidden in ["<", "](", "![", "http", "::", "]]>", "##["] {
            assert!(
                !plain.contains(forbidden),
                "{forbidden} outside code in:\n{plain}"
            );
        }
        for line in plain.lines().filter(|l| l.starts_with('|')) {
            let pipes = line
                .match_indices('|')
                .filter(|(i, _)| !line[..*i].ends_with('\\'))
                .count();
            assert_eq!(pipes, 5, "a row of four cells: {line}\nin:\n{plain}");
        }
    }

    #[test]
    fn hostile_text_is_code_in_every_markdown_report() {
        let reports = [hostile::report(), hostile::report()];
        assert_safe(&grades(&reports));
        assert_safe(&verifications(&[hostile::verification()]));
        assert_safe(&outside_editable(&[hostile::text(), hostile::text()]));
        assert_safe(&review(&hostile::review()));
    }

    #[test]
    fn ordinary_text_reads_as_before() {
        let mut report = hostile::report();
        report.kata = "panics".into();
        report.title = "Fixture panics".into();
        report.checks.truncate(1);
        report.checks[0].id = "main".into();
        report.checks[0].figure = None;
        let md = grades(&[report]);
        assert!(
            md.contains("| `panics` | 1 / 6 | 0 / 12 | ❌ not solved |"),
            "{md}"
        );
        assert!(md.contains("### `panics`: `Fixture panics`"), "{md}");
        assert!(md.contains("| `main` | ✅ PASS | 0 / 2 |  |"), "{md}");
        assert_eq!(
            outside_editable(&["katas/a/tests/checks.rs".into()]),
            "\n### ❌ Changed outside the katas' editable paths\n\nA learner's pull request may only change the paths each `kata.toml` lists as editable.\n\n- `katas/a/tests/checks.rs`\n"
        );
    }
}
