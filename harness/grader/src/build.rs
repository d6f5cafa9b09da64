//! Compile a package's test binaries with `cargo test --no-run --message-format=json`
//! (stable), learning each binary's path from the `compiler-artifact` messages.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde::Deserialize;

use crate::Error;
use crate::runner::{self, Exit};
use crate::workspace::Workspace;

/// A build that hangs (a learner's build script, say) is cut off after this long.
const BUILD_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// One test executable of a package.
#[derive(Debug, Clone)]
pub struct TestBinary {
    /// The cargo target's name (`checks`, or the library's name for unit tests).
    pub target: String,
    /// Path to the executable.
    pub path: PathBuf,
}

/// The result of compiling a package's tests.
#[derive(Debug, Clone)]
pub enum Built {
    /// Compiled; here are its test binaries.
    Ok(Vec<TestBinary>),
    /// Did not compile: the first error, as the compiler rendered it, with paths
    /// relative to the repo.
    Failed { first_error: String },
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    executable: Option<PathBuf>,
    #[serde(default)]
    target: Option<Target>,
    #[serde(default)]
    profile: Option<Profile>,
    #[serde(default)]
    message: Option<Diagnostic>,
    #[serde(default)]
    success: Option<bool>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
}

#[derive(Deserialize)]
struct Profile {
    test: bool,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    #[serde(default)]
    rendered: Option<String>,
}

/// The cargo to use: the one that started us (`CARGO`), else `cargo` on the path.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Build the tests of `package` in `workspace`.
pub fn build_tests(workspace: &Workspace, package: &str) -> Result<Built, Error> {
    let root = workspace.root();
    let mut command = Command::new(cargo());
    command
        .current_dir(root)
        .env("CARGO_TARGET_DIR", workspace.target_dir())
        .args([
            "test",
            "--no-run",
            "--message-format=json",
            "--package",
            package,
        ])
        .env("CARGO_TERM_COLOR", "never")
        .env("CARGO_TERM_PROGRESS_WHEN", "never");
    let output = runner::run(command, BUILD_TIMEOUT)?;
    let mut binaries = Vec::new();
    let mut first_error = None;
    let mut success = None;
    for line in output.stdout.lines() {
        let Ok(message) = serde_json::from_str::<Message>(line) else {
            continue;
        };
        match message.reason.as_str() {
            "compiler-artifact" => {
                if let (Some(path), Some(target), Some(Profile { test: true })) =
                    (message.executable, message.target, message.profile)
                {
                    binaries.push(TestBinary {
                        target: target.name,
                        path,
                    });
                }
            }
            "compiler-message" => {
                if let Some(d) = message.message.filter(|d| d.level == "error") {
                    first_error.get_or_insert(d.rendered.unwrap_or_default());
                }
            }
            "build-finished" => success = message.success,
            _ => {}
        }
    }
    if output.exit == Exit::Code(0) && success != Some(false) {
        binaries.sort_by(|a, b| a.target.cmp(&b.target));
        return Ok(Built::Ok(binaries));
    }
    let text = match (first_error, output.exit) {
        (_, Exit::TimedOut) => format!(
            "the build did not finish within {} minutes",
            BUILD_TIMEOUT.as_secs() / 60
        ),
        (Some(error), _) => error,
        // No compiler diagnostic: a manifest or dependency problem; cargo says why on stderr.
        (None, _) => output
            .stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(15)
            .collect::<Vec<_>>()
            .join("\n"),
    };
    Ok(Built::Failed {
        first_error: relative_paths(&text, root).trim_end().to_owned(),
    })
}

/// Show paths relative to the repo root, whichever separator the platform uses.
pub fn relative_paths(text: &str, root: &Path) -> String {
    let root = root.to_string_lossy();
    let mut out = text.to_owned();
    for prefix in [format!("{root}/"), format!("{root}\\"), root.to_string()] {
        out = out.replace(&prefix, "");
    }
    out
}
