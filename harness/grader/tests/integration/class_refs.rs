//! `cargo kata class --ref`: learners' branches graded as the pull-request workflow grades
//! them, in one scratch checkout, on a throwaway repo made like the rehearsal's. A branch
//! that changes a protected file is listed, not built.

use crate::fixture::{cargo_kata_with_env, stdout};
use crate::rehearsal::{base_repo, git, target_dir};

#[test]
fn class_grades_each_branch_and_refuses_one_that_leaves_the_editable_paths() {
    const NAME: &str = "class-refs";
    let (repo, base) = base_repo(NAME);
    // alice (branch `learner`): fixes `panics` in src/, as a learner may.
    std::fs::write(
        repo.join("katas/panics/src/lib.rs"),
        "pub fn answer() -> u32 { 42 }\n",
    )
    .unwrap();
    git(&repo, &["commit", "-q", "-am", "alice's fix"]);
    // mallory: also edits the kata's protected Cargo.toml (a build script could follow).
    git(&repo, &["checkout", "-q", "-b", "mallory"]);
    let manifest = repo.join("katas/panics/Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    text.push_str("\n# mallory was here\n");
    std::fs::write(&manifest, text).unwrap();
    git(&repo, &["commit", "-q", "-am", "mallory's change"]);
    git(&repo, &["checkout", "-q", "main"]);

    let out_dir = repo.join("target").join("class-out");
    let out = cargo_kata_with_env(
        &repo,
        &[
            "class",
            "--ref",
            "alice=learner",
            "--ref",
            "mallory",
            "--base",
            &base,
            "--output",
            &out_dir.display().to_string(),
        ],
        &[("CARGO_TARGET_DIR", &target_dir(NAME))],
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("alice (learner): graded"), "{text}");
    assert!(
        text.contains("mallory (mallory): not built: it changes files outside the katas' editable paths: katas/panics/Cargo.toml"),
        "{text}"
    );
    assert!(text.contains("class: 1 learners, 1 katas"), "{text}");
    let csv = std::fs::read_to_string(out_dir.join("class.csv")).unwrap();
    let alice: Vec<&str> = csv.lines().filter(|l| l.starts_with("alice,")).collect();
    assert_eq!(alice.len(), 1, "{csv}");
    assert!(alice[0].starts_with("alice,panics,"), "{csv}");
    assert!(
        alice[0].contains(",true,"),
        "alice's fix solves `panics`: {csv}"
    );
    assert!(!csv.contains("mallory"), "{csv}");
    // The learner's branch is untouched; the mentor's checkout is where it was.
    assert_eq!(git(&repo, &["rev-parse", "--abbrev-ref", "HEAD"]), "main");
}
