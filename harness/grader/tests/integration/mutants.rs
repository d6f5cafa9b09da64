//! The `mutants` and `refactors` checks on fixture katas that share one subject crate
//! (`katas/mutants/subject`): a weak suite, a strong one (the solution), a brittle one
//! and one that tries to learn which mutant it runs against.

use crate::fixture::{cargo_kata, check, grade_json, workspace};

fn message(check: &serde_json::Value) -> String {
    check["message"].as_str().unwrap_or_default().to_owned()
}

#[test]
fn a_weak_suite_lets_the_boundary_mutant_survive_and_says_which() {
    let (code, report) = grade_json("mutants");
    assert_eq!(code, 1, "{report}");
    let mutants = check(&report, "catches-bugs");
    assert_eq!(mutants["outcome"], "fail", "{mutants}");
    let text = message(mutants);
    assert!(
        text.contains("`boundary` (the discount starts at 11 items, not 10): no test failed"),
        "{text}"
    );
    assert!(
        text.contains("`hangs`") && text.contains("a crash or a hang catches nothing"),
        "{text}"
    );
    assert!(
        !text.contains("`no-discount`"),
        "killed, so not listed: {text}"
    );
    assert_eq!(mutants["figure"]["value"], 1.0, "{mutants}");
    // Points scale with the mutants killed: 1 of 3 earns a third.
    assert_eq!(mutants["points"], 2, "{mutants}");
    assert_eq!(check(&report, "not-brittle")["outcome"], "pass", "{report}");
}

#[test]
fn a_suite_that_pins_the_boundary_kills_the_mutants_and_passes() {
    let out = cargo_kata(
        workspace(),
        &["grade", "mutants", "--solution", "--format", "json"],
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let report = &doc["katas"][0];
    let mutants = check(report, "catches-bugs");
    assert_eq!(mutants["outcome"], "pass", "{mutants}");
    assert_eq!(mutants["points"], 6, "{mutants}");
    assert_eq!(mutants["figure"]["value"], 2.0, "{mutants}");
    // The hang still survives (min_killed lets it), and the verdict says so.
    assert!(message(mutants).contains("`hangs`"), "{mutants}");
    assert_eq!(check(report, "not-brittle")["outcome"], "pass", "{report}");
}

#[test]
fn a_suite_that_pins_how_the_code_works_fails_the_refactors() {
    let (_, report) = grade_json("mutants-brittle");
    assert_eq!(
        check(&report, "catches-bugs")["outcome"],
        "pass",
        "{report}"
    );
    let refactors = check(&report, "not-brittle");
    assert_eq!(refactors["outcome"], "fail", "{refactors}");
    let text = message(refactors);
    assert!(
        text.contains("`asks-per-item`") && text.contains("`boundary_and_calls` failed"),
        "{text}"
    );
    assert_eq!(refactors["figure"]["value"], 0.0, "{refactors}");
}

#[test]
fn tests_cannot_see_which_mutant_is_built() {
    let (_, report) = grade_json("mutants-cheat");
    let mutants = check(&report, "catches-bugs");
    assert_eq!(mutants["outcome"], "fail", "{mutants}");
    assert_eq!(
        mutants["figure"]["value"], 0.0,
        "every mutant survives: {mutants}"
    );
    // A learner's test named like a check does not stand in for it.
    let main = check(&report, "main");
    assert_eq!(main["outcome"], "error", "{main}");
    assert!(message(main).contains("no test is named `main`"), "{main}");
}

/// Deleting every test must not earn the checks that hold a suite to something: green on
/// every rewrite (and, the same guard, green every run and green alone).
#[test]
fn an_empty_suite_fails_the_rewrites_check() {
    const NAME: &str = "empty-suite";
    let (repo, _base) = crate::rehearsal::base_repo(NAME);
    std::fs::write(
        repo.join("katas/mutants/tests/suite.rs"),
        "//! Nothing to see here.\n",
    )
    .unwrap();
    let out = crate::fixture::cargo_kata_with_env(
        &repo,
        &["grade", "mutants", "--format", "json"],
        &[("CARGO_TARGET_DIR", &crate::rehearsal::target_dir(NAME))],
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let report = &doc["katas"][0];
    let refactors = check(report, "not-brittle");
    assert_eq!(refactors["outcome"], "fail", "{refactors}");
    assert!(message(refactors).contains("no test to run"), "{refactors}");
    let _ = std::fs::remove_dir_all(&repo);
}
