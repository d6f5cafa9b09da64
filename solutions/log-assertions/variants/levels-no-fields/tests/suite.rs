//! Each event by its message and its level; the fields are never looked at.

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

fn at_level(lines: &[&str], message: &str, level: &str) -> Result<(), String> {
    let found: Vec<_> = lines.iter().filter(|l| l.contains(message)).collect();
    if found.is_empty() {
        return Err(format!("no `{message}`"));
    }
    match found
        .iter()
        .all(|l| l.split_whitespace().nth(1) == Some(level))
    {
        true => Ok(()),
        false => Err(format!("`{message}` not at {level}: {found:?}")),
    }
}

#[traced_test]
#[test]
fn sign_in_events() {
    let clock = ManualClock::new();
    let mut service = service(&clock, ScriptedUpstream::new(&clock));
    for _ in 0..3 {
        let _ = service.login("ada", "x");
    }
    logs_assert(|lines| {
        at_level(lines, "login refused", "WARN")?;
        at_level(lines, "account locked", "ERROR")
    });
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
    logs_assert(|lines| {
        at_level(lines, "upstream call failed, retrying", "WARN")?;
        at_level(lines, "slow request", "WARN")
    });
}
