//! The service's tests: what `login` and `fetch` return, and the events operations rely
//! on, each checked by its message, its level and the values of its fields.
//!
//! `#[traced_test]` (tracing-test, with its `no-env-filter` feature, since the service is
//! another crate) captures the events a test causes as formatted lines. A line is read
//! here only for what the event means: the level, the message, and each field by name.
//! The rest of the line (timestamp, spans, target, the order of the fields) is how the
//! formatter happens to print it today, and a test that matched it would fail on a
//! harmless rewrite.

use log_assertions::{
    FetchError, LoginError, ManualClock, Response, SLOW_MS, ScriptedUpstream, Service,
    UpstreamError,
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

fn no_upstream(clock: &ManualClock) -> Service<ScriptedUpstream, ManualClock> {
    service(clock, ScriptedUpstream::new(clock))
}

/// One captured event, read from its formatted line.
#[derive(Debug)]
struct Event<'a> {
    level: &'a str,
    /// What follows the message: the fields, as `name=value` separated by spaces.
    fields: &'a str,
}

impl Event<'_> {
    /// The value of field `name`, without the quotes a string value is printed with.
    fn field(&self, name: &str) -> Option<&str> {
        let key = format!(" {name}=");
        let start = self.fields.find(&key)? + key.len();
        let rest = &self.fields[start..];
        Some(match rest.strip_prefix('"') {
            Some(quoted) => &quoted[..quoted.find('"').unwrap_or(quoted.len())],
            None => &rest[..rest.find(' ').unwrap_or(rest.len())],
        })
    }
}

/// Every event whose message is `message`, in the order they were logged.
fn events<'a>(lines: &[&'a str], message: &str) -> Vec<Event<'a>> {
    let needle = format!(": {message}");
    lines
        .iter()
        .filter_map(|line| {
            let at = line.find(&needle)?;
            let fields = &line[at + needle.len()..];
            if !(fields.is_empty() || fields.starts_with(' ')) {
                return None;
            }
            let level = line.split_whitespace().nth(1)?;
            Some(Event { level, fields })
        })
        .collect()
}

/// The one event with `message`: it must be there, once.
fn the_event<'a>(lines: &[&'a str], message: &str) -> Result<Event<'a>, String> {
    let mut found = events(lines, message);
    match found.len() {
        1 => Ok(found.remove(0)),
        n => Err(format!(
            "want one `{message}` event, found {n} in:\n{}",
            lines.join("\n")
        )),
    }
}

/// `event` has `level` and each of `fields` with that value.
fn expect(event: &Event, level: &str, fields: &[(&str, &str)]) -> Result<(), String> {
    if event.level != level {
        return Err(format!("{event:?}: want level {level}"));
    }
    for (name, want) in fields {
        match event.field(name) {
            Some(got) if got == *want => {}
            got => return Err(format!("{event:?}: want {name} = {want}, got {got:?}")),
        }
    }
    Ok(())
}

fn none(lines: &[&str], message: &str) -> Result<(), String> {
    match events(lines, message).len() {
        0 => Ok(()),
        n => Err(format!("want no `{message}` event, found {n}")),
    }
}

// Signing in.

#[traced_test]
#[test]
fn right_password_signs_in_and_says_so() {
    let clock = ManualClock::new();
    let mut service = no_upstream(&clock);
    assert_eq!(service.login("ada", "correct horse"), Ok(()));
    logs_assert(|lines| {
        expect(
            &the_event(lines, "login succeeded")?,
            "INFO",
            &[("user", "ada")],
        )?;
        none(lines, "login refused")
    });
}

#[traced_test]
#[test]
fn a_wrong_password_is_a_warning_with_the_count() {
    let clock = ManualClock::new();
    let mut service = no_upstream(&clock);
    assert_eq!(
        service.login("ada", "guess"),
        Err(LoginError::WrongPassword { failures: 1 })
    );
    logs_assert(|lines| {
        let refused = the_event(lines, "login refused")?;
        expect(
            &refused,
            "WARN",
            &[
                ("user", "ada"),
                ("reason", "wrong_password"),
                ("failures", "1"),
            ],
        )?;
        none(lines, "account locked")
    });
}

#[traced_test]
#[test]
fn an_unknown_user_is_a_warning() {
    let clock = ManualClock::new();
    let mut service = no_upstream(&clock);
    assert_eq!(service.login("bob", "guess"), Err(LoginError::UnknownUser));
    logs_assert(|lines| {
        let refused = the_event(lines, "login refused")?;
        expect(
            &refused,
            "WARN",
            &[("user", "bob"), ("reason", "unknown_user")],
        )?;
        match refused.field("failures") {
            None => Ok(()),
            Some(n) => Err(format!("an unknown user has no failure count, got {n}")),
        }
    });
}

#[traced_test]
#[test]
fn the_third_wrong_password_locks_the_account_as_an_error() {
    let clock = ManualClock::new();
    let mut service = no_upstream(&clock);
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
    logs_assert(|lines| {
        let locked = the_event(lines, "account locked")?;
        expect(&locked, "ERROR", &[("user", "ada"), ("failures", "3")])?;
        let refused = events(lines, "login refused");
        let reasons: Vec<_> = refused.iter().map(|e| e.field("reason")).collect();
        let want = [
            "wrong_password",
            "wrong_password",
            "wrong_password",
            "locked",
        ]
        .map(Some);
        if reasons != want {
            return Err(format!("refusal reasons {reasons:?}, want {want:?}"));
        }
        for event in &refused {
            expect(event, "WARN", &[("user", "ada")])?;
        }
        none(lines, "login succeeded")
    });
}

#[traced_test]
#[test]
fn two_wrong_passwords_lock_nothing() {
    let clock = ManualClock::new();
    let mut service = no_upstream(&clock);
    let _ = service.login("ada", "guess");
    let _ = service.login("ada", "guess");
    assert_eq!(service.login("ada", "correct horse"), Ok(()));
    logs_assert(|lines| none(lines, "account locked"));
}

// Calling the upstream.

#[traced_test]
#[test]
fn each_retry_is_a_warning_numbered_from_one() {
    let clock = ManualClock::new();
    let upstream = ScriptedUpstream::new(&clock)
        .fail(100, "connection reset")
        .fail(100, "timeout")
        .ok(100, "report");
    let mut service = service(&clock, upstream);
    assert_eq!(
        service.fetch("/report"),
        Ok(Response {
            body: "report".into(),
            attempts: 3,
            elapsed_ms: 300,
        })
    );
    logs_assert(|lines| {
        let retries = events(lines, "upstream call failed, retrying");
        if retries.len() != 2 {
            return Err(format!("want 2 retries logged, found {}", retries.len()));
        }
        for (event, (attempt, error)) in retries
            .iter()
            .zip([("1", "connection reset"), ("2", "timeout")])
        {
            expect(
                event,
                "WARN",
                &[
                    ("path", "/report"),
                    ("attempt", attempt),
                    ("max_attempts", "3"),
                    ("error", error),
                ],
            )?;
        }
        none(lines, "upstream call failed, giving up")
    });
}

#[traced_test]
#[test]
fn giving_up_is_an_error_with_the_last_error() {
    let clock = ManualClock::new();
    let upstream = ScriptedUpstream::new(&clock)
        .fail(100, "timeout")
        .fail(100, "timeout")
        .fail(100, "service unavailable");
    let mut service = service(&clock, upstream);
    assert_eq!(
        service.fetch("/report"),
        Err(FetchError {
            attempts: 3,
            last_error: UpstreamError("service unavailable".into()),
        })
    );
    logs_assert(|lines| {
        let given_up = the_event(lines, "upstream call failed, giving up")?;
        expect(
            &given_up,
            "ERROR",
            &[
                ("path", "/report"),
                ("attempts", "3"),
                ("error", "service unavailable"),
            ],
        )?;
        match events(lines, "upstream call failed, retrying").len() {
            2 => Ok(()),
            n => Err(format!("want 2 retries logged before giving up, found {n}")),
        }
    });
}

#[traced_test]
#[test]
fn a_slow_request_is_a_warning_timed_from_its_start() {
    let clock = ManualClock::new();
    // Neither call is slow on its own; the request, retry included, is.
    let upstream = ScriptedUpstream::new(&clock)
        .fail(600, "timeout")
        .ok(700, "report");
    let mut service = service(&clock, upstream);
    let response = service.fetch("/report").expect("the retry answers");
    assert_eq!(response.elapsed_ms, 1_300);
    logs_assert(|lines| {
        expect(
            &the_event(lines, "slow request")?,
            "WARN",
            &[
                ("path", "/report"),
                ("elapsed_ms", "1300"),
                ("threshold_ms", "1000"),
            ],
        )
    });
}

#[traced_test]
#[test]
fn a_request_at_the_threshold_is_not_slow() {
    let clock = ManualClock::new();
    let upstream = ScriptedUpstream::new(&clock).ok(SLOW_MS, "report");
    let mut service = service(&clock, upstream);
    assert_eq!(service.fetch("/report").map(|r| r.elapsed_ms), Ok(SLOW_MS));
    logs_assert(|lines| none(lines, "slow request"));
}
