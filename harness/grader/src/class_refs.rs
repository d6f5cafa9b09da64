//! `cargo kata class --ref alice=origin/alice …`: grade each learner's branch as the
//! pull-request workflow does (`grade --changed --base BASE`: the katas the branch changed,
//! every manifest and check the base's), then build the class from those reports.
//!
//! Every branch is checked out in turn in one scratch worktree under the target dir, so
//! the builds stay warm from one learner to the next: only what a learner changed is
//! compiled again. A branch that changes anything outside the katas' editable paths is
//! not built at all (a build script or a dependency could run code on the mentor's
//! machine; a change confined to `src/` only compiles, and its tests run in the sandbox):
//! it is listed with the files at fault instead.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use crate::Error;
use crate::git::git;
use crate::workspace::Workspace;

/// One learner's branch: `alice=origin/alice`, or just `origin/alice` (learner `alice`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnerRef {
    pub learner: String,
    pub git_ref: String,
}

impl FromStr for LearnerRef {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (learner, git_ref) = match text.split_once('=') {
            Some((learner, git_ref)) => (learner.to_owned(), git_ref.to_owned()),
            None => (
                text.rsplit('/').next().unwrap_or(text).to_owned(),
                text.to_owned(),
            ),
        };
        if git_ref.is_empty() || git_ref.starts_with('-') {
            return Err(format!("`{text}`: give a git ref, as NAME=REF or REF"));
        }
        let fine = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
        if learner.is_empty() || learner.starts_with('.') || !learner.chars().all(fine) {
            return Err(format!(
                "`{text}`: the learner's name `{learner}` names a report file, so it takes letters, digits, `.`, `_` and `-` only (NAME=REF sets it)"
            ));
        }
        Ok(LearnerRef { learner, git_ref })
    }
}

/// What became of one learner's branch.
#[derive(Debug)]
pub enum Graded {
    /// Its JSON report, written here.
    Report(PathBuf),
    /// Not built: it changes files outside the katas' editable paths.
    Refused { outside: Vec<String> },
}

/// Grade every learner's branch against `base`, writing `<reports>/<learner>.json`.
pub fn grade_refs(
    workspace: &Workspace,
    refs: &[LearnerRef],
    base: &str,
    reports: &Path,
    mut progress: impl FnMut(&LearnerRef, &Graded),
) -> Result<Vec<(LearnerRef, Graded)>, Error> {
    let root = workspace.root();
    let base_commit = crate::git::commit(root, base)?;
    // Every ref resolved first: a typo fails before any build.
    let commits = refs
        .iter()
        .map(|r| crate::git::commit(root, &r.git_ref))
        .collect::<Result<Vec<_>, _>>()?;
    std::fs::create_dir_all(reports).map_err(|e| Error::io(reports, e))?;
    let checkout = scratch_checkout(workspace, &base_commit)?;
    let exe = std::env::current_exe().map_err(|source| Error::Spawn {
        command: "cargo-kata (its own path)".into(),
        source,
    })?;
    let mut graded = Vec::new();
    for (learner, commit) in refs.iter().zip(commits) {
        git(
            &checkout,
            &["checkout", "--quiet", "--detach", "--force", &commit],
        )?;
        git(&checkout, &["clean", "--quiet", "-ffdx"])?;
        let learners_tree = Workspace::find(&checkout)?.with_manifests_from(&base_commit)?;
        let changes = crate::changes::since(&learners_tree, &base_commit)?;
        let outcome = if changes.outside_editable.is_empty() {
            let file = reports.join(format!("{}.json", learner.learner));
            grade_checkout(workspace, &exe, &checkout, &base_commit, &file)?;
            Graded::Report(file)
        } else {
            Graded::Refused {
                outside: changes.outside_editable,
            }
        };
        progress(learner, &outcome);
        graded.push((learner.clone(), outcome));
    }
    Ok(graded)
}

/// The scratch worktree the branches are checked out in, made at `base` the first time.
fn scratch_checkout(workspace: &Workspace, base: &str) -> Result<PathBuf, Error> {
    let checkout = workspace
        .target_dir()
        .join("cargo-kata")
        .join("class-checkout");
    if !checkout.join(".git").exists() {
        // A folder left by an interrupted run, or a worktree git forgot: start clean.
        let _ = std::fs::remove_dir_all(&checkout);
        let _ = git(workspace.root(), &["worktree", "prune"]);
        let path = checkout.to_string_lossy();
        git(
            workspace.root(),
            &["worktree", "add", "--quiet", "--detach", &path, base],
        )?;
    }
    Ok(checkout)
}

/// `cargo-kata grade --changed --base BASE --format json` in the checkout, into `file`.
/// The grade fails when checks fail; its report is what counts.
fn grade_checkout(
    workspace: &Workspace,
    exe: &Path,
    checkout: &Path,
    base: &str,
    file: &Path,
) -> Result<(), Error> {
    let output = Command::new(exe)
        .args(["grade", "--changed", "--base", base, "--format", "json"])
        .current_dir(checkout)
        // The mentor's own target dir: the grader keeps each checkout's builds apart in it.
        .env("CARGO_TARGET_DIR", workspace.target_dir())
        .output()
        .map_err(|source| Error::Spawn {
            command: "cargo-kata grade".into(),
            source,
        })?;
    if output.stdout.is_empty() {
        return Err(Error::Config(format!(
            "grading {} gave no report: {}",
            checkout.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    std::fs::write(file, &output.stdout).map_err(|e| Error::io(file, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_learner_ref_names_its_learner() {
        assert_eq!(
            "alice=origin/alice".parse(),
            Ok(LearnerRef {
                learner: "alice".into(),
                git_ref: "origin/alice".into()
            })
        );
        assert_eq!(
            "origin/bob".parse::<LearnerRef>().map(|r| r.learner),
            Ok("bob".into())
        );
        for bad in [
            "../x=main",
            "=main",
            "a b=main",
            "x=",
            "x=--force",
            ".hidden=main",
        ] {
            assert!(bad.parse::<LearnerRef>().is_err(), "{bad}");
        }
    }
}
