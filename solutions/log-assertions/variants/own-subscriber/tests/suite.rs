//! The events captured structurally: a small `tracing::Subscriber` of our own records
//! each event's level, message and fields as values, so no formatted line is parsed.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use log_assertions::{LoginError, ManualClock, SLOW_MS, ScriptedUpstream, Service};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

#[derive(Debug, Clone, PartialEq)]
struct Captured {
    level: Level,
    message: String,
    fields: BTreeMap<String, String>,
}

#[derive(Default)]
struct Recorder(Arc<Mutex<Vec<Captured>>>);

struct Fields<'a>(&'a mut Captured);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.put(field, value.to_owned());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.put(field, value.to_string());
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.put(field, value.to_string());
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.put(field, format!("{value:?}"));
    }
}

impl Fields<'_> {
    fn put(&mut self, field: &Field, value: String) {
        if field.name() == "message" {
            self.0.message = value;
        } else {
            self.0.fields.insert(field.name().to_owned(), value);
        }
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut captured = Captured {
            level: *event.metadata().level(),
            message: String::new(),
            fields: BTreeMap::new(),
        };
        event.record(&mut Fields(&mut captured));
        self.0.lock().unwrap().push(captured);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// Runs `f` with a recorder as this thread's subscriber; returns what was logged.
fn capture(f: impl FnOnce()) -> Vec<Captured> {
    let recorder = Recorder::default();
    let events = recorder.0.clone();
    tracing::subscriber::with_default(recorder, f);
    events.lock().unwrap().clone()
}

fn named<'a>(events: &'a [Captured], message: &str) -> Vec<&'a Captured> {
    events.iter().filter(|e| e.message == message).collect()
}

fn field<'a>(event: &'a Captured, name: &str) -> Option<&'a str> {
    event.fields.get(name).map(String::as_str)
}

fn service(
    clock: &ManualClock,
    upstream: ScriptedUpstream,
) -> Service<ScriptedUpstream, ManualClock> {
    let mut service = Service::new(upstream, clock.clone());
    service.add_account("ada", "pw");
    service
}

#[test]
fn refusal_and_lock() {
    let clock = ManualClock::new();
    let mut service = service(&clock, ScriptedUpstream::new(&clock));
    let events = capture(|| {
        for failures in 1..=3 {
            assert_eq!(
                service.login("ada", "x"),
                Err(LoginError::WrongPassword { failures })
            );
        }
    });
    let refused = named(&events, "login refused");
    assert_eq!(refused.len(), 3);
    for (n, event) in refused.iter().enumerate() {
        assert_eq!(event.level, Level::WARN);
        assert_eq!(field(event, "user"), Some("ada"));
        assert_eq!(field(event, "reason"), Some("wrong_password"));
        assert_eq!(field(event, "failures"), Some((n + 1).to_string().as_str()));
    }
    let locked = named(&events, "account locked");
    assert_eq!(locked.len(), 1);
    assert_eq!(locked[0].level, Level::ERROR);
    assert_eq!(field(locked[0], "failures"), Some("3"));
}

#[test]
fn success_is_info() {
    let clock = ManualClock::new();
    let mut service = service(&clock, ScriptedUpstream::new(&clock));
    let events = capture(|| assert_eq!(service.login("ada", "pw"), Ok(())));
    let ok = named(&events, "login succeeded");
    assert_eq!(ok.len(), 1);
    assert_eq!(ok[0].level, Level::INFO);
    assert!(named(&events, "login refused").is_empty());
}

#[test]
fn retries_and_giving_up() {
    let clock = ManualClock::new();
    let upstream = ScriptedUpstream::new(&clock)
        .fail(10, "a")
        .fail(10, "b")
        .fail(10, "c");
    let mut service = service(&clock, upstream);
    let events = capture(|| assert!(service.fetch("/x").is_err()));
    let retries = named(&events, "upstream call failed, retrying");
    assert_eq!(retries.len(), 2);
    for (event, attempt) in retries.iter().zip(["1", "2"]) {
        assert_eq!(event.level, Level::WARN);
        assert_eq!(field(event, "attempt"), Some(attempt));
    }
    let gave_up = named(&events, "upstream call failed, giving up");
    assert_eq!(gave_up.len(), 1);
    assert_eq!(gave_up[0].level, Level::ERROR);
    assert_eq!(field(gave_up[0], "attempts"), Some("3"));
    assert_eq!(field(gave_up[0], "error"), Some("c"));
}

#[test]
fn slow_request_counts_the_retries() {
    let clock = ManualClock::new();
    let upstream = ScriptedUpstream::new(&clock).fail(900, "a").ok(900, "body");
    let mut service = service(&clock, upstream);
    let events = capture(|| assert!(service.fetch("/x").is_ok()));
    let slow = named(&events, "slow request");
    assert_eq!(slow.len(), 1);
    assert_eq!(slow[0].level, Level::WARN);
    assert_eq!(field(slow[0], "elapsed_ms"), Some("1800"));
    assert_eq!(
        field(slow[0], "threshold_ms"),
        Some(SLOW_MS.to_string().as_str())
    );
}
