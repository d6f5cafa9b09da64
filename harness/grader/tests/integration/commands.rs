//! The commands' contracts: exit codes, messages, defaults and the JSON schema.

use crate::fixture::{cargo_kata, stderr, stdout, tiny_workspace, workspace};

const MANIFEST: &str = r#"schema = 1
title = "Demo"
family = "flaky-tests"
difficulty = "intro"
track = 1
summary = "A demo."
topics = ["demo"]
hints = ["One.", "Two."]

[paths]
editable = ["src/**"]
protected = ["tests/**"]

[[check]]
id = "t"
kind = "test"
test = "t"
points = 1
hint = "Fix it."
shipped = "fails"
"#;

#[test]
fn a_malformed_manifest_names_file_line_and_field() {
    let dir = tiny_workspace("malformed", &MANIFEST.replace("title =", "titel ="));
    for args in [&["grade", "demo"][..], &["list"]] {
        let out = cargo_kata(&dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains("katas/demo/kata.toml:2:1: titel: unknown field `titel`"),
            "{err}"
        );
    }
}

#[test]
fn a_manifest_with_a_wrong_kind_field_is_rejected() {
    let dir = tiny_workspace(
        "wrong-field",
        &MANIFEST.replace("test = \"t\"", "max_secs = 2.0"),
    );
    let out = cargo_kata(&dir, &["list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("check[0].max_secs: `max_secs` does not apply to kind = \"test\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn hints_come_one_more_per_call_and_are_remembered() {
    let dir = tiny_workspace("hints", MANIFEST);
    let first = stdout(&cargo_kata(&dir, &["hint", "demo"]));
    assert!(
        first.contains("hint 1 of 2: One.") && !first.contains("Two."),
        "{first}"
    );
    let second = stdout(&cargo_kata(&dir, &["hint", "demo"]));
    assert!(
        second.contains("hint 2 of 2: Two.") && second.contains("last hint"),
        "{second}"
    );
    let third = stdout(&cargo_kata(&dir, &["hint", "demo"]));
    assert_eq!(
        third.matches("hint ").count(),
        second.matches("hint ").count(),
        "no third hint: {third}"
    );
    assert!(dir.join(".kata/progress.json").is_file());
}

#[test]
fn a_mistyped_kata_suggests_the_nearest() {
    let out = cargo_kata(workspace(), &["grade", "pasing"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `passing`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_usage_exits_2() {
    let out = cargo_kata(workspace(), &["grade", "passing", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
    let out = cargo_kata(workspace(), &["grade"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "no kata and not in a kata folder"
    );
    assert!(stderr(&out).contains("no kata given"), "{}", stderr(&out));
}

#[test]
fn inside_a_kata_folder_that_kata_is_the_default() {
    let out = cargo_kata(&workspace().join("katas/passing/src"), &["grade"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("passing · Fixture passing"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn list_is_in_track_order_with_status_and_a_versioned_schema() {
    let out = cargo_kata(workspace(), &["list", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (doc["schema"].as_str(), doc["version"].as_u64()),
        (Some("cargo-kata/list"), Some(1))
    );
    let tracks: Vec<u64> = doc["katas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["track"].as_u64().unwrap())
        .collect();
    assert!(tracks.windows(2).all(|w| w[0] <= w[1]), "{tracks:?}");
    let human = stdout(&cargo_kata(workspace(), &["list"]));
    assert!(
        human.contains("passing") && human.contains("flaky-tests"),
        "{human}"
    );
}

#[test]
fn verify_tells_live_from_not_live_and_says_what_differs() {
    let out = cargo_kata(workspace(), &["verify", "passing", "panics"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("live     passing"), "{text}");
    assert!(text.contains("NOT LIVE panics"), "{text}");
    assert!(text.contains("no reference solution"), "{text}");
    assert!(
        text.trim_end().ends_with("verify: 1 passed, 1 failed"),
        "{text}"
    );
    let json = cargo_kata(workspace(), &["verify", "passing", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(doc["schema"], "cargo-kata/verify");
    assert_eq!(doc["katas"][0]["live"], true);
    assert_eq!(doc["katas"][0]["solution"]["solved"], true);
}

#[test]
fn grade_variant_grades_a_corpus_variant_on_every_check_and_names_a_wrong_one() {
    let out = cargo_kata(
        workspace(),
        &[
            "grade",
            "passing",
            "--variant",
            "also-passing",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let report = &doc["katas"][0];
    assert_eq!(report["variant"], "also-passing");
    assert_eq!(report["subject"], "variant");
    assert_eq!(report["solved"], true);
    let wrong = cargo_kata(
        workspace(),
        &["grade", "passing", "--variant", "also-passng"],
    );
    assert_eq!(wrong.status.code(), Some(2));
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert!(said.contains("did you mean `also-passing`?"), "{said}");
}

#[test]
fn verify_in_two_jobs_reports_the_same_katas_in_order_and_says_where_time_went() {
    let one = cargo_kata(
        workspace(),
        &["verify", "passing", "panics", "--format", "json"],
    );
    let two = cargo_kata(
        workspace(),
        &[
            "verify",
            "passing",
            "panics",
            "--format",
            "json",
            "-j",
            "2",
            "--timings",
        ],
    );
    assert_eq!(two.status.code(), one.status.code());
    let ids = |out: &std::process::Output| -> Vec<(String, bool)> {
        let doc: serde_json::Value = serde_json::from_str(&stdout(out)).unwrap();
        doc["katas"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| (k["kata"].as_str().unwrap().to_owned(), k["live"] == true))
            .collect()
    };
    assert_eq!(ids(&two), ids(&one));
    assert_eq!(ids(&two)[0], ("passing".to_owned(), true));
    // The timings go to stderr, so stdout stays one JSON document.
    let timings = String::from_utf8_lossy(&two.stderr);
    assert!(
        timings.contains("time: ") && timings.contains("by task:"),
        "{timings}"
    );
    assert!(timings.contains("building tests"), "{timings}");
}

#[test]
fn stress_reports_a_test_whose_outcome_depends_on_the_thread_count() {
    let out = cargo_kata(
        workspace(),
        &[
            "stress",
            "order-dependent",
            "--repeat",
            "2",
            "--threads",
            "1,4",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("UNSTABLE order-dependent"), "{text}");
    assert!(
        text.contains("b_needs_setup: green in 2 of 2 runs at 1 thread"),
        "{text}"
    );
    assert!(
        text.contains("b_needs_setup: green in 0 of 2 runs at 4 threads"),
        "{text}"
    );
    let stable = cargo_kata(workspace(), &["stress", "passing", "--repeat", "2"]);
    assert_eq!(stable.status.code(), Some(0), "{}", stdout(&stable));
    assert!(
        stdout(&stable).contains(
            "stable   passing: 2 runs at 1 and 8 threads: 2 tests always pass, 0 always fail"
        ),
        "{}",
        stdout(&stable)
    );
}

#[test]
fn check_grades_one_check_and_never_calls_the_kata_solved() {
    let out = cargo_kata(
        workspace(),
        &[
            "grade",
            "panics",
            "--check",
            "protected",
            "--format",
            "json",
        ],
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let report = &doc["katas"][0];
    assert_eq!(report["checks"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(report["checks"][0]["id"], "protected");
    assert_eq!(report["partial"], true, "{report}");
    assert_eq!(report["solved"], false, "{report}");
    // Every check asked for passed: the command succeeds, so `&&` goes on.
    assert_eq!(out.status.code(), Some(0), "{report}");
    let failing = cargo_kata(workspace(), &["grade", "panics", "--check", "main"]);
    assert_eq!(failing.status.code(), Some(1), "{}", stdout(&failing));
    // Naming every check is a whole grade, not a partial one.
    let all = cargo_kata(
        workspace(),
        &[
            "grade",
            "passing",
            "--check",
            "main",
            "--check",
            "protected",
            "--format",
            "json",
        ],
    );
    let doc: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!(doc["katas"][0]["partial"], serde_json::Value::Null, "{doc}");
    assert_eq!(doc["katas"][0]["solved"], true, "{doc}");
    assert_eq!(all.status.code(), Some(0));

    let typo = cargo_kata(workspace(), &["grade", "panics", "--check", "protectd"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).contains("has no check `protectd`; did you mean `protected`?"),
        "{}",
        stderr(&typo)
    );
}

#[test]
fn shards_together_grade_every_kata_exactly_once() {
    let katas = [
        "passing",
        "compile-error",
        "panics",
        "aborts",
        "exits-early",
    ];
    let mut graded = Vec::new();
    for shard in ["1/3", "2/3", "3/3"] {
        let mut args = vec!["grade", "--shard", shard, "--format", "json"];
        args.extend(katas);
        let out = cargo_kata(workspace(), &args);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{shard}: {e}: {}", String::from_utf8_lossy(&out.stderr)));
        for kata in doc["katas"].as_array().unwrap() {
            graded.push(kata["kata"].as_str().unwrap().to_owned());
        }
    }
    graded.sort();
    let mut want: Vec<String> = katas.iter().map(|k| (*k).to_owned()).collect();
    want.sort();
    assert_eq!(graded, want, "each kata once, in exactly one shard");
    let out = cargo_kata(workspace(), &["grade", "--shard", "4/3", "passing"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a shard past the count is a usage error"
    );
}

#[test]
fn class_rolls_ten_learners_reports_into_one_table() {
    let dir = crate::fixture::ScratchDir::new("class");
    let reports = dir.join("artifacts");
    for i in 0..10 {
        // Half the learners as folders of reports, half as files named after them.
        let solved = i % 3 == 0;
        let doc = serde_json::json!({
            "schema": "cargo-kata/grade", "version": 1, "passed": 0, "failed": 1,
            "katas": [
                { "kata": "sleepy-retry", "points": if solved { 10 } else { i }, "max_points": 10, "solved": solved },
                { "kata": "quadratic-dedupe", "points": 3, "max_points": 9, "solved": false },
            ],
        });
        let path = if i % 2 == 0 {
            reports.join(format!("learner-{i}")).join("grade.json")
        } else {
            reports.join(format!("learner-{i}.json"))
        };
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, doc.to_string()).unwrap();
    }
    std::fs::write(
        reports.join("notes.json"),
        "{\"schema\": \"something-else\"}",
    )
    .unwrap();
    let out_dir = dir.join("out");
    let out = cargo_kata(
        workspace(),
        &[
            "class",
            reports.to_str().unwrap(),
            "--output",
            out_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("class: 10 learners, 2 katas"),
        "{}",
        stdout(&out)
    );
    assert!(stderr(&out).contains("notes.json: not a `cargo kata grade --format json` report"));
    let csv = std::fs::read_to_string(out_dir.join("class.csv")).unwrap();
    assert_eq!(
        csv.lines().count(),
        1 + 20,
        "a row per learner and kata:\n{csv}"
    );
    assert!(csv.contains("learner-3,sleepy-retry,10,10,true,"), "{csv}");
    let md = std::fs::read_to_string(out_dir.join("class.md")).unwrap();
    assert!(md.contains("| learner-0 | 1 | 3/9 | ✓ 10/10 |"), "{md}");
    let html = std::fs::read_to_string(out_dir.join("class.html")).unwrap();
    assert!(
        html.contains("href=\"../artifacts/learner-0/grade.json\""),
        "links to each report"
    );
    assert!(
        !html.contains("http"),
        "self-contained: no network at view time"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
