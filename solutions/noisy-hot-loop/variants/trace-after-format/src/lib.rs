//! Settle the day's card transactions.
//!
//! Variant (partial): the per-transaction line moved down to TRACE, but the `format!`
//! before it still runs, so every transaction allocates with TRACE off, and the detail is
//! text, not fields.

use tracing::{info, trace};

/// One card transaction. A negative amount is a refund.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transaction {
    /// The processor's id for it.
    pub id: u64,
    /// The merchant it was taken for.
    pub merchant: u32,
    /// The amount in cents; negative for a refund.
    pub amount_cents: i64,
}

/// The day's totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Settlement {
    /// Transactions settled, refunds included.
    pub transactions: u64,
    /// How many of them were refunds.
    pub refunds: u64,
    /// Sum of the sales, in cents.
    pub sales_cents: i64,
    /// Sum of the refunds, in cents (a positive number).
    pub refunded_cents: i64,
    /// What the processor owes: sales less refunds.
    pub net_cents: i64,
}

/// Total a day's transactions.
pub fn settle(batch: &[Transaction]) -> Settlement {
    let mut settlement = Settlement::default();
    for tx in batch {
        let line = format!(
            "settling transaction {} for merchant {}: {} cents",
            tx.id, tx.merchant, tx.amount_cents
        );
        trace!("{line}");
        settlement.transactions += 1;
        if tx.amount_cents < 0 {
            settlement.refunds += 1;
            settlement.refunded_cents -= tx.amount_cents;
        } else {
            settlement.sales_cents += tx.amount_cents;
        }
    }
    settlement.net_cents = settlement.sales_cents - settlement.refunded_cents;
    info!(
        "settled {} transactions ({} refunds), net {} cents",
        settlement.transactions, settlement.refunds, settlement.net_cents
    );
    settlement
}
