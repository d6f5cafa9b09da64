//! What a pull request changed, against a base revision: which katas it touches, and which
//! changed files lie outside every kata's editable paths. A learner's pull request may only
//! change editable paths: a change to a kata's checks, the toolkit, the grader or the
//! workspace could otherwise make a fix pass without fixing anything. The files are listed
//! and the editable paths decided as [`crate::gate`] does.

use serde::Serialize;

use crate::Error;
use crate::gate::{self, BaseManifests};
use crate::git;
use crate::workspace::Workspace;

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

/// Compare the working tree with the merge base of `base` and `HEAD`. Which paths are
/// editable is read from each kata's manifest at `base`, never from the change itself; a
/// kata that `base` does not have is not touched, its files are all outside.
pub fn since(workspace: &Workspace, base: &str) -> Result<Changes, Error> {
    let root = workspace.root();
    let commit = git::commit(root, base)?;
    let mut manifests = BaseManifests::new(root, &commit, base)?;
    let mut paths: Vec<String> = gate::changed_files(root, &commit)?
        .into_iter()
        .map(|c| String::from_utf8_lossy(&c.path).into_owned())
        .collect();
    paths.dedup();
    let mut changes = Changes {
        base: base.to_owned(),
        ..Changes::default()
    };
    for path in paths {
        let editable = match gate::kata_path(&path) {
            Some((id, relative)) => match manifests.get(id)? {
                Some(manifest) => {
                    if !changes.katas.iter().any(|k| k == id) {
                        changes.katas.push(id.to_owned());
                    }
                    gate::is_editable(manifest, relative)
                }
                None => false,
            },
            None => false,
        };
        if !editable {
            changes.outside_editable.push(path);
        }
    }
    changes.katas.sort();
    Ok(changes)
}
