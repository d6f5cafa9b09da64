//! The fixture workspace (`tests/fixtures/workspace`), synced once per test run into the
//! target dir, and helpers to run `cargo-kata` in it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The repo root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A copy of the fixture workspace at a stable path, so its builds are cached between
/// runs. Files are rewritten only when they differ, which keeps cargo's fingerprints.
/// The copy has one deliberate change: an extra file among the `tampered` kata's tests.
pub fn workspace() -> &'static Path {
    static COPY: OnceLock<PathBuf> = OnceLock::new();
    COPY.get_or_init(|| {
        let copy = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-workspace");
        sync_fixture(&copy);
        std::fs::write(
            copy.join("katas/tampered/tests/extra.rs"),
            "// added by the learner\n",
        )
        .unwrap();
        let _ = std::fs::remove_dir_all(copy.join(".kata"));
        copy
    })
}

/// Copy the fixture workspace into `to`, with the `kata-attest` crate its checks use
/// (from harness/attest) as its `attest/` member.
pub fn sync_fixture(to: &Path) {
    let grader = Path::new(env!("CARGO_MANIFEST_DIR"));
    sync(&grader.join("tests/fixtures/workspace"), to);
    let attest = grader.join("../attest");
    std::fs::create_dir_all(to.join("attest/src")).unwrap();
    for file in ["Cargo.toml", "src/lib.rs"] {
        let text = std::fs::read_to_string(attest.join(file)).unwrap();
        // The copy is a member of the fixture workspace, which has no `rust-version` or
        // `license` to inherit.
        let text: String = text
            .lines()
            .filter_map(|line| match line {
                "edition.workspace = true" => Some("edition = \"2024\""),
                l if l.ends_with(".workspace = true") => None,
                l => Some(l),
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let target = to.join("attest").join(file);
        if std::fs::read_to_string(&target).ok().as_deref() != Some(&text[..]) {
            std::fs::write(&target, text).unwrap();
        }
    }
}

/// Copy `from` into `to`, writing only files whose bytes differ (a fresh `to` gets
/// everything).
pub fn sync(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            sync(&entry.path(), &target);
        } else {
            let bytes = std::fs::read(entry.path()).unwrap();
            if std::fs::read(&target).ok().as_deref() != Some(&bytes[..]) {
                std::fs::write(&target, bytes).unwrap();
            }
        }
    }
}

/// Run `cargo-kata ARGS` in `dir` with the fixture's own target dir.
pub fn cargo_kata(dir: &Path, args: &[&str]) -> Output {
    cargo_kata_with_env(dir, args, &[])
}

/// Run `cargo-kata ARGS` in `dir` with extra environment variables.
pub fn cargo_kata_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cargo-kata"));
    command
        .args(args)
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-target"),
        )
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_STEP_SUMMARY");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("cargo-kata runs")
}

/// Grade one fixture kata as JSON; returns the exit code and the kata's report.
pub fn grade_json(kata: &str) -> (i32, serde_json::Value) {
    let out = cargo_kata(workspace(), &["grade", kata, "--format", "json"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "grade {kata}: not JSON ({e}): {text}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), doc["katas"][0].clone())
}

/// The check with `id` in a kata report.
pub fn check<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no check {id} in {report}"))
}

/// A directory under the test target's temporary dir, named per test and process, that is
/// removed when the test ends (also when it fails), so repeated runs leave nothing behind.
pub struct ScratchDir(PathBuf);

impl ScratchDir {
    /// An empty directory named `{prefix}-{pid}`; a leftover of that name is removed first.
    pub fn new(prefix: &str) -> Self {
        let dir =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{prefix}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        ScratchDir(dir)
    }
}

impl std::ops::Deref for ScratchDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for ScratchDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A throwaway workspace with one kata whose manifest is `manifest` (no build needed).
pub fn tiny_workspace(name: &str, manifest: &str) -> ScratchDir {
    let dir = ScratchDir::new(&format!("tiny-{name}"));
    std::fs::create_dir_all(dir.join("katas/demo/tests")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nmembers = [\"katas/*\"]\n",
    )
    .unwrap();
    std::fs::write(dir.join("katas/demo/kata.toml"), manifest).unwrap();
    std::fs::write(
        dir.join("katas/demo/tests/checks.rs"),
        "#[test] fn t() {}\n",
    )
    .unwrap();
    dir
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
