//! The tamper check: a kata's protected files (its checks, its manifest) must be the ones
//! it shipped with.
//!
//! Two references: with `--base REF` (CI grading a pull request) the files, and the seal
//! itself, are compared with that git revision, whose manifest also says which files are
//! protected (the grade loads it from there); otherwise with `protected.sha256`, a hash
//! manifest committed beside `kata.toml` and written by `cargo kata seal`. Line endings are normalised before
//! hashing, so a Windows checkout with `core.autocrlf` is not "tampered".

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::glob;
use crate::workspace::Kata;

/// The hash manifest's file name, in the kata's folder.
pub const SEAL_FILE: &str = "protected.sha256";

/// Protected files that differ from the reference.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Differences {
    pub changed: Vec<String>,
    pub missing: Vec<String>,
    pub added: Vec<String>,
    /// Symlinks anywhere in the kata: an editable file that points at the reference
    /// solution (or anywhere else) is not the learner's fix.
    pub symlinks: Vec<String>,
    /// The remote upstream whose seal differs from this checkout's, if one does.
    pub seal_differs_from: Option<String>,
    /// Files git would commit that are neither editable nor protected (a test file added
    /// beside the learner's, a helper module where only one file is editable): the
    /// pull-request gate refuses them, so the local grade does too.
    pub outside_editable: Vec<String>,
}

impl Differences {
    /// No differences.
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty()
            && self.missing.is_empty()
            && self.added.is_empty()
            && self.symlinks.is_empty()
            && self.seal_differs_from.is_none()
            && self.outside_editable.is_empty()
    }

    /// "changed: tests/checks.rs; added: tests/extra.rs".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        for (label, files) in [
            ("changed", &self.changed),
            ("missing", &self.missing),
            ("added", &self.added),
            ("symlinks", &self.symlinks),
            (
                "outside the editable paths (a pull request may not add them)",
                &self.outside_editable,
            ),
        ] {
            if !files.is_empty() {
                parts.push(format!("{label}: {}", files.join(", ")));
            }
        }
        if let Some(upstream) = &self.seal_differs_from {
            parts.push(format!("{SEAL_FILE} differs from {upstream}'s"));
        }
        parts.join("; ")
    }

    /// Every file named, for annotations.
    pub fn files(&self) -> impl Iterator<Item = &String> {
        self.changed
            .iter()
            .chain(&self.missing)
            .chain(&self.added)
            .chain(&self.symlinks)
            .chain(&self.outside_editable)
    }
}

/// SHA-256 of a file's bytes with CRLF normalised to LF, in hex.
pub fn digest(bytes: &[u8]) -> String {
    let mut normalised = Vec::with_capacity(bytes.len());
    let mut iter = bytes.iter().peekable();
    while let Some(&b) = iter.next() {
        if b == b'\r' && iter.peek() == Some(&&b'\n') {
            continue;
        }
        normalised.push(b);
    }
    Sha256::digest(&normalised)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `relative` (a path inside the kata's folder) is protected. The seal itself is
/// not: it is the reference, not a file under it.
fn is_protected(kata: &Kata, relative: &str) -> bool {
    relative != SEAL_FILE
        && !is_pending_snapshot(relative)
        && kata
            .manifest
            .paths
            .protected
            .iter()
            .any(|p| glob::matches(p, relative))
}

/// insta's proposals for a changed snapshot (a learner's own `cargo test` writes them
/// outside CI): never part of a kata, so never "added" protected files.
fn is_pending_snapshot(relative: &str) -> bool {
    relative.ends_with(".snap.new") || relative.ends_with(".pending-snap")
}

/// The kata's protected files on disk, relative to its folder, with their digests.
pub fn protected_on_disk(kata: &Kata) -> Result<BTreeMap<String, String>, String> {
    let mut files = BTreeMap::new();
    walk(&kata.dir, "", &mut |relative, path| {
        if is_protected(kata, relative) {
            let bytes = std::fs::read(path).map_err(|e| format!("cannot read {relative}: {e}"))?;
            files.insert(relative.to_owned(), digest(&bytes));
        }
        Ok(())
    })?;
    Ok(files)
}

/// Visit every file in `dir` (build output and hidden folders left out), in name order,
/// with its path relative to `dir` prefixed by `prefix`.
pub(crate) fn walk(
    dir: &Path,
    prefix: &str,
    visit: &mut dyn FnMut(&str, &Path) -> Result<(), String>,
) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        let path = entry.path();
        // Not followed: a symlink is reported as itself (see `symlinks_in`).
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir {
            // Build output and hidden folders are never part of a kata.
            if name != "target" && !name.starts_with('.') {
                walk(&path, &relative, visit)?;
            }
        } else {
            visit(&relative, &path)?;
        }
    }
    Ok(())
}

/// Every symlink in the kata's folder (outside build output and hidden folders),
/// relative to it.
pub fn symlinks_in(dir: &Path) -> Result<Vec<String>, String> {
    let mut links = Vec::new();
    walk(dir, "", &mut |relative, path| {
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            links.push(relative.to_owned());
        }
        Ok(())
    })?;
    Ok(links)
}

/// The text of `protected.sha256` for the kata as it is now.
pub fn seal_text(kata: &Kata) -> Result<String, String> {
    let files = protected_on_disk(kata)?;
    let mut text = String::from(
        "# Written by `cargo kata seal`: digests of this kata's protected files (CRLF read as LF).\n",
    );
    for (path, digest) in files {
        text.push_str(&format!("{digest}  {path}\n"));
    }
    Ok(text)
}

/// Compare the protected files with the committed hash manifest.
///
/// When the checkout has a remote upstream (`origin/HEAD` or `origin/main`), the seal
/// itself must also equal the upstream's: a seal rewritten by hand or by `cargo kata
/// seal` would otherwise bless any edit.
pub fn against_seal(root: &Path, kata: &Kata) -> Result<Differences, String> {
    let seal_path = kata.dir.join(SEAL_FILE);
    let text = std::fs::read_to_string(&seal_path).map_err(|e| {
        format!(
            "cannot read {SEAL_FILE} ({e}); maintainers write it with `cargo kata seal {}`",
            kata.id
        )
    })?;
    let sealed = parse_seal(&text)?;
    let mut differences = compare(&sealed, &protected_on_disk(kata)?);
    differences.symlinks = symlinks_in(&kata.dir)?;
    differences.outside_editable = outside_every_glob(root, kata);
    if let Some(upstream) = remote_upstream(root) {
        let path = format!("{upstream}:katas/{}/{SEAL_FILE}", kata.id);
        if let Ok(shipped) = crate::git::git_bytes(root, &["cat-file", "blob", &path])
            && digest(&shipped) != digest(text.as_bytes())
        {
            differences.seal_differs_from = Some(upstream);
        }
    }
    Ok(differences)
}

/// A seal's text as path → digest.
pub fn parse_seal(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut sealed = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (digest, path) = line
            .split_once("  ")
            .ok_or_else(|| format!("{SEAL_FILE}:{}: expected `<sha256>  <path>`", i + 1))?;
        sealed.insert(path.to_owned(), digest.to_owned());
    }
    Ok(sealed)
}

/// Files in the kata that git would commit (tracked, or untracked and not ignored) and that
/// no glob of the manifest covers. Every shipped file is editable or protected (a tidy
/// test), so these are the learner's additions. Git's ignore rules keep build output and
/// tools' files a learner never commits out of it; outside a git checkout it finds nothing.
fn outside_every_glob(root: &Path, kata: &Kata) -> Vec<String> {
    let folder = format!("katas/{}/", kata.id);
    let Ok(listing) = git_bytes(
        root,
        &[
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
            "--",
            &folder,
        ],
    ) else {
        return Vec::new();
    };
    let mut outside: Vec<String> = listing
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .filter_map(|p| {
            let path = String::from_utf8_lossy(p);
            let relative = path.strip_prefix(&folder)?.to_owned();
            let counted = relative != SEAL_FILE
                && !is_pending_snapshot(&relative)
                && !kata.manifest.paths.is_editable(Path::new(&relative))
                && !is_protected(kata, &relative)
                && kata.dir.join(&relative).is_file();
            counted.then_some(relative)
        })
        .collect();
    outside.sort();
    outside.dedup();
    outside
}

/// `origin/HEAD` or `origin/main`, when the checkout has one (never the learner's own
/// `HEAD`).
fn remote_upstream(root: &Path) -> Option<String> {
    crate::git::upstream(root)
        .ok()
        .filter(|u| u.starts_with("origin/"))
}

/// Compare the protected files with git revision `base` of the repo at `root`. The seal
/// is compared too: with a base to compare with, it is one more file that must not change.
pub fn against_base(root: &Path, kata: &Kata, base: &str) -> Result<Differences, String> {
    let folder = format!("katas/{}/", kata.id);
    let listing = git_bytes(
        root,
        &["ls-tree", "-r", "-z", "--name-only", base, "--", &folder],
    )?;
    let mut upstream = BTreeMap::new();
    for path in listing.split(|&b| b == 0).filter(|p| !p.is_empty()) {
        let path = String::from_utf8_lossy(path);
        let Some(relative) = path.strip_prefix(&folder) else {
            continue;
        };
        if is_protected(kata, relative) || relative == SEAL_FILE {
            let bytes = git_bytes(root, &["cat-file", "blob", &format!("{base}:{path}")])?;
            upstream.insert(relative.to_owned(), digest(&bytes));
        }
    }
    if upstream.is_empty() {
        // A kata new in this change has no upstream to compare with: nothing is protected yet.
        let exists = git(
            root,
            &[
                "cat-file",
                "-e",
                &format!("{base}:katas/{}/kata.toml", kata.id),
            ],
        )
        .is_ok();
        if exists {
            return Err(format!("no protected file of {} found at {base}", kata.id));
        }
    }
    let mut now = protected_on_disk(kata)?;
    let seal = kata.dir.join(SEAL_FILE);
    if std::fs::symlink_metadata(&seal).is_ok() {
        let bytes = std::fs::read(&seal).map_err(|e| format!("cannot read {SEAL_FILE}: {e}"))?;
        now.insert(SEAL_FILE.to_owned(), digest(&bytes));
    }
    Ok(compare(&upstream, &now))
}

fn compare(reference: &BTreeMap<String, String>, now: &BTreeMap<String, String>) -> Differences {
    let mut differences = Differences::default();
    for (path, digest) in reference {
        match now.get(path) {
            None => differences.missing.push(path.clone()),
            Some(d) if d != digest => differences.changed.push(path.clone()),
            Some(_) => {}
        }
    }
    differences.added = now
        .keys()
        .filter(|p| !reference.contains_key(*p))
        .cloned()
        .collect();
    differences
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    crate::git::git(root, args).map_err(|e| e.to_string())
}

fn git_bytes(root: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    crate::git::git_bytes(root, args).map_err(|e| e.to_string())
}

/// For a crate that stands in for the kata (its solution, a variant): its own copies of
/// the kata's protected files (other than its `Cargo.toml`, which must differ) that differ
/// from the kata's. A variant that edits the kata's protected code is not a variant of a
/// learner's fix.
pub fn stand_in_differences(kata: &Kata, package_dir: &Path) -> Result<Differences, String> {
    let mut differences = Differences::default();
    walk(package_dir, "", &mut |relative, path| {
        if relative == "Cargo.toml" || !is_protected(kata, relative) {
            return Ok(());
        }
        let mine = std::fs::read(path).map_err(|e| format!("cannot read {relative}: {e}"))?;
        match std::fs::read(kata.dir.join(relative)) {
            Ok(shipped) if digest(&shipped) == digest(&mine) => {}
            Ok(_) => differences.changed.push(relative.to_owned()),
            Err(_) => differences.added.push(relative.to_owned()),
        }
        Ok(())
    })?;
    differences.symlinks = symlinks_in(package_dir)?;
    Ok(differences)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_do_not_change_the_digest() {
        assert_eq!(digest(b"a\r\nb\n"), digest(b"a\nb\n"));
        assert_ne!(digest(b"a\nb\n"), digest(b"a\nc\n"));
        assert_eq!(
            digest(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn insta_pending_files_are_not_protected_files() {
        assert!(is_pending_snapshot("tests/snapshots/users.snap.new"));
        assert!(is_pending_snapshot("tests/snapshots/.users.pending-snap"));
        assert!(!is_pending_snapshot("tests/snapshots/users.snap"));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_found_and_not_followed() {
        let dir = std::env::temp_dir().join(format!("kata-tamper-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("src/real.rs"), "").unwrap();
        std::os::unix::fs::symlink("/etc", dir.join("src/etc")).unwrap();
        std::os::unix::fs::symlink("../../solutions/x/src/lib.rs", dir.join("src/lib.rs")).unwrap();
        let links = symlinks_in(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(links, ["src/etc", "src/lib.rs"]);
    }

    #[test]
    fn compare_names_every_kind_of_difference() {
        let reference: BTreeMap<String, String> = [("a", "1"), ("b", "2")]
            .map(|(k, v)| (k.into(), v.into()))
            .into();
        let now: BTreeMap<String, String> = [("a", "9"), ("c", "3")]
            .map(|(k, v)| (k.into(), v.into()))
            .into();
        let d = compare(&reference, &now);
        assert_eq!(d.describe(), "changed: a; missing: b; added: c");
    }
}
