//! The whole report snapshotted as it came out of one run: run id, time and job ids
//! included. The next run has new ones, so it fails on every run after the one that wrote it.

use insta::assert_json_snapshot;
use serde_json::Value;
use snapshot_report::{JobResult, Reporter, SNAPSHOTS, Status};

#[test]
fn nightly() {
    let jobs = vec![
        JobResult::new("lint", Status::Passed, 42_000, "tooling"),
        JobResult::new("deploy-staging", Status::Failed, 95_250, "platform"),
        JobResult::new("docs", Status::Skipped, 0, "docs"),
    ];
    let report: Value = serde_json::from_str(&Reporter::new().render(&jobs)).unwrap();
    insta::with_settings!({ snapshot_path => SNAPSHOTS }, {
        assert_json_snapshot!("nightly", report);
    });
}
