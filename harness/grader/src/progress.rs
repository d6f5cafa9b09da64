//! The learner's progress file, `.kata/progress.json` at the repo root (git-ignored): how
//! many hints each kata has revealed, and its last grade. It is the only file the grader
//! ever writes in the repo.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::grade::KataReport;

const VERSION: u32 = 1;

/// Everything remembered between runs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Progress {
    #[serde(default)]
    pub version: u32,
    #[serde(default)]
    pub katas: BTreeMap<String, KataProgress>,
}

/// What is remembered about one kata.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct KataProgress {
    /// How many of its hints have been shown.
    #[serde(default)]
    pub hints_shown: usize,
    /// The last grade of the learner's code.
    #[serde(default)]
    pub last_grade: Option<LastGrade>,
}

/// A grade's totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastGrade {
    pub passed: usize,
    pub total: usize,
    pub points: u32,
    pub max_points: u32,
    pub solved: bool,
    /// A later grade of some checks only (`--check`) failed one: this grade's "solved" no
    /// longer holds, and `list` says to grade again.
    #[serde(default)]
    pub contradicted: bool,
    /// A digest of the kata's files when the grade began ([`fingerprint`]): once they
    /// differ, the grade is of other code and `list` says to grade again. Absent in
    /// progress files written before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files: Option<String>,
}

impl LastGrade {
    /// Whether the kata's files differ from those this grade was of (`now` being their
    /// [`fingerprint`] today). Unknown either way means no.
    pub fn files_changed(&self, now: Option<&str>) -> bool {
        matches!((self.files.as_deref(), now), (Some(then), Some(now)) if then != now)
    }
}

/// One digest of every file in a kata's folder, names and contents (build output and
/// hidden folders left out): equal digests, same files. `None` when a file cannot be read.
pub fn fingerprint(dir: &Path) -> Option<String> {
    let mut all = Vec::new();
    crate::tamper::walk(dir, "", &mut |relative, path| {
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        all.extend_from_slice(relative.as_bytes());
        all.push(0);
        all.extend_from_slice(crate::tamper::digest(&bytes).as_bytes());
        all.push(b'\n');
        Ok(())
    })
    .ok()?;
    Some(crate::tamper::digest(&all))
}

impl From<&KataReport> for LastGrade {
    fn from(r: &KataReport) -> Self {
        LastGrade {
            passed: r.passed,
            total: r.total,
            points: r.points,
            max_points: r.max_points,
            solved: r.solved,
            contradicted: false,
            files: None,
        }
    }
}

/// The progress file's path for the repo at `root`.
pub fn path(root: &Path) -> PathBuf {
    root.join(".kata").join("progress.json")
}

impl Progress {
    /// Read the progress file. A missing file is a fresh start; an unreadable one is
    /// reported, not silently replaced, so no learner's progress is lost.
    pub fn load(root: &Path) -> Result<Self, Error> {
        let path = path(root);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                Error::Config(format!("{}: not a progress file this grader can read ({e}); move it aside to start afresh", path.display()))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Progress { version: VERSION, katas: BTreeMap::new() }),
            Err(e) => Err(Error::io(path, e)),
        }
    }

    /// Write the progress file (to a temporary name first, then renamed into place).
    pub fn save(&mut self, root: &Path) -> Result<(), Error> {
        self.version = VERSION;
        let path = path(root);
        let dir = path.parent().unwrap_or(root);
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        // A name of this process's own: two graders saving at once must not rename one
        // temporary file between them (the second rename would find it gone).
        let temporary = path.with_extension(format!("json.{}.tmp", std::process::id()));
        let text = serde_json::to_string_pretty(self).map_err(|e| Error::Config(e.to_string()))?;
        std::fs::write(&temporary, text + "\n").map_err(|e| Error::io(&temporary, e))?;
        std::fs::rename(&temporary, &path).map_err(|e| Error::io(&path, e))
    }

    /// The entry for a kata, created when missing.
    pub fn kata(&mut self, id: &str) -> &mut KataProgress {
        self.katas.entry(id.to_owned()).or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_follows_names_and_contents_not_build_output() {
        let dir = std::env::temp_dir().join(format!("kata-fingerprint-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("src/lib.rs"), "pub fn a() {}\n").unwrap();
        let first = fingerprint(&dir).expect("a readable folder");
        std::fs::create_dir_all(dir.join("target")).unwrap();
        std::fs::write(dir.join("target/out"), "built").unwrap();
        assert_eq!(
            fingerprint(&dir).as_ref(),
            Some(&first),
            "build output counted"
        );
        std::fs::write(dir.join("src/lib.rs"), "pub fn b() {}\n").unwrap();
        let edited = fingerprint(&dir).unwrap();
        assert_ne!(edited, first, "an edit not seen");
        std::fs::rename(dir.join("src/lib.rs"), dir.join("src/main.rs")).unwrap();
        assert_ne!(fingerprint(&dir).unwrap(), edited, "a rename not seen");
        let _ = std::fs::remove_dir_all(&dir);

        let mut last = LastGrade {
            passed: 1,
            total: 1,
            points: 1,
            max_points: 1,
            solved: true,
            contradicted: false,
            files: Some(first.clone()),
        };
        assert!(!last.files_changed(Some(&first)));
        assert!(last.files_changed(Some(&edited)));
        assert!(
            !last.files_changed(None),
            "an unreadable folder says nothing"
        );
        last.files = None;
        assert!(
            !last.files_changed(Some(&edited)),
            "an old progress file says nothing"
        );
    }
}
