//! The repo as the grader sees it: where it is, which katas it holds, and which kata a
//! command means.

use std::path::{Path, PathBuf};

use crate::git::{self, git_bytes};
use crate::manifest::{self, Manifest};
use crate::{Error, suggest};

/// A kata workspace: a folder with a `Cargo.toml` and a `katas/` folder.
#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
    /// The cargo target dir to build in, when not cargo's default.
    target_dir: Option<PathBuf>,
    /// Where the katas' manifests are read from.
    manifests: Manifests,
}

/// Where a workspace reads its katas' manifests from.
#[derive(Debug, Clone)]
enum Manifests {
    /// `katas/<id>/kata.toml` on disk.
    WorkingTree,
    /// A git revision (CI grading a pull request: the base, never the branch under grade).
    Revision {
        /// As the user gave it, for messages.
        name: String,
        /// The commit it names.
        commit: String,
        /// Katas with a `kata.toml` at that commit.
        ids: Vec<String>,
    },
}

/// One kata, with its manifest loaded.
#[derive(Debug, Clone)]
pub struct Kata {
    /// The folder name under `katas/`, also its cargo package name.
    pub id: String,
    /// `katas/<id>`.
    pub dir: PathBuf,
    /// Its `kata.toml`.
    pub manifest: Manifest,
}

/// A short name for a checkout, from its absolute path: the folder's name and a digest.
fn checkout_key(root: &Path) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(root.to_string_lossy().as_bytes());
    let name = root
        .file_name()
        .map_or_else(|| "root".into(), |n| n.to_string_lossy().into_owned());
    let short: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("{name}-{short}")
}

impl Workspace {
    /// The workspace containing `start` (or one of its ancestors).
    pub fn find(start: &Path) -> Result<Self, Error> {
        let start = start.canonicalize().map_err(|e| Error::io(start, e))?;
        start
            .ancestors()
            .find(|dir| dir.join("Cargo.toml").is_file() && dir.join("katas").is_dir())
            .map(|root| Workspace {
                root: root.to_owned(),
                target_dir: None,
                manifests: Manifests::WorkingTree,
            })
            .ok_or(Error::NoWorkspace(start))
    }

    /// The repo root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Build in `dir` instead of cargo's default target dir.
    pub fn with_target_dir(mut self, dir: PathBuf) -> Self {
        self.target_dir = Some(dir);
        self
    }

    /// Read every kata's manifest (checks, editable and protected paths) from git revision
    /// `revision` instead of the working tree. The katas are the ones that revision has;
    /// their code is still the working tree's.
    pub fn with_manifests_from(mut self, revision: &str) -> Result<Self, Error> {
        let commit = git::commit(&self.root, revision)?;
        let ids = kata_ids_at(&self.root, &commit)?;
        self.manifests = Manifests::Revision {
            name: revision.to_owned(),
            commit,
            ids,
        };
        Ok(self)
    }

    /// The target dir builds go to: the one set with [`Workspace::with_target_dir`], else
    /// `<root>/target`, else, when `CARGO_TARGET_DIR` names a folder outside this
    /// checkout, a folder of this checkout's own inside it.
    ///
    /// Why not `CARGO_TARGET_DIR` itself: cargo names a workspace member's artifacts by
    /// its path relative to the workspace root and judges freshness by mtimes, so two
    /// checkouts of this repo sharing one target dir (a global `CARGO_TARGET_DIR`, common
    /// on mentors' machines) can run each other's test binaries. A grade must only ever
    /// run a binary built from this checkout.
    pub fn target_dir(&self) -> PathBuf {
        if let Some(dir) = &self.target_dir {
            return self.absolute(dir.clone());
        }
        self.target_dir_given(std::env::var_os("CARGO_TARGET_DIR"))
    }

    fn target_dir_given(&self, cargo_target_dir: Option<std::ffi::OsString>) -> PathBuf {
        match cargo_target_dir.map(|d| self.absolute(d.into())) {
            Some(dir) if dir.starts_with(&self.root) => dir,
            Some(shared) => shared
                .join("cargo-kata-checkouts")
                .join(checkout_key(&self.root)),
            None => self.root.join("target"),
        }
    }

    fn absolute(&self, dir: PathBuf) -> PathBuf {
        if dir.is_absolute() {
            dir
        } else {
            self.root.join(dir)
        }
    }

    /// `path` relative to the root, with `/` separators, for messages.
    pub fn display(&self, path: &Path) -> String {
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        relative.to_string_lossy().replace('\\', "/")
    }

    /// Ids of all katas (folders under `katas/` with a `kata.toml`, on disk or at the
    /// manifests' revision), sorted by name.
    pub fn kata_ids(&self) -> Result<Vec<String>, Error> {
        if let Manifests::Revision { ids, .. } = &self.manifests {
            return Ok(ids.clone());
        }
        let katas = self.root.join("katas");
        let entries = std::fs::read_dir(&katas).map_err(|e| Error::io(&katas, e))?;
        let mut ids: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().join("kata.toml").is_file())
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        ids.sort();
        Ok(ids)
    }

    /// Load one kata by exact id.
    pub fn kata(&self, id: &str) -> Result<Kata, Error> {
        let dir = self.root.join("katas").join(id);
        let manifest = match &self.manifests {
            Manifests::WorkingTree => {
                let path = dir.join("kata.toml");
                if !path.is_file() {
                    return Err(self.unknown(id));
                }
                manifest::load(&path, Path::new(&self.display(&path)))?
            }
            Manifests::Revision { name, commit, ids } => {
                if !ids.iter().any(|k| k == id) {
                    return Err(self.unknown(id));
                }
                manifest_at(&self.root, commit, name, id)?
            }
        };
        Ok(Kata {
            id: id.to_owned(),
            dir,
            manifest,
        })
    }

    /// All katas in track order (then by id).
    pub fn katas(&self) -> Result<Vec<Kata>, Error> {
        let mut katas = self
            .kata_ids()?
            .iter()
            .map(|id| self.kata(id))
            .collect::<Result<Vec<_>, _>>()?;
        katas.sort_by(|a, b| (a.manifest.track, &a.id).cmp(&(b.manifest.track, &b.id)));
        Ok(katas)
    }

    /// The katas named on the command line; with none, the kata whose folder (or
    /// solution folder) contains `cwd`.
    pub fn select(&self, names: &[String], cwd: &Path) -> Result<Vec<Kata>, Error> {
        if names.is_empty() {
            let id = self.kata_at(cwd).ok_or(Error::NoKataHere)?;
            return Ok(vec![self.kata(&id)?]);
        }
        names
            .iter()
            .map(|name| {
                self.kata(
                    name.trim_end_matches(['/', '\\'])
                        .rsplit(['/', '\\'])
                        .next()
                        .unwrap_or(name),
                )
            })
            .collect()
    }

    /// The kata whose `katas/<id>` or `solutions/<id>` folder contains `dir`.
    pub fn kata_at(&self, dir: &Path) -> Option<String> {
        let dir = dir.canonicalize().ok()?;
        let relative = dir.strip_prefix(&self.root).ok()?;
        let mut parts = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        match (parts.next()?.as_str(), parts.next()) {
            ("katas" | "solutions", Some(id))
                if self
                    .root
                    .join("katas")
                    .join(&id)
                    .join("kata.toml")
                    .is_file() =>
            {
                Some(id)
            }
            _ => None,
        }
    }

    /// The folder of a kata's reference solution, when there is one.
    pub fn solution_dir(&self, id: &str) -> Option<PathBuf> {
        let dir = self.root.join("solutions").join(id);
        dir.join("Cargo.toml").is_file().then_some(dir)
    }

    fn unknown(&self, name: &str) -> Error {
        if let Manifests::Revision { name: revision, .. } = &self.manifests
            && self
                .root
                .join("katas")
                .join(name)
                .join("kata.toml")
                .is_file()
        {
            return Error::Config(format!(
                "kata `{name}` has no kata.toml at {revision}: a kata new in this change \
                 cannot be graded against it"
            ));
        }
        let ids = self.kata_ids().unwrap_or_default();
        let suggestion = suggest::nearest(name, ids.iter().map(String::as_str)).map(str::to_owned);
        Error::UnknownKata {
            name: name.to_owned(),
            suggestion,
        }
    }
}

/// Ids of the katas at git commit `commit` of the repo at `root` (folders under `katas/`
/// with a `kata.toml`), sorted.
pub fn kata_ids_at(root: &Path, commit: &str) -> Result<Vec<String>, Error> {
    let listing = git_bytes(
        root,
        &["ls-tree", "-r", "-z", "--name-only", commit, "--", "katas/"],
    )?;
    let mut ids: Vec<String> = listing
        .split(|&b| b == 0)
        .filter_map(|path| std::str::from_utf8(path).ok())
        .filter_map(|path| path.strip_prefix("katas/")?.strip_suffix("/kata.toml"))
        .filter(|id| !id.is_empty() && !id.contains('/'))
        .map(str::to_owned)
        .collect();
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// Kata `id`'s manifest at git commit `commit` (called `revision` in messages, which name
/// `katas/<id>/kata.toml@<revision>`). `id` must be one [`kata_ids_at`] listed.
pub fn manifest_at(root: &Path, commit: &str, revision: &str, id: &str) -> Result<Manifest, Error> {
    let display = PathBuf::from(format!("katas/{id}/kata.toml@{revision}"));
    let bytes = git_bytes(
        root,
        &[
            "cat-file",
            "blob",
            &format!("{commit}:katas/{id}/kata.toml"),
        ],
    )?;
    let text = String::from_utf8(bytes).map_err(|_| manifest::ManifestError {
        path: display.clone(),
        line: 1,
        column: 1,
        field: "kata.toml".into(),
        message: "not UTF-8 text".into(),
    })?;
    Ok(manifest::parse(&text, &display)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(root: &str) -> Workspace {
        Workspace {
            root: PathBuf::from(root),
            target_dir: None,
            manifests: Manifests::WorkingTree,
        }
    }

    #[test]
    fn two_checkouts_never_share_a_target_dir() {
        let shared = Some(std::ffi::OsString::from("/home/mentor/.cache/target"));
        let a = at("/home/mentor/learner-a").target_dir_given(shared.clone());
        let b = at("/home/mentor/learner-b").target_dir_given(shared.clone());
        assert_ne!(a, b);
        assert!(
            a.starts_with("/home/mentor/.cache/target"),
            "{}",
            a.display()
        );
        // The same checkout always gets the same folder, so its builds are reused.
        assert_eq!(a, at("/home/mentor/learner-a").target_dir_given(shared));
        // A target dir inside the checkout is its own already.
        assert_eq!(
            at("/w/repo").target_dir_given(Some("/w/repo/target".into())),
            PathBuf::from("/w/repo/target")
        );
        assert_eq!(
            at("/w/repo").target_dir_given(None),
            PathBuf::from("/w/repo/target")
        );
    }
}
