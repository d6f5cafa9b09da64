//! `cargo kata review`: what a mentor needs beside a learner's fix. The learner's changes
//! against the kata as shipped and against the reference solution (editable paths only),
//! and every check's verdict and figure for the shipped code, the learner's code and the
//! reference, measured in one run.
//!
//! The shipped code is graded from a git worktree of the base revision with a target dir of
//! its own (two copies of one workspace must not share one: cargo names a path package's
//! artifacts by its path relative to the workspace root). The learner's files are only read.

use std::path::PathBuf;

use serde::Serialize;

use crate::Error;
use crate::events::Sink;
use crate::git::{git, git_diff};
use crate::grade::{self, KataReport, Options, Subject};
use crate::shipped_cache::ShippedCache;
use crate::workspace::{Kata, Workspace};

/// A review of one kata.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub kata: String,
    /// The revision taken as "shipped".
    pub base: String,
    /// Unified diff of the editable paths: shipped → learner.
    pub changes_vs_shipped: String,
    /// Unified diff of the editable paths: learner → reference solution.
    pub changes_vs_reference: String,
    pub shipped: KataReport,
    /// The shipped grade is one an earlier `diff` made of the same commit.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub shipped_remembered: bool,
    pub learner: KataReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<KataReport>,
    /// The learner's own review (`review --mine`, `cargo kata diff`): no reference
    /// solution, neither its grade nor its code.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub mine: bool,
}

/// Review `kata` against the base revision `base`; `mine`: the learner's own review,
/// without the reference solution.
pub fn review(
    workspace: &Workspace,
    kata: &Kata,
    base: &str,
    mine: bool,
    sink: &mut dyn Sink,
) -> Result<Review, Error> {
    let root = workspace.root();
    let pathspecs: Vec<String> = kata
        .manifest
        .paths
        .editable
        .iter()
        .map(|p| format!(":(glob)katas/{}/{p}", kata.id))
        .collect();
    let mut args = vec!["diff", "--no-color", "--no-ext-diff", base, "--"];
    args.extend(pathspecs.iter().map(String::as_str));
    let mut changes_vs_shipped = git_diff(root, &args)?;
    let mut untracked_args = vec!["ls-files", "--others", "--exclude-standard", "--"];
    untracked_args.extend(pathspecs.iter().map(String::as_str));
    for new_file in git(root, &untracked_args)?.lines() {
        changes_vs_shipped.push_str(&git_diff(
            root,
            &[
                "diff",
                "--no-color",
                "--no-index",
                "--",
                "/dev/null",
                new_file,
            ],
        )?);
    }
    let changes_vs_reference = match workspace.solution_dir(&kata.id) {
        Some(_) if !mine => reference_diff(workspace, kata)?,
        _ => String::new(),
    };

    let options = Options::default();
    let learner = grade::grade(workspace, kata, Subject::Kata, &options, sink)?;
    let reference = if mine {
        None
    } else {
        grade::grade_solution(workspace, kata, &options, sink)?
    };
    let (shipped, shipped_remembered) = grade_shipped(workspace, kata, base, mine, sink)?;
    Ok(Review {
        kata: kata.id.clone(),
        base: base.to_owned(),
        changes_vs_shipped,
        changes_vs_reference,
        shipped,
        shipped_remembered,
        learner,
        reference,
        mine,
    })
}

/// `git diff --no-index` of each editable folder, learner → reference.
fn reference_diff(workspace: &Workspace, kata: &Kata) -> Result<String, Error> {
    let mut diff = String::new();
    let mut folders: Vec<&str> = kata
        .manifest
        .paths
        .editable
        .iter()
        .map(|p| p.split('/').next().unwrap_or(p))
        .filter(|f| !f.contains('*'))
        .collect();
    folders.dedup();
    for folder in folders {
        let mine = format!("katas/{}/{folder}", kata.id);
        let theirs = format!("solutions/{}/{folder}", kata.id);
        if workspace.root().join(&mine).exists() && workspace.root().join(&theirs).exists() {
            diff.push_str(&git_diff(
                workspace.root(),
                &["diff", "--no-color", "--no-index", "--", &mine, &theirs],
            )?);
        }
    }
    Ok(diff)
}

/// Removes the review worktree however the review ends.
/// A detached git worktree of `base`, removed when dropped: the kata as shipped, in a
/// workspace with a target dir of its own (two copies of one workspace must not share
/// one: cargo names a path package's artifacts by its path relative to the root).
pub struct ShippedCheckout<'a> {
    repo: &'a std::path::Path,
    path: PathBuf,
    /// The checkout as a workspace.
    pub workspace: Workspace,
}

impl<'a> ShippedCheckout<'a> {
    /// Check out `base` for `purpose` (a word in its folder's name).
    pub fn new(workspace: &'a Workspace, base: &str, purpose: &str) -> Result<Self, Error> {
        let scratch = workspace.target_dir().join("cargo-kata");
        let path = scratch.join(format!("{purpose}-{}", std::process::id()));
        if path.exists() {
            let _ = git(
                workspace.root(),
                &["worktree", "remove", "--force", &path.to_string_lossy()],
            );
        }
        std::fs::create_dir_all(&scratch).map_err(|e| Error::io(&scratch, e))?;
        git(
            workspace.root(),
            &[
                "worktree",
                "add",
                "--detach",
                "--quiet",
                &path.to_string_lossy(),
                base,
            ],
        )?;
        let checkout = ShippedCheckout {
            repo: workspace.root(),
            path: path.clone(),
            workspace: Workspace::find(&path)?.with_target_dir(scratch.join("review-target")),
        };
        Ok(checkout)
    }
}

impl Drop for ShippedCheckout<'_> {
    fn drop(&mut self) {
        let _ = git(
            self.repo,
            &[
                "worktree",
                "remove",
                "--force",
                &self.path.to_string_lossy(),
            ],
        );
        let _ = git(self.repo, &["worktree", "prune"]);
    }
}

/// The kata as shipped at `base`, graded, and whether that grade was remembered. The
/// learner's own review (`mine`) remembers it per commit (see [`ShippedCache`]); a
/// mentor's review always grades it afresh.
fn grade_shipped(
    workspace: &Workspace,
    kata: &Kata,
    base: &str,
    mine: bool,
    sink: &mut dyn Sink,
) -> Result<(KataReport, bool), Error> {
    let commit = git(
        workspace.root(),
        &["rev-parse", "--verify", &format!("{base}^{{commit}}")],
    )?;
    let cache = if mine {
        ShippedCache::new(workspace, &kata.id, commit.trim())
    } else {
        None
    };
    let remembered = cache.as_ref().and_then(ShippedCache::load);
    let from_cache = remembered.is_some();
    let mut report = match remembered {
        Some(report) => report,
        None => {
            let checkout = ShippedCheckout::new(workspace, base, &format!("review-{}", kata.id))?;
            let shipped_kata = checkout.workspace.kata(&kata.id)?;
            let report = grade::grade(
                &checkout.workspace,
                &shipped_kata,
                Subject::Kata,
                &Options::default(),
                sink,
            )?;
            if let Some(cache) = &cache {
                cache.store(&report);
            }
            report
        }
    };
    report.title = format!("{} (as shipped at {base})", report.title);
    Ok((report, from_cache))
}

/// What `report` says about check `id`: the verdict's label and, when the check measured
/// one, the figure's value with its unit (text from the kata's tests); `None` when there is
/// no report or no such check.
pub fn verdict(report: Option<&KataReport>, id: &str) -> Option<(&'static str, Option<String>)> {
    let check = report?.checks.iter().find(|c| c.id == id)?;
    Some((
        check.outcome.label(),
        check.figure.as_ref().map(|f| f.value_text()),
    ))
}

/// The side-by-side table: a row per check (verdict and figure for shipped, learner and
/// reference), then a points row. Plain text: each renderer escapes it for its format.
pub fn rows(r: &Review) -> Vec<[String; 4]> {
    let cell = |report: Option<&KataReport>, id: &str| -> String {
        match verdict(report, id) {
            None => "-".into(),
            Some((label, None)) => label.to_owned(),
            Some((label, Some(value))) => format!("{label} {value}"),
        }
    };
    let mut rows = Vec::new();
    for check in &r.learner.checks {
        rows.push([
            check.id.clone(),
            cell(Some(&r.shipped), &check.id),
            cell(Some(&r.learner), &check.id),
            cell(r.reference.as_ref(), &check.id),
        ]);
    }
    let points = |rep: Option<&KataReport>| {
        rep.map_or("-".into(), |rep| {
            format!("{}/{}", rep.points, rep.max_points)
        })
    };
    rows.push([
        "points".into(),
        points(Some(&r.shipped)),
        points(Some(&r.learner)),
        points(r.reference.as_ref()),
    ]);
    rows
}
