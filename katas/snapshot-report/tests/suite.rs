//! The report's tests: hand-written checks on pieces of the rendered text, picked so as to
//! step around the parts that change on every run (the run id, the time, the job ids).

use snapshot_report::{JobResult, Reporter, Status};

fn night() -> Vec<JobResult> {
    vec![
        JobResult::new("lint", Status::Passed, 42_000, "tooling"),
        JobResult::new("unit-tests", Status::Passed, 310_500, "core"),
        JobResult::new("deploy-staging", Status::Failed, 95_250, "platform"),
        JobResult::new("docs", Status::Skipped, 0, "docs"),
    ]
}

#[test]
fn summary_counts_the_jobs() {
    let report = Reporter::new().render(&night());
    assert!(report.contains(r#""summary":{"jobs":4,"passed":2,"failed":1,"skipped":1,"#));
}

#[test]
fn report_starts_with_its_run_id() {
    let report = Reporter::new().render(&night());
    assert!(report.starts_with(r#"{"run_id":"run-"#));
}

#[test]
fn failed_job_names_its_owner() {
    let report = Reporter::new().render(&night());
    assert!(report.contains(r#""name":"deploy-staging","status":"failed","#));
    assert!(report.contains(r#""owner":"platform""#));
}
