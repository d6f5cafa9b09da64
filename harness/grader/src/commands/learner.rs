//! The learner's commands that do not grade: `list` and `hint`.

use crate::Error;
use crate::error::exit;
use crate::grade::{Options, Subject};
use crate::progress::{LastGrade, Progress};
use crate::report::Format;
use crate::report::escape::{self, terminal_line as line};
use crate::report::human::HumanGrade;
use crate::report::json::{self, ListEntry};
use crate::ui::Spinner;
use crate::ui::{paint, style};
use crate::workspace::{Kata, Workspace};

pub fn list(workspace: &Workspace, format: Format) -> Result<i32, Error> {
    let progress = Progress::load(workspace.root())?;
    let entries: Vec<ListEntry> = workspace
        .katas()?
        .iter()
        .map(|kata| entry(kata, &progress))
        .collect();
    // Kata ids are folder names: shown escaped, and aligned as shown.
    let ids: Vec<String> = entries.iter().map(|e| line(&e.id)).collect();
    match format {
        Format::Json => {
            anstream::println!("{}", json::list(&entries));
            return Ok(exit::OK);
        }
        Format::Human => {}
        other => {
            return Err(Error::Config(format!(
                "`list` prints human or json, not {}",
                format_name(other)
            )));
        }
    }
    let id_width = ids
        .iter()
        .map(|id| id.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let family_width = entries
        .iter()
        .map(|e| e.family.len())
        .max()
        .unwrap_or(6)
        .max(6);
    let header = format!(
        "  #  {:<id_width$}  {:<family_width$}  {:<8}  {:<16}  points",
        "kata", "family", "level", "status"
    );
    anstream::println!("{}", paint(&header, style::DIM));
    for (i, (e, id)) in entries.iter().zip(&ids).enumerate() {
        let status = match e.status.as_str() {
            "solved" => paint(&format!("{:<16}", "solved"), style::PASS),
            "in-progress" => paint(
                &format!(
                    "{:<16}",
                    format!("{} of {} checks", e.checks_passed, e.checks_total)
                ),
                style::WARN,
            ),
            "grade-again" => paint(&format!("{:<16}", "grade again"), style::WARN),
            _ => paint(&format!("{:<16}", "not tried"), style::DIM),
        };
        anstream::println!(
            "{:>3}  {:<id_width$}  {:<family_width$}  {:<8}  {status}  {:>2}/{}",
            i + 1,
            id,
            e.family,
            e.difficulty,
            e.points,
            e.max_points
        );
    }
    let first = entries
        .iter()
        .zip(&ids)
        .find(|(e, _)| e.status != "solved")
        .or(entries.iter().zip(&ids).next())
        .map_or("<kata>", |(_, id)| id.as_str());
    anstream::println!("\nNext: `cargo kata grade {first}`; `cargo kata hint <kata>` when stuck.");
    Ok(exit::OK)
}

fn entry(kata: &Kata, progress: &Progress) -> ListEntry {
    let last = progress
        .katas
        .get(&kata.id)
        .and_then(|p| p.last_grade.as_ref());
    let status = match last {
        // The kata changed since (checks added or re-weighted): that grade says nothing now.
        Some(g)
            if g.total != kata.manifest.checks.len()
                || g.max_points != kata.manifest.max_points() =>
        {
            "grade-again"
        }
        // A `--check` grade since failed a check: "solved" is out of date.
        Some(g) if g.contradicted => "grade-again",
        // Edited since: the grade was of other code.
        Some(g) if g.files_changed(crate::progress::fingerprint(&kata.dir).as_deref()) => {
            "grade-again"
        }
        Some(g) if g.solved => "solved",
        Some(_) => "in-progress",
        None => "not-tried",
    };
    ListEntry {
        id: kata.id.clone(),
        title: kata.manifest.title.clone(),
        family: kata.manifest.family.clone(),
        difficulty: kata.manifest.difficulty.as_str().to_owned(),
        track: kata.manifest.track,
        status: status.to_owned(),
        checks_passed: last.map_or(0, |g| g.passed),
        checks_total: kata.manifest.checks.len(),
        points: last.map_or(0, |g| g.points),
        max_points: kata.manifest.max_points(),
    }
}

/// `cargo kata profile`: the workload under a sampling profiler, from the learner's code,
/// the reference solution, or the kata as shipped (`--shipped [REF]`).
pub fn profile(
    workspace: &Workspace,
    kata: &Kata,
    solution: bool,
    shipped: Option<String>,
) -> Result<i32, Error> {
    let spinner = crate::ui::Spinner::new(&format!(
        "{}: building the profiling entry (release)",
        kata.id
    ));
    let profiled = match shipped {
        Some(base) => {
            let base = if base.is_empty() {
                crate::git::upstream(workspace.root())?
            } else {
                base
            };
            let checkout = crate::review::ShippedCheckout::new(
                workspace,
                &base,
                &format!("profile-{}", kata.id),
            )?;
            let shipped_kata = checkout.workspace.kata(&kata.id)?;
            let mut profiled =
                crate::profile::profile(&checkout.workspace, &shipped_kata, &kata.id)?;
            // The checkout is removed on return: keep the results beside the others.
            let out = workspace
                .target_dir()
                .join("cargo-kata")
                .join("profile")
                .join(format!("{}-shipped", kata.id));
            copy_dir(&profiled.out, &out)?;
            profiled.printed = profiled.printed.replace(
                &profiled.out.display().to_string(),
                &out.display().to_string(),
            );
            profiled.out = out;
            profiled
        }
        None if solution => {
            crate::profile::profile(workspace, kata, &format!("{}-solution", kata.id))?
        }
        None => crate::profile::profile(workspace, kata, &kata.id)?,
    };
    spinner.clear();
    for line in profiled.printed.lines() {
        anstream::println!("{}", escape::terminal(line));
    }
    Ok(exit::OK)
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) -> Result<(), Error> {
    std::fs::create_dir_all(to).map_err(|e| Error::io(to, e))?;
    for entry in std::fs::read_dir(from).map_err(|e| Error::io(from, e))? {
        let entry = entry.map_err(|e| Error::io(from, e))?;
        let target = to.join(entry.file_name());
        std::fs::copy(entry.path(), &target).map_err(|e| Error::io(&target, e))?;
    }
    Ok(())
}

/// `cargo kata report`: grade each kata's learner code and reference solution, and write
/// one HTML page with both side by side and their charts.
pub fn report(
    workspace: &Workspace,
    katas: &[Kata],
    output: Option<std::path::PathBuf>,
    open: bool,
) -> Result<i32, Error> {
    let spinner = crate::ui::Spinner::new("grading");
    let mut sink = crate::events::ActivityOnly(|text: &str| spinner.set(text));
    let options = crate::grade::Options::default();
    let mut graded = Vec::new();
    for kata in katas {
        let yours = crate::grade::grade(workspace, kata, Subject::Kata, &options, &mut sink)?;
        let reference = crate::grade::grade_solution(workspace, kata, &options, &mut sink)?;
        graded.push((kata, yours, reference));
    }
    spinner.clear();
    let groups: Vec<crate::report::html::Group> = graded
        .iter()
        .map(|(kata, yours, reference)| {
            let mut columns = vec![("yours", yours)];
            if let Some(r) = reference {
                columns.push(("reference", r));
            }
            crate::report::html::Group {
                kata: &kata.id,
                title: &kata.manifest.title,
                columns,
            }
        })
        .collect();
    let page = crate::report::html::page("cargo kata report", &groups);
    let path = output.unwrap_or_else(|| {
        workspace
            .target_dir()
            .join("cargo-kata")
            .join("report.html")
    });
    super::grading::write_report(&path, &page)?;
    anstream::println!(
        "report: {}",
        escape::terminal_line(&path.display().to_string())
    );
    if open {
        open_in_browser(&path);
    }
    Ok(exit::OK)
}

/// Best effort: the platform's opener; the path is printed either way.
fn open_in_browser(path: &std::path::Path) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener)
        .arg(path)
        .spawn()
        .is_err()
    {
        anstream::eprintln!("could not start `{opener}`: open the file yourself");
    }
}

pub fn hint(workspace: &Workspace, kata: &Kata) -> Result<i32, Error> {
    let mut progress = Progress::load(workspace.root())?;
    let hints = &kata.manifest.hints;
    let entry = progress.kata(&kata.id);
    let shown = (entry.hints_shown + 1).min(hints.len());
    entry.hints_shown = shown;
    progress.save(workspace.root())?;
    anstream::println!(
        "{} · {}",
        paint(&line(&kata.id), style::BOLD),
        line(&kata.manifest.title)
    );
    for (i, text) in hints.iter().take(shown).enumerate() {
        let label = format!("hint {} of {}:", i + 1, hints.len());
        // A hint over several lines keeps its lines under its first.
        let indent = " ".repeat(label.chars().count() + 3);
        let text = escape::terminal(text).replace('\n', &format!("\n{indent}"));
        anstream::println!("  {} {text}", paint(&label, style::HINT));
    }
    if shown == hints.len() {
        let last = "  That was the last hint. The reference fix and its reasoning are in solutions/ when you are done.";
        anstream::println!("{}", paint(last, style::DIM));
    }
    Ok(exit::OK)
}

pub fn watch(
    workspace: &Workspace,
    kata: &Kata,
    poll: bool,
    max_grades: Option<u32>,
) -> Result<i32, Error> {
    let mut watcher = crate::watch::KataWatcher::new(&kata.dir, poll);
    let how = watcher.mode.describe();
    anstream::println!(
        "{}",
        paint(
            &line(&format!(
                "Watching katas/{} ({how}); Ctrl-C stops.",
                kata.id
            )),
            style::DIM
        )
    );
    let mut last: Option<crate::grade::KataReport> = None;
    let mut grades = 0;
    loop {
        watcher.mark();
        let files = crate::progress::fingerprint(&kata.dir);
        let spinner = Spinner::new("grading");
        let mut sink = HumanGrade::new(&spinner);
        let report = crate::grade::grade(
            workspace,
            kata,
            Subject::Kata,
            &Options::default(),
            &mut sink,
        )?;
        spinner.clear();
        if let Some(before) = &last {
            let changes = crate::watch::differences(before, &report);
            let heading = if changes.is_empty() {
                "No change since the last grade."
            } else {
                "Since the last grade:"
            };
            anstream::println!("{}", paint(heading, style::BOLD));
            for change in changes {
                anstream::println!("  {}", line(&change));
            }
        }
        let mut progress = Progress::load(workspace.root())?;
        let mut graded = LastGrade::from(&report);
        graded.files = files;
        progress.kata(&kata.id).last_grade = Some(graded);
        progress.save(workspace.root())?;
        last = Some(report);
        grades += 1;
        if max_grades.is_some_and(|m| grades >= m) {
            return Ok(exit::OK);
        }
        anstream::println!("{}", paint("Waiting for a change…", style::DIM));
        watcher.wait_for_change();
    }
}

pub fn reset(workspace: &Workspace, kata: &Kata, from: Option<String>) -> Result<i32, Error> {
    let from = match from {
        Some(f) => f,
        None => crate::git::upstream(workspace.root())?,
    };
    let done = crate::reset::reset(workspace, kata, &from)?;
    let mut progress = Progress::load(workspace.root())?;
    progress.kata(&kata.id).last_grade = None;
    progress.save(workspace.root())?;
    anstream::println!(
        "{}",
        line(&format!(
            "Saved your copy of katas/{} ({} files) in {}",
            kata.id,
            done.saved,
            workspace.display(&done.backup)
        ))
    );
    if !done.removed.is_empty() {
        anstream::println!(
            "Removed files the shipped kata does not have (they are in the backup): {}",
            line(&done.removed.join(", "))
        );
    }
    anstream::println!(
        "{} {}",
        paint("Reset:", style::PASS),
        line(&format!(
            "katas/{} is as shipped at `{}`.",
            kata.id, done.from
        ))
    );
    Ok(exit::OK)
}

/// The name a format has on the command line.
pub fn format_name(format: Format) -> String {
    use clap::ValueEnum;
    format
        .to_possible_value()
        .map_or_else(|| format!("{format:?}"), |v| v.get_name().to_owned())
}
