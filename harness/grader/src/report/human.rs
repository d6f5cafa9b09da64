//! The terminal view: one aligned line per check, with the measured figure, and for a
//! failure what happened, where, and the check's hint.

use crate::checks::{CheckResult, Outcome};
use crate::events::{Event, Sink};
use crate::grade::{KataReport, Subject};
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
                    .map(|c| c.get_ref().id.len())
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
    let whose = if subject == Subject::Solution {
        " (reference solution)"
    } else {
        ""
    };
    format!(
        "{}{whose} · {} {}",
        paint(&kata.id, style::BOLD),
        m.title,
        paint(
            &format!("[{}, {}]", m.family, m.difficulty.as_str()),
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
        .map(|f| f.describe())
        .unwrap_or_default();
    let mut lines = vec![format!(
        "  {label} {:<id_width$}  {}  {figure}",
        result.id,
        paint(&points, style::DIM)
    )];
    if result.outcome != Outcome::Pass {
        let indent = " ".repeat(11);
        if let Some(message) = &result.message {
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
                    &format!("at {}:{}", location.file, location.line),
                    style::DIM
                )
            ));
        }
        if let Some(hint) = &result.hint {
            lines.push(format!("{indent}{} {hint}", paint("hint:", style::HINT)));
        }
    }
    lines
}

fn footer(report: &KataReport) -> String {
    let verdict = if report.solved {
        paint("solved", style::PASS)
    } else if report.subject == Subject::Kata {
        format!(
            "{} (`cargo kata hint {}` for a hint)",
            paint("not solved yet", style::FAIL),
            report.kata
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
        lines.push(format!(
            "{} {:<id_width$}  {}",
            paint("live    ", style::PASS),
            v.kata,
            paint(
                &format!(
                    "shipped fails {failing} of {total} checks as it should; solution passes {solution} of {total}",
                    total = v.shipped.total
                ),
                style::DIM
            )
        ));
    } else {
        lines.push(format!("{} {}", paint("NOT LIVE", style::FAIL), v.kata));
        for difference in &v.differences {
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
    let rows = crate::review::rows(r);
    let mut widths = [5, 7, 7, 9];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 4]| {
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
    let mut lines = vec![
        format!(
            "{} · review against `{}`",
            paint(&r.kata, style::BOLD),
            r.base
        ),
        paint(
            &line(["check", "shipped", "learner", "reference"]),
            style::DIM,
        ),
    ];
    for row in &rows {
        lines.push(line([&row[0], &row[1], &row[2], &row[3]]));
    }
    for (title, diff) in [
        (
            "The learner's changes against the kata as shipped:",
            &r.changes_vs_shipped,
        ),
        (
            "From the learner's code to the reference solution:",
            &r.changes_vs_reference,
        ),
    ] {
        lines.push(String::new());
        lines.push(paint(title, style::BOLD));
        if diff.trim().is_empty() {
            lines.push("  (no differences)".into());
        }
        for d in diff.lines() {
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
