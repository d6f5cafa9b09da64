//! A local rehearsal of the pull-request workflow (.github/workflows/grade-pr.yml): a
//! throwaway git repo with a base commit and a learner's head commit, graded with the
//! same commands the workflow runs. `gate.rs` rehearses the gate against each attack.
//!
//! The learner's head fixes one kata (`panics`), breaks another (`passing`), and in a third
//! (`compile-error`) fixes the code but also edits its protected test file.
//!
//! Each repo gets a target dir of its own: cargo names a path package's artifacts by its
//! path relative to the workspace root, so two copies of one workspace sharing a target
//! dir would overwrite each other's test binaries.

use std::path::Path;
use std::process::Command;

use crate::fixture::{ScratchDir, cargo_kata_with_env, stdout, sync_fixture};

pub(crate) fn target_dir(name: &str) -> String {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("rehearsal-target-{name}"))
        .display()
        .to_string()
}

pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Learner",
            "-c",
            "user.email=learner@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// A throwaway repo whose one commit (on `main`) is the fixture workspace, with the
/// learner's branch checked out; returns it and the base commit.
pub(crate) fn base_repo(name: &str) -> (ScratchDir, String) {
    let repo = ScratchDir::new(&format!("rehearsal-{name}"));
    sync_fixture(&repo);
    std::fs::write(repo.join(".gitignore"), "/target\n/.kata\n").unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "base"]);
    let base = git(&repo, &["rev-parse", "HEAD"]);
    git(&repo, &["checkout", "-q", "-b", "learner"]);
    (repo, base)
}

/// The repo: base commit = the fixture workspace; head commit = the learner's changes.
fn learner_repo(name: &str) -> (ScratchDir, String) {
    let (repo, base) = base_repo(name);
    std::fs::write(
        repo.join("katas/panics/src/lib.rs"),
        "pub fn answer() -> u32 { 42 }\n",
    )
    .unwrap();
    std::fs::write(
        repo.join("katas/passing/src/lib.rs"),
        "pub fn answer() -> u32 { 41 }\n",
    )
    .unwrap();
    std::fs::write(
        repo.join("katas/compile-error/src/lib.rs"),
        "pub fn answer() -> u32 { 42 }\n",
    )
    .unwrap();
    let checks = repo.join("katas/compile-error/tests/checks.rs");
    let edited = std::fs::read_to_string(&checks)
        .unwrap()
        .replace("42", "40 + 2");
    std::fs::write(&checks, edited).unwrap();
    git(&repo, &["commit", "-q", "-am", "learner's fixes"]);
    (repo, base)
}

#[test]
fn the_pull_request_workflow_grades_touched_katas_and_reports_everywhere() {
    const NAME: &str = "workflow";
    let (repo, base) = learner_repo(NAME);

    // The workflow's gate, before anything is built: the edited test file stops the job
    // there. The rehearsal goes on to grade, to see every report the grade step writes.
    let gate = cargo_kata_with_env(
        &repo,
        &["gate", "--base", &base, "--format", "github"],
        &[("CARGO_TARGET_DIR", &target_dir(NAME))],
    );
    assert_eq!(gate.status.code(), Some(1), "{}", stdout(&gate));
    assert!(
        stdout(&gate).starts_with(
            "::error file=katas/compile-error/tests/checks.rs,title=gate%3A outside editable paths::"
        ),
        "{}",
        stdout(&gate)
    );

    // Which katas does the pull request touch?
    let changed = cargo_kata_with_env(
        &repo,
        &["changed", "--base", &base],
        &[("CARGO_TARGET_DIR", &target_dir(NAME))],
    );
    assert_eq!(
        stdout(&changed).lines().collect::<Vec<_>>(),
        ["compile-error", "panics", "passing"]
    );

    // Grade them, as the workflow does.
    let reports = repo.join("target/kata");
    let summary = repo.join("step-summary.md");
    let out = cargo_kata_with_env(
        &repo,
        &[
            "grade",
            "--changed",
            "--base",
            &base,
            "--format",
            "github",
            "--output",
            &format!("junit={}", reports.join("junit.xml").display()),
            "--output",
            &format!("json={}", reports.join("report.json").display()),
        ],
        &[
            ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
            ("CARGO_TARGET_DIR", &target_dir(NAME)),
        ],
    );
    let annotations = stdout(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a broken kata and an edited test fail the job\n{annotations}"
    );

    // Annotations: the broken kata's failing line, the tampered file, the file outside the
    // editable paths; nothing for the fixed kata.
    assert!(
        annotations.contains(
            "::error file=katas/passing/tests/checks.rs,line=5,title=passing%3A main (FAIL)::"
        ),
        "{annotations}"
    );
    assert!(
        annotations
            .contains("title=compile-error%3A protected (FAIL)::protected files differ from `"),
        "{annotations}"
    );
    assert!(
        annotations.contains(
            "::error file=katas/compile-error/tests/checks.rs,title=outside the editable paths::"
        ),
        "{annotations}"
    );
    assert!(!annotations.contains("title=panics"), "{annotations}");
    assert!(
        annotations
            .lines()
            .all(|l| l.starts_with("::") || l.starts_with("grade: ")),
        "only workflow commands and the closing line: {annotations}"
    );
    assert!(
        annotations
            .trim_end()
            .ends_with("grade: 1 passed, 2 failed"),
        "{annotations}"
    );

    // The run summary.
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.contains("| `panics` | 2 / 2 | 2 / 2 | ✅ solved |"),
        "{md}"
    );
    assert!(
        md.contains("| `passing` | 1 / 2 | 0 / 2 | ❌ not solved |"),
        "{md}"
    );
    assert!(
        md.contains("Changed outside the katas' editable paths")
            && md.contains("- `katas/compile-error/tests/checks.rs`"),
        "{md}"
    );

    // JUnit: a suite per kata, a case per check, failures where checks failed.
    let xml = std::fs::read_to_string(reports.join("junit.xml")).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"cargo-kata\" tests=\"6\" failures=\"2\">"), "{xml}");
    assert_eq!(xml.matches("<testsuite ").count(), 3, "{xml}");
    assert_eq!(xml.matches("<testcase ").count(), 6, "{xml}");
    assert_eq!(xml.matches("<failure ").count(), 2, "{xml}");
    assert_eq!(
        xml.matches("<testsuite ").count(),
        xml.matches("</testsuite>").count()
    );

    // JSON: the same verdicts, and the file outside the editable paths.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(reports.join("report.json")).unwrap())
            .unwrap();
    assert_eq!(
        (json["passed"].as_u64(), json["failed"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(
        json["outside_editable"],
        serde_json::json!(["katas/compile-error/tests/checks.rs"])
    );

    // The learner's files are as they committed them.
    assert!(
        git(&repo, &["status", "--porcelain", "--untracked-files=no"]).is_empty(),
        "the grader changed tracked files"
    );
    let _ = std::fs::remove_dir_all(&repo);
}

#[test]
fn a_pull_request_that_changes_nothing_graded_passes_quietly() {
    const NAME: &str = "empty";
    let repo = ScratchDir::new("rehearsal-empty");
    std::fs::create_dir_all(repo.join("katas/demo")).unwrap();
    std::fs::write(repo.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
    std::fs::write(repo.join("README.md"), "hello\n").unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "base"]);
    let base = git(&repo, &["rev-parse", "HEAD"]);
    let out = cargo_kata_with_env(
        &repo,
        &["grade", "--changed", "--base", &base],
        &[("CARGO_TARGET_DIR", &target_dir(NAME))],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("No kata changed since"),
        "{}",
        stdout(&out)
    );
    let _ = std::fs::remove_dir_all(&repo);
}

#[test]
fn a_mentor_reviews_figures_side_by_side_and_the_learner_resets_without_losing_work() {
    const NAME: &str = "review";
    let (repo, base) = learner_repo(NAME);
    let env = [("CARGO_TARGET_DIR", target_dir(NAME))];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();

    let out = cargo_kata_with_env(
        &repo,
        &["review", "panics", "--base", &base, "--format", "markdown"],
        &env,
    );
    let md = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{md}");
    assert!(
        md.contains("| `main` | FAIL | PASS | - |"),
        "shipped fails, the learner passes, no reference: {md}"
    );
    assert!(
        md.contains("-pub fn answer() -> u32 { 41 }")
            && md.contains("+pub fn answer() -> u32 { 42 }"),
        "{md}"
    );

    // The learner's own review: the same figures, no reference column or diff.
    let out = cargo_kata_with_env(
        &repo,
        &["diff", "panics", "--base", &base, "--format", "markdown"],
        &env,
    );
    let mine = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{mine}");
    assert!(
        mine.contains("| check | shipped | yours |") && mine.contains("| `main` | FAIL | PASS |\n"),
        "{mine}"
    );
    assert!(!mine.contains("reference"), "no reference solution: {mine}");

    // The learner starts `passing` over: their broken copy is kept, the kata is as shipped.
    let out = cargo_kata_with_env(&repo, &["reset", "passing", "--from", &base], &env);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let restored = std::fs::read_to_string(repo.join("katas/passing/src/lib.rs")).unwrap();
    assert!(restored.contains("42"), "{restored}");
    let backups: Vec<_> = std::fs::read_dir(repo.join(".kata/backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let kept = std::fs::read_to_string(backups[0].join("src/lib.rs")).unwrap();
    assert!(
        kept.contains("41"),
        "the learner's copy is in the backup: {kept}"
    );
    // Resetting a kata that does not exist at the revision is an error, and changes nothing.
    let out = cargo_kata_with_env(
        &repo,
        &["reset", "passing", "--from", "no-such-revision"],
        &env,
    );
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&repo);
}

#[test]
fn watch_grades_again_on_save_and_says_what_changed() {
    for (name, extra) in [("watch-poll", Some("--poll")), ("watch-events", None)] {
        let (repo, _) = learner_repo(name);
        let mut args = vec!["watch", "panics", "--max-grades", "2"];
        args.extend(extra);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cargo-kata"))
            .args(&args)
            .current_dir(&repo)
            .env("CARGO_TARGET_DIR", target_dir(name))
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (lines, seen) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                let _ = lines.send(line);
            }
        });
        let mut output = Vec::new();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        let mut saved = false;
        while let Ok(line) =
            seen.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()))
        {
            if line.starts_with("Waiting for a change") && !saved {
                // The learner breaks the kata again and saves.
                std::fs::write(
                    repo.join("katas/panics/src/lib.rs"),
                    "pub fn answer() -> u32 { 40 }\n",
                )
                .unwrap();
                saved = true;
            }
            output.push(line);
        }
        // A watcher that missed the save would wait for ever: end it, and say so.
        let mut finished = child.try_wait().unwrap();
        for _ in 0..100 {
            if finished.is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
            finished = child.try_wait().unwrap();
        }
        if finished.is_none() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let text = output.join("\n");
        let status =
            finished.unwrap_or_else(|| panic!("{name}: still watching after 120 s\n{text}"));
        assert!(status.success(), "{name}: {text}");
        assert!(
            text.contains(if extra.is_some() {
                "(polling every 1 s)"
            } else {
                "(file events, and a look every 2 s)"
            }),
            "{name}: {text}"
        );
        assert!(
            text.contains("Since the last grade:") && text.contains("main: PASS → FAIL"),
            "{name}: {text}"
        );
        assert!(text.contains("points: 2 → 0 of 2"), "{name}: {text}");
        let _ = std::fs::remove_dir_all(&repo);
    }
}
