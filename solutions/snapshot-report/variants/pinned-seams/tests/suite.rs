//! No redactions at all: the clock and the ids are pinned through `Reporter::with`, so the
//! whole report, time and ids included, is the same on every run and goes in the snapshot.

use insta::assert_json_snapshot;
use serde_json::Value;
use snapshot_report::{FixedClock, JobResult, Reporter, SNAPSHOTS, SequentialIds, Status};

fn report(jobs: &[JobResult]) -> Value {
    // 2026-03-01T06:00:00.250Z
    let mut reporter = Reporter::with(FixedClock(1_772_344_800_250), SequentialIds(0));
    serde_json::from_str(&reporter.render(jobs)).unwrap()
}

#[test]
fn nightly() {
    let jobs = vec![
        JobResult::new("lint", Status::Passed, 42_000, "tooling"),
        JobResult::new("unit-tests", Status::Passed, 310_500, "core"),
        JobResult::new("deploy-staging", Status::Failed, 95_250, "platform"),
        JobResult::new("docs", Status::Skipped, 0, "docs"),
    ];
    insta::with_settings!({ snapshot_path => SNAPSHOTS }, {
        assert_json_snapshot!("nightly", report(&jobs));
    });
}
