//! A learner's code can fail to compile, hang, panic, abort, overflow its stack, or exit
//! before its tests report. Each is a verdict, never a pass and never a grader crash.

use std::time::Instant;

use crate::fixture::{cargo_kata, check, grade_json, workspace};

#[test]
fn a_passing_kata_passes_with_its_figure() {
    let (code, report) = grade_json("passing");
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["solved"], true);
    let main = check(&report, "main");
    assert_eq!(main["outcome"], "pass");
    assert_eq!(main["figure"]["name"], "clients built");
    assert_eq!(main["figure"]["value"], 1.0);
}

#[test]
fn a_compile_error_quotes_the_compiler_with_repo_relative_paths() {
    let (code, report) = grade_json("compile-error");
    assert_eq!(code, 1);
    let main = check(&report, "main");
    assert_eq!(main["outcome"], "not-built");
    let message = main["message"].as_str().unwrap();
    assert!(message.contains("error[E0308]"), "{message}");
    assert!(
        message.contains("--> katas/compile-error/src/lib.rs:1:"),
        "{message}"
    );
    assert!(
        !message.contains(workspace().to_str().unwrap()),
        "absolute path leaked: {message}"
    );
    // The tamper check needs no build and still runs.
    assert_eq!(check(&report, "protected")["outcome"], "pass");
}

#[test]
fn a_panic_is_a_failure_with_its_message_and_line() {
    let (code, report) = grade_json("panics");
    assert_eq!(code, 1);
    let main = check(&report, "main");
    assert_eq!(main["outcome"], "fail");
    assert_message(main, "the answer is off by one");
    assert_eq!(main["location"]["file"], "katas/panics/tests/checks.rs");
    assert_eq!(main["location"]["line"], 1);
    assert_eq!(main["hint"], "Fix it.");
}

#[test]
fn a_hang_is_killed_at_the_time_limit() {
    let started = Instant::now();
    let (code, report) = grade_json("hangs");
    assert_eq!(code, 1);
    let main = check(&report, "main");
    assert_eq!(main["outcome"], "timeout", "{main}");
    assert_message(main, "still running after 3 s");
    // The limit is 3 s; building may take a while on a cold cache, but not minutes.
    assert!(
        started.elapsed().as_secs() < 240,
        "grading a hang took {:?}",
        started.elapsed()
    );
}

#[test]
fn an_abort_is_a_crash() {
    let (_, report) = grade_json("aborts");
    let main = check(&report, "main");
    assert_eq!(main["outcome"], "crash", "{main}");
    #[cfg(unix)]
    assert_message(main, "SIGABRT");
}

#[test]
fn a_stack_overflow_is_a_crash_naming_it() {
    let (_, report) = grade_json("overflows");
    let main = check(&report, "main");
    assert_eq!(main["outcome"], "crash", "{main}");
    assert_message(main, "overflowed its stack");
}

#[test]
fn a_binary_that_exits_zero_early_is_not_a_pass() {
    let (code, report) = grade_json("exits-early");
    assert_eq!(code, 1);
    let main = check(&report, "main");
    assert_eq!(main["outcome"], "crash", "{main}");
    assert_message(main, "exited with code 0 before this test reported");
}

#[test]
fn an_added_protected_file_is_tampering() {
    let (code, report) = grade_json("tampered");
    assert_eq!(code, 1);
    let protected = check(&report, "protected");
    assert_eq!(protected["outcome"], "fail");
    assert_message(protected, "added: tests/extra.rs");
}

#[test]
fn order_dependence_and_races_are_caught_by_isolation_and_flake_checks() {
    let (_, report) = grade_json("order-dependent");
    let alone = check(&report, "alone");
    assert_eq!(alone["outcome"], "fail");
    assert_message(alone, "1 of 2 tests fail when run alone (b_needs_setup)");
    let repeat = check(&report, "repeat");
    assert_eq!(repeat["outcome"], "fail");
    assert_message(repeat, "at 4 threads");
}

#[test]
fn real_sleeping_breaks_the_budget() {
    let (_, report) = grade_json("sleeps");
    let budget = check(&report, "budget");
    assert_eq!(budget["outcome"], "fail");
    assert!(
        budget["figure"]["value"].as_f64().unwrap() >= 1.5,
        "{budget}"
    );
}

#[test]
fn an_ignored_slow_test_still_counts_against_the_budget() {
    let (_, report) = grade_json("hides-sleep");
    let budget = check(&report, "budget");
    assert_eq!(budget["outcome"], "fail", "{budget}");
    assert!(
        budget["figure"]["value"].as_f64().unwrap() >= 1.5,
        "{budget}"
    );
}

#[test]
fn files_left_in_the_temp_folder_are_named() {
    let (code, report) = grade_json("leaves-files");
    assert_eq!(code, 1, "{report}");
    let clean = check(&report, "clean");
    assert_eq!(clean["outcome"], "fail", "{clean}");
    assert_message(
        clean,
        "left 2 paths in the temp folder: `orders-export/empty/`, `orders-export/orders.csv`",
    );
    assert_eq!(clean["figure"]["value"], 2.0, "{clean}");
}

#[test]
fn grading_never_writes_into_the_katas() {
    let before = snapshot(&workspace().join("katas"));
    for kata in ["passing", "panics"] {
        cargo_kata(workspace(), &["grade", kata]);
    }
    assert_eq!(before, snapshot(&workspace().join("katas")));
}

fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// The check's message contains `text`.
#[track_caller]
fn assert_message(check: &serde_json::Value, text: &str) {
    let message = check["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(text),
        "expected {text:?} in the message of {check}"
    );
}
