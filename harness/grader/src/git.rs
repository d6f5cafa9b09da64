//! The few git operations the grader needs, run with a time limit.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::Error;
use crate::runner::{self, Exit};

/// Run git in `root`; its stdout on success, a configuration error naming the command
/// otherwise.
pub fn git(root: &Path, args: &[&str]) -> Result<String, Error> {
    let mut command = Command::new("git");
    command.arg("-C").arg(root).args(args);
    let output = runner::run(command, Duration::from_secs(120))?;
    match output.exit {
        Exit::Code(0) => Ok(output.stdout),
        other => Err(Error::Config(format!(
            "`git {}` failed ({}): {}",
            args.join(" "),
            other.describe(),
            output.stderr.trim()
        ))),
    }
}

/// Like [`git`], but exit code 1 is an answer too (`git diff --no-index` uses it for
/// "differences found").
pub fn git_diff(root: &Path, args: &[&str]) -> Result<String, Error> {
    let mut command = Command::new("git");
    command.arg("-C").arg(root).args(args);
    let output = runner::run(command, Duration::from_secs(120))?;
    match output.exit {
        Exit::Code(0 | 1) => Ok(output.stdout),
        other => Err(Error::Config(format!(
            "`git {}` failed ({}): {}",
            args.join(" "),
            other.describe(),
            output.stderr.trim()
        ))),
    }
}

/// The revision that holds the katas as shipped: `origin/HEAD`, else `origin/main`, else
/// `HEAD`.
pub fn upstream(root: &Path) -> Result<String, Error> {
    for candidate in ["origin/HEAD", "origin/main", "HEAD"] {
        if git(
            root,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{candidate}^{{commit}}"),
            ],
        )
        .is_ok()
        {
            return Ok(candidate.to_owned());
        }
    }
    Err(Error::Config(
        "this is not a git checkout with commits; pass --from/--base with a revision".into(),
    ))
}
