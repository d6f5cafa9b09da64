//! Every event tested, each by its whole line as the formatter prints it today (copied from
//! a run, timestamp left out). It catches every planted bug, and fails every harmless rewrite.

use log_assertions::{ManualClock, ScriptedUpstream, Service};
use tracing_test::traced_test;

fn service(
    clock: &ManualClock,
    upstream: ScriptedUpstream,
) -> Service<ScriptedUpstream, ManualClock> {
    let mut service = Service::new(upstream, clock.clone());
    service.add_account("ada", "pw");
    service
}

#[traced_test]
#[test]
fn locking() {
    let clock = ManualClock::new();
    let mut service = service(&clock, ScriptedUpstream::new(&clock));
    for _ in 0..3 {
        let _ = service.login("ada", "x");
    }
    assert!(logs_contain(
        r#" WARN locking: log_assertions_subject::events: login refused user="ada" reason="wrong_password" failures=3"#
    ));
    assert!(logs_contain(
        r#"ERROR locking: log_assertions_subject::events: account locked user="ada" failures=3"#
    ));
}

#[traced_test]
#[test]
fn upstream() {
    let clock = ManualClock::new();
    let upstream = ScriptedUpstream::new(&clock)
        .fail(600, "boom")
        .ok(600, "body");
    let mut service = service(&clock, upstream);
    assert!(service.fetch("/x").is_ok());
    assert!(logs_contain(
        r#" WARN upstream: log_assertions_subject::events: upstream call failed, retrying path="/x" attempt=1 max_attempts=3 error="boom""#
    ));
    assert!(logs_contain(
        r#" WARN upstream: log_assertions_subject::events: slow request path="/x" elapsed_ms=1200 threshold_ms=1000"#
    ));
}
