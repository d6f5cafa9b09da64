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

/// Like [`git`], but stdout as the exact bytes git wrote (for `-z` listings and file
/// contents). An answer longer than the capture limit is an error, never a partial list.
pub fn git_bytes(root: &Path, args: &[&str]) -> Result<Vec<u8>, Error> {
    let mut command = Command::new("git");
    command.arg("-C").arg(root).args(args);
    let output = runner::run_raw(command, Duration::from_secs(120))?;
    let failed = |why: String| {
        Error::Config(format!(
            "`git {}` failed ({why}): {}",
            args.join(" "),
            output.stderr.trim()
        ))
    };
    match output.exit {
        Exit::Code(0) if output.stdout_dropped == 0 => Ok(output.stdout),
        Exit::Code(0) => Err(failed(format!(
            "its output is too long: {} bytes not read",
            output.stdout_dropped
        ))),
        other => Err(failed(other.describe())),
    }
}

/// The commit `revision` names, as a full hash. A revision that starts with `-` is refused
/// (git would read it as an option).
pub fn commit(root: &Path, revision: &str) -> Result<String, Error> {
    if revision.is_empty() || revision.starts_with('-') {
        return Err(Error::Config(format!("`{revision}` is not a git revision")));
    }
    git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{revision}^{{commit}}"),
        ],
    )
    .map(|hash| hash.trim().to_owned())
    .map_err(|_| Error::Config(format!("`{revision}` is not a commit in this git repo")))
}

/// The top folder of the git work tree containing `dir`.
pub fn toplevel(dir: &Path) -> Result<std::path::PathBuf, Error> {
    let out = git(dir, &["rev-parse", "--show-toplevel"])?;
    Ok(std::path::PathBuf::from(out.trim_end_matches(['\n', '\r'])))
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
