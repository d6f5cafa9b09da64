//! `grade`, `changed` and `gate`, and the report files and CI outputs a grade writes.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::learner::format_name;
use crate::error::exit;
use crate::events::{ActivityOnly, Sink};
use crate::grade::{self, KataReport, Options, Subject};
use crate::progress::{LastGrade, Progress};
use crate::report::escape::{self, terminal_line as line};
use crate::report::human::HumanGrade;
use crate::report::{Format, github, html, json, junit, markdown};
use crate::ui::{Spinner, paint, style};
use crate::workspace::{Kata, Workspace};
use crate::{Error, changes, gate as gate_check};

/// What `grade` was asked to do.
pub struct Request {
    pub subject: Subject,
    pub options: Options,
    pub format: Format,
    /// Extra report files.
    pub outputs: Vec<(Format, PathBuf)>,
    /// Changed files outside the katas' editable paths (`--changed`): each fails the grade.
    pub outside_editable: Vec<String>,
    /// Whether the katas were chosen by `--changed`.
    pub changed: bool,
}

pub fn grade(workspace: &Workspace, katas: &[Kata], request: &Request) -> Result<i32, Error> {
    check_file_formats(&request.outputs)?;
    let format = request.format;
    if request.changed && katas.is_empty() && format == Format::Human {
        anstream::println!(
            "No kata changed since {}.",
            line(request.options.base.as_deref().unwrap_or("the base"))
        );
    }
    // The kata's files as the grade begins: the last grade is of these.
    let files: std::collections::BTreeMap<&str, Option<String>> = katas
        .iter()
        .map(|k| (k.id.as_str(), crate::progress::fingerprint(&k.dir)))
        .collect();
    let reports = run_grades(workspace, katas, request)?;
    // A file saved while the grade ran may have been read by some checks and not by
    // others (each planted bug rebuilds the tests): say so. The grade is kept as one of
    // the files it began with, so `list` shows it out of date.
    for kata in katas {
        let before = files.get(kata.id.as_str()).cloned().flatten();
        if before.is_some() && before != crate::progress::fingerprint(&kata.dir) {
            anstream::eprintln!(
                "{} katas/{} changed while it was graded: some checks may have read the old \
                 files and some the new; grade it again",
                paint("warning:", style::WARN),
                line(&kata.id)
            );
        }
    }
    // A grade of some checks only is no kata's last grade; one that fails a check marks a
    // solved last grade as out of date.
    if request.subject == Subject::Kata {
        let mut progress = Progress::load(workspace.root())?;
        for report in &reports {
            let kata = progress.kata(&report.kata);
            if !report.partial {
                let mut last = LastGrade::from(report);
                last.files = files.get(report.kata.as_str()).cloned().flatten();
                kata.last_grade = Some(last);
            } else if report.passed < report.total
                && let Some(last) = kata.last_grade.as_mut().filter(|g| g.solved)
            {
                // Some checks only, one of them failing: the last grade's "solved" is old.
                last.contradicted = true;
            }
        }
        progress.save(workspace.root())?;
    }
    let outside = &request.outside_editable;
    let passed = reports.iter().filter(|r| r.solved).count();
    // A grade of some checks only succeeds when every check asked for passed (it is
    // never `solved`: the other checks were not run).
    let all_asked_passed = reports
        .iter()
        .all(|r| r.solved || (r.partial && r.passed == r.total && r.build_error.is_none()));
    match format {
        Format::Human => {
            if !outside.is_empty() {
                anstream::println!(
                    "{}",
                    paint(
                        "Changed outside the katas' editable paths (a learner's pull request may not change these):",
                        style::FAIL
                    )
                );
                for path in outside {
                    anstream::println!("  {}", line(path));
                }
            }
            if reports.len() > 1 || request.changed {
                anstream::println!("grade: {passed} passed, {} failed", reports.len() - passed);
            }
        }
        Format::Github => {
            anstream::print!(
                "{}{}",
                github::annotations(&reports),
                github::outside_editable(outside)
            );
            append_step_summary(&render(Format::Markdown, &reports, outside))?;
            anstream::println!("grade: {passed} passed, {} failed", reports.len() - passed);
        }
        other => print_document(&render(other, &reports, outside)),
    }
    for (file_format, path) in &request.outputs {
        write_report(path, &render(*file_format, &reports, outside))?;
    }
    Ok(if all_asked_passed && outside.is_empty() {
        exit::OK
    } else {
        exit::CHECKS_FAILED
    })
}

fn run_grades(
    workspace: &Workspace,
    katas: &[Kata],
    request: &Request,
) -> Result<Vec<KataReport>, Error> {
    let spinner = Spinner::new("grading");
    let mut human;
    let mut quiet;
    let sink: &mut dyn Sink = if request.format == Format::Human {
        human = HumanGrade::new(&spinner);
        &mut human
    } else {
        quiet = ActivityOnly(|text: &str| spinner.set(text));
        &mut quiet
    };
    let reports = katas
        .iter()
        .map(|kata| grade::grade(workspace, kata, request.subject, &request.options, sink))
        .collect();
    spinner.clear();
    reports
}

/// A finished grade in a machine format.
fn render(format: Format, reports: &[KataReport], outside: &[String]) -> String {
    match format {
        Format::Json => format!("{}\n", json::grades_with_outside(reports, outside)),
        Format::Junit => junit::grades(reports),
        Format::Markdown => format!(
            "{}{}",
            markdown::grades(reports),
            markdown::outside_editable(outside)
        ),
        Format::Github => format!(
            "{}{}",
            github::annotations(reports),
            github::outside_editable(outside)
        ),
        Format::Html => html::grades(reports),
        Format::Human => String::new(),
    }
}

/// A finished report printed to stdout. JSON and JUnit are already safe for a CI log (see
/// [`escape::json`], [`escape::xml_text`]); Markdown's code blocks hold learner text as it
/// is, so a line that GitHub Actions would read as a workflow command is guarded here (the
/// files and the run summary keep the text unchanged).
pub fn print_document(document: &str) {
    anstream::print!("{}", escape::workflow_guard(document));
}

/// `--output` takes the formats that make sense in a file.
pub fn check_file_formats(outputs: &[(Format, PathBuf)]) -> Result<(), Error> {
    match outputs
        .iter()
        .find(|(f, _)| matches!(f, Format::Human | Format::Github))
    {
        Some((f, _)) => Err(Error::Config(format!(
            "--output takes json, junit, markdown or html, not {}",
            format_name(*f)
        ))),
        None => Ok(()),
    }
}

/// Write a report file (the path is the caller's choice, never a kata's file).
pub fn write_report(path: &Path, text: &str) -> Result<(), Error> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    std::fs::write(path, text).map_err(|e| Error::io(path, e))
}

/// Append to the job summary GitHub shows on the run page, when running in Actions.
pub fn append_step_summary(markdown: &str) -> Result<(), Error> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") else {
        return Ok(());
    };
    let path = PathBuf::from(path);
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    file.write_all(markdown.as_bytes())
        .map_err(|e| Error::io(&path, e))
}

pub fn changed(workspace: &Workspace, base: &str, format: Format) -> Result<i32, Error> {
    let changes = changes::since(workspace, base)?;
    match format {
        Format::Json => anstream::println!("{}", json::changes(&changes)),
        Format::Human => {
            // Folder and file names from a pull request: escaped, one line each.
            for id in &changes.katas {
                anstream::println!("{}", line(id));
            }
            for path in &changes.outside_editable {
                anstream::eprintln!("changed outside the katas' editable paths: {}", line(path));
            }
        }
        other => {
            return Err(Error::Config(format!(
                "`changed` prints human or json, not {}",
                format_name(other)
            )));
        }
    }
    Ok(exit::OK)
}

/// `cargo kata gate`: judge the change in the repo containing `dir` against `base`.
pub fn gate(dir: &Path, base: &str, format: Format) -> Result<i32, Error> {
    if !matches!(format, Format::Human | Format::Json | Format::Github) {
        return Err(Error::Config(format!(
            "`gate` prints human, json or github, not {}",
            format_name(format)
        )));
    }
    let report = gate_check::check(dir, base)?;
    let short = &report.merge_base[..report.merge_base.len().min(12)];
    match format {
        Format::Json => anstream::println!("{}", json::gate(&report)),
        Format::Github => anstream::print!("{}", github::gate(&report)),
        _ => {
            for finding in &report.findings {
                anstream::println!(
                    "{} {}: {}",
                    paint("✗", style::FAIL),
                    shown(&finding.path),
                    finding.reasons_text()
                );
            }
        }
    }
    if format != Format::Json {
        if report.is_clean() {
            anstream::println!(
                "gate: OK, {} changed file{} since {short} (merge base with {}), all in the katas' editable paths",
                report.changed,
                if report.changed == 1 { "" } else { "s" },
                shown(base)
            );
        } else {
            anstream::println!(
                "gate: {} of {} changed files may not change in a learner's pull request (merge base {short} with {})",
                report.findings.len(),
                report.changed,
                shown(base)
            );
        }
    }
    Ok(if report.is_clean() {
        exit::OK
    } else {
        exit::CHECKS_FAILED
    })
}

/// Text from a change (a path) for a terminal: control characters escaped.
fn shown(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}
