//! What a pull request changed, against a base revision: which katas it touches, and which
//! changed files lie outside every kata's editable paths. A learner's pull request may only
//! change editable paths: a change to a kata's checks, the toolkit, the grader or the
//! workspace could otherwise make a fix pass without fixing anything.

use serde::Serialize;

use crate::git::git;
use crate::workspace::Workspace;
use crate::{Error, glob};

/// Files changed since the base, sorted into touched katas and everything else.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    /// The revision compared against.
    pub base: String,
    /// Katas with at least one changed file, sorted.
    pub katas: Vec<String>,
    /// Changed files that are not in a kata's editable paths, sorted.
    pub outside_editable: Vec<String>,
}

/// Compare the working tree with the merge base of `base` and `HEAD`.
pub fn since(workspace: &Workspace, base: &str) -> Result<Changes, Error> {
    let listing = git(
        workspace.root(),
        &["diff", "--name-only", "--no-renames", "--merge-base", base],
    )?;
    let untracked = git(
        workspace.root(),
        &["ls-files", "--others", "--exclude-standard"],
    )?;
    let mut paths: Vec<&str> = listing
        .lines()
        .chain(untracked.lines())
        .filter(|l| !l.trim().is_empty())
        .collect();
    paths.sort_unstable();
    paths.dedup();
    let mut changes = Changes {
        base: base.to_owned(),
        ..Changes::default()
    };
    for path in paths {
        let kata = path
            .strip_prefix("katas/")
            .and_then(|rest| rest.split_once('/'));
        let editable = match kata {
            Some((id, relative)) => {
                if !changes.katas.iter().any(|k| k == id)
                    && workspace
                        .root()
                        .join("katas")
                        .join(id)
                        .join("kata.toml")
                        .is_file()
                {
                    changes.katas.push(id.to_owned());
                }
                workspace.kata(id).is_ok_and(|k| {
                    k.manifest
                        .paths
                        .editable
                        .iter()
                        .any(|p| glob::matches(p, relative))
                })
            }
            None => false,
        };
        if !editable {
            changes.outside_editable.push(path.to_owned());
        }
    }
    changes.katas.sort();
    Ok(changes)
}
