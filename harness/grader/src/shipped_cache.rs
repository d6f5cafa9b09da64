//! The grade of a kata as shipped at one commit, remembered for the learner's own
//! `cargo kata diff`: the shipped code does not change between two diffs, so grading it
//! again (up to a minute for a test-craft kata) only makes the learner wait.
//!
//! Kept in the target dir (`cargo-kata/shipped-grades/`), keyed by the kata, the base
//! commit and the grader binary that graded it (a rebuilt grader may grade differently).
//! Only the learner's own review reads it: a mentor's review grades the shipped code
//! afresh, so a file in a target dir is never evidence about anyone else's work. Any
//! problem reading or writing it is a cache miss, never an error.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::grade::KataReport;
use crate::workspace::Workspace;

/// Where one kata's shipped grade at one commit is kept.
pub struct ShippedCache {
    file: PathBuf,
    grader: String,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    grader: String,
    report: KataReport,
}

impl ShippedCache {
    /// The cache entry for `kata` as shipped at `commit` (a full commit id), or `None` when
    /// the grader cannot tell which binary it is.
    pub fn new(workspace: &Workspace, kata: &str, commit: &str) -> Option<Self> {
        Some(ShippedCache {
            file: workspace
                .target_dir()
                .join("cargo-kata")
                .join("shipped-grades")
                .join(format!("{kata}-{commit}.json")),
            grader: grader_identity()?,
        })
    }

    /// The remembered grade, when this grader made it.
    pub fn load(&self) -> Option<KataReport> {
        let text = std::fs::read_to_string(&self.file).ok()?;
        let entry: Entry = serde_json::from_str(&text).ok()?;
        (entry.grader == self.grader).then_some(entry.report)
    }

    /// Remember `report` (written aside, then renamed, so a reader never sees half).
    pub fn store(&self, report: &KataReport) {
        let entry = Entry {
            grader: self.grader.clone(),
            report: report.clone(),
        };
        let Ok(text) = serde_json::to_string(&entry) else {
            return;
        };
        let Some(dir) = self.file.parent() else {
            return;
        };
        let aside = self
            .file
            .with_extension(format!("{}.tmp", std::process::id()));
        let stored = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&aside, text))
            .and_then(|()| std::fs::rename(&aside, &self.file));
        if stored.is_err() {
            let _ = std::fs::remove_file(&aside);
        }
    }
}

/// This grader binary: its path, size and modification time.
fn grader_identity() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(&exe).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!(
        "{} {} {}",
        display(&exe),
        meta.len(),
        modified.as_nanos()
    ))
}

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_grade_comes_back_only_to_the_grader_that_made_it() {
        let dir = std::env::temp_dir().join(format!("kata-shipped-cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let file = dir.join("deep").join("kata-abc.json");
        let cache = ShippedCache {
            file: file.clone(),
            grader: "grader one".into(),
        };
        assert!(cache.load().is_none(), "nothing stored yet");
        let report = crate::report::escape::hostile::report();
        cache.store(&report);
        let back = cache.load().expect("the stored grade");
        assert_eq!(
            serde_json::to_value(&back).unwrap(),
            serde_json::to_value(&report).unwrap(),
            "the grade comes back as it was stored"
        );
        let other = ShippedCache {
            file: file.clone(),
            grader: "grader two".into(),
        };
        assert!(other.load().is_none(), "another grader's grade is a miss");
        std::fs::write(&file, "{ not json").unwrap();
        assert!(
            cache.load().is_none(),
            "a damaged file is a miss, not an error"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
