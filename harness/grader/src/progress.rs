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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
        let temporary = path.with_extension("json.tmp");
        let text = serde_json::to_string_pretty(self).map_err(|e| Error::Config(e.to_string()))?;
        std::fs::write(&temporary, text + "\n").map_err(|e| Error::io(&temporary, e))?;
        std::fs::rename(&temporary, &path).map_err(|e| Error::io(&path, e))
    }

    /// The entry for a kata, created when missing.
    pub fn kata(&mut self, id: &str) -> &mut KataProgress {
        self.katas.entry(id.to_owned()).or_default()
    }
}
