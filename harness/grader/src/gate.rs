//! `cargo kata gate`: may a learner's pull request be built at all?
//!
//! It runs before any of the pull request's code is built, and needs no build itself: it
//! compares `HEAD` and the working tree (untracked files included) with the merge base of
//! the base revision, and reads every kata's manifest from the base revision, never from
//! the branch under test. A learner may change files in their kata's editable paths and
//! nothing else: not a manifest, a seal, a check, a build script, a cargo config or a
//! toolchain file, and not by way of a symlink, a submodule or an executable bit.
//!
//! Git is asked for `--raw -z` listings, so every file's old and new mode is known and no
//! path byte (newline, tab, quote, invalid UTF-8) is ever quoted or split on.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::git::{self, git_bytes};
use crate::manifest::Manifest;
use crate::{Error, glob, tamper, workspace};

/// Why a changed file fails the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// Not in an editable path of its kata's manifest at the base (this includes every
    /// file outside `katas/`, a kata new in the change, and a kata's `kata.toml`,
    /// `protected.sha256`, `Cargo.toml` and `tests/`).
    OutsideEditable,
    /// A symbolic link (git mode 120000).
    Symlink,
    /// A submodule or an embedded git repository (git mode 160000).
    Submodule,
    /// The file mode changed, or a new file is executable.
    ModeChange,
    /// A new file directly in `katas/<id>/`, where cargo looks for `build.rs`.
    NewFileAtKataRoot,
    /// A `build.rs`, `.cargo/` or `rust-toolchain[.toml]`, anywhere: each makes cargo or
    /// rustup run or build something the kata's manifest never mentions.
    BuildConfig,
    /// A file the kata's manifest protects is gone.
    DeletedProtected,
}

impl Reason {
    /// What the finding says.
    pub fn label(self) -> &'static str {
        match self {
            Reason::OutsideEditable => "outside editable paths",
            Reason::Symlink => "symlink",
            Reason::Submodule => "submodule",
            Reason::ModeChange => "mode change",
            Reason::NewFileAtKataRoot => "new file at kata root",
            Reason::BuildConfig => "build script or cargo config",
            Reason::DeletedProtected => "deleted protected file",
        }
    }
}

/// One changed file that fails the gate, with every reason it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Relative to the repo root, `/`-separated; bytes that are not UTF-8 are shown as
    /// U+FFFD.
    pub path: String,
    pub reasons: Vec<Reason>,
}

impl Finding {
    /// "symlink, outside editable paths".
    pub fn reasons_text(&self) -> String {
        self.reasons
            .iter()
            .map(|r| r.label())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The gate's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The base revision, as given.
    pub base: String,
    /// The merge base of the base and `HEAD`, which the change is compared with.
    pub merge_base: String,
    /// How many files changed (tracked and untracked).
    pub changed: usize,
    /// The files that fail the gate, by path.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Nothing failed.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }
}

/// Git's "no file" mode, on the side of an addition or a deletion.
const ABSENT: u32 = 0;
const REGULAR: u32 = 0o100644;
const EXECUTABLE: u32 = 0o100755;
const SYMLINK: u32 = 0o120000;
const GITLINK: u32 = 0o160000;

/// One changed file, as `git diff --raw` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Its mode before (0 when added).
    pub old_mode: u32,
    /// Its mode after (0 when deleted).
    pub new_mode: u32,
    /// Git's status letter: `A`, `M`, `D`, `T`, … (`A` for untracked files).
    pub status: u8,
    /// The path's exact bytes, relative to the repo root.
    pub path: Vec<u8>,
}

/// Parse `git diff --raw -z` output: for each file, `:OLDMODE NEWMODE OLDSHA NEWSHA STATUS`,
/// NUL, the path, NUL (a rename or copy has two paths; both are kept, the source as a
/// deletion).
pub fn parse_raw(bytes: &[u8]) -> Result<Vec<Change>, String> {
    let mut fields = bytes.split(|&b| b == 0);
    let mut changes = Vec::new();
    while let Some(header) = fields.next() {
        if header.is_empty() {
            // The output ends with a NUL, which leaves one empty field.
            if fields.next().is_none() {
                break;
            }
            return Err("an empty record in `git diff --raw -z` output".into());
        }
        let bad = || {
            format!(
                "unexpected `git diff --raw -z` record `{}`",
                String::from_utf8_lossy(header).escape_debug()
            )
        };
        let header = std::str::from_utf8(header).map_err(|_| bad())?;
        let parts: Vec<&str> = header
            .strip_prefix(':')
            .ok_or_else(bad)?
            .split(' ')
            .collect();
        let [old_mode, new_mode, _, _, status] = parts[..] else {
            return Err(bad());
        };
        let mode = |m: &str| u32::from_str_radix(m, 8).map_err(|_| bad());
        let (old_mode, new_mode) = (mode(old_mode)?, mode(new_mode)?);
        let letter = *status.as_bytes().first().ok_or_else(bad)?;
        let mut path = || {
            fields
                .next()
                .filter(|p| !p.is_empty())
                .map(<[u8]>::to_vec)
                .ok_or_else(bad)
        };
        if matches!(letter, b'R' | b'C') {
            let source = path()?;
            let destination = path()?;
            if letter == b'R' {
                changes.push(Change {
                    old_mode,
                    new_mode: ABSENT,
                    status: b'D',
                    path: source,
                });
            }
            changes.push(Change {
                old_mode: ABSENT,
                new_mode,
                status: b'A',
                path: destination,
            });
        } else {
            changes.push(Change {
                old_mode,
                new_mode,
                status: letter,
                path: path()?,
            });
        }
    }
    Ok(changes)
}

/// Split NUL-terminated paths (`git ls-files -z`).
pub fn parse_paths(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(<[u8]>::to_vec)
        .collect()
}

/// Every file that differs between the merge base of `base_commit` and the working tree
/// of the repo at `root`, tracked or untracked, sorted by path.
pub fn changed_files(root: &Path, base_commit: &str) -> Result<Vec<Change>, Error> {
    let diff = git_bytes(
        root,
        &[
            "diff",
            "--raw",
            "-z",
            "--no-renames",
            "--no-ext-diff",
            "--no-textconv",
            "--ignore-submodules=none",
            "--merge-base",
            base_commit,
        ],
    )?;
    let mut changes = parse_raw(&diff).map_err(Error::Config)?;
    let untracked = git_bytes(root, &["ls-files", "-z", "--others", "--exclude-standard"])?;
    for path in parse_paths(&untracked) {
        let new_mode = untracked_mode(&root.join(native(&path)));
        changes.push(Change {
            old_mode: ABSENT,
            new_mode,
            status: b'A',
            path,
        });
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(changes)
}

/// The git mode an untracked file would be added with. Its own link, never its target.
fn untracked_mode(path: &Path) -> u32 {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        // Gone since git listed it: judged by its path alone.
        return REGULAR;
    };
    if meta.file_type().is_symlink() {
        SYMLINK
    } else if meta.is_dir() {
        // `ls-files --others` lists a folder only for an embedded repository.
        GITLINK
    } else if is_executable(&meta) {
        EXECUTABLE
    } else {
        REGULAR
    }
}

#[cfg(unix)]
fn is_executable(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_: &std::fs::Metadata) -> bool {
    false
}

#[cfg(unix)]
fn native(path: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(path))
}

#[cfg(not(unix))]
fn native(path: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(path).into_owned())
}

/// The katas' manifests at the base revision, loaded when first asked for.
pub struct BaseManifests<'a> {
    root: &'a Path,
    commit: String,
    revision: String,
    ids: BTreeSet<String>,
    loaded: BTreeMap<String, Manifest>,
}

impl<'a> BaseManifests<'a> {
    /// The katas of `commit` (called `revision` in messages) in the repo at `root`.
    pub fn new(root: &'a Path, commit: &str, revision: &str) -> Result<Self, Error> {
        Ok(BaseManifests {
            root,
            commit: commit.to_owned(),
            revision: revision.to_owned(),
            ids: workspace::kata_ids_at(root, commit)?.into_iter().collect(),
            loaded: BTreeMap::new(),
        })
    }

    /// Whether the base has kata `id`.
    pub fn has(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// Kata `id`'s manifest at the base; `None` for a kata the base does not have.
    pub fn get(&mut self, id: &str) -> Result<Option<&Manifest>, Error> {
        if !self.has(id) {
            return Ok(None);
        }
        if !self.loaded.contains_key(id) {
            let manifest = workspace::manifest_at(self.root, &self.commit, &self.revision, id)?;
            self.loaded.insert(id.to_owned(), manifest);
        }
        Ok(self.loaded.get(id))
    }
}

/// `katas/<id>/<relative>` split into the id and the path inside the kata.
pub fn kata_path(path: &str) -> Option<(&str, &str)> {
    path.strip_prefix("katas/")?
        .split_once('/')
        .filter(|(id, relative)| !id.is_empty() && !relative.is_empty())
}

/// The files of a kata no learner may change, whatever its manifest says: its fixed files,
/// and its tests, unless it is a test-craft kata (it has a `[subject]`) whose editable
/// patterns name that test file under `tests/` explicitly (a broad `**` never opens them).
fn always_protected(manifest: &Manifest, relative: &str) -> bool {
    matches!(relative, "kata.toml" | "Cargo.toml" | tamper::SEAL_FILE)
        || (relative.starts_with("tests/") && !learner_test(manifest, relative))
}

/// A learner's own test file in a test-craft kata.
fn learner_test(manifest: &Manifest, relative: &str) -> bool {
    manifest.subject.is_some()
        && manifest
            .paths
            .editable
            .iter()
            .any(|p| p.starts_with("tests/") && glob::matches(p, relative))
}

/// Whether a learner may change `relative` in a kata with this manifest: it matches an
/// editable pattern, no protected pattern, and is not one of the kata's fixed files.
pub fn is_editable(manifest: &Manifest, relative: &str) -> bool {
    !is_protected(manifest, relative)
        && manifest
            .paths
            .editable
            .iter()
            .any(|p| glob::matches(p, relative))
}

fn is_protected(manifest: &Manifest, relative: &str) -> bool {
    always_protected(manifest, relative)
        || manifest
            .paths
            .protected
            .iter()
            .any(|p| glob::matches(p, relative))
}

/// A path cargo or rustup would act on wherever it sits: a build script, a cargo config
/// folder, a toolchain file (compared without case: some file systems ignore it).
pub fn is_build_config(path: &str) -> bool {
    path.split('/').any(|segment| {
        let segment = segment.to_ascii_lowercase();
        matches!(
            segment.as_str(),
            "build.rs" | ".cargo" | "rust-toolchain" | "rust-toolchain.toml"
        )
    })
}

/// Every reason `change` fails the gate (none when it is an honest edit).
pub fn reasons(change: &Change, manifests: &mut BaseManifests<'_>) -> Result<Vec<Reason>, Error> {
    let path = std::str::from_utf8(&change.path).ok();
    let kata = path.and_then(kata_path);
    let manifest = match kata {
        Some((id, _)) => manifests.get(id)?,
        None => None,
    };
    Ok(judge(change, kata.map(|(_, relative)| relative), manifest))
}

/// The rules, given the change, its path inside a kata (when it is in one), and that
/// kata's manifest at the base (when the base has the kata).
fn judge(change: &Change, relative: Option<&str>, manifest: Option<&Manifest>) -> Vec<Reason> {
    let mut reasons = Vec::new();
    let in_kata = relative.zip(manifest);
    if !in_kata.is_some_and(|(relative, m)| is_editable(m, relative)) {
        reasons.push(Reason::OutsideEditable);
    }
    if change.new_mode == SYMLINK {
        reasons.push(Reason::Symlink);
    }
    if change.new_mode == GITLINK || change.old_mode == GITLINK {
        reasons.push(Reason::Submodule);
    }
    let regular = |m: u32| m == REGULAR || m == EXECUTABLE;
    let mode_changed = (regular(change.old_mode)
        && regular(change.new_mode)
        && change.old_mode != change.new_mode)
        || (change.old_mode == ABSENT && change.new_mode == EXECUTABLE);
    if mode_changed {
        reasons.push(Reason::ModeChange);
    }
    if change.status == b'A' && relative.is_some_and(|r| !r.trim_end_matches('/').contains('/')) {
        reasons.push(Reason::NewFileAtKataRoot);
    }
    if is_build_config(&String::from_utf8_lossy(&change.path)) {
        reasons.push(Reason::BuildConfig);
    }
    if change.status == b'D' && in_kata.is_some_and(|(relative, m)| is_protected(m, relative)) {
        reasons.push(Reason::DeletedProtected);
    }
    reasons
}

/// Judge the change of the repo containing `dir` against `base`.
pub fn check(dir: &Path, base: &str) -> Result<Report, Error> {
    let root = git::toplevel(dir)?;
    let commit = git::commit(&root, base)?;
    let merge_base = git::git(&root, &["merge-base", &commit, "HEAD"])
        .map_err(|_| Error::Config(format!("`{base}` and HEAD have no common ancestor")))?
        .trim()
        .to_owned();
    let changes = changed_files(&root, &commit)?;
    let mut manifests = BaseManifests::new(&root, &commit, base)?;
    let mut by_path: BTreeMap<&[u8], BTreeSet<Reason>> = BTreeMap::new();
    for change in &changes {
        let reasons = reasons(change, &mut manifests)?;
        if !reasons.is_empty() {
            by_path.entry(&change.path).or_default().extend(reasons);
        }
    }
    let changed = changes
        .iter()
        .map(|c| &c.path)
        .collect::<BTreeSet<_>>()
        .len();
    Ok(Report {
        base: base.to_owned(),
        merge_base,
        changed,
        findings: by_path
            .into_iter()
            .map(|(path, reasons)| Finding {
                path: String::from_utf8_lossy(path).into_owned(),
                reasons: reasons.into_iter().collect(),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(old: &str, new: &str, status: &str, paths: &[&[u8]]) -> Vec<u8> {
        let mut out = format!(
            ":{old} {new} 1111111111111111111111111111111111111111 0000000000000000000000000000000000000000 {status}\0"
        )
        .into_bytes();
        for p in paths {
            out.extend_from_slice(p);
            out.push(0);
        }
        out
    }

    #[test]
    fn raw_records_give_modes_status_and_exact_paths() {
        let mut raw = record("100644", "100644", "M", &[b"katas/a/src/lib.rs"]);
        raw.extend(record("000000", "100755", "A", &[b"katas/a/run.sh"]));
        raw.extend(record(
            "100644",
            "000000",
            "D",
            &[b"katas/a/tests/checks.rs"],
        ));
        raw.extend(record("100644", "120000", "T", &[b"katas/a/src/x.rs"]));
        let changes = parse_raw(&raw).unwrap();
        assert_eq!(changes.len(), 4);
        assert_eq!(
            changes[0],
            Change {
                old_mode: REGULAR,
                new_mode: REGULAR,
                status: b'M',
                path: b"katas/a/src/lib.rs".to_vec(),
            }
        );
        assert_eq!(
            (changes[1].old_mode, changes[1].new_mode),
            (ABSENT, EXECUTABLE)
        );
        assert_eq!(changes[2].status, b'D');
        assert_eq!((changes[3].status, changes[3].new_mode), (b'T', SYMLINK));
        assert!(parse_raw(b"").unwrap().is_empty());
    }

    #[test]
    fn unusual_path_bytes_are_kept_exactly() {
        let odd: &[u8] = b"katas/a/src/new\nline\t\"quoted\" :,\xff.rs";
        let changes = parse_raw(&record("100644", "100644", "M", &[odd])).unwrap();
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].path, odd);
        // A path that looks like a record header is still a path.
        let fake: &[u8] = b":100644 100644 a b M";
        let changes = parse_raw(&record("000000", "100644", "A", &[fake])).unwrap();
        assert_eq!(changes[0].path, fake);
        assert_eq!(parse_paths(b"a\0b\nc\0"), [b"a".to_vec(), b"b\nc".to_vec()]);
    }

    #[test]
    fn a_rename_is_a_deletion_and_an_addition() {
        let changes = parse_raw(&record("100644", "100644", "R100", &[b"a/x", b"a/y"])).unwrap();
        assert_eq!(changes.len(), 2);
        assert_eq!(
            (changes[0].status, changes[0].path.as_slice()),
            (b'D', &b"a/x"[..])
        );
        assert_eq!(
            (changes[1].status, changes[1].path.as_slice()),
            (b'A', &b"a/y"[..])
        );
    }

    #[test]
    fn malformed_output_is_an_error_not_an_empty_change() {
        for bad in [
            &b"100644 100644 a b M\0path\0"[..],
            b":100644 100644 a b\0path\0",
            b":10064x 100644 a b M\0path\0",
            b":100644 100644 a b M\0",
            b":100644 100644 a b M\0\0",
        ] {
            assert!(parse_raw(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }

    const MANIFEST: &str = r#"
schema = 1
title = "T"
family = "flaky-tests"
difficulty = "intro"
track = 1
summary = "S."
topics = ["t"]
hints = ["h"]

[paths]
editable = ["src/**", "benches/**", "tests/**", "Cargo.toml"]
protected = ["tests/**", "Cargo.toml", "kata.toml", "benches/data.csv"]

[[check]]
id = "protected"
kind = "tamper"
shipped = "passes"
"#;

    fn judged(old: u32, new: u32, status: u8, path: &str, known_kata: bool) -> Vec<Reason> {
        let manifest = crate::manifest::parse(MANIFEST, Path::new("kata.toml")).unwrap();
        let change = Change {
            old_mode: old,
            new_mode: new,
            status,
            path: path.as_bytes().to_vec(),
        };
        let relative = kata_path(path).map(|(_, r)| r);
        judge(&change, relative, known_kata.then_some(&manifest))
    }

    #[test]
    fn a_test_craft_kata_opens_only_the_test_files_it_names() {
        let text = MANIFEST
            .replace(
                "editable = [\"src/**\", \"benches/**\", \"tests/**\", \"Cargo.toml\"]",
                "editable = [\"tests/suite.rs\", \"tests/snapshots/**\", \"src/**\"]",
            )
            .replace(
                "protected = [\"tests/**\", ",
                "protected = [\"tests/checks.rs\", ",
            )
            .replace("[[check]]", "[subject]\npackage = \"s\"\n\n[[check]]");
        let craft = crate::manifest::parse(&text, Path::new("kata.toml")).unwrap();
        assert!(is_editable(&craft, "tests/suite.rs"));
        assert!(is_editable(&craft, "tests/snapshots/report.snap"));
        assert!(!is_editable(&craft, "tests/checks.rs"));
        // Other test files stay closed (a pattern as broad as `**` is refused with a
        // [subject]), and without a [subject] none is opened.
        assert!(!is_editable(&craft, "tests/other.rs"));
        let plain = crate::manifest::parse(
            &text.replace("[subject]\npackage = \"s\"\n", ""),
            Path::new("kata.toml"),
        )
        .unwrap();
        assert!(!is_editable(&plain, "tests/suite.rs"));
    }

    #[test]
    fn each_rule_names_its_reason() {
        use Reason::*;
        assert_eq!(
            judged(REGULAR, REGULAR, b'M', "katas/a/src/lib.rs", true),
            []
        );
        assert_eq!(
            judged(ABSENT, REGULAR, b'A', "katas/a/src/new/mod.rs", true),
            []
        );
        // Protected wins over editable, and a kata's own files are protected regardless.
        for path in [
            "katas/a/tests/checks.rs",
            "katas/a/Cargo.toml",
            "katas/a/benches/data.csv",
        ] {
            assert_eq!(
                judged(REGULAR, REGULAR, b'M', path, true),
                [OutsideEditable],
                "{path}"
            );
        }
        assert_eq!(
            judged(REGULAR, REGULAR, b'M', "katas/a/protected.sha256", true),
            [OutsideEditable]
        );
        assert_eq!(
            judged(REGULAR, REGULAR, b'M', "README.md", true),
            [OutsideEditable]
        );
        assert_eq!(
            judged(ABSENT, REGULAR, b'A', "katas/new/src/lib.rs", false),
            [OutsideEditable]
        );
        assert_eq!(
            judged(ABSENT, SYMLINK, b'A', "katas/a/src/x.rs", true),
            [Symlink]
        );
        assert_eq!(
            judged(ABSENT, GITLINK, b'A', "katas/a/src/sub", true),
            [Submodule]
        );
        assert_eq!(
            judged(REGULAR, EXECUTABLE, b'M', "katas/a/src/lib.rs", true),
            [ModeChange]
        );
        assert_eq!(
            judged(ABSENT, EXECUTABLE, b'A', "katas/a/src/x.sh", true),
            [ModeChange]
        );
        assert_eq!(
            judged(ABSENT, REGULAR, b'A', "katas/a/build.rs", true),
            [OutsideEditable, NewFileAtKataRoot, BuildConfig]
        );
        assert_eq!(
            judged(
                ABSENT,
                REGULAR,
                b'A',
                "katas/a/src/.cargo/config.toml",
                true
            ),
            [BuildConfig]
        );
        assert_eq!(
            judged(
                ABSENT,
                REGULAR,
                b'A',
                "katas/a/src/Rust-Toolchain.toml",
                true
            ),
            [BuildConfig]
        );
        assert_eq!(
            judged(REGULAR, ABSENT, b'D', "katas/a/tests/checks.rs", true),
            [OutsideEditable, DeletedProtected]
        );
        assert_eq!(
            judged(REGULAR, ABSENT, b'D', "katas/a/src/old.rs", true),
            []
        );
    }
}
