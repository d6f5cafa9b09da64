//! The maintainer's commands: `verify`, `stress`, `seal`, `selftest`.

use std::path::PathBuf;
use std::process::Command as Process;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::grading::{append_step_summary, check_file_formats, print_document, write_report};
use crate::error::exit;
use crate::events::ActivityOnly;
use crate::grade::Subject;
use crate::report::escape::{self, terminal_line as line};
use crate::report::{Format, github, html, human, json, junit, markdown};
use crate::timings::Timings;
use crate::ui::{Spinner, paint, style};
use crate::verify::Verification;
use crate::workspace::{Kata, Workspace};
use crate::{Error, build, stress, tamper, verify};

/// How many of a kata's slowest phases `verify --timings` names.
const TIMINGS_SHOWN: usize = 8;

/// `selftest` verifies at most this many katas at once, however many cores there are:
/// beyond it, builds wait on each other for cargo's lock on the target dir.
const MAX_SELFTEST_JOBS: usize = 4;

/// How a verify runs: how many katas at once, and whether it says where its time went.
#[derive(Debug, Clone, Copy)]
pub struct VerifyRun {
    pub jobs: usize,
    pub timings: bool,
}

pub fn verify_all(
    workspace: &Workspace,
    katas: &[Kata],
    format: Format,
    outputs: &[(Format, PathBuf)],
    run: VerifyRun,
) -> Result<i32, Error> {
    check_file_formats(outputs)?;
    let spinner = Spinner::new("verifying");
    let id_width = katas.iter().map(|k| k.id.len()).max().unwrap_or(0);
    // Each job takes the next kata until none is left. A kata's lines are printed as it
    // finishes, so with several jobs they come in the order katas end.
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let slots: Vec<Mutex<Option<Result<Verification, Error>>>> =
        katas.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..run.jobs.clamp(1, katas.len().max(1)) {
            scope.spawn(|| {
                while !failed.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(kata) = katas.get(i) else { break };
                    let prefix = format!("[{}/{}]", i + 1, katas.len());
                    let mut spent = Timings::default();
                    let mut sink = ActivityOnly(|text: &str| {
                        spent.begin(text);
                        spinner.set(&format!("{prefix} {text}"));
                    });
                    let result = verify::verify(workspace, kata, &mut sink);
                    spent.end();
                    match &result {
                        Ok(verification) => {
                            if format == Format::Human {
                                for line in human::verification_lines(verification, id_width) {
                                    spinner.println(&line);
                                }
                            }
                            // To stderr: stdout stays the same document with or without.
                            if run.timings {
                                for line in spent.lines(TIMINGS_SHOWN) {
                                    spinner.eprintln(&line);
                                }
                            }
                        }
                        // Stop handing out katas; the error is returned below.
                        Err(_) => failed.store(true, Ordering::Relaxed),
                    }
                    *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
                }
            });
        }
    });
    let mut results = Vec::new();
    // An empty slot was never started: a job failed first, and its error is returned.
    for slot in slots {
        if let Some(result) = slot.into_inner().unwrap_or_else(|e| e.into_inner()) {
            results.push(result?);
        }
    }
    spinner.clear();
    let passed = results.iter().filter(|v| v.live).count();
    let closing = format!("verify: {passed} passed, {} failed", results.len() - passed);
    match format {
        Format::Human => anstream::println!("{closing}"),
        Format::Github => {
            anstream::print!("{}", github::not_live(&results));
            append_step_summary(&markdown::verifications(&results))?;
            anstream::println!("{closing}");
        }
        other => print_document(&render(other, &results)),
    }
    for (file_format, path) in outputs {
        write_report(path, &render(*file_format, &results))?;
    }
    Ok(if passed == results.len() {
        exit::OK
    } else {
        exit::CHECKS_FAILED
    })
}

fn render(format: Format, results: &[Verification]) -> String {
    match format {
        Format::Json => format!("{}\n", json::verifications(results)),
        Format::Junit => junit::verifications(results),
        Format::Markdown => markdown::verifications(results),
        Format::Html => html::verifications(results),
        Format::Human | Format::Github => String::new(),
    }
}

pub fn stress_all(
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
    let spinner = Spinner::new("starting the stress runs");
    let mut results = Vec::new();
    for kata in katas {
        for subject in [Subject::Kata, Subject::Solution] {
            if subject == Subject::Solution && workspace.solution_dir(&kata.id).is_none() {
                continue;
            }
            let mut sink = ActivityOnly(|text: &str| spinner.set(text));
            let s = stress::stress(workspace, kata, subject, repeat, threads, &mut sink)?;
            if format == Format::Human {
                for line in stability_lines(&s, repeat, threads) {
                    spinner.println(&line);
                }
            }
            results.push(s);
        }
    }
    spinner.clear();
    let stable = results.iter().filter(|s| s.is_stable()).count();
    match format {
        Format::Json => anstream::println!("{}", json::stability(&results)),
        _ => anstream::println!("stress: {stable} passed, {} failed", results.len() - stable),
    }
    Ok(if stable == results.len() {
        exit::OK
    } else {
        exit::CHECKS_FAILED
    })
}

fn threads_text(t: u32) -> String {
    format!("{t} thread{}", if t == 1 { "" } else { "s" })
}

fn stability_lines(s: &stress::Stability, repeat: u32, threads: &[u32]) -> Vec<String> {
    let who = line(&if s.subject == Subject::Solution {
        format!("{} (solution)", s.kata)
    } else {
        s.kata.clone()
    });
    let counts = threads
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(" and ");
    let runs = format!("{repeat} runs at {counts} threads");
    if let Some(problem) = &s.problem {
        return vec![format!(
            "{} {who}: {}",
            paint("PROBLEM ", style::FAIL),
            escape::terminal(problem)
        )];
    }
    if s.is_stable() && !s.unstable.is_empty() {
        let text = format!(
            "{who}: {runs}: {} tests unstable as shipped, which is the lesson (its flake check expects it); every check stable",
            s.unstable
                .iter()
                .map(|(name, _, _)| name.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        );
        return vec![format!("{} {text}", paint("stable  ", style::PASS))];
    }
    if s.is_stable() {
        let text = format!(
            "{who}: {runs}: {} tests always pass, {} always fail",
            s.always_pass,
            s.always_fail.len()
        );
        return vec![format!("{} {text}", paint("stable  ", style::PASS))];
    }
    let mut lines = vec![format!("{} {who}: {runs}", paint("UNSTABLE", style::FAIL))];
    for (name, t, g) in &s.unstable {
        lines.push(format!(
            "         {}: green in {g} of {repeat} runs at {}",
            line(name),
            threads_text(*t)
        ));
    }
    lines
}

pub fn seal(workspace: &Workspace, katas: &[Kata]) -> Result<i32, Error> {
    for kata in katas {
        let text = tamper::seal_text(kata).map_err(Error::Config)?;
        let path = kata.dir.join(tamper::SEAL_FILE);
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        anstream::println!("sealed {}", line(&workspace.display(&path)));
    }
    Ok(exit::OK)
}

pub fn selftest(workspace: &Workspace) -> Result<i32, Error> {
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
    // As many katas at once as there are cores (the checks are built to hold with the
    // other cores busy), with timings: CI's log then says where its minutes went.
    let run = VerifyRun {
        jobs: std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_SELFTEST_JOBS)),
        timings: true,
    };
    verify_all(workspace, &workspace.katas()?, Format::Human, &[], run)
}
