//! Stock reconciliation: compare what the warehouse system believes is on the shelves
//! with what the night shift counted, and report every difference.
//!
//! Variant (partial): every `println!` became `info!` and the `eprintln!` a `warn!`, with
//! the same format strings, and `dbg!` is gone: silent, but the values are only in message
//! text and the details are at INFO.

use std::collections::HashMap;

/// What the system believes is on the shelf.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StockLine {
    pub sku: String,
    pub expected: i64,
}

/// What a person counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Count {
    pub sku: String,
    pub counted: i64,
}

/// A shelf whose count differs from the system.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub sku: String,
    pub expected: i64,
    pub counted: i64,
}

/// The outcome of one reconciliation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Counts equal to the system's figure.
    pub matched: usize,
    /// Counts that differ, in the order they were counted.
    pub mismatches: Vec<Mismatch>,
    /// Counted SKUs the system does not know.
    pub unknown: Vec<String>,
    /// SKUs whose count was negative: a scanner fault, not a stock level.
    pub rejected: Vec<String>,
}

/// Reconcile the night's `counts` against `stock`.
pub fn reconcile(stock: &[StockLine], counts: &[Count]) -> Report {
    tracing::info!(
        "reconcile: {} stock lines, {} counts",
        stock.len(),
        counts.len()
    );
    let expected: HashMap<&str, i64> = stock
        .iter()
        .map(|line| (line.sku.as_str(), line.expected))
        .collect();
    let mut report = Report::default();
    for count in counts {
        if count.counted < 0 {
            tracing::warn!(
                "warning: negative count {} for {}, skipped",
                count.counted,
                count.sku
            );
            report.rejected.push(count.sku.clone());
            continue;
        }
        match expected.get(count.sku.as_str()) {
            None => {
                tracing::info!("unknown sku {}", count.sku);
                report.unknown.push(count.sku.clone());
            }
            Some(&want) if want != count.counted => {
                tracing::info!(
                    "MISMATCH {}: expected {} counted {}",
                    count.sku,
                    want,
                    count.counted
                );
                report.mismatches.push(Mismatch {
                    sku: count.sku.clone(),
                    expected: want,
                    counted: count.counted,
                });
            }
            Some(_) => report.matched += 1,
        }
    }
    tracing::info!("done: {report:?}");
    report
}
