//! The grader's checks for `levels-and-targets`. Protected: fix `src/`, not these.
//!
//! Each check runs the same five orders (placed, declined, placed through a warehouse
//! outage and a gateway timeout, failed on a gateway that never answers, refused for want
//! of stock) under a real `tracing_subscriber::EnvFilter`, built from the directive
//! strings people type in `RUST_LOG`, over a layer that records what gets through. It
//! then compares what got through with what the filter should let through, were every
//! event at the level its meaning calls for and under its module's target. The figure is
//! how many events the filter got wrong: let through when it should not, or held back
//! when it should not.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::collections::VecDeque;
use std::fmt;
use std::rc::Rc;
use std::sync::{Arc, Mutex, PoisonError};

use kata_toolkit::figure::{Figure, check};
use levels_and_targets::{
    Checkout, Gateway, GatewayReply, Order, OrderError, PaymentError, Placed, StockError,
    Warehouse, WarehouseDown,
};
use tracing::field::{Field, Visit};
use tracing::{Level, Subscriber};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// The crate's name as a target: every module's events sit under it.
const CRATE: &str = "levels_and_targets";

/// One event of the scenario: the module that emits it, its message, the level its
/// meaning calls for (see the README), and how many times the five orders emit it.
struct Expected {
    module: &'static str,
    message: &'static str,
    level: Level,
    count: usize,
}

const fn ev(module: &'static str, message: &'static str, level: Level, count: usize) -> Expected {
    Expected {
        module,
        message,
        level,
        count,
    }
}

/// Every event the five orders emit, at the level its meaning calls for.
const CATALOGUE: &[Expected] = &[
    // What support follows for an order: its outcome, and money taken.
    ev("checkout", "order placed", Level::INFO, 2),
    ev("checkout", "order refused", Level::INFO, 2),
    ev("billing", "payment captured", Level::INFO, 2),
    // We failed a customer: someone must look.
    ev("checkout", "order failed", Level::ERROR, 1),
    // Trouble we handled, which would hurt if it went on.
    ev("billing", "gateway timed out, retrying", Level::WARN, 3),
    ev(
        "inventory",
        "warehouse unreachable, using cached stock",
        Level::WARN,
        1,
    ),
    // Detail for whoever works on the module.
    ev("checkout", "basket priced", Level::DEBUG, 5),
    ev("inventory", "stock checked", Level::DEBUG, 4),
    ev("inventory", "stock reserved", Level::DEBUG, 4),
    ev("inventory", "not enough stock", Level::DEBUG, 1),
    ev("inventory", "reservation released", Level::DEBUG, 2),
    ev("billing", "charging card", Level::DEBUG, 4),
    ev("billing", "card declined", Level::DEBUG, 1),
];

// ---------------------------------------------------------------------------------------
// The scenario: five orders against a scripted warehouse and gateway.

/// A warehouse with fixed stock that can be taken down.
#[derive(Clone)]
struct Shelf {
    stock: Rc<BTreeMap<&'static str, u32>>,
    down: Rc<Cell<bool>>,
}

impl Warehouse for Shelf {
    fn stock(&self, sku: &str) -> Result<u32, WarehouseDown> {
        if self.down.get() {
            return Err(WarehouseDown);
        }
        Ok(self.stock.get(sku).copied().unwrap_or(0))
    }
}

/// A gateway that answers from a script, one reply per charge attempt.
#[derive(Clone)]
struct Script(Rc<RefCell<VecDeque<GatewayReply>>>);

impl Gateway for Script {
    fn charge(&self, _order_id: u64, _amount_cents: u64) -> GatewayReply {
        self.0
            .borrow_mut()
            .pop_front()
            .expect("the gateway was asked more often than the scenario expects")
    }
}

fn order(id: u64, sku: &str, quantity: u32, unit_price_cents: u64) -> Order {
    Order {
        id,
        sku: sku.to_owned(),
        quantity,
        unit_price_cents,
    }
}

/// The five orders' outcomes, and what the inventory holds afterwards.
type Outcome = (Vec<Result<Placed, OrderError>>, Vec<u32>, usize);

fn five_orders() -> Outcome {
    use GatewayReply::{Approved, Declined, TimedOut};
    let shelf = Shelf {
        stock: Rc::new(BTreeMap::from([("KB-01", 10), ("MS-07", 3)])),
        down: Rc::new(Cell::new(false)),
    };
    let script = Script(Rc::new(RefCell::new(VecDeque::from([
        Approved("ch_101".to_owned()),
        Declined("51".to_owned()),
        TimedOut,
        Approved("ch_103".to_owned()),
        TimedOut,
        TimedOut,
        TimedOut,
    ]))));
    let mut checkout = Checkout::new(shelf.clone(), script.clone(), 3);
    let mut outcomes = Vec::new();
    outcomes.push(checkout.place(&order(101, "KB-01", 2, 4_500)));
    outcomes.push(checkout.place(&order(102, "KB-01", 1, 4_500)));
    shelf.down.set(true);
    outcomes.push(checkout.place(&order(103, "KB-01", 1, 4_500)));
    shelf.down.set(false);
    outcomes.push(checkout.place(&order(104, "MS-07", 1, 2_999)));
    outcomes.push(checkout.place(&order(105, "MS-07", 50, 2_999)));
    let held = vec![
        checkout.inventory().held("KB-01"),
        checkout.inventory().held("MS-07"),
    ];
    let unused = script.0.borrow().len();
    (outcomes, held, unused)
}

// ---------------------------------------------------------------------------------------
// What a filter lets through.

/// An event that got through the filter.
#[derive(Clone, Debug)]
struct Seen {
    level: Level,
    target: String,
    message: String,
}

/// A layer that records every event it is given (after the filter).
#[derive(Clone, Default)]
struct Record(Arc<Mutex<Vec<Seen>>>);

impl<S: Subscriber> Layer<S> for Record {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        struct Message(String);
        impl Visit for Message {
            fn record_str(&mut self, field: &Field, value: &str) {
                if field.name() == "message" {
                    self.0 = value.to_owned();
                }
            }
            fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
                if field.name() == "message" {
                    self.0 = format!("{value:?}");
                }
            }
        }
        let mut message = Message(String::new());
        event.record(&mut message);
        let meta = event.metadata();
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Seen {
                level: *meta.level(),
                target: meta.target().to_owned(),
                message: message.0,
            });
    }
}

/// Run the five orders with `directives` filtering, as `RUST_LOG=<directives>` would in
/// production (`registry().with(EnvFilter).with(layer)`); what got through.
fn let_through(directives: &str) -> Vec<Seen> {
    // The toolkit's first capture installs a global subscriber that keeps `tracing` from
    // caching any callsite as "never interesting" while tests run side by side.
    let _ = kata_toolkit::logs::capture(|| ());
    let filter = EnvFilter::builder()
        .parse(directives)
        .unwrap_or_else(|e| panic!("{directives:?} is a valid directive: {e}"));
    let record = Record::default();
    let subscriber = tracing_subscriber::registry()
        .with(filter)
        .with(record.clone());
    tracing::subscriber::with_default(subscriber, five_orders);
    let seen = record.0.lock().unwrap_or_else(PoisonError::into_inner);
    seen.clone()
}

/// How a filter did: the events it got wrong, each side described.
struct Verdict {
    wrong: usize,
    lines: Vec<String>,
}

/// Compare what `directives` let through with the catalogue's events that `should_pass`.
fn judge(directives: &str, should_pass: impl Fn(&Expected) -> bool) -> Verdict {
    // How each message is logged (level and target), to say why the filter erred.
    let mut logged: BTreeMap<String, (Level, String)> = BTreeMap::new();
    for event in let_through("trace") {
        logged
            .entry(event.message)
            .or_insert((event.level, event.target));
    }
    let mut got: BTreeMap<String, usize> = BTreeMap::new();
    for event in let_through(directives) {
        *got.entry(event.message).or_default() += 1;
    }
    let mut wrong = 0;
    let mut lines = Vec::new();
    for expected in CATALOGUE {
        let want = if should_pass(expected) {
            expected.count
        } else {
            0
        };
        let have = got.remove(expected.message).unwrap_or(0);
        if have == want {
            continue;
        }
        wrong += have.abs_diff(want);
        let how = match logged.get(expected.message) {
            Some((level, target)) => format!("logged at {level} with target {target:?}"),
            None => "not logged at all".to_owned(),
        };
        lines.push(format!(
            "{} × {:?} {}, wanted {want} (an event of `{CRATE}::{}`, {how})",
            have.abs_diff(want),
            expected.message,
            if have > want {
                "let through"
            } else {
                "held back"
            },
            expected.module,
        ));
    }
    for (message, n) in got {
        wrong += n;
        lines.push(format!(
            "{n} × {message:?} let through, which no order should log"
        ));
    }
    Verdict {
        wrong,
        lines: lines
            .into_iter()
            .map(|l| format!("  `{directives}`: {l}"))
            .collect(),
    }
}

/// "INFO or above" in the sense of severity: ERROR and WARN are above INFO.
fn at_or_above(level: Level, bar: Level) -> bool {
    // tracing orders levels by verbosity (TRACE is the greatest), so severity is reversed.
    level <= bar
}

fn module_is(expected: &Expected, module: &str) -> bool {
    expected.module == module
}

/// Judge every `(directives, should_pass)`, report the total wrong as the figure, and fail
/// with every wrong event listed.
/// Which catalogued events a directive should let through.
type ShouldPass<'a> = &'a dyn Fn(&Expected) -> bool;

fn grade(what: &str, cases: &[(&str, ShouldPass)], advice: &str) {
    let mut wrong = 0;
    let mut lines = Vec::new();
    for (directives, should_pass) in cases {
        let verdict = judge(directives, should_pass);
        wrong += verdict.wrong;
        lines.extend(verdict.lines);
    }
    check(
        Figure::at_most(what, wrong as f64, 0.0, ""),
        &format!("{advice}\n{}", lines.join("\n")),
    );
}

mod production_info {
    use super::*;

    /// Production runs at `info`: the outcome of each order, money taken, and trouble.
    #[test]
    fn info_shows_outcomes_and_trouble_not_detail() {
        let _attest = kata_attest::attest();
        grade(
            "events the `info` filter gets wrong (let through or held back)",
            &[("info", &|e| at_or_above(e.level, Level::INFO))],
            "at `info`, production's level, the log should hold each order's outcome, money taken and trouble, and no step-by-step detail:",
        );
    }
}

mod on_call_warn {
    use super::*;

    /// The on-call channel runs at `warn`; the pager at `error`.
    #[test]
    fn warn_shows_trouble_and_error_shows_failures() {
        let _attest = kata_attest::attest();
        grade(
            "events the `warn` and `error` filters get wrong (let through or held back)",
            &[
                ("warn", &|e| at_or_above(e.level, Level::WARN)),
                ("error", &|e| e.level == Level::ERROR),
            ],
            "`warn` is what the on-call engineer reads and `error` what pages them: trouble, and failures, never a routine outcome:",
        );
    }
}

mod one_module_up {
    use super::*;

    /// Debugging billing means turning billing up, and only billing; the same for the
    /// inventory on top of production's `info`.
    #[test]
    fn one_directive_turns_up_one_module() {
        let _attest = kata_attest::attest();
        let billing = format!("{CRATE}::billing=debug");
        let inventory = format!("info,{CRATE}::inventory=debug");
        grade(
            "events a per-module filter gets wrong (let through or held back)",
            &[
                (&billing, &|e| module_is(e, "billing")),
                (&inventory, &|e| {
                    module_is(e, "inventory") || at_or_above(e.level, Level::INFO)
                }),
            ],
            &format!(
                "a directive such as `{CRATE}::billing=debug` matches the events whose target is that module's path (or below it): turning one module up should show all of its events, and nothing of the others beyond the base level:"
            ),
        );
    }
}

mod nothing_lost {
    use super::*;

    /// At `trace` everything the orders log comes through: demoting an event is fine,
    /// deleting it is not.
    #[test]
    fn trace_shows_every_event() {
        let _attest = kata_attest::attest();
        grade(
            "events missing (or extra) at `trace`",
            &[("trace", &|_| true)],
            "every event the five orders logged must still be logged (at some level), exactly as often, with its message as it is:",
        );
    }
}

mod orders {
    use super::*;

    #[test]
    fn the_five_orders_end_as_before() {
        let _attest = kata_attest::attest();
        let (outcomes, held, unused) = five_orders();
        let placed = |order_id, total_cents, reference: &str| {
            Ok(Placed {
                order_id,
                total_cents,
                payment_reference: reference.to_owned(),
            })
        };
        assert_eq!(
            outcomes,
            vec![
                placed(101, 9_000, "ch_101"),
                Err(OrderError::Payment(PaymentError::Declined {
                    code: "51".to_owned()
                })),
                placed(103, 4_500, "ch_103"),
                Err(OrderError::Payment(PaymentError::Unavailable {
                    attempts: 3
                })),
                Err(OrderError::Stock(StockError::OutOfStock {
                    sku: "MS-07".to_owned(),
                    wanted: 50,
                    available: 3,
                })),
            ]
        );
        assert_eq!(held, [3, 0], "units held of KB-01 and MS-07 afterwards");
        assert_eq!(unused, 0, "every scripted gateway reply is used");
        assert!(outcomes[1].as_ref().unwrap_err().is_refusal());
        assert!(!outcomes[3].as_ref().unwrap_err().is_refusal());
    }
}
