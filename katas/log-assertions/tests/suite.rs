//! The service's tests. They check what `login` and `fetch` return; what the service logs
//! is checked once, by matching one line exactly as the formatter prints it today.
//!
//! The logs are captured with `tracing-test`: `#[traced_test]` records every event the
//! test causes, and gives the test `logs_contain(text)` and `logs_assert(|lines| ...)`.

use log_assertions::{
    FetchError, LoginError, ManualClock, Response, ScriptedUpstream, Service, UpstreamError,
};
use tracing_test::traced_test;

fn service(
    clock: &ManualClock,
    upstream: ScriptedUpstream,
) -> Service<ScriptedUpstream, ManualClock> {
    let mut service = Service::new(upstream, clock.clone());
    service.add_account("ada", "correct horse");
    service
}

#[test]
fn right_password_signs_in() {
    let clock = ManualClock::new();
    let mut service = service(&clock, ScriptedUpstream::new(&clock));
    assert_eq!(service.login("ada", "correct horse"), Ok(()));
}

#[test]
fn third_wrong_password_locks_the_account() {
    let clock = ManualClock::new();
    let mut service = service(&clock, ScriptedUpstream::new(&clock));
    for failures in 1..=3 {
        assert_eq!(
            service.login("ada", "guess"),
            Err(LoginError::WrongPassword { failures })
        );
    }
    assert_eq!(
        service.login("ada", "correct horse"),
        Err(LoginError::Locked)
    );
}

#[test]
fn failed_calls_are_retried() {
    let clock = ManualClock::new();
    let upstream = ScriptedUpstream::new(&clock)
        .fail(100, "connection reset")
        .ok(200, "report");
    let mut service = service(&clock, upstream);
    assert_eq!(
        service.fetch("/report"),
        Ok(Response {
            body: "report".into(),
            attempts: 2,
            elapsed_ms: 300,
        })
    );
}

#[test]
fn three_failures_give_up() {
    let clock = ManualClock::new();
    let upstream = ScriptedUpstream::new(&clock)
        .fail(100, "timeout")
        .fail(100, "timeout")
        .fail(100, "timeout");
    let mut service = service(&clock, upstream);
    assert_eq!(
        service.fetch("/report"),
        Err(FetchError {
            attempts: 3,
            last_error: UpstreamError("timeout".into()),
        })
    );
}

#[traced_test]
#[test]
fn wrong_password_is_logged() {
    let clock = ManualClock::new();
    let mut service = service(&clock, ScriptedUpstream::new(&clock));
    let _ = service.login("ada", "guess");
    // Copied from the output of a run.
    assert!(logs_contain(
        r#"WARN wrong_password_is_logged: log_assertions_subject::events: login refused user="ada" reason="wrong_password" failures=1"#
    ));
}
