//! `cargo kata reset`: put a kata back as shipped, after saving the learner's copy. Work is
//! never lost: if the backup cannot be written completely, nothing is restored.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::Error;
use crate::git::git;
use crate::workspace::{Kata, Workspace};

/// What a reset did.
#[derive(Debug, Clone)]
pub struct Reset {
    /// Where the learner's copy was saved.
    pub backup: PathBuf,
    /// How many files were saved.
    pub saved: usize,
    /// The revision the kata was restored from.
    pub from: String,
    /// Files that were not part of the shipped kata and were removed (they are in the backup).
    pub removed: Vec<String>,
}

/// Save `katas/<id>` to `.kata/backups/<id>-<time>/`, then restore it from `from`.
pub fn reset(workspace: &Workspace, kata: &Kata, from: &str) -> Result<Reset, Error> {
    let folder = format!("katas/{}", kata.id);
    git(
        workspace.root(),
        &["cat-file", "-e", &format!("{from}:{folder}/kata.toml")],
    )
    .map_err(|_| {
        Error::Config(format!(
            "{folder} does not exist at `{from}`; nothing to restore from"
        ))
    })?;
    let files = files_under(&kata.dir)?;
    let backup = backup_dir(workspace.root(), &kata.id);
    for relative in &files {
        let source = kata.dir.join(relative);
        let target = backup.join(relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::copy(&source, &target).map_err(|e| Error::io(&target, e))?;
        // Read it back: a short or failed copy must stop the reset before anything changes.
        let same = std::fs::read(&source).ok() == std::fs::read(&target).ok();
        if !same {
            return Err(Error::Config(format!(
                "the backup of {} is not identical; nothing was reset",
                source.display()
            )));
        }
    }
    git(
        workspace.root(),
        &[
            "restore",
            &format!("--source={from}"),
            "--worktree",
            "--",
            &folder,
        ],
    )?;
    let shipped: Vec<String> = git(
        workspace.root(),
        &[
            "ls-tree",
            "-r",
            "--name-only",
            from,
            "--",
            &format!("{folder}/"),
        ],
    )?
    .lines()
    .filter_map(|l| l.strip_prefix(&format!("{folder}/")).map(str::to_owned))
    .collect();
    let mut removed = Vec::new();
    for relative in files.iter().filter(|f| !shipped.contains(f)) {
        let path = kata.dir.join(relative);
        if path.is_file() {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
            removed.push(relative.clone());
        }
    }
    Ok(Reset {
        backup,
        saved: files.len(),
        from: from.to_owned(),
        removed,
    })
}

/// Every file below `dir` (relative, `/`-separated), build output left out.
fn files_under(dir: &Path) -> Result<Vec<String>, Error> {
    let mut files = Vec::new();
    let mut stack = vec![(dir.to_owned(), String::new())];
    while let Some((path, prefix)) = stack.pop() {
        let entries = std::fs::read_dir(&path).map_err(|e| Error::io(&path, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&path, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}/{name}")
            };
            if entry.path().is_dir() {
                if name != "target" {
                    stack.push((entry.path(), relative));
                }
            } else {
                files.push(relative);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn backup_dir(root: &Path, id: &str) -> PathBuf {
    let stamp = utc_stamp(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    );
    let base = root.join(".kata").join("backups");
    let mut dir = base.join(format!("{id}-{stamp}"));
    let mut n = 2;
    while dir.exists() {
        dir = base.join(format!("{id}-{stamp}-{n}"));
        n += 1;
    }
    dir
}

/// `20261121T182233Z` for a Unix time.
fn utc_stamp(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        rem / 3_600,
        rem % 3_600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_utc_calendar_times() {
        assert_eq!(utc_stamp(0), "19700101T000000Z");
        assert_eq!(utc_stamp(951_782_400), "20000229T000000Z");
        assert_eq!(utc_stamp(1_795_285_353), "20261121T182233Z");
    }
}
