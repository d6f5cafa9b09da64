//! Durations "vary between nights" too, so they are redacted along with the ids and the
//! time: the snapshot no longer sees the total or any job's duration.

use insta::assert_json_snapshot;
use serde_json::Value;
use snapshot_report::{JobResult, Reporter, SNAPSHOTS, Status};

#[test]
fn nightly() {
    let jobs = vec![
        JobResult::new("lint", Status::Passed, 42_000, "tooling"),
        JobResult::new("unit-tests", Status::Passed, 310_500, "core"),
        JobResult::new("deploy-staging", Status::Failed, 95_250, "platform"),
        JobResult::new("docs", Status::Skipped, 0, "docs"),
    ];
    let report: Value = serde_json::from_str(&Reporter::new().render(&jobs)).unwrap();
    insta::with_settings!({ snapshot_path => SNAPSHOTS }, {
        assert_json_snapshot!("nightly", report, {
            ".run_id" => "[run_id]",
            ".generated_at" => "[generated_at]",
            ".jobs[].id" => "[job_id]",
            ".jobs[].duration_ms" => "[duration]",
            ".summary.total_ms" => "[duration]",
        });
    });
}
