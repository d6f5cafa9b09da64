//! tracing-test with `logs_assert`: for each event, the line with its message must hold the
//! level and each `name=value` fragment. No parser, no whole lines; the slow request is
//! tested without a retry, so a wrong elapsed time on a retried request would slip by.

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

/// The lines containing `message`, each of which must hold every fragment.
fn check(lines: &[&str], message: &str, count: usize, fragments: &[&str]) -> Result<(), String> {
    let found: Vec<&&str> = lines.iter().filter(|l| l.contains(message)).collect();
    if found.len() != count {
        return Err(format!(
            "{message}: want {count} lines, got {}",
            found.len()
        ));
    }
    for line in found {
        for fragment in fragments {
            if !line.contains(fragment) {
                return Err(format!("{line:?} lacks {fragment:?}"));
            }
        }
    }
    Ok(())
}

#[traced_test]
#[test]
fn locking() {
    let clock = ManualClock::new();
    let mut service = service(&clock, ScriptedUpstream::new(&clock));
    for _ in 0..3 {
        let _ = service.login("ada", "x");
    }
    logs_assert(|lines| {
        check(
            lines,
            "login refused",
            3,
            &[" WARN ", "user=\"ada\"", "reason=\"wrong_password\""],
        )?;
        check(
            lines,
            "account locked",
            1,
            &[" ERROR ", "user=\"ada\"", " failures=3"],
        )
    });
}

#[traced_test]
#[test]
fn first_refusal() {
    let clock = ManualClock::new();
    let mut service = service(&clock, ScriptedUpstream::new(&clock));
    let _ = service.login("ada", "x");
    assert!(!logs_contain("account locked"));
    logs_assert(|lines| check(lines, "login refused", 1, &[" WARN ", " failures=1"]));
}

#[traced_test]
#[test]
fn retries() {
    let clock = ManualClock::new();
    let upstream = ScriptedUpstream::new(&clock)
        .fail(10, "boom")
        .ok(10, "body");
    let mut service = service(&clock, upstream);
    assert!(service.fetch("/x").is_ok());
    logs_assert(|lines| {
        check(
            lines,
            "retrying",
            1,
            &[" WARN ", " attempt=1", " max_attempts=3", "error=\"boom\""],
        )
    });
}

#[traced_test]
#[test]
fn slow() {
    let clock = ManualClock::new();
    let upstream = ScriptedUpstream::new(&clock).ok(1_500, "body");
    let mut service = service(&clock, upstream);
    assert!(service.fetch("/x").is_ok());
    logs_assert(|lines| {
        check(
            lines,
            "slow request",
            1,
            &[
                " WARN ",
                " elapsed_ms=1500",
                " threshold_ms=1000",
                "path=\"/x\"",
            ],
        )
    });
}
