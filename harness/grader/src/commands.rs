//! What each subcommand does. Returns the process exit code (see [`crate::error::exit`]).

use std::path::Path;
use std::process::Command as Process;

use crate::cli::Command;
use crate::error::exit;
use crate::events::{ActivityOnly, Sink};
use crate::grade::{self, KataReport, Options, Subject};
use crate::progress::Progress;
use crate::report::Format;
use crate::report::human::{self, HumanGrade};
use crate::report::json::{self, ListEntry};
use crate::ui::{Spinner, paint, style};
use crate::workspace::{Kata, Workspace};
use crate::{Error, build, stress, tamper, verify};

/// Run `command` from the folder `cwd`.
pub fn run(command: Command, cwd: &Path) -> Result<i32, Error> {
    let workspace = Workspace::find(cwd)?;
    match command {
        Command::List { format } => list(&workspace, format),
        Command::Grade {
            katas,
            solution,
            base,
            format,
        } => {
            let katas = workspace.select(&katas, cwd)?;
            let subject = if solution {
                Subject::Solution
            } else {
                Subject::Kata
            };
            grade(&workspace, &katas, subject, &Options { base }, format)
        }
        Command::Hint { kata } => {
            let names: Vec<String> = kata.into_iter().collect();
            let kata = workspace.select(&names, cwd)?.remove(0);
            hint(&workspace, &kata)
        }
        Command::Verify { katas, format } => {
            let katas = if katas.is_empty() {
                workspace.katas()?
            } else {
                workspace.select(&katas, cwd)?
            };
            verify_all(&workspace, &katas, format)
        }
        Command::Seal { katas } => {
            let katas = if katas.is_empty() {
                workspace.katas()?
            } else {
                workspace.select(&katas, cwd)?
            };
            seal(&workspace, &katas)
        }
        Command::Stress {
            katas,
            repeat,
            threads,
            format,
        } => {
            let katas = if katas.is_empty() {
                workspace.katas()?
            } else {
                workspace.select(&katas, cwd)?
            };
            stress_all(&workspace, &katas, repeat.max(1), &threads, format)
        }
        Command::Selftest => selftest(&workspace),
    }
}

fn list(workspace: &Workspace, format: Format) -> Result<i32, Error> {
    let progress = Progress::load(workspace.root())?;
    let entries: Vec<ListEntry> = workspace
        .katas()?
        .iter()
        .map(|kata| {
            let last = progress.katas.get(&kata.id).and_then(|p| p.last_grade);
            let status = match last {
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
        })
        .collect();
    if format == Format::Json {
        anstream::println!("{}", json::list(&entries));
        return Ok(exit::OK);
    }
    let id_width = entries.iter().map(|e| e.id.len()).max().unwrap_or(4).max(4);
    let family_width = entries
        .iter()
        .map(|e| e.family.len())
        .max()
        .unwrap_or(6)
        .max(6);
    anstream::println!(
        "{}",
        paint(
            &format!(
                "  #  {:<id_width$}  {:<family_width$}  {:<8}  {:<16}  points",
                "kata", "family", "level", "status"
            ),
            style::DIM
        )
    );
    for (i, e) in entries.iter().enumerate() {
        let status = match e.status.as_str() {
            "solved" => paint(&format!("{:<16}", "solved"), style::PASS),
            "in-progress" => paint(
                &format!(
                    "{:<16}",
                    format!("{} of {} checks", e.checks_passed, e.checks_total)
                ),
                style::WARN,
            ),
            _ => paint(&format!("{:<16}", "not tried"), style::DIM),
        };
        anstream::println!(
            "{:>3}  {:<id_width$}  {:<family_width$}  {:<8}  {status}  {:>2}/{}",
            i + 1,
            e.id,
            e.family,
            e.difficulty,
            e.points,
            e.max_points
        );
    }
    anstream::println!(
        "\nStart with `cargo kata grade {}`; `cargo kata hint <kata>` when stuck.",
        entries.first().map_or("<kata>", |e| e.id.as_str())
    );
    Ok(exit::OK)
}

fn grade(
    workspace: &Workspace,
    katas: &[Kata],
    subject: Subject,
    options: &Options,
    format: Format,
) -> Result<i32, Error> {
    let spinner = Spinner::new();
    let mut reports: Vec<KataReport> = Vec::new();
    {
        let mut human_sink;
        let mut quiet_sink;
        let sink: &mut dyn Sink = match format {
            Format::Human => {
                human_sink = HumanGrade::new(&spinner);
                &mut human_sink
            }
            Format::Json => {
                quiet_sink = ActivityOnly(|text: &str| spinner.set(text));
                &mut quiet_sink
            }
        };
        for kata in katas {
            reports.push(grade::grade(workspace, kata, subject, options, sink)?);
        }
    }
    spinner.clear();
    if subject == Subject::Kata {
        let mut progress = Progress::load(workspace.root())?;
        for report in &reports {
            progress.kata(&report.kata).last_grade = Some(report.into());
        }
        progress.save(workspace.root())?;
    }
    let passed = reports.iter().filter(|r| r.solved).count();
    match format {
        Format::Json => anstream::println!("{}", json::grades(&reports)),
        Format::Human if reports.len() > 1 => {
            anstream::println!("grade: {passed} passed, {} failed", reports.len() - passed)
        }
        Format::Human => {}
    }
    Ok(if passed == reports.len() {
        exit::OK
    } else {
        exit::CHECKS_FAILED
    })
}

fn hint(workspace: &Workspace, kata: &Kata) -> Result<i32, Error> {
    let mut progress = Progress::load(workspace.root())?;
    let hints = &kata.manifest.hints;
    let entry = progress.kata(&kata.id);
    let shown = (entry.hints_shown + 1).min(hints.len());
    entry.hints_shown = shown;
    progress.save(workspace.root())?;
    anstream::println!("{} · {}", paint(&kata.id, style::BOLD), kata.manifest.title);
    for (i, text) in hints.iter().take(shown).enumerate() {
        let label = paint(&format!("hint {} of {}:", i + 1, hints.len()), style::HINT);
        anstream::println!("  {label} {text}");
    }
    if shown == hints.len() {
        anstream::println!(
            "{}",
            paint(
                "  That was the last hint. The reference fix and its reasoning are in solutions/ when you are done.",
                style::DIM
            )
        );
    }
    Ok(exit::OK)
}

fn verify_all(workspace: &Workspace, katas: &[Kata], format: Format) -> Result<i32, Error> {
    let spinner = Spinner::new();
    let mut results = Vec::new();
    let id_width = katas.iter().map(|k| k.id.len()).max().unwrap_or(0);
    for (i, kata) in katas.iter().enumerate() {
        let prefix = format!("[{}/{}]", i + 1, katas.len());
        let mut sink = ActivityOnly(|text: &str| spinner.set(&format!("{prefix} {text}")));
        let verification = verify::verify(workspace, kata, &mut sink)?;
        if format == Format::Human {
            for line in human::verification_lines(&verification, id_width) {
                spinner.println(&line);
            }
        }
        results.push(verification);
    }
    spinner.clear();
    let passed = results.iter().filter(|v| v.live).count();
    match format {
        Format::Json => anstream::println!("{}", json::verifications(&results)),
        Format::Human => {
            anstream::println!("verify: {passed} passed, {} failed", results.len() - passed)
        }
    }
    Ok(if passed == results.len() {
        exit::OK
    } else {
        exit::CHECKS_FAILED
    })
}

fn stress_all(
    workspace: &Workspace,
    katas: &[Kata],
    repeat: u32,
    threads: &[u32],
    format: Format,
) -> Result<i32, Error> {
    if threads.is_empty() || threads.contains(&0) {
        return Err(Error::Config(
            "--threads takes thread counts of at least 1".into(),
        ));
    }
    let spinner = Spinner::new();
    let mut results = Vec::new();
    for kata in katas {
        for subject in [Subject::Kata, Subject::Solution] {
            if subject == Subject::Solution && workspace.solution_dir(&kata.id).is_none() {
                continue;
            }
            let mut sink = ActivityOnly(|text: &str| spinner.set(text));
            let s = stress::stress(workspace, kata, subject, repeat, threads, &mut sink)?;
            if format == Format::Human {
                let who = if subject == Subject::Solution {
                    format!("{} (solution)", s.kata)
                } else {
                    s.kata.clone()
                };
                let runs = format!(
                    "{repeat} runs at {} threads",
                    threads
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(" and ")
                );
                if let Some(problem) = &s.problem {
                    spinner.println(&format!(
                        "{} {who}: {problem}",
                        paint("PROBLEM ", style::FAIL)
                    ));
                } else if s.is_stable() {
                    spinner.println(&format!(
                        "{} {who}: {runs}: {} tests always pass, {} always fail",
                        paint("stable  ", style::PASS),
                        s.always_pass,
                        s.always_fail.len()
                    ));
                } else {
                    spinner.println(&format!("{} {who}: {runs}", paint("UNSTABLE", style::FAIL)));
                    for (name, t, g) in &s.unstable {
                        spinner.println(&format!(
                            "         {name}: green in {g} of {repeat} runs at {t} threads"
                        ));
                    }
                }
            }
            results.push(s);
        }
    }
    spinner.clear();
    let stable = results.iter().filter(|s| s.is_stable()).count();
    match format {
        Format::Json => anstream::println!("{}", json::stability(&results)),
        Format::Human => {
            anstream::println!("stress: {stable} passed, {} failed", results.len() - stable)
        }
    }
    Ok(if stable == results.len() {
        exit::OK
    } else {
        exit::CHECKS_FAILED
    })
}

fn seal(workspace: &Workspace, katas: &[Kata]) -> Result<i32, Error> {
    for kata in katas {
        let text = tamper::seal_text(kata).map_err(Error::Config)?;
        let path = kata.dir.join(tamper::SEAL_FILE);
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        anstream::println!("sealed {}", workspace.display(&path));
    }
    Ok(exit::OK)
}

fn selftest(workspace: &Workspace) -> Result<i32, Error> {
    anstream::println!(
        "{}",
        paint(
            "selftest 1/2: cargo test (harness and reference solutions)",
            style::BOLD
        )
    );
    let status = Process::new(build::cargo())
        .arg("test")
        .current_dir(workspace.root())
        .status()
        .map_err(|source| Error::Spawn {
            command: "cargo test".into(),
            source,
        })?;
    if !status.success() {
        anstream::println!("selftest: cargo test failed ({status}); verify skipped");
        return Ok(exit::CHECKS_FAILED);
    }
    anstream::println!(
        "{}",
        paint(
            "selftest 2/2: cargo kata verify (every kata is live)",
            style::BOLD
        )
    );
    verify_all(workspace, &workspace.katas()?, Format::Human)
}
