//! The rendered text snapshotted as it is, with the clock and ids pinned so it holds
//! still: every bug shows, and so does every change of whitespace or key order.

use insta::assert_snapshot;
use snapshot_report::{FixedClock, JobResult, Reporter, SNAPSHOTS, SequentialIds, Status};

#[test]
fn nightly() {
    let jobs = vec![
        JobResult::new("lint", Status::Passed, 42_000, "tooling"),
        JobResult::new("unit-tests", Status::Passed, 310_500, "core"),
        JobResult::new("deploy-staging", Status::Failed, 95_250, "platform"),
        JobResult::new("docs", Status::Skipped, 0, "docs"),
    ];
    let mut reporter = Reporter::with(FixedClock(1_772_344_800_250), SequentialIds(0));
    insta::with_settings!({ snapshot_path => SNAPSHOTS }, {
        assert_snapshot!("nightly", reporter.render(&jobs));
    });
}
