//! The report's tests: whole reports as insta snapshots (in `tests/snapshots/`).
//!
//! The report is read back as a JSON value before it is snapshotted, so whitespace and the
//! order of keys (which the format says carry no meaning) cannot fail a test. The values
//! that change on every run, the run id, the time and the job ids, are redacted; each
//! redaction first checks that the value has the promised shape, so a malformed id or
//! timestamp still fails.

use insta::internals::Content;
use insta::{assert_json_snapshot, dynamic_redaction};
use serde_json::Value;
use snapshot_report::{FixedClock, JobResult, Reporter, SNAPSHOTS, SequentialIds, Status};

fn night() -> Vec<JobResult> {
    vec![
        JobResult::new("lint", Status::Passed, 42_000, "tooling"),
        JobResult::new("unit-tests", Status::Passed, 310_500, "core"),
        JobResult::new("deploy-staging", Status::Failed, 95_250, "platform"),
        JobResult::new("docs", Status::Skipped, 0, "docs"),
        JobResult::new("bench", Status::Failed, 42_000, "perf"),
    ]
}

/// The report as production renders it (real clock, random ids), read back as JSON.
fn rendered(jobs: &[JobResult]) -> Value {
    serde_json::from_str(&Reporter::new().render(jobs)).expect("the report is JSON")
}

fn is_id(value: &str, prefix: &str) -> bool {
    value.strip_prefix(prefix).is_some_and(|hex| {
        hex.len() == 16
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// `2026-03-01T06:00:00.000Z`: RFC 3339, UTC, milliseconds.
fn is_timestamp(value: &str) -> bool {
    let b = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
    b.len() == 24
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && b[19] == b'.'
        && digits(20..23)
        && b[23] == b'Z'
}

/// Replaces a value that must pass `shape` by `placeholder`, failing the test if it does not.
fn checked(shape: fn(&str) -> bool, placeholder: &'static str) -> insta::internals::Redaction {
    dynamic_redaction(move |value: Content, path| {
        let text = value.as_str().unwrap_or_default();
        assert!(
            shape(text),
            "{path} = {value:?} is not a valid {placeholder}"
        );
        placeholder
    })
}

/// Snapshot a rendered report under `name`, its changing values redacted once checked.
fn snapshot(name: &str, report: &Value) {
    insta::with_settings!({ snapshot_path => SNAPSHOTS }, {
        assert_json_snapshot!(name, report, {
            ".run_id" => checked(|v| is_id(v, "run-"), "[run_id]"),
            ".generated_at" => checked(is_timestamp, "[generated_at]"),
            ".jobs[].id" => checked(|v| is_id(v, "job-"), "[job_id]"),
        });
    });
}

#[test]
fn a_night_with_every_status() {
    snapshot("night", &rendered(&night()));
}

#[test]
fn a_night_without_jobs() {
    snapshot("empty_night", &rendered(&[]));
}

#[test]
fn ids_are_all_different() {
    let report = rendered(&night());
    let mut ids: Vec<&str> = report["jobs"]
        .as_array()
        .expect("a list of jobs")
        .iter()
        .map(|job| job["id"].as_str().expect("a job id"))
        .collect();
    ids.push(report["run_id"].as_str().expect("a run id"));
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "ids repeat: {report}");
}

#[test]
fn the_clock_and_ids_it_is_given_appear_as_they_are() {
    // 2026-03-01T06:00:00.250Z
    let mut reporter = Reporter::with(FixedClock(1_772_344_800_250), SequentialIds(0));
    let report: Value =
        serde_json::from_str(&reporter.render(&night()[..1])).expect("the report is JSON");
    assert_eq!(report["generated_at"], "2026-03-01T06:00:00.250Z");
    assert_eq!(report["run_id"], "run-0000000000000001");
    assert_eq!(report["jobs"][0]["id"], "job-0000000000000002");
}
