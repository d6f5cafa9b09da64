//! The terminal view: one aligned line per check, with the measured figure, and for a
//! failure what happened, where, and the check's hint.
//!
//! Every text the grader does not control (ids, titles, figures, messages, paths, hints,
//! diffs) goes through [`escape::terminal`] or [`escape::terminal_line`]: no escape
//! sequence or control character reaches the terminal, and no line reads as a GitHub
//! workflow command when the output is a CI log.

use crate::checks::{CheckResult, Outcome};
use crate::events::{Event, Sink};
use crate::grade::{KataReport, Subject};
use crate::manifest::CheckKind;
use crate::report::escape::{self, terminal_line as line};
use crate::ui::{Spinner, paint, style};
use crate::verify::Verification;
use crate::workspace::Kata;

/// Lines of a failure message shown before it is cut (a compile error can be long).
const MESSAGE_LINES: usize = 14;

/// Streams a grade to the terminal as verdicts arrive.
pub struct HumanGrade<'a> {
    spinner: &'a Spinner,
    id_width: usize,
}

impl<'a> HumanGrade<'a> {
    pub fn new(spinner: &'a Spinner) -> Self {
        HumanGrade {
            spinner,
            id_width: 0,
        }
    }
}

impl Sink for HumanGrade<'_> {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::KataStarted { kata, subject } => {
                self.id_width = kata
                    .manifest
                    .checks
                    .iter()
                    .map(|c| line(&c.get_ref().id).chars().count())
                    .max()
                    .unwrap_or(0);
                self.spinner.println(&header(kata, subject));
            }
            Event::Activity(text) => self.spinner.set(&text),
            Event::CheckFinished { result, .. } => {
                for line in check_lines(result, self.id_width) {
                    self.spinner.println(&line);
                }
            }
            Event::KataFinished(report) => self.spinner.println(&footer(report)),
        }
    }
}

fn header(kata: &Kata, subject: Subject) -> String {
    let m = &kata.manifest;
    let whose = match subject {
        Subject::Solution => " (reference solution)",
        Subject::Variant => " (a variant)",
        Subject::Kata => "",
    };
    format!(
        "{}{whose} · {} {}",
        paint(&line(&kata.id), style::BOLD),
        line(&m.title),
        paint(
            &line(&format!("[{}, {}]", m.family, m.difficulty.as_str())),
            style::DIM
        )
    )
}

/// The lines for one check.
pub fn check_lines(result: &CheckResult, id_width: usize) -> Vec<String> {
    let label_style = match result.outcome {
        Outcome::Pass => style::PASS,
        Outcome::Error => style::WARN,
        _ => style::FAIL,
    };
    let label = paint(&format!("{:<8}", result.outcome.label()), label_style);
    let points = format!("{:>2}/{:<2}", result.points, result.max_points);
    let figure = result
        .figure
        .as_ref()
        .map(|f| line(&f.describe()))
        .unwrap_or_default();
    let mut lines = vec![format!(
        "  {label} {:<id_width$}  {}  {figure}",
        line(&result.id),
        paint(&points, style::DIM)
    )];
    if result.outcome == Outcome::Pass {
        // A pass may still have something to say (the planted bugs that survived a check
        // that needs only most of them caught): shown quietly, no hint.
        if let Some(message) = &result.message {
            let indent = " ".repeat(11);
            for text in escape::terminal(message).lines().take(MESSAGE_LINES) {
                lines.push(format!("{indent}{}", paint(text, style::DIM)));
            }
        }
    } else {
        let indent = " ".repeat(11);
        if let Some(message) = &result.message {
            // The headline shows the figure: its words are not repeated below it.
            let message = match &result.figure {
                Some(f) => message.replacen(&format!("{}: ", f.measured()), "", 1),
                None => message.clone(),
            };
            let message = escape::terminal(&message);
            let all: Vec<&str> = message.lines().collect();
            for line in all.iter().take(MESSAGE_LINES) {
                lines.push(format!("{indent}{line}"));
            }
            if all.len() > MESSAGE_LINES {
                lines.push(format!(
                    "{indent}{}",
                    paint(
                        &format!("… {} more lines", all.len() - MESSAGE_LINES),
                        style::DIM
                    )
                ));
            }
        }
        if let Some(location) = &result.location {
            lines.push(format!(
                "{indent}{}",
                paint(
                    &line(&format!("at {}:{}", location.file, location.line)),
                    style::DIM
                )
            ));
        }
        if let Some(hint) = &result.hint {
            let hint = escape::terminal(hint);
            let mut hint = hint.lines();
            let first = hint.next().unwrap_or_default();
            lines.push(format!("{indent}{} {first}", paint("hint:", style::HINT)));
            lines.extend(hint.map(|more| format!("{indent}      {more}")));
        }
    }
    lines
}

fn footer(report: &KataReport) -> String {
    if report.partial {
        return format!(
            "  {} of {} checks asked for passed · {}/{} points (some checks only: `cargo kata grade {}` grades them all)\n",
            report.passed,
            report.total,
            report.points,
            report.max_points,
            line(&report.kata)
        );
    }
    let failing = || report.checks.iter().filter(|c| !c.passed());
    let only_tampered =
        failing().next().is_some() && failing().all(|c| c.kind == CheckKind::Tamper);
    let only_policy = failing().next().is_some()
        && failing().all(|c| matches!(c.kind, CheckKind::Policy | CheckKind::Tamper));
    // Every point earned and still not solved reads oddly unless said why.
    let zero_points = if failing().all(|c| c.max_points == 0) {
        "it scores no points, but a kata is solved only when every check passes; "
    } else {
        ""
    };
    let verdict = if report.solved {
        paint("solved", style::PASS)
    } else if report.subject == Subject::Kata && only_tampered {
        // No hint helps here: the fix is to put the checks' files back.
        format!(
            "{} (`{}` failed: {zero_points}put back what it names above)",
            paint("not solved yet", style::FAIL),
            line(failing().next().map_or("protected", |c| c.id.as_str()))
        )
    } else if report.subject == Subject::Kata
        && only_policy
        && failing().any(|c| c.outcome == Outcome::NotBuilt)
    {
        // The policy's build is the one that failed (an editable bench, say).
        format!(
            "{} (`{}` could not build the code: {zero_points}the compiler's error is above)",
            paint("not solved yet", style::FAIL),
            line(
                failing()
                    .find(|c| c.outcome == Outcome::NotBuilt)
                    .map_or("policy", |c| c.id.as_str())
            )
        )
    } else if report.subject == Subject::Kata && only_policy {
        // Nor here: the grade named each use the policy forbids.
        format!(
            "{} (`{}` failed: {zero_points}the code uses what the policy forbids, each use named above)",
            paint("not solved yet", style::FAIL),
            line(
                failing()
                    .find(|c| c.kind == CheckKind::Policy)
                    .map_or("policy", |c| c.id.as_str())
            )
        )
    } else if report.subject == Subject::Kata {
        format!(
            "{} (`cargo kata hint {}` for a hint)",
            paint("not solved yet", style::FAIL),
            line(&report.kata)
        )
    } else {
        paint("not solved", style::FAIL)
    };
    format!(
        "  {} of {} checks passed · {}/{} points · {verdict}\n",
        report.passed, report.total, report.points, report.max_points
    )
}

/// The verify view of one kata: live, or what differs from the manifest's expectations.
pub fn verification_lines(v: &Verification, id_width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if v.live {
        let failing = v.shipped.checks.iter().filter(|c| !c.passed()).count();
        let solution = v.solution.as_ref().map_or(0, |s| s.passed);
        let variants = if v.variants.is_empty() {
            String::new()
        } else {
            format!("; {} variants graded as they should be", v.variants.len())
        };
        lines.push(format!(
            "{} {:<id_width$}  {}",
            paint("live    ", style::PASS),
            line(&v.kata),
            paint(
                &format!(
                    "shipped fails {failing} of {total} checks as it should; solution passes {solution} of {total}{variants}",
                    total = v.shipped.total
                ),
                style::DIM
            )
        ));
    } else {
        lines.push(format!(
            "{} {}",
            paint("NOT LIVE", style::FAIL),
            line(&v.kata)
        ));
        for difference in &v.differences {
            let difference = escape::terminal(difference);
            let mut text = difference.lines();
            lines.push(format!("         {}", text.next().unwrap_or_default()));
            for more in text.take(MESSAGE_LINES) {
                lines.push(format!("           {more}"));
            }
        }
    }
    lines
}

/// The terminal view of a review: figures side by side, then the two diffs.
pub fn review_lines(r: &crate::review::Review) -> Vec<String> {
    let rows: Vec<[String; 4]> = crate::review::rows(r)
        .iter()
        .map(|row| row.each_ref().map(|cell| line(cell)))
        .collect();
    let mut widths = [5, 7, 7, 9];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let row = |cells: [&str; 4]| {
        format!(
            "  {:<w0$}  {:<w1$}  {:<w2$}  {}",
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        )
    };
    let (header, who) = if r.mine {
        (["check", "shipped", "yours", ""], "Your changes")
    } else {
        (
            ["check", "shipped", "learner", "reference"],
            "The learner's changes",
        )
    };
    let mut lines = vec![
        format!(
            "{} · {} against `{}`",
            paint(&line(&r.kata), style::BOLD),
            if r.mine { "your change" } else { "review" },
            line(&r.base)
        ),
        paint(row(header).trim_end(), style::DIM),
    ];
    if r.shipped_remembered {
        lines.insert(
            1,
            paint(
                "  (the shipped column is the grade an earlier diff made of the same commit)",
                style::DIM,
            ),
        );
    }
    for cells in &rows {
        let last = if r.mine { "" } else { &cells[3] };
        lines.push(
            row([&cells[0], &cells[1], &cells[2], last])
                .trim_end()
                .to_owned(),
        );
    }
    // A figure measured at another size in one version (the shipped code stopped early,
    // say) is not the same figure: say what each one measured.
    for check in &r.learner.checks {
        let named = |report: Option<&KataReport>| {
            report
                .and_then(|rep| rep.checks.iter().find(|c| c.id == check.id))
                .and_then(|c| c.figure.as_ref())
                .map(|f| f.name.clone())
        };
        let mut versions = vec![
            ("shipped", named(Some(&r.shipped))),
            (
                if r.mine { "yours" } else { "learner" },
                named(Some(&r.learner)),
            ),
        ];
        if !r.mine {
            versions.push(("reference", named(r.reference.as_ref())));
        }
        let names: Vec<(&str, String)> = versions
            .into_iter()
            .filter_map(|(who, name)| name.map(|n| (who, n)))
            .collect();
        if names.windows(2).any(|w| w[0].1 != w[1].1) {
            let each: Vec<String> = names.iter().map(|(who, n)| format!("{who}: {n}")).collect();
            lines.push(paint(
                &line(&format!(
                    "  {}: measured differently ({})",
                    check.id,
                    each.join("; ")
                )),
                style::DIM,
            ));
        }
    }
    let shipped_title = format!("{who} against the kata as shipped:");
    let mut diffs = vec![(shipped_title.as_str(), &r.changes_vs_shipped)];
    if !r.mine {
        diffs.push((
            "From the learner's code to the reference solution:",
            &r.changes_vs_reference,
        ));
    }
    for (title, diff) in diffs {
        lines.push(String::new());
        lines.push(paint(title, style::BOLD));
        if diff.trim().is_empty() {
            lines.push("  (no differences)".into());
        }
        for d in diff.lines().map(line) {
            let d = d.as_str();
            let styled = if d.starts_with('+') && !d.starts_with("+++") {
                paint(d, style::PASS)
            } else if d.starts_with('-') && !d.starts_with("---") {
                paint(d, style::FAIL)
            } else {
                d.to_owned()
            };
            lines.push(format!("  {styled}"));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::escape::hostile;

    /// No control character but the grader's styles, and no workflow command once the
    /// styles are taken out (as in a CI log).
    fn assert_safe(lines: &[String]) {
        let out = lines.join("\n");
        assert!(!hostile::has_raw_control(&out), "{out:?}");
        let plain = hostile::without_styles(&out);
        assert!(
            hostile::workflow_commands(&plain).is_empty(),
            "{:?}",
            hostile::workflow_commands(&plain)
        );
    }

    fn hostile_kata() -> Kata {
        let text = hostile::toml_string(&hostile::text());
        let manifest = format!(
            r#"schema = 1
title = {text}
family = "flaky-tests"
difficulty = "intro"
track = 1
summary = {text}
topics = [{text}]
hints = [{text}]

[paths]
editable = ["src/**"]
protected = ["tests/**"]

[[check]]
id = "t"
kind = "test"
test = {text}
points = 1
hint = {text}
shipped = "fails"
"#
        );
        Kata {
            id: hostile::report().kata,
            dir: std::path::PathBuf::from("katas/x"),
            manifest: crate::manifest::parse(&manifest, std::path::Path::new("kata.toml")).unwrap(),
        }
    }

    #[test]
    fn a_kata_failing_only_its_protected_check_is_told_to_put_files_back() {
        use crate::report::escape::hostile;
        let mut report = hostile::report();
        for check in &mut report.checks {
            check.outcome = Outcome::Pass;
        }
        report.checks[1].kind = CheckKind::Tamper;
        report.checks[1].id = "protected".into();
        report.checks[1].outcome = Outcome::Fail;
        report.checks[1].max_points = 0;
        let text = footer(&report);
        assert!(
            text.contains("`protected` failed: it scores no points, but a kata is solved only when every check passes; put back what it names above"),
            "{text}"
        );
        report.checks[1].max_points = 1;
        let text = footer(&report);
        assert!(
            text.contains("`protected` failed: put back what it names above"),
            "a check with points needs no word on points: {text}"
        );
        assert!(!text.contains("for a hint"), "{text}");
        report.checks[2].outcome = Outcome::Fail;
        assert!(
            footer(&report).contains("for a hint"),
            "another failure: a hint may help"
        );
    }

    #[test]
    fn a_passing_check_still_says_what_it_found_without_a_hint() {
        let mut check = crate::report::escape::hostile::report().checks[0].clone();
        check.outcome = Outcome::Pass;
        check.message = Some("still surviving:\n  - `tax-before-discount`".into());
        check.hint = Some("a hint".into());
        let text = check_lines(&check, 12).join("\n");
        assert!(text.contains("tax-before-discount"), "{text}");
        assert!(!text.contains("hint:"), "{text}");
    }

    #[test]
    fn hostile_text_reaches_the_terminal_neutralised() {
        let kata = hostile_kata();
        assert_safe(&[
            header(&kata, Subject::Kata),
            header(&kata, Subject::Solution),
        ]);
        let report = hostile::report();
        for check in &report.checks {
            assert_safe(&check_lines(check, 20));
        }
        assert_safe(&[footer(&report)]);
        assert_safe(&verification_lines(&hostile::verification(), 20));
        let mut live = hostile::verification();
        live.live = true;
        assert_safe(&verification_lines(&live, 20));
        assert_safe(&review_lines(&hostile::review()));
    }

    #[test]
    fn a_hint_over_several_lines_stays_indented() {
        let mut check = hostile::check(Outcome::Fail);
        check.hint = Some("first\nsecond".into());
        let lines = check_lines(&check, 4);
        let plain = hostile::without_styles(&lines.join("\n"));
        assert!(
            plain.ends_with("           hint: first\n                 second"),
            "{plain}"
        );
    }

    #[test]
    fn ordinary_lines_are_unchanged() {
        let mut check = hostile::check(Outcome::Fail);
        check.id = "main".into();
        check.message = Some("assertion failed\n  left: 1".into());
        check.hint = Some("Fix it.".into());
        check.figure = None;
        check.location = Some(crate::checks::Location {
            file: "katas/passing/tests/checks.rs".into(),
            line: 5,
        });
        let plain = hostile::without_styles(&check_lines(&check, 4).join("\n"));
        assert_eq!(
            plain,
            "  FAIL     main   0/2   \n           assertion failed\n             left: 1\n           at katas/passing/tests/checks.rs:5\n           hint: Fix it."
        );
    }
}
