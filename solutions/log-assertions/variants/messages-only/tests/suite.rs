//! Each event is looked for by its message, and that is all: any level, any fields.

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
fn sign_in_events() {
    let clock = ManualClock::new();
    let mut service = service(&clock, ScriptedUpstream::new(&clock));
    for _ in 0..3 {
        let _ = service.login("ada", "x");
    }
    assert!(logs_contain("login refused"));
    assert!(logs_contain("account locked"));
}

#[traced_test]
#[test]
fn upstream_events() {
    let clock = ManualClock::new();
    let upstream = ScriptedUpstream::new(&clock)
        .fail(10, "boom")
        .ok(1_500, "body");
    let mut service = service(&clock, upstream);
    assert!(service.fetch("/x").is_ok());
    assert!(logs_contain("upstream call failed, retrying"));
    assert!(logs_contain("slow request"));
}
