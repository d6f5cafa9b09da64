//! `cargo kata profile`: run a kata's workload under a sampling profiler and say where the
//! flame graph and the table of hottest functions are.
//!
//! The workload is the kata's profiling entry (`[profile] bench` in `kata.toml`): a bench
//! target without a harness whose `main` calls `kata_profile::run` (harness/profile). It is
//! built in release mode (`cargo bench --no-run`), since the optimiser changes where time
//! goes, and run with `KATA_PROFILE_OUT` naming a folder in the grader's target dir. It is
//! the learner's own code run on their request, as `cargo bench` would: not sandboxed, and
//! no grade depends on it.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use crate::Error;
use crate::build;
use crate::runner::{self, Exit};
use crate::workspace::{Kata, Workspace};

/// Building in release mode can take a while the first time.
const BUILD_TIMEOUT: Duration = Duration::from_secs(30 * 60);
/// The workload runs for a few seconds; a hang is cut off.
const RUN_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// What was profiled and where its results are.
#[derive(Debug, Clone)]
pub struct Profiled {
    /// The package profiled (the kata's, its solution's).
    pub package: String,
    /// The folder holding `<package>.svg` and `<package>.txt`.
    pub out: PathBuf,
    /// What the profile printed: the table, then where it wrote.
    pub printed: String,
}

/// Profile `package` (the kata's or its solution's) of `kata` in `workspace`.
pub fn profile(workspace: &Workspace, kata: &Kata, package: &str) -> Result<Profiled, Error> {
    let Some(entry) = &kata.manifest.profile else {
        return Err(Error::Config(format!(
            "kata `{}` has no profiling entry ([profile] bench in its kata.toml); its checks' figures show where the work goes",
            kata.id
        )));
    };
    let binary = build_entry(workspace, package, &entry.bench)?;
    let out = workspace
        .target_dir()
        .join("cargo-kata")
        .join("profile")
        .join(package);
    let mut command = Command::new(&binary);
    command
        .current_dir(workspace.root())
        .env(PROFILE_OUT_ENV, &out);
    let output = runner::run(command, RUN_TIMEOUT)?;
    if output.exit != Exit::Code(0) {
        return Err(Error::Config(format!(
            "the profiling entry `{}` of `{package}` {}: {}",
            entry.bench,
            output.exit.describe(),
            output
                .stderr
                .lines()
                .filter(|l| !l.trim().is_empty())
                .take(5)
                .collect::<Vec<_>>()
                .join(" / ")
        )));
    }
    Ok(Profiled {
        package: package.to_owned(),
        out,
        printed: output.stdout,
    })
}

/// The variable `kata_profile::run` reads (`kata_profile::OUT_ENV`; the grader does not
/// depend on that crate).
const PROFILE_OUT_ENV: &str = "KATA_PROFILE_OUT";

/// `cargo bench --no-run` of one bench target; its executable.
fn build_entry(workspace: &Workspace, package: &str, bench: &str) -> Result<PathBuf, Error> {
    let mut command = Command::new(build::cargo());
    command
        .current_dir(workspace.root())
        .env("CARGO_TARGET_DIR", workspace.target_dir())
        .env("CARGO_TERM_COLOR", "never")
        .args(["bench", "--no-run", "--message-format=json", "--package"])
        .arg(package)
        .args(["--bench", bench]);
    let output = runner::run(command, BUILD_TIMEOUT)?;
    let executable = output.stdout.lines().find_map(|line| {
        let message: serde_json::Value = serde_json::from_str(line).ok()?;
        (message["reason"] == "compiler-artifact" && message["target"]["name"] == bench)
            .then(|| message["executable"].as_str().map(PathBuf::from))
            .flatten()
    });
    match (executable, output.exit) {
        (Some(path), Exit::Code(0)) => Ok(path),
        _ => Err(Error::Config(format!(
            "building the profiling entry `{bench}` of `{package}` failed: {}",
            build::relative_paths(
                &output
                    .stderr
                    .lines()
                    .filter(|l| l.contains("error"))
                    .take(5)
                    .collect::<Vec<_>>()
                    .join("\n"),
                workspace.root()
            )
        ))),
    }
}
