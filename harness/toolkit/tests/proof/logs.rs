//! Log capture separates one ERROR from three, typed fields from text, redacted secrets
//! from leaked ones, and is scoped: parallel tests never see each other's events.

use std::fmt;

use kata_toolkit::logs::{Kind, capture, capture_process};
use tracing::Level;

use crate::{panics, same_twenty_times};

#[derive(Debug)]
struct Timeout;
impl fmt::Display for Timeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("database timed out after 5 s")
    }
}
impl std::error::Error for Timeout {}

#[derive(Debug)]
struct LoadFailed(Timeout);
impl fmt::Display for LoadFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("loading order 7 failed")
    }
}
impl std::error::Error for LoadFailed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// Flawed: every layer logs, and none with the cause chain.
fn log_and_rethrow() {
    tracing::error!("db: timed out");
    tracing::error!("repo: load failed");
    tracing::error!("handler: request failed");
}

/// Fixed: one event at the boundary, carrying the whole chain.
fn log_at_boundary() {
    let error = LoadFailed(Timeout);
    tracing::error!(error = &error as &dyn std::error::Error, "request failed");
}

#[test]
fn separates_one_error_with_its_chain_from_three_without() {
    let ((), flawed) = capture(log_and_rethrow);
    let ((), fixed) = capture(log_at_boundary);
    assert!(panics(
        || flawed.assert_one_error_with_chain(&["database timed out"])
    ));
    fixed.assert_one_error_with_chain(&[
        "request failed",
        "loading order 7 failed",
        "database timed out after 5 s",
    ]);
    let counts = same_twenty_times(|| {
        (
            capture(log_and_rethrow).1.at(Level::ERROR).count(),
            capture(log_at_boundary).1.at(Level::ERROR).count(),
        )
    });
    assert_eq!(counts, (3, 1));
}

#[derive(Debug)]
#[allow(dead_code)] // read through Debug, which is the point
struct LeakyLogin {
    user: String,
    password: String,
}

struct Secret(#[allow(dead_code)] String); // never read: that is the point
impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Debug)]
#[allow(dead_code)]
struct SafeLogin {
    user: String,
    password: Secret,
}

#[test]
fn separates_a_leaked_secret_from_a_redacted_one() {
    let ((), leaky) = capture(|| {
        let login = LeakyLogin {
            user: "ada".into(),
            password: "hunter2".into(),
        };
        tracing::debug!(?login, "login attempt");
    });
    let ((), safe) = capture(|| {
        let login = SafeLogin {
            user: "ada".into(),
            password: Secret("hunter2".into()),
        };
        let _span = tracing::info_span!("login", ?login).entered();
        tracing::debug!(?login, "login attempt");
    });
    assert!(panics(|| leaky.assert_no_secret("hunter2")));
    safe.assert_no_secret("hunter2");
    // Secrets in span fields are found too.
    let ((), in_span) =
        capture(|| drop(tracing::info_span!("login", password = "hunter2").entered()));
    assert!(panics(|| in_span.assert_no_secret("hunter2")));
}

#[test]
fn separates_typed_fields_from_formatted_text() {
    let ((), text) = capture(|| tracing::info!("order {} paid {} cents", 7, 1250));
    let ((), typed_as_text) =
        capture(|| tracing::info!(order_id = %7, amount_cents = 1250i64, "paid"));
    let ((), typed) = capture(|| tracing::info!(order_id = 7u64, amount_cents = 1250i64, "paid"));
    let required = [("order_id", Kind::Integer), ("amount_cents", Kind::Integer)];
    assert!(panics(|| text.assert_every_event_has(&required)));
    assert!(panics(|| typed_as_text.assert_every_event_has(&required)));
    typed.assert_every_event_has(&required);
}

#[test]
fn separates_a_noisy_loop_from_a_quiet_one() {
    let ((), noisy) = capture(|| (0..1_000).for_each(|i| tracing::info!(i, "processed item")));
    let ((), quiet) = capture(|| {
        (0..1_000).for_each(|i| tracing::trace!(i, "processed item"));
        tracing::info!(items = 1_000u64, "batch done");
    });
    assert_eq!(noisy.at_or_above(Level::INFO).count(), 1_000);
    assert_eq!(quiet.at_or_above(Level::INFO).count(), 1);
    assert!(panics(|| noisy.assert_quiet_at_or_above(Level::INFO)));
    assert!(
        panics(|| quiet.assert_quiet_at_or_above(Level::INFO)),
        "the summary is at INFO"
    );
    quiet.assert_quiet_at_or_above(Level::WARN);
}

#[test]
fn a_capture_sees_only_its_own_thread() {
    // Documented behaviour: events from threads the code spawns are not captured...
    let ((), logs) = capture(|| {
        tracing::info!("on the test's thread");
        std::thread::spawn(|| tracing::info!("on a spawned thread"))
            .join()
            .unwrap();
    });
    let messages: Vec<&str> = logs.events().iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages, ["on the test's thread"]);
    // ...unless the code passes its dispatcher on to the thread...
    let ((), logs) = capture(|| {
        let dispatch = tracing::dispatcher::get_default(|d| d.clone());
        std::thread::spawn(move || {
            tracing::dispatcher::with_default(&dispatch, || tracing::info!("propagated"))
        })
        .join()
        .unwrap();
    });
    assert_eq!(logs.events()[0].message, "propagated");
    // ...or the test records the whole process.
    let ((), logs) = capture_process(|| {
        std::thread::spawn(|| tracing::info!("any thread"))
            .join()
            .unwrap()
    });
    assert!(logs.events().iter().any(|e| e.message == "any thread"));
}

#[test]
fn parallel_captures_do_not_mix() {
    let handles: Vec<_> = (0..8)
        .map(|t| {
            std::thread::spawn(move || {
                let ((), logs) = capture(|| (0..100).for_each(|i| tracing::info!(t, i, "work")));
                logs.events()
                    .iter()
                    .all(|e| e.field("t").map(|v| v.text()) == Some(t.to_string()))
                    && logs.events().len() == 100
            })
        })
        .collect();
    assert!(handles.into_iter().all(|h| h.join().unwrap()));
}

#[test]
fn json_is_stable_and_redacts() {
    let render = || {
        capture(|| {
            let _span = tracing::info_span!("checkout", cart = 3u64).entered();
            tracing::info!(request_id = "a81f-volatile", status = 200u64, "done");
        })
        .1
        .to_json(&["request_id"])
    };
    let json = same_twenty_times(render);
    assert_eq!(
        json,
        serde_json::json!([{
            "level": "INFO",
            "target": "proof::logs",
            "message": "done",
            "fields": { "request_id": "[redacted]", "status": 200 },
            "spans": ["checkout"],
        }])
    );
}
