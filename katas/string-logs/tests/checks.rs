//! The grader's checks for `string-logs`. Protected: fix `src/`, not these.
//!
//! The dashboards' contract (see the README) names the fields each event must carry as
//! typed values. A field counts when it is on the event itself or on a span the event is
//! inside, since both reach a structured log as fields. Orders come from the toolkit's
//! fake data with a fixed seed: the same 200 orders on every run.

use kata_toolkit::figure::{Figure, check};
use kata_toolkit::fixtures::{Seeded, data};
use kata_toolkit::logs::{Event, Logs, Value, capture};
use string_logs::{BatchSummary, Checkout, Declined, Order, Receipt};
use tracing::Level;

/// Orders above this are declined: about half of the fake orders.
const LIMIT_CENTS: i64 = 250_000;
const ORDERS: usize = 200;

fn orders(n: usize) -> Vec<Order> {
    let mut seeded = Seeded::new(36);
    let users = data::users(&mut seeded, 20);
    data::orders(&mut seeded, &users, n)
        .into_iter()
        .map(|o| Order {
            id: o.id,
            customer_id: o.user_id,
            amount_cents: o.amount_cents,
            currency: o.currency,
        })
        .collect()
}

/// Each order settled in a capture of its own, then the batch closed in another.
struct Run {
    settled: Vec<(Order, Result<Receipt, Declined>, Logs)>,
    summary: BatchSummary,
    closing: Logs,
}

fn run(orders: Vec<Order>) -> Run {
    let mut checkout = Checkout::new(LIMIT_CENTS);
    let settled = orders
        .into_iter()
        .map(|order| {
            let (result, logs) = capture(|| checkout.settle(&order));
            (order, result, logs)
        })
        .collect();
    let (summary, closing) = capture(|| checkout.close_batch());
    Run {
        settled,
        summary,
        closing,
    }
}

/// A field of `event`, or of a span it is inside. The capture names the spans an event is
/// inside, not which span of that name: when several recorded spans share the name, the
/// field counts only if each of them carries it, with the same value.
fn field<'a>(logs: &'a Logs, event: &'a Event, name: &str) -> Option<&'a Value> {
    event.field(name).or_else(|| {
        event.spans.iter().rev().find_map(|span| {
            let mut namesakes = logs.spans().iter().filter(|s| &s.name == span);
            let value = namesakes.next()?.fields.get(name)?;
            namesakes
                .all(|s| s.fields.get(name) == Some(value))
                .then_some(value)
        })
    })
}

/// What is wrong with `name` on `event`, if anything: missing, not typed, or wrong.
fn wrong_integer(logs: &Logs, event: &Event, name: &str, want: i128) -> Option<String> {
    match field(logs, event, name) {
        None => Some(format!("no `{name}` field")),
        Some(v) if !v.is_integer() => Some(format!("`{name}` is {v:?}, not an integer")),
        Some(v) => (v.as_integer() != Some(want)).then(|| format!("`{name}` = {v}, want {want}")),
    }
}

/// Every problem with the typed fields of one order's events.
fn order_problems(order: &Order, result: &Result<Receipt, Declined>, logs: &Logs) -> Vec<String> {
    let mut problems = Vec::new();
    if logs.events().is_empty() {
        problems.push(format!("order {}: no events at all", order.id));
    }
    for event in logs.events() {
        let mut wrong: Vec<String> = [
            ("order_id", i128::from(order.id)),
            ("customer_id", i128::from(order.customer_id)),
            ("amount_cents", i128::from(order.amount_cents)),
        ]
        .into_iter()
        .filter_map(|(name, want)| wrong_integer(logs, event, name, want))
        .collect();
        match field(logs, event, "currency") {
            // A string, or a value recorded with `%` whose text is the code.
            Some(Value::Str(c) | Value::Debug(c)) if c == order.currency => {}
            Some(v) => wrong.push(format!("`currency` is {v:?}, want \"{}\"", order.currency)),
            None => wrong.push("no `currency` field".to_owned()),
        }
        if !wrong.is_empty() {
            problems.push(format!(
                "{} event {:?}: {}",
                event.level,
                event.message,
                wrong.join(", ")
            ));
        }
    }
    // The outcome's own field, on at least one of the order's events.
    let (name, want) = match result {
        Ok(receipt) => ("settled_at_ms", i128::from(receipt.settled_at_ms)),
        Err(Declined::OverLimit { limit_cents, .. }) => ("limit_cents", i128::from(*limit_cents)),
    };
    if !logs
        .events()
        .iter()
        .any(|e| wrong_integer(logs, e, name, want).is_none())
    {
        problems.push(format!(
            "order {}: no event carries `{name}` = {want} as an integer",
            order.id
        ));
    }
    problems
}

fn summary_problems(summary: &BatchSummary, logs: &Logs) -> Vec<String> {
    let want = [
        ("paid", i128::from(summary.paid)),
        ("declined", i128::from(summary.declined)),
        ("captured_cents", i128::from(summary.captured_cents)),
    ];
    let complete = logs.events().iter().any(|e| {
        want.iter()
            .all(|(name, v)| wrong_integer(logs, e, name, *v).is_none())
    });
    if complete {
        Vec::new()
    } else {
        vec![format!(
            "the batch summary: no event carries `paid`, `declined` and `captured_cents` as integers ({:?})",
            logs.events().iter().map(|e| &e.message).collect::<Vec<_>>()
        )]
    }
}

mod typed_fields {
    use super::*;

    /// Every event carries the contract's fields as typed values equal to the order's.
    #[test]
    fn typed_fields() {
        let _attest = kata_attest::attest();
        let run = run(orders(ORDERS));
        let mut problems: Vec<String> = run
            .settled
            .iter()
            .flat_map(|(order, result, logs)| order_problems(order, result, logs))
            .collect();
        problems.extend(summary_problems(&run.summary, &run.closing));
        check(
            Figure::at_most(
                &format!(
                    "events missing a typed field of the contract, over {ORDERS} orders and the summary"
                ),
                problems.len() as f64,
                0.0,
                "",
            ),
            &format!(
                "{} events lack a field the dashboards query, or carry it as text; the first: {}",
                problems.len(),
                problems.first().map_or("", String::as_str)
            ),
        );
    }
}

mod constant_messages {
    use super::*;

    /// A message names what happened; the values live in fields. Counted over every
    /// event of every order: a handful of distinct messages, not one per order.
    #[test]
    fn constant_messages() {
        let _attest = kata_attest::attest();
        let run = run(orders(ORDERS));
        let mut messages: Vec<&str> = run
            .settled
            .iter()
            .flat_map(|(_, _, logs)| logs.events().iter().map(|e| e.message.as_str()))
            .collect();
        messages.sort_unstable();
        messages.dedup();
        let sample: Vec<&str> = messages.iter().take(3).copied().collect();
        check(
            Figure::at_most(
                &format!("distinct event messages over {ORDERS} orders"),
                messages.len() as f64,
                5.0,
                "",
            ),
            &format!(
                "{} different messages: values are still spelled into the text, so events of one kind cannot be grouped or counted (for example {sample:?})",
                messages.len()
            ),
        );
        assert!(
            messages.iter().all(|m| !m.trim().is_empty()),
            "every event still says what happened in words: {messages:?}"
        );
    }
}

mod dashboard_view {
    use super::*;

    /// What the dashboards see of a small batch, pinned by a snapshot: each event at INFO
    /// or above (what reaches them; a detail at DEBUG or TRACE does not) with its level
    /// and its contract fields with their typed values (messages and other fields are
    /// left out; the capture time is redacted, since it changes every run).
    #[test]
    fn dashboard_view() {
        let _attest = kata_attest::attest();
        let batch = vec![
            Order {
                id: 101,
                customer_id: 7,
                amount_cents: 1_999,
                currency: "EUR",
            },
            Order {
                id: 102,
                customer_id: 9,
                amount_cents: 300_000,
                currency: "GBP",
            },
            Order {
                id: 103,
                customer_id: 7,
                amount_cents: 45_000,
                currency: "USD",
            },
        ];
        let run = run(batch);
        const CONTRACT: [&str; 9] = [
            "order_id",
            "customer_id",
            "amount_cents",
            "currency",
            "settled_at_ms",
            "limit_cents",
            "paid",
            "declined",
            "captured_cents",
        ];
        let view: Vec<serde_json::Value> = run
            .settled
            .iter()
            .map(|(_, _, logs)| logs)
            .chain([&run.closing])
            .flat_map(|logs| {
                logs.at_or_above(Level::INFO).map(move |event| {
                    let mut fields = serde_json::Map::new();
                    for name in CONTRACT {
                        let value = match field(logs, event, name) {
                            None => continue,
                            Some(_) if name == "settled_at_ms" => "[redacted]".into(),
                            Some(Value::I64(v)) => (*v).into(),
                            Some(Value::U64(v)) => (*v).into(),
                            Some(Value::Str(s)) => s.clone().into(),
                            Some(Value::Debug(s)) if name == "currency" => s.clone().into(),
                            Some(other) => format!("untyped: {other}").into(),
                        };
                        fields.insert(name.to_owned(), value);
                    }
                    serde_json::json!({ "level": event.level.to_string(), "fields": fields })
                })
            })
            .collect();
        // The kata, its solution and its variants sit at different depths: find the
        // kata's snapshots folder from whichever crate runs these checks.
        let snapshots = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .map(|dir| dir.join("katas/string-logs/tests/snapshots"))
            .find(|dir| dir.is_dir())
            .expect("katas/string-logs/tests/snapshots above the crate under test");
        insta::with_settings!({
            snapshot_path => snapshots,
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_json_snapshot!("dashboard_view", view);
        });
    }
}

mod levels_kept {
    use super::*;

    /// The levels stay as they are: a decline is one WARN, a payment none, no ERROR.
    #[test]
    fn levels_kept() {
        let _attest = kata_attest::attest();
        let run = run(orders(ORDERS));
        for (order, result, logs) in &run.settled {
            let warns = logs.at(Level::WARN).count();
            let errors = logs.at(Level::ERROR).count();
            let want = usize::from(result.is_err());
            assert_eq!(
                (warns, errors),
                (want, 0),
                "order {} ({}): {warns} WARN and {errors} ERROR events, want {want} and 0",
                order.id,
                if result.is_ok() { "paid" } else { "declined" }
            );
            assert!(
                logs.at(Level::INFO).count() >= 1,
                "order {}: the charge is still logged at INFO",
                order.id
            );
        }
        assert_eq!(
            run.closing.at(Level::INFO).count(),
            1,
            "one INFO summary per batch"
        );
    }
}

mod behaviour {
    use super::*;

    /// Charging, declining and the batch totals work as before.
    #[test]
    fn behaviour() {
        let _attest = kata_attest::attest();
        let orders = orders(ORDERS);
        let mut checkout = Checkout::new(LIMIT_CENTS);
        let mut want = BatchSummary::default();
        for order in &orders {
            let result = checkout.settle(order);
            if order.amount_cents > LIMIT_CENTS {
                assert_eq!(
                    result,
                    Err(Declined::OverLimit {
                        order_id: order.id,
                        amount_cents: order.amount_cents,
                        limit_cents: LIMIT_CENTS
                    })
                );
                want.declined += 1;
            } else {
                let receipt = result.expect("under the limit, the order is paid");
                assert_eq!(
                    (receipt.order_id, receipt.captured_cents),
                    (order.id, order.amount_cents)
                );
                want.paid += 1;
                want.captured_cents += order.amount_cents;
            }
        }
        assert!(
            want.paid > 20 && want.declined > 20,
            "both outcomes are exercised"
        );
        assert_eq!(checkout.close_batch(), want);
        assert_eq!(
            checkout.close_batch(),
            BatchSummary::default(),
            "a new batch starts empty"
        );
    }
}
