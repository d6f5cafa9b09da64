//! `cargo kata gate` against each way a hostile pull request could grade itself, on a
//! throwaway repo made like the rehearsal's (base commit = the fixture workspace). The gate
//! builds nothing, so these are quick; only the first also grades, to show that the base's
//! manifest, not the pull request's, decides the grade.

use std::path::Path;
use std::process::Output;

use crate::fixture::{cargo_kata_with_env, stdout};
use crate::rehearsal::{base_repo, git, target_dir};

fn gate(repo: &Path, base: &str, format: &str) -> Output {
    cargo_kata_with_env(
        repo,
        &["gate", "--base", base, "--format", format],
        &[("CARGO_TARGET_DIR", &target_dir("gate"))],
    )
}

fn write(repo: &Path, path: &str, text: &str) {
    let path = repo.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn commit(repo: &Path) {
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "learner's change"]);
}

/// The gate fails, and names `reasons` for `path` on one line of its human output.
fn assert_finding(out: &Output, path: &str, reasons: &str) {
    let text = stdout(out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.lines().any(|l| l == format!("✗ {path}: {reasons}")),
        "expected `{path}: {reasons}` in:\n{text}"
    );
}

#[test]
fn an_edited_manifest_is_stopped_and_the_grade_still_follows_the_bases() {
    const NAME: &str = "gate-manifest";
    let (repo, base) = base_repo(NAME);
    // The attack: make tests/ editable, add a test that passes, point the failing check at
    // it, raise its points, and reseal so the local tamper check agrees.
    let manifest = std::fs::read_to_string(repo.join("katas/panics/kata.toml"))
        .unwrap()
        .replace(
            r#"editable = ["src/**"]"#,
            r#"editable = ["src/**", "tests/**"]"#,
        )
        .replace(r#"test = "main""#, r#"test = "ok""#)
        .replace("points = 2", "points = 100");
    write(&repo, "katas/panics/kata.toml", &manifest);
    let mut checks = std::fs::read_to_string(repo.join("katas/panics/tests/checks.rs")).unwrap();
    checks.push_str("mod ok { #[test] fn fine() {} }\n");
    write(&repo, "katas/panics/tests/checks.rs", &checks);
    let sealed = cargo_kata_with_env(&repo, &["seal", "panics"], &[]);
    assert_eq!(sealed.status.code(), Some(0), "{}", stdout(&sealed));
    commit(&repo);

    let out = gate(&repo, &base, "human");
    for path in [
        "katas/panics/kata.toml",
        "katas/panics/protected.sha256",
        "katas/panics/tests/checks.rs",
    ] {
        assert_finding(&out, path, "outside editable paths");
    }

    // Graded as the workflow grades: the base's check (and points) and the base's protected
    // files, so the edited manifest changes nothing and the tamper check fails.
    let out = cargo_kata_with_env(
        &repo,
        &["grade", "--changed", "--base", &base, "--format", "json"],
        &[("CARGO_TARGET_DIR", &target_dir(NAME))],
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let report = &doc["katas"][0];
    assert_eq!(report["kata"], "panics", "{text}");
    assert_eq!(report["max_points"], 2, "the base's points: {text}");
    let check = |id: &str| {
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("no check {id}: {text}"))
            .clone()
    };
    assert_eq!(check("main")["outcome"], "fail", "{text}");
    let tamper = check("protected");
    assert_eq!(tamper["outcome"], "fail", "{text}");
    let message = tamper["message"].as_str().unwrap();
    for file in ["kata.toml", "protected.sha256", "tests/checks.rs"] {
        assert!(message.contains(file), "{message}");
    }
    assert_eq!(
        doc["outside_editable"],
        serde_json::json!([
            "katas/panics/kata.toml",
            "katas/panics/protected.sha256",
            "katas/panics/tests/checks.rs"
        ])
    );
    let _ = std::fs::remove_dir_all(&repo);
}

#[test]
fn a_build_script_at_the_kata_root_is_stopped_and_annotated() {
    let (repo, base) = base_repo("gate-build-rs");
    write(
        &repo,
        "katas/panics/build.rs",
        "fn main() { /* replace the grader */ }\n",
    );
    commit(&repo);
    assert_finding(
        &gate(&repo, &base, "human"),
        "katas/panics/build.rs",
        "outside editable paths, new file at kata root, build script or cargo config",
    );
    let out = gate(&repo, &base, "github");
    assert!(
        stdout(&out).starts_with(
            "::error file=katas/panics/build.rs,title=gate%3A outside editable paths%2C new file at kata root%2C build script or cargo config::outside editable paths, new file at kata root, build script or cargo config. "
        ),
        "{}",
        stdout(&out)
    );
    let _ = std::fs::remove_dir_all(&repo);
}

#[cfg(unix)]
#[test]
fn symlinks_in_src_are_stopped_committed_or_not() {
    let (repo, base) = base_repo("gate-symlink");
    let lib = repo.join("katas/panics/src/lib.rs");
    std::fs::remove_file(&lib).unwrap();
    std::os::unix::fs::symlink("../../../solutions/passing/src/lib.rs", &lib).unwrap();
    commit(&repo);
    // Not committed: the working tree counts too.
    std::os::unix::fs::symlink("/etc/passwd", repo.join("katas/panics/src/passwd.rs")).unwrap();
    let out = gate(&repo, &base, "human");
    assert_finding(&out, "katas/panics/src/lib.rs", "symlink");
    assert_finding(&out, "katas/panics/src/passwd.rs", "symlink");
    let _ = std::fs::remove_dir_all(&repo);
}

#[cfg(unix)]
#[test]
fn an_executable_bit_is_stopped() {
    use std::os::unix::fs::PermissionsExt;
    let (repo, base) = base_repo("gate-chmod");
    git(&repo, &["config", "core.fileMode", "true"]);
    let lib = repo.join("katas/panics/src/lib.rs");
    std::fs::write(&lib, "pub fn answer() -> u32 { 42 }\n").unwrap();
    std::fs::set_permissions(&lib, std::fs::Permissions::from_mode(0o755)).unwrap();
    commit(&repo);
    assert_finding(
        &gate(&repo, &base, "human"),
        "katas/panics/src/lib.rs",
        "mode change",
    );
    let _ = std::fs::remove_dir_all(&repo);
}

#[test]
fn a_cargo_config_at_the_root_is_stopped() {
    let (repo, base) = base_repo("gate-cargo-config");
    write(
        &repo,
        ".cargo/config.toml",
        "[build]\nrustc-wrapper = \"/tmp/evil\"\n",
    );
    commit(&repo);
    assert_finding(
        &gate(&repo, &base, "human"),
        ".cargo/config.toml",
        "outside editable paths, build script or cargo config",
    );
    let _ = std::fs::remove_dir_all(&repo);
}

#[test]
fn a_toolchain_file_is_stopped() {
    let (repo, base) = base_repo("gate-toolchain");
    write(
        &repo,
        "rust-toolchain.toml",
        "[toolchain]\nchannel = \"nightly\"\n",
    );
    commit(&repo);
    let out = gate(&repo, &base, "json");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["schema"], "cargo-kata/gate");
    assert_eq!(
        doc["findings"],
        serde_json::json!([{
            "path": "rust-toolchain.toml",
            "reasons": ["outside-editable", "build-config"],
        }])
    );
    let _ = std::fs::remove_dir_all(&repo);
}

#[cfg(unix)]
#[test]
fn a_path_cannot_forge_a_workflow_command() {
    let (repo, base) = base_repo("gate-odd-path");
    write(&repo, "katas/panics/tests/x\n::warning::forged,%.rs", "\n");
    commit(&repo);
    let out = gate(&repo, &base, "github");
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.starts_with(
            "::error file=katas/panics/tests/x%0A%3A%3Awarning%3A%3Aforged%2C%25.rs,title=gate%3A outside editable paths::"
        ),
        "{text}"
    );
    assert!(
        text.lines()
            .all(|l| l.starts_with("::error ") || l.starts_with("gate: ")),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&repo);
}

#[test]
fn an_honest_change_passes_the_gate() {
    let (repo, base) = base_repo("gate-honest");
    write(
        &repo,
        "katas/panics/src/lib.rs",
        "pub fn answer() -> u32 { 42 }\n",
    );
    commit(&repo);
    // Uncommitted work in an editable path is fine too.
    write(&repo, "katas/panics/src/helper.rs", "pub fn help() {}\n");
    let out = gate(&repo, &base, "human");
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with("gate: OK, 2 changed files since "),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&repo);
}

#[test]
fn a_manifest_read_from_a_revision_is_named_with_it() {
    let (repo, _) = base_repo("gate-manifest-at");
    let manifest = std::fs::read_to_string(repo.join("katas/panics/kata.toml")).unwrap();
    write(
        &repo,
        "katas/panics/kata.toml",
        &manifest.replace("title =", "titel ="),
    );
    commit(&repo);
    // The working tree is fixed again; the revision's copy is the one read.
    write(&repo, "katas/panics/kata.toml", &manifest);
    let out = cargo_kata_with_env(
        &repo,
        &["grade", "panics", "--base", "HEAD"],
        &[("CARGO_TARGET_DIR", &target_dir("gate"))],
    );
    let err = crate::fixture::stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("katas/panics/kata.toml@HEAD:2:1: titel: unknown field `titel`"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&repo);
}

/// The local grade agrees with the gate on a file added outside every glob: a learner is
/// told before the pull request, not by it. A file git ignores is a tool's output, not an
/// addition.
#[test]
fn a_local_grade_refuses_a_file_added_outside_every_glob_as_the_gate_does() {
    const NAME: &str = "outside-globs";
    let (repo, base) = base_repo(NAME);
    write(&repo, "katas/passing/notes.txt", "my notes\n");
    write(&repo, "katas/passing/perf.data", "a profiler's output\n");
    write(&repo, ".gitignore", "/target\n/.kata\nperf.data\n");
    let grade = |repo: &Path| {
        cargo_kata_with_env(
            repo,
            &["grade", "passing", "--check", "protected"],
            &[("CARGO_TARGET_DIR", &target_dir(NAME))],
        )
    };
    let out = grade(&repo);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(
            "files outside the editable paths (a pull request may not add them): notes.txt"
        ),
        "{text}"
    );
    assert!(
        !text.contains("protected files differ"),
        "no protected file changed: {text}"
    );
    assert!(
        !text.contains("perf.data"),
        "an ignored file is not the learner's: {text}"
    );
    commit(&repo);
    assert_finding(
        &gate(&repo, &base, "human"),
        "katas/passing/notes.txt",
        "outside editable paths, new file at kata root",
    );
    std::fs::remove_file(repo.join("katas/passing/notes.txt")).unwrap();
    let text = stdout(&grade(&repo));
    assert!(text.contains("PASS     protected"), "{text}");
    let _ = std::fs::remove_dir_all(&repo);
}

/// A test file the learner adds beside the checks is refused by `protected` and nowhere
/// else: it is not run, so no suite run calls its tests forged, and a test it puts in a
/// check's module does not join the check.
#[test]
fn an_added_test_file_is_named_once_by_protected() {
    const NAME: &str = "added-test-file";
    let (repo, _base) = base_repo(NAME);
    write(
        &repo,
        "katas/passing/tests/extra.rs",
        "mod main {\n    #[test]\n    fn mine() {}\n}\n",
    );
    let out = cargo_kata_with_env(
        &repo,
        &["grade", "passing"],
        &[("CARGO_TARGET_DIR", &target_dir(NAME))],
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("added: tests/extra.rs"), "{text}");
    assert!(!text.contains("forged output"), "{text}");
    assert!(text.contains("FAIL     protected"), "{text}");
    assert!(text.contains("PASS     main"), "{text}");
    let _ = std::fs::remove_dir_all(&repo);
}

/// A solved kata's last grade goes out of date when its files change (until they are as
/// graded again), or when a `--check` grade, never saved as the kata's grade, fails a
/// check: `list` says to grade again, not "solved".
#[test]
fn a_failing_check_grade_marks_a_solved_kata_out_of_date() {
    const NAME: &str = "check-contradicts";
    let (repo, _base) = base_repo(NAME);
    let env = [("CARGO_TARGET_DIR", target_dir(NAME))];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let status = |repo: &Path| {
        let out = cargo_kata_with_env(repo, &["list", "--format", "json"], &env);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["katas"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["id"] == "passing")
            .map(|k| k["status"].as_str().unwrap_or_default().to_owned())
            .unwrap()
    };
    let full = cargo_kata_with_env(&repo, &["grade", "passing"], &env);
    assert_eq!(full.status.code(), Some(0), "{}", stdout(&full));
    assert_eq!(status(&repo), "solved");
    // An edit alone makes the grade one of other code; undoing it makes it true again.
    write(
        &repo,
        "katas/passing/src/lib.rs",
        "pub fn answer() -> u32 { 41 }\n",
    );
    assert_eq!(status(&repo), "grade-again", "after an edit");
    write(
        &repo,
        "katas/passing/src/lib.rs",
        "pub fn answer() -> u32 { 42 }\n",
    );
    assert_eq!(status(&repo), "solved", "after the edit was undone");
    // A failing `--check` grade outlives the edit it graded: only a whole grade settles it.
    write(
        &repo,
        "katas/passing/src/lib.rs",
        "pub fn answer() -> u32 { 41 }\n",
    );
    let partial = cargo_kata_with_env(&repo, &["grade", "passing", "--check", "main"], &env);
    assert_eq!(partial.status.code(), Some(1), "{}", stdout(&partial));
    write(
        &repo,
        "katas/passing/src/lib.rs",
        "pub fn answer() -> u32 { 42 }\n",
    );
    assert_eq!(
        status(&repo),
        "grade-again",
        "after a failing --check grade"
    );
    let _ = std::fs::remove_dir_all(&repo);
}
