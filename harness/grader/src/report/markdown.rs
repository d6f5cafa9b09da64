//! Markdown for people reading a pull request or a review: a table of katas, then each
//! kata's checks, then the failures with their text in code blocks.

use crate::checks::{CheckResult, Outcome};
use crate::grade::KataReport;
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
            "| `{}` | {} / {} | {} / {} | {verdict} |\n",
            cell(&r.kata),
            r.passed,
            r.total,
            r.points,
            r.max_points
        ));
    }
    for r in reports {
        md.push_str(&format!(
            "\n### `{}`: {}\n\n",
            cell(&r.kata),
            cell(&r.title)
        ));
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
            "| `{}` | {live} | {failing} / {} | {solution} |\n",
            cell(&v.kata),
            v.shipped.total
        ));
    }
    for v in list.iter().filter(|v| !v.live) {
        md.push_str(&format!("\n### `{}` is not live\n\n", cell(&v.kata)));
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
            "| `{}` | {mark} {} | {} / {} | {} |\n",
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
            .map(|l| format!(" at `{}:{}`", cell(&l.file), l.line))
            .unwrap_or_default();
        md.push_str(&format!(
            "\n**`{}`** {}{at}\n\n{}\n",
            cell(&c.id),
            c.outcome.label(),
            block(&failure_text(c))
        ));
    }
    md
}

/// Text for a table cell: no pipes, no line breaks, no backticks breaking out of code.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|")
        .replace(['\n', '\r'], " ")
        .replace('`', "'")
}

/// Text in a fenced block that it cannot close early.
pub fn block(text: &str) -> String {
    format!("```text\n{}\n```\n", text.replace("```", "'''"))
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
        md.push_str(&format!("- `{}`\n", cell(p)));
    }
    md
}

/// `cargo kata review --format markdown`: figures side by side, then the two diffs.
pub fn review(r: &crate::review::Review) -> String {
    let mut md = format!(
        "## Review of `{}` (shipped = `{}`)\n\n| check | shipped | learner | reference |\n|---|---|---|---|\n",
        cell(&r.kata),
        cell(&r.base)
    );
    for row in crate::review::rows(r) {
        md.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            cell(&row[0]),
            cell(&row[1]),
            cell(&row[2]),
            cell(&row[3])
        ));
    }
    let diffs = [
        (
            "The learner's changes against the kata as shipped",
            &r.changes_vs_shipped,
        ),
        (
            "From the learner's code to the reference solution",
            &r.changes_vs_reference,
        ),
    ];
    for (title, diff) in diffs {
        md.push_str(&format!("\n### {title}\n\n"));
        if diff.trim().is_empty() {
            md.push_str("(no differences)\n");
        } else {
            md.push_str(&format!(
                "```diff\n{}\n```\n",
                diff.trim_end().replace("```", "'''")
            ));
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learner_text_stays_inside_its_cell_and_block() {
        assert_eq!(cell("a|b\nc`d"), "a\\|b c'd");
        assert_eq!(
            block("x\n```\n# heading"),
            "```text\nx\n'''\n# heading\n```\n"
        );
    }
}
