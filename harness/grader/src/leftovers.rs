//! The `leftovers` check: a suite cleans up after itself. The whole suite runs once with
//! an empty temp folder (`TMPDIR`, which `std::env::temp_dir()` and the `tempfile` crate
//! use; see [`Place::temp_dir`](crate::launch::Place::temp_dir)), and whatever is still in
//! it afterwards was left behind.
//!
//! What it cannot see: files written outside the temp folder. In the sandbox the only other
//! writable places are a private `/tmp` (gone with the run) and the grader's scratch folder.

use std::path::Path;

use crate::Error;
use crate::checks::{CheckResult, FigureView, Outcome, Suite};
use crate::manifest::Check;

/// How many left-behind paths a verdict names.
const NAMED: usize = 5;

/// Verdict of a `kind = "leftovers"` check.
pub fn leftovers_check(check: &Check, suite: &Suite) -> Result<CheckResult, Error> {
    let temp = suite.place.temp_dir();
    empty(&temp)?;
    let run = suite.run_all(None, None)?;
    let mut left = Vec::new();
    list(&temp, &temp, &mut left);
    left.sort();
    empty(&temp)?;
    let figure = FigureView {
        name: "files and folders left in the temp folder".into(),
        value: left.len() as f64,
        bar: 0.0,
        goal: "at_most".into(),
        unit: String::new(),
        shipped: check.shipped_figure.clone(),
    };
    let named: Vec<String> = left.iter().take(NAMED).map(|p| format!("`{p}`")).collect();
    let left_text = format!(
        "left {} path{} in the temp folder: {}{}",
        left.len(),
        if left.len() == 1 { "" } else { "s" },
        named.join(", "),
        if left.len() > NAMED { ", …" } else { "" }
    );
    let mut result = if let Some(((_, name), _)) = run.first_red() {
        // A suite that fails may stop before its clean-up: it cannot pass this check yet.
        CheckResult::new(
            check,
            Outcome::Fail,
            Some(format!(
                "the suite is not green (`{name}` did not pass), and this check counts a suite that passes{}",
                if left.is_empty() {
                    String::new()
                } else {
                    format!("; it {left_text}")
                }
            )),
        )
    } else if left.is_empty() {
        CheckResult::new(check, Outcome::Pass, None)
    } else {
        CheckResult::new(check, Outcome::Fail, Some(format!("the suite {left_text}")))
    };
    result.figure = Some(figure);
    Ok(result)
}

/// Remove everything inside `dir` (and create it if missing).
fn empty(dir: &Path) -> Result<(), Error> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))
}

/// Every path under `dir`, relative to `root`: each file, and each folder that holds none
/// (a folder with files in it is named through them).
fn list(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let before = out.len();
    let mut any = false;
    for entry in entries.flatten() {
        any = true;
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir {
            list(root, &path, out);
        } else {
            out.push(relative(root, &path));
        }
    }
    if dir != root && (!any || out.len() == before) {
        out.push(format!("{}/", relative(root, dir)));
    }
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_files_and_empty_folders_relative_to_the_temp_folder() {
        let root = std::env::temp_dir().join(format!("kata-leftovers-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("orders/2026")).unwrap();
        std::fs::create_dir_all(root.join("empty")).unwrap();
        std::fs::write(root.join("orders/2026/a.csv"), "x").unwrap();
        std::fs::write(root.join("lock"), "").unwrap();
        let mut left = Vec::new();
        list(&root, &root, &mut left);
        left.sort();
        assert_eq!(left, ["empty/", "lock", "orders/2026/a.csv"]);
        empty(&root).unwrap();
        let mut none = Vec::new();
        list(&root, &root, &mut none);
        assert!(none.is_empty(), "{none:?}");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
