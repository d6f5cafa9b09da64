//! The grader's checks for `noisy-hot-loop`. Protected: fix `src/`, not these.
//!
//! Logging is measured, not timed: events are counted with a capturing subscriber
//! (`kata_toolkit::logs`), and allocations with a counting global allocator
//! (`kata_toolkit::alloc`). Both count every thread of the process, so work handed to
//! another thread is counted too; for that, the tests here take turns. Both give the same
//! numbers on every run, however busy the machine.

#[global_allocator]
static ALLOC: kata_toolkit::alloc::CountingAlloc = kata_toolkit::alloc::CountingAlloc;

use std::collections::HashSet;

use kata_toolkit::alloc::measure_process;
use kata_toolkit::alone::take_turn;
use kata_toolkit::figure::{Figure, check};
use kata_toolkit::logs::{Value, capture, capture_at, capture_process};
use noisy_hot_loop::{Settlement, Transaction, settle};
use tracing::Level;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::SubscriberExt;

/// Transactions per batch in the allocation checks. (The volume check settles a full
/// production-sized batch of a million; allocations per transaction do not depend on the
/// batch's size.)
const N: u64 = 100_000;

/// `n` transactions over 97 merchants, about one in ten a refund; the same on every call.
fn batch(n: u64) -> Vec<Transaction> {
    (0..n)
        .map(|i| Transaction {
            id: 1_000_000 + i,
            merchant: (i % 97) as u32,
            amount_cents: ((i * 7_919) % 20_000) as i64 - 2_000,
        })
        .collect()
}

/// The settlement, worked out independently.
fn model(batch: &[Transaction]) -> Settlement {
    let sales: i64 = batch.iter().map(|t| t.amount_cents.max(0)).sum();
    let refunded: i64 = batch.iter().map(|t| (-t.amount_cents).max(0)).sum();
    Settlement {
        transactions: batch.len() as u64,
        refunds: batch.iter().filter(|t| t.amount_cents < 0).count() as u64,
        sales_cents: sales,
        refunded_cents: refunded,
        net_cents: sales - refunded,
    }
}

mod info_volume {
    use super::*;

    #[test]
    fn a_run_reports_a_summary_not_a_line_per_transaction() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let batch = batch(1_000_000);
        // Production logs at INFO: events of this thread, and of any thread it hands work.
        let ((settlement, logs), elsewhere) =
            capture_process(|| capture_at(Level::INFO, || settle(&batch)));
        assert_eq!(settlement, model(&batch));
        let loud =
            logs.at_or_above(Level::INFO).count() + elsewhere.at_or_above(Level::INFO).count();
        check(
            Figure::at_most(
                "INFO events per run of 1,000,000 transactions",
                loud as f64,
                3.0,
                "",
            ),
            "a production log at INFO gets a line for every transaction",
        );
        assert!(
            loud >= 1,
            "INFO events per run = 0: a run must still report what it settled"
        );
    }
}

mod free_when_off {
    use super::*;

    #[track_caller]
    fn per_transaction(allocations: u64, setting: &str) {
        check(
            Figure::at_most(
                "allocations per transaction with INFO off",
                allocations as f64 / N as f64,
                0.01,
                "",
            ),
            &format!(
                "{allocations} allocations for {N} transactions ({setting}), for log lines nobody will see"
            ),
        );
    }

    #[test]
    fn nothing_is_allocated_for_disabled_info_lines() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let batch = batch(N);
        let warm_up = super::batch(1_000);
        // A subscriber that keeps WARN and above, as production's would at that level:
        // INFO, DEBUG and TRACE are off (`enabled!` says so too).
        let at_warn = tracing_subscriber::registry().with(LevelFilter::WARN);
        let allocations = tracing::subscriber::with_default(at_warn, || {
            settle(&warm_up);
            let (settlement, stats) = measure_process(|| settle(&batch));
            assert_eq!(settlement, model(&batch));
            stats.count
        });
        per_transaction(allocations, "subscriber at WARN");
    }

    #[test]
    fn nothing_is_allocated_without_a_subscriber() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let batch = batch(N);
        settle(&super::batch(1_000));
        let (settlement, stats) = measure_process(|| settle(&batch));
        assert_eq!(settlement, model(&batch));
        per_transaction(stats.count, "no subscriber");
    }
}

mod trace_detail {
    use super::*;

    fn integer(value: Option<&Value>) -> Option<i128> {
        match value? {
            Value::U64(v) => Some(i128::from(*v)),
            Value::I64(v) => Some(i128::from(*v)),
            _ => None,
        }
    }

    /// Measured on the same batch size as the cost with logging off: detail and cost are
    /// two sides of the same run.
    #[test]
    fn each_transaction_is_traceable_with_typed_fields() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let batch = batch(N);
        let (_, logs) = capture(|| settle(&batch));
        let traced: HashSet<i128> = logs
            .events()
            .iter()
            .filter(|e| e.level == Level::TRACE || e.level == Level::DEBUG)
            .filter(|e| integer(e.field("amount_cents")).is_some())
            .filter_map(|e| integer(e.field("transaction_id")))
            .collect();
        let expected: HashSet<i128> = batch.iter().map(|t| i128::from(t.id)).collect();
        check(
            Figure::at_least(
                "transactions of 100,000 traceable at DEBUG or TRACE",
                traced.intersection(&expected).count() as f64,
                N as f64,
                "",
            ),
            "per-transaction detail is not available below INFO as typed `transaction_id` and `amount_cents` fields",
        );
    }
}

mod settlement {
    use super::*;

    #[test]
    fn totals_sales_and_refunds() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let batch = [
            Transaction {
                id: 1,
                merchant: 10,
                amount_cents: 1_250,
            },
            Transaction {
                id: 2,
                merchant: 11,
                amount_cents: -300,
            },
            Transaction {
                id: 3,
                merchant: 10,
                amount_cents: 4_000,
            },
        ];
        assert_eq!(
            settle(&batch),
            Settlement {
                transactions: 3,
                refunds: 1,
                sales_cents: 5_250,
                refunded_cents: 300,
                net_cents: 4_950,
            }
        );
        assert_eq!(settle(&[]), Settlement::default());
    }

    #[test]
    fn agrees_with_the_model_on_a_large_batch() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let batch = batch(20_000);
        assert_eq!(settle(&batch), model(&batch));
    }
}
