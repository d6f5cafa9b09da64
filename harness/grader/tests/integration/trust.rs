//! A learner's code cannot write its own verdict: forged libtest output, a swapped test
//! binary, a run past the kata's limits, and (in the sandbox) writes to the grader's log
//! or a process left behind. Each ends as a failure whose message names it.

use std::time::Duration;

use crate::fixture::{cargo_kata, check, grade_json, stdout, workspace};

/// Grade a fixture kata with no sandbox, as on a machine without bubblewrap.
fn grade_unsandboxed(kata: &str) -> (i32, serde_json::Value) {
    let out = cargo_kata(
        workspace(),
        &["grade", kata, "--format", "json", "--sandbox", "off"],
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), doc["katas"][0].clone())
}

fn message(check: &serde_json::Value) -> &str {
    check["message"].as_str().unwrap_or_default()
}

#[test]
fn forged_ok_lines_and_stamps_are_a_failure_named_forged_output() {
    let (code, report) = grade_json("forges-output");
    assert_eq!(code, 1, "{report}");
    let main = check(&report, "main");
    assert_eq!(main["outcome"], "fail", "{main}");
    // The fixture workspace's target dir is shared with `swaps-binary`, whose test swaps
    // binaries there: a run may meet that refusal first. Either way `main` is not believed.
    assert!(
        message(main).contains("forged output") || message(main).contains("binary changed"),
        "{main}"
    );
    assert!(
        main.get("figure").is_none(),
        "an unsigned figure was shown: {main}"
    );
}

#[test]
fn a_swapped_test_binary_is_never_believed() {
    let (code, report) = grade_json("swaps-binary");
    assert_eq!(code, 1, "{report}");
    assert_eq!(check(&report, "main")["outcome"], "fail", "{report}");
    let steady = check(&report, "steady");
    assert_ne!(steady["outcome"], "pass", "{steady}");
    // A later grade must not run the swapped binary either: cargo calls it fresh, the
    // grader's record does not, so it is built again.
    let (code, again) = grade_json("swaps-binary");
    assert_eq!(code, 1, "{again}");
    let main = check(&again, "main");
    assert_eq!(main["outcome"], "fail", "{main}");
    assert!(message(main).contains("assertion"), "{main}");

    // Unsandboxed (same test: the swap must not race the grades above), the unit test
    // does replace the checks binary during the grade (on Unix: it writes a shell script);
    // the flake check's later run refuses it, and the next grade builds it again.
    if cfg!(not(unix)) {
        return;
    }
    let (code, report) = grade_unsandboxed("swaps-binary");
    assert_eq!(code, 1, "{report}");
    let steady = check(&report, "steady");
    assert_eq!(steady["outcome"], "fail", "{steady}");
    assert!(message(steady).contains("binary changed"), "{steady}");
    // The next grade builds it again and runs the real checks, unless the unit test wins
    // the race once more and swaps it between the grader's last look and the run: then the
    // script's `ok` is refused for want of a completion stamp. Never believed either way.
    let (_, again) = grade_unsandboxed("swaps-binary");
    let main = check(&again, "main");
    assert_eq!(main["outcome"], "fail", "{again}");
    let said = message(main);
    assert!(
        said.contains("assertion")
            || said.contains("forged output")
            || said.contains("binary changed"),
        "{again}"
    );
}

/// Linux: `RLIMIT_DATA` covers every heap allocation there (macOS does not enforce it for
/// `mmap`, and Windows has no rlimits).
#[cfg(target_os = "linux")]
#[test]
fn a_run_past_the_memory_limit_is_a_verdict_that_names_the_limit() {
    let (code, report) = grade_json("memory-hog");
    assert_eq!(code, 1, "{report}");
    let main = check(&report, "main");
    assert_eq!(main["outcome"], "crash", "{main}");
    assert!(
        message(main).contains("exceeded the 256 MiB memory limit"),
        "{main}"
    );
    let (_, report) = grade_unsandboxed("memory-hog");
    assert!(
        message(check(&report, "main")).contains("exceeded the 256 MiB memory limit"),
        "{report}"
    );
}

/// Whether this machine sandboxes test binaries; in CI it must.
fn sandboxed() -> bool {
    // `list` runs no test; the grader refuses any command (exit 2) without the sandbox.
    let out = cargo_kata(workspace(), &["list", "--sandbox", "require"]);
    let works = out.status.code() != Some(2);
    assert!(
        works || std::env::var_os("CI").is_none() || !cfg!(target_os = "linux"),
        "CI on Linux must have the sandbox (bubblewrap): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    works
}

#[test]
fn in_the_sandbox_code_cannot_reach_the_log_or_outlive_the_grade() {
    if !sandboxed() {
        eprintln!("skipped: no sandbox on this machine (install bubblewrap)");
        return;
    }
    let marker = workspace().join("katas/escapes/escaped.txt");
    let _ = std::fs::remove_file(&marker);
    let out = cargo_kata(
        workspace(),
        &[
            "grade",
            "escapes",
            "--sandbox",
            "require",
            "--format",
            "github",
        ],
    );
    let log = stdout(&out);
    assert!(!log.contains("escaped-into-the-log"), "{log}");
    std::thread::sleep(Duration::from_secs(3));
    assert!(
        !marker.exists(),
        "a process the test started wrote into the kata after the grade"
    );
}

/// The pull-request flow, rehearsed: a learner's branch touches only kata sources, so the
/// gate lets it through, and the grade (sandboxed where the machine has it, as in the
/// workflow) still ends red, naming the forgery, with nothing written into the log.
#[test]
fn in_the_pull_request_flow_a_forged_pass_is_red_and_the_log_stays_clean() {
    use crate::fixture::cargo_kata_with_env;
    use crate::rehearsal::{base_repo, git, target_dir};
    const NAME: &str = "forged-pr";
    let (repo, base) = base_repo(NAME);
    for kata in ["forges-output", "escapes"] {
        let lib = repo.join(format!("katas/{kata}/src/lib.rs"));
        let mut text = std::fs::read_to_string(&lib).unwrap();
        text.push_str("// the learner's \"fix\"\n");
        std::fs::write(&lib, text).unwrap();
    }
    git(&repo, &["commit", "-q", "-am", "learner's fixes"]);
    let env = [("CARGO_TARGET_DIR", target_dir(NAME))];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let gate = cargo_kata_with_env(&repo, &["gate", "--base", &base], &env);
    assert_eq!(gate.status.code(), Some(0), "{}", stdout(&gate));
    let sandbox = if sandboxed() { "require" } else { "off" };
    let out = cargo_kata_with_env(
        &repo,
        &[
            "grade",
            "--changed",
            "--base",
            &base,
            "--sandbox",
            sandbox,
            "--format",
            "github",
        ],
        &env,
    );
    let log = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{log}");
    assert!(
        log.contains("title=forges-output%3A main (FAIL)::main::answers: forged output"),
        "{log}"
    );
    if sandbox == "require" {
        assert!(!log.contains("escaped-into-the-log"), "{log}");
    }
}

/// Code that tells a measurement from real use (an environment read, `cfg!`) or can
/// leave the run early is caught by the policy check, a real linter, wherever it hides.
#[test]
fn the_policy_check_names_each_forbidden_use_with_its_line() {
    let (code, report) = grade_json("recognises-grader");
    assert_eq!(code, 1, "{report}");
    assert_eq!(check(&report, "main")["outcome"], "pass", "{report}");
    let policy = check(&report, "policy");
    assert_eq!(policy["outcome"], "fail", "{policy}");
    let text = message(policy);
    for expected in [
        "src/lib.rs:3: use of a disallowed method `std::env::var_os`",
        "src/lib.rs:6: use of a disallowed macro `std::cfg`",
        "src/lib.rs:7: use of a disallowed method `std::process::exit`",
    ] {
        assert!(text.contains(expected), "{expected} missing: {policy}");
    }
    assert_eq!(policy["figure"]["value"], 3.0, "{policy}");
    assert_eq!(policy["location"]["line"], 3, "{policy}");
}
