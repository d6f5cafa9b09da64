//! The grader's checks for `log-and-rethrow`. Protected: fix `src/`, not these.
//!
//! The checks look only at what leaves the service: the HTTP responses, and the `tracing`
//! events captured while the requests ran (`kata_toolkit::logs::capture`, scoped to the
//! test). Your error types are yours to design.

use kata_toolkit::figure::{Figure, check};
use kata_toolkit::logs::{Event, Logs, Value, capture};
use log_and_rethrow::db::{Database, OrderRow};
use log_and_rethrow::{App, Response};
use tracing::Level;

/// Orders 1 to 10: three lines each, shipping to Germany, France or the Netherlands.
fn database() -> Database {
    let mut db = Database::new();
    for id in 1..=10u64 {
        db.insert(OrderRow {
            id,
            region: ["DE", "FR", "NL"][(id % 3) as usize].to_owned(),
            currency: "EUR".to_owned(),
            lines: vec![(1, 1_000), (2, 250 * id as i64), (3, 99)],
        });
    }
    db
}

/// The service over [`database`], with `change` applied to the table first.
fn app(change: impl FnOnce(&mut Database)) -> App {
    let mut db = database();
    change(&mut db);
    App::new(db)
}

/// The ERROR events.
fn errors(logs: &Logs) -> Vec<&Event> {
    logs.at(Level::ERROR).collect()
}

/// How many of `parts` the event's text holds (message, fields, errors with their whole
/// source chain).
fn parts_in(event: &Event, parts: &[&str]) -> usize {
    let text = event.all_text();
    parts.iter().filter(|part| text.contains(**part)).count()
}

/// The most complete ERROR event's count of `parts` (0 when there is no ERROR event).
fn best_chain(logs: &Logs, parts: &[&str]) -> usize {
    errors(logs)
        .iter()
        .map(|e| parts_in(e, parts))
        .max()
        .unwrap_or(0)
}

/// Report [`best_chain`] as the check's figure.
#[track_caller]
fn report_chain(logs: &Logs, parts: &[&str]) {
    let best = best_chain(logs, parts);
    check(
        Figure::at_least(
            "cause-chain parts in one ERROR event",
            best as f64,
            parts.len() as f64,
            &format!(" of {}", parts.len()),
        ),
        &format!("no single ERROR event tells the whole story {parts:?}"),
    );
}

/// The failure's error recorded as a value (a `&dyn Error` field) whose `source()` chain
/// reaches `root`, not only as text.
#[track_caller]
fn assert_typed_chain(logs: &Logs, root: &str) {
    let event = errors(logs)[0];
    let typed = event
        .fields
        .values()
        .any(|v| matches!(v, Value::Error { chain, .. } if chain.iter().any(|c| c.contains(root))));
    assert!(
        typed,
        "the ERROR event holds no error value whose source chain reaches {root:?}; \
         its fields: {:?}",
        event.fields
    );
}

mod logged_once {
    use super::*;

    /// A layer that passes an error up does not log it too at a level on-call reads: the
    /// one ERROR is the whole report, so nothing is logged at WARN.
    #[track_caller]
    fn assert_no_warnings(logs: &Logs, failed: usize) {
        let warnings: Vec<String> = logs
            .at(Level::WARN)
            .map(|e| format!("{:?}", e.message))
            .collect();
        assert!(
            warnings.is_empty(),
            "{} WARN events for {failed} failed requests: a layer that returns the error must not also log it, at WARN any more than at ERROR ({:?})",
            warnings.len(),
            warnings.iter().take(3).collect::<Vec<_>>()
        );
    }

    #[test]
    fn one_error_event_per_failed_request() {
        let _attest = kata_attest::attest();
        let app = app(|db| {
            [3, 6, 9]
                .into_iter()
                .for_each(|id| db.drop_connection_on(id))
        });
        let (responses, logs) =
            capture(|| (1..=10).map(|id| app.get_total(id)).collect::<Vec<_>>());
        let failed = responses.iter().filter(|r| r.status == 500).count();
        assert_eq!(failed, 3, "requests answered 500 (orders 3, 6 and 9 fail)");
        let error_events = errors(&logs).len();
        check(
            Figure::at_most(
                "ERROR events per failed request",
                error_events as f64 / failed as f64,
                1.0,
                "",
            ),
            &format!(
                "{failed} failed requests produced {error_events} ERROR events: the same failure is reported more than once"
            ),
        );
        assert_eq!(
            error_events, failed,
            "ERROR events for {failed} failed requests: each failure must still be logged, once"
        );
        assert_no_warnings(&logs, failed);
    }

    #[test]
    fn one_error_event_when_the_tax_rate_is_missing() {
        let _attest = kata_attest::attest();
        let app = app(|db| {
            db.insert(OrderRow {
                id: 7,
                region: "XX".to_owned(),
                currency: "EUR".to_owned(),
                lines: vec![(1, 500)],
            })
        });
        let (response, logs) = capture(|| app.get_total(7));
        assert_eq!(response.status, 500);
        assert_eq!(
            errors(&logs).len(),
            1,
            "ERROR events for one request that failed in the pricing layer"
        );
        assert_no_warnings(&logs, 1);
    }
}

mod whole_chain {
    use super::*;

    #[test]
    fn a_dropped_connection_is_logged_with_every_layer() {
        let _attest = kata_attest::attest();
        let app = app(|db| db.drop_connection_on(4));
        let (response, logs) = capture(|| app.get_total(4));
        assert_eq!(response.status, 500);
        let parts = [
            "pricing order 4",
            "loading order 4",
            "connection reset by peer",
        ];
        report_chain(&logs, &parts);
        logs.assert_one_error_with_chain(&parts);
        assert_typed_chain(&logs, "connection reset by peer");
    }

    #[test]
    fn a_missing_tax_rate_is_logged_with_its_cause() {
        let _attest = kata_attest::attest();
        let app = app(|db| {
            db.insert(OrderRow {
                id: 7,
                region: "XX".to_owned(),
                currency: "EUR".to_owned(),
                lines: vec![(1, 500)],
            })
        });
        let (response, logs) = capture(|| app.get_total(7));
        assert_eq!(response.status, 500);
        let parts = ["pricing order 7", "no VAT rate for region XX"];
        assert_eq!(
            best_chain(&logs, &parts),
            parts.len(),
            "no single ERROR event tells the whole story {parts:?}"
        );
        logs.assert_one_error_with_chain(&parts);
        assert_typed_chain(&logs, "no VAT rate for region XX");
    }
}

mod quiet_success {
    use super::*;

    #[test]
    fn successful_requests_log_no_error() {
        let _attest = kata_attest::attest();
        let app = app(|_| {});
        let (responses, logs) =
            capture(|| (1..=10).map(|id| app.get_total(id)).collect::<Vec<_>>());
        assert!(responses.iter().all(|r| r.status == 200), "{responses:?}");
        check(
            Figure::at_most(
                "ERROR events for 10 successful requests",
                errors(&logs).len() as f64,
                0.0,
                "",
            ),
            "a request that succeeded was logged as an error",
        );
        logs.assert_quiet_at_or_above(Level::WARN);
    }
}

mod responses {
    use super::*;

    fn body(response: &Response) -> &str {
        &response.body
    }

    #[test]
    fn a_priced_order() {
        let _attest = kata_attest::attest();
        // Order 2 ships to the Netherlands (21% VAT): 10.00 + 2 × 5.00 + 3 × 0.99 = 22.97.
        let response = app(|_| {}).get_total(2);
        assert_eq!(response.status, 200);
        assert_eq!(
            body(&response),
            r#"{"order_id":2,"currency":"EUR","net_cents":2297,"vat_cents":482,"gross_cents":2779}"#
        );
    }

    #[test]
    fn a_missing_order() {
        let _attest = kata_attest::attest();
        assert_eq!(app(|_| {}).get_total(99).status, 404);
    }

    #[test]
    fn a_failure_does_not_leak_internals_to_the_client() {
        let _attest = kata_attest::attest();
        let response = app(|db| db.drop_connection_on(4)).get_total(4);
        assert_eq!(response.status, 500);
        assert!(
            !body(&response).contains("connection") && !body(&response).contains("order 4"),
            "the client should see a generic error, got {}",
            body(&response)
        );
    }
}
